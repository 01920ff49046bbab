"""Forecast runs of a business: what was asked, and what the owner should read first.

The forecasts and the reorder advice themselves are frames kept in the business's own
folder (`BusinessStore.write_result("forecast", run_key, ...)`), so they are covered by the
same access check as the data they came from and deleted with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rung.web.businesses.models import Business


class ForecastRun(models.Model):
    class Freq(models.TextChoices):
        DAY = "day", _("Days")
        WEEK = "week", _("Weeks")
        MONTH = "month", _("Months")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="forecast_runs")
    run_key = models.CharField(max_length=64, unique=True)
    freq = models.CharField(max_length=5, choices=Freq.choices, default=Freq.WEEK)
    horizon = models.PositiveSmallIntegerField(default=8)
    service_level = models.FloatField(default=0.95)
    summary = models.JSONField(default=dict, help_text="Accuracy sentence, notes and counts, for the page.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.run_key} ({self.freq} × {self.horizon})"
