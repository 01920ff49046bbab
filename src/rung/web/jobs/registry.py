"""The kinds of background job, and the action each runs.

A kind maps to a function (actor, business, store, progress, **job.params). Capabilities
added by later issues register their jobs here, so pages, API and CLI need no change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rung.web.businesses import actions, imports
from rung.web.customers import actions as customers
from rung.web.feedback import actions as feedback
from rung.web.forecasts import actions as forecasts
from rung.web.quality import actions as quality

Runner = Callable[..., object]  # (User, Business, BusinessStore, Progress, **params)


@dataclass(frozen=True)
class JobKind:
    title: str | Promise
    run: Runner
    startable: bool = True  # False: needs parameters only its own page or endpoint can give


KINDS: dict[str, JobKind] = {
    "load_sample_data": JobKind(_("Load the sample shop's sales"), actions.load_sample_data),
    "import_files": JobKind(_("Import files"), imports.import_files, startable=False),
    quality.JOB: JobKind(_("Check the data's health"), quality.run_check),
    forecasts.JOB: JobKind(_("Forecast sales and work out what to order"), forecasts.run_forecast),
    customers.JOB: JobKind(
        _("Analyse customers: segments, who will buy again, value"), customers.run_customers
    ),
    feedback.JOB: JobKind(
        _("Analyse reviews and survey answers: sentiment, topics, replies"), feedback.run_feedback
    ),
}


def kind(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"Unknown job kind {name!r}; known: {', '.join(KINDS)}") from None
