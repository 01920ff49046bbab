"""A job's page and its progress fragment, polled by htmx until the job is finished."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rung.web.businesses.access import Action
from rung.web.jobs.access import get_job_for
from rung.web.jobs.actions import retry_job
from rung.web.jobs.models import Job


def _context(job: Job) -> dict[str, object]:
    return {"job": job, "title": job.title}


@login_required
def job_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_job_for(request.user, job_id, Action.VIEW)
    return render(request, "jobs/detail.html", _context(job))


@login_required
def job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_job_for(request.user, job_id, Action.VIEW)
    return render(request, "jobs/_progress.html", _context(job))


@login_required
@require_POST
def job_retry(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_job_for(request.user, job_id, Action.EDIT)
    retry_job(request.user, job)  # type: ignore[arg-type]
    return redirect("job-detail", job_id=job.pk)
