"""Run a job: claim it, re-check access as the user who started it, call its kind's action.

Claiming is one conditional UPDATE (queued -> running), so two workers, or a retry racing
a worker, can never run the same job twice. Access is checked again at run time, not only
when the job was queued: a user removed from a business between queueing and running must
not still change its data.
"""

from __future__ import annotations

import logging

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop

from rung.engine.progress import Progress, silent
from rung.web.businesses.access import Action, open_store
from rung.web.jobs.models import Job
from rung.web.jobs.registry import kind

log = logging.getLogger(__name__)

INTERRUPTED = gettext_noop("Rung stopped while this was running. Try again.")


def claim(job_id: str) -> bool:
    """Move the job from queued to running; False when someone else has it (or it is done)."""
    return bool(
        Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
            status=Job.Status.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1, error=""
        )
    )


def run_job(job_id: str, also: Progress = silent) -> Job:
    """Run the job if it is waiting; `also` hears its progress too."""
    claimed = claim(job_id)
    job = Job.objects.select_related("business", "created_by").get(pk=job_id)
    if not claimed:
        return job

    def report(percent: int, message: str) -> None:
        job.report(percent, message)
        also(percent, message)

    try:
        actor = job.created_by
        if actor is None:
            raise PermissionError("The person who started this job no longer has an account.")
        store = open_store(actor, job.business, Action.EDIT)
        kind(job.kind).run(actor, job.business, store, report, **job.params)
    except Exception as exc:
        log.exception("Job %s (%s) failed", job.pk, job.kind)
        job.mark_finished(error=str(exc) or exc.__class__.__name__)
    else:
        job.mark_finished()
    return job


def fail_interrupted_jobs() -> int:
    """Mark jobs left 'running' by a stopped process as failed, so they can be retried.

    Only for a process that is the sole worker (`rung serve`, or `rung worker
    --recover-interrupted` on a one-worker server): with several workers, a job shown as
    running may really be running elsewhere.
    """
    return Job.objects.filter(status=Job.Status.RUNNING).update(
        status=Job.Status.FAILED, error=INTERRUPTED, finished_at=timezone.now()
    )
