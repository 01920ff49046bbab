"""A job's page and its progress fragment, polled by htmx until the job is finished."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from rung.web.businesses.access import Action, allowed_actions
from rung.web.jobs.access import get_job_for
from rung.web.jobs.actions import retry_job
from rung.web.jobs.models import Job


def _context(request: HttpRequest, job: Job) -> dict[str, object]:
    can_edit = Action.EDIT in allowed_actions(request.user, job.business)
    return {"job": job, "title": job.title, "can_edit": can_edit}


@login_required
def job_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_job_for(request.user, job_id, Action.VIEW)
    return render(request, "jobs/detail.html", _context(request, job))


@login_required
def job_progress(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_job_for(request.user, job_id, Action.VIEW)
    return render(request, "jobs/_progress.html", _context(request, job))


@login_required
@require_POST
def job_retry(request: HttpRequest, job_id: str) -> HttpResponse:
    job = get_job_for(request.user, job_id, Action.EDIT)
    try:
        retry_job(request.user, job)  # type: ignore[arg-type]
    except ValueError as refused:
        messages.error(request, str(refused))
    return redirect("job-detail", job_id=job.pk)
