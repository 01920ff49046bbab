"""Background work on a business's data, with progress a person can watch.

The task queue (django-tasks, database backend) only carries the job id; everything a
page needs to show (percent, message, error, who started it) is on the Job row, so the
queue backend can change without touching pages or the API.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rung.web.businesses.models import Business


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=50)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"

    @property
    def title(self) -> str:
        """What the job does, in the reader's language."""
        from rung.web.jobs.registry import KINDS

        kind = KINDS.get(self.kind)
        return str(kind.title) if kind else self.kind

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    def report(self, percent: int, message: str) -> None:
        """Progress callback handed to engine code (see rung.engine.progress)."""
        self.progress = max(0, min(100, int(percent)))
        self.message = message[:255]
        Job.objects.filter(pk=self.pk).update(progress=self.progress, message=self.message)

    def mark_finished(self, error: str = "") -> None:
        """Record the outcome (an UPDATE, so a job deleted with its business meanwhile is no error)."""
        self.status = self.Status.FAILED if error else self.Status.SUCCEEDED
        self.error = error
        self.finished_at = timezone.now()
        if not error:
            self.progress = 100
        Job.objects.filter(pk=self.pk).update(
            status=self.status, error=self.error, finished_at=self.finished_at, progress=self.progress
        )
