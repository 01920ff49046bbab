"""Run a job: re-check access as the user who started it, then call its kind's action.

Access is checked again at run time, not only when the job was queued: a user removed
from a business between queueing and running must not still change its data.
"""

from __future__ import annotations

import logging

from rung.engine.progress import Progress, silent
from rung.web.businesses.access import Action, open_store
from rung.web.jobs.models import Job
from rung.web.jobs.registry import kind

log = logging.getLogger(__name__)


def run_job(job_id: str, also: Progress = silent) -> Job:
    """Run the job (once: a finished job is left as it is); `also` hears its progress too."""
    job = Job.objects.select_related("business", "created_by").get(pk=job_id)
    if job.finished:
        return job

    def report(percent: int, message: str) -> None:
        job.report(percent, message)
        also(percent, message)

    job.mark_running()
    try:
        actor = job.created_by
        if actor is None:
            raise PermissionError("The person who started this job no longer has an account.")
        store = open_store(actor, job.business, Action.EDIT)
        kind(job.kind).run(actor, job.business, store, report)
    except Exception as exc:
        log.exception("Job %s (%s) failed", job.pk, job.kind)
        job.mark_finished(error=str(exc) or exc.__class__.__name__)
    else:
        job.mark_finished()
    return job
