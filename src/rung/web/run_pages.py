"""The page of a capability that runs as a job and keeps its latest run (forecast, customers, feedback).

Why one helper: each such page starts the same way — the access check, the latest run, whether
the viewer may start a new one, the job under way — and only what it shows of a run differs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rung.web.businesses.access import Action, allowed_actions, get_business_for
from rung.web.businesses.models import Business
from rung.web.jobs.actions import under_way


def run_page(
    request: HttpRequest,
    key: str,
    *,
    latest: Callable[[Business], Any],
    job: str,
    template: str,
    run_context: Callable[[HttpRequest, Business, Any], dict[str, object]],
    extra: dict[str, object] | None = None,
) -> HttpResponse:
    business = get_business_for(request.user, key, Action.VIEW)
    run = latest(business)
    context: dict[str, object] = {
        "business": business,
        "run": run,
        "can_edit": Action.EDIT in allowed_actions(request.user, business),
        "running": under_way(business, job),
        **(extra or {}),
    }
    if run is not None:
        context |= run_context(request, business, run)
    return render(request, template, context)
