"""The single background task: run one Job by id (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from rung.web.jobs.runner import run_job


@task()
def run_job_task(job_id: str) -> None:
    run_job(job_id)
