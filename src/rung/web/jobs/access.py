"""Jobs belong to a business: access to a job is access to its business."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.http import Http404

from rung.web.businesses.access import Action, Actor, check
from rung.web.jobs.models import Job


def get_job_for(user: Actor, job_id: uuid.UUID | str, action: Action = Action.VIEW) -> Job:
    try:
        job = Job.objects.select_related("business").get(pk=job_id)
    except (Job.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404("No such job.") from None
    check(user, job.business, action)
    return job
