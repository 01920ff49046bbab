"""Customer insight runs of a business: when they were made and what the owner should read first.

The per-customer rows, segments, products bought together, cohorts and contact lists are
frames kept in the business's own folder (`BusinessStore.write_result("customers", run_key,
...)`), so they are covered by the same access check as the data they came from and
deleted with it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from rung.web.businesses.models import Business


class CustomersRun(models.Model):
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="customers_runs")
    run_key = models.CharField(max_length=64, unique=True)
    summary = models.JSONField(default=dict, help_text="Summary sentence, notes and counts, for the page.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.run_key
