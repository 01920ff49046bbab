"""Support programs (a chamber of commerce, an EDIH, an association) and who works in them.

Businesses join a program through an Enrollment; the program's advisors and managers
may then look at that business (read only), never change its data.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rung.web.businesses.models import Business


class Program(models.Model):
    key = models.SlugField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    businesses: models.ManyToManyField[Business, Any] = models.ManyToManyField(
        Business, through="Enrollment", related_name="programs"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ProgramMembership(models.Model):
    class Role(models.TextChoices):
        MANAGER = "manager", _("Program manager")
        ADVISOR = "advisor", _("Advisor")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)

    class Meta:
        ordering = ["program_id", "user_id"]
        constraints = [models.UniqueConstraint(fields=["program", "user"], name="one_program_role_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} in {self.program_id}"


class Enrollment(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrollments")
    business = models.ForeignKey(Business, on_delete=models.CASCADE, related_name="enrollments")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program_id", "business_id"]
        constraints = [models.UniqueConstraint(fields=["program", "business"], name="one_enrollment")]

    def __str__(self) -> str:
        return f"{self.business_id} in {self.program_id}"
