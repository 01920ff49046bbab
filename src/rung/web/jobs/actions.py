"""Starting and retrying jobs; both check access before anything is queued."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from rung.web.accounts.models import User
from rung.web.businesses.access import Action, check
from rung.web.businesses.models import Business
from rung.web.jobs.models import Job
from rung.web.jobs.registry import kind
from rung.web.jobs.tasks import run_job_task


def _enqueue(job: Job) -> None:
    def send() -> None:
        result = run_job_task.enqueue(str(job.pk))
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(send)


@transaction.atomic
def start_job(actor: User, business: Business, kind_name: str, params: dict[str, Any] | None = None) -> Job:
    check(actor, business, Action.EDIT)
    kind(kind_name)
    job = Job.objects.create(business=business, kind=kind_name, params=params or {}, created_by=actor)
    _enqueue(job)
    return job


@transaction.atomic
def retry_job(actor: User, job: Job) -> Job:
    """Queue a failed job again, as the user who asked for the retry."""
    check(actor, job.business, Action.EDIT)
    if job.status != Job.Status.FAILED:
        raise ValueError("Only a failed job can be retried.")
    job.status = Job.Status.QUEUED
    job.progress = 0
    job.message = ""
    job.error = ""
    job.created_by = actor
    job.finished_at = None
    job.save(update_fields=["status", "progress", "message", "error", "created_by", "finished_at"])
    _enqueue(job)
    return job
