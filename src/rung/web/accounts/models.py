"""Users of Rung: business owners and staff, program advisors and managers, site admins.

Roles are not a field here: they come from memberships (of a business or a program),
so one person can own a shop and advise in a program at the same time.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Language of the pages; empty follows the browser."),
    )

    class Meta:
        ordering = ["username"]
