"""Starting and retrying jobs; both check access before anything is queued."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

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


def under_way(business: Business, kind_name: str) -> Job | None:
    """The business's job of this kind that is waiting or running, if any."""
    return business.jobs.filter(kind=kind_name, status__in=Job.ACTIVE).first()


def _refuse_if_under_way(business: Business, kind_name: str) -> None:
    """One job of a kind at a time per business; the row lock makes two clicks in a row queue one."""
    Business.objects.select_for_update().filter(pk=business.pk).first()
    if under_way(business, kind_name) is not None:
        raise ValueError(_("This is already under way for this business; wait until it has finished."))


@transaction.atomic
def start_job(actor: User, business: Business, kind_name: str, params: dict[str, Any] | None = None) -> Job:
    """Queue a job, unless the same kind of work is already waiting or running for business."""
    check(actor, business, Action.EDIT)
    kind(kind_name)
    _refuse_if_under_way(business, kind_name)
    job = Job.objects.create(business=business, kind=kind_name, params=params or {}, created_by=actor)
    _enqueue(job)
    return job


@transaction.atomic
def retry_job(actor: User, job: Job) -> Job:
    """Queue a failed job again, as the user who asked for the retry."""
    check(actor, job.business, Action.EDIT)
    if not Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).exists():
        raise ValueError(_("Only a failed job can be retried."))
    _refuse_if_under_way(job.business, job.kind)
    requeued = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
        status=Job.Status.QUEUED, progress=0, message="", error="", created_by=actor, finished_at=None
    )
    if not requeued:
        raise ValueError(_("Only a failed job can be retried."))
    job.refresh_from_db()
    _enqueue(job)
    return job
