"""The tenant: one small business's workspace, its members and its imports.

A business's data (sales, customers, ...) are not in these tables: they are Parquet
datasets in the business's own folder, named by Business.key and reached only through
rung.web.businesses.access.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


def new_business_key(name: str) -> str:
    """A URL- and folder-safe key: readable prefix plus a random part that cannot be guessed."""
    prefix = slugify(name)[:40].strip("-") or "business"
    return f"{prefix}-{secrets.token_hex(5)}"


class Business(models.Model):
    key = models.CharField(max_length=64, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO country code, e.g. NL"))
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO currency code, e.g. EUR"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        help_text=_("Decides which day and month a sale falls in."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="businesses"
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("business")
        verbose_name_plural = _("businesses")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        STAFF = "staff", _("Staff")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["business_id", "user_id"]
        constraints = [models.UniqueConstraint(fields=["business", "user"], name="one_membership_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} of {self.business_id}"


class ImportBatch(models.Model):
    """One import into a business's store; its rows live in parts named after batch_key."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for you to check it")
        STORED = "stored", _("Stored")
        UNDONE = "undone", _("Undone")

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="imports")
    batch_key = models.CharField(max_length=64, unique=True)
    source = models.CharField(_("source"), max_length=255)
    rows = models.JSONField(default=dict, help_text="Rows stored per entity.")
    files = models.JSONField(default=dict, blank=True, help_text="Imported file name -> SHA-256.")
    report = models.JSONField(default=list, blank=True, help_text="Per table: entity, mapping, counts.")
    uploads = models.JSONField(default=list, blank=True, help_text="Uploaded files kept until it is stored.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.STORED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.batch_key} ({self.source})"


class MappingMemory(models.Model):
    """How the owner said one source format maps, so the same headers map silently next time."""

    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="mappings")
    fingerprint = models.CharField(max_length=64)
    entity = models.CharField(max_length=40, blank=True)
    targets = models.JSONField(default=list, help_text="Canonical field per source column; null to skip.")
    headers = models.JSONField(default=list, help_text="The source headers, for people reading it.")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["business_id", "fingerprint"]
        constraints = [
            models.UniqueConstraint(fields=["business", "fingerprint"], name="one_mapping_per_format")
        ]

    def __str__(self) -> str:
        return f"{self.fingerprint} -> {self.entity or 'skipped'}"
