"""AI maturity assessments of a business: one round (T0, T1, ...) per re-assessment.

Every member who answers is a respondent: `answers` keeps each person's answers under their
user id, so several people of the same business can answer the same round and the engine
(`rung.engine.assess`) reports where they disagree. `result` is the engine's
`AssessmentResult.as_dict()`, kept when the round is finished, so later pages and the
program's view show exactly what the owner saw.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rung.web.businesses.models import Business


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Being answered")
        DONE = "done", _("Finished")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="assessments")
    round = models.PositiveSmallIntegerField(default=0, help_text="0 for T0, 1 for T1, ...")
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.DRAFT)
    answers = models.JSONField(default=dict, help_text="User id -> {question id: option key}.")
    facts = models.JSONField(default=dict, blank=True, help_text="Sector and head count, for the roadmap.")
    result = models.JSONField(default=dict, blank=True, help_text="The engine's result, once finished.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-round", "-id"]

    def __str__(self) -> str:
        return f"{self.business_id} {self.label} ({self.status})"

    @property
    def label(self) -> str:
        return f"T{self.round}"

    @property
    def done(self) -> bool:
        return self.status == self.Status.DONE
