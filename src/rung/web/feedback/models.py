"""Feedback analysis runs of a business: when they were made and what the owner should read first.

The scored comments, aspect mentions, monthly figures, quotes and the reply queue with its
drafts are frames kept in the business's own folder (`BusinessStore.write_result("feedback",
run_key, ...)`), so they are covered by the same access check as the reviews they came from
and deleted with them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rung.web.businesses.models import Business


class FeedbackRun(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="feedback_runs")
    run_key = models.CharField(max_length=64, unique=True)
    summary = models.JSONField(
        default=dict, help_text="Summary sentence, notes, overall scores and alerts, for the page."
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.run_key
