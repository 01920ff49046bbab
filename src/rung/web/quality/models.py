"""Data health checks of a business, kept so the owner and their advisor see the score move.

The report itself (findings, readiness, merge suggestions) is the engine's
`QualityReport.as_dict()`; score and dimensions are also columns, so a program can list
and compare scores without opening every report.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rung.web.businesses.models import Business, ImportBatch


class QualityCheck(models.Model):
    class Trigger(models.TextChoices):
        IMPORT = "import", _("After an import")
        FIX = "fix", _("After a fix")
        RECHECK = "recheck", _("Checked again")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="quality_checks")
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="quality_checks"
    )
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.RECHECK)
    score = models.PositiveSmallIntegerField(null=True)
    dimensions = models.JSONField(default=dict)
    report = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.business_id} {self.score} ({self.created_at:%Y-%m-%d})"
