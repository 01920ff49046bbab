"""The customer insights page and the contact list downloads: thin views over rung.web.customers.actions."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rung.engine import charts
from rung.web import formatting
from rung.web.businesses.access import Action, get_business_for
from rung.web.businesses.models import Business
from rung.web.customers import actions
from rung.web.customers.models import CustomersRun
from rung.web.run_pages import run_page

_DECIMAL = re.compile(r"^-?\d+\.\d+$")


@login_required
def customers_page(request: HttpRequest, key: str) -> HttpResponse:
    return run_page(
        request,
        key,
        latest=actions.latest,
        job=actions.JOB,
        template="customers/customers.html",
        run_context=_run_context,
    )


def _run_context(request: HttpRequest, business: Business, run: CustomersRun) -> dict[str, object]:
    kept = actions.frames(request.user, business, run)  # type: ignore[arg-type]
    # translated here, in the request's thread (Polars would run a Python function in its own)
    segments = kept["segments"].with_columns(
        pl.Series("name", [_(n) for n in kept["segments"].get_column("name")], dtype=pl.String),
        pl.Series("action", [_(a) for a in kept["segments"].get_column("action")], dtype=pl.String),
    )
    segment_spec = charts.segment_shares(
        segments,
        title=_("Customers and revenue per segment"),
        segment=_("Segment"),
        share=_("Share"),
        customers=_("Customers"),
        revenue=_("Revenue"),
    )
    cohorts = kept["cohorts"]
    cohort_spec = charts.cohort_retention(
        cohorts,
        title=_("Share of new customers who bought again"),
        cohort=_("First purchase in"),
        month=_("Months later"),
        share=_("Bought again"),
    )
    names = dict(zip(segments.get_column("segment"), segments.get_column("name"), strict=True))
    risky = [
        row | {"segment_name": names.get(row["segment"], row["segment"])}
        for row in kept["at_risk"].to_dicts()
    ]
    listed = dict(kept["contacts"].group_by("segment").len().rows()) if "contacts" in kept else {}
    return {
        "segments": [row | {"contacts": listed.get(row["segment"], 0)} for row in segments.to_dicts()],
        "segment_spec": segment_spec,
        "cohort_spec": cohort_spec if cohorts.height else None,
        "chart_locale": formatting.chart_locale(business.currency),
        "at_risk": risky,
        "cohorts": actions.retention(cohorts),
        "months": list(range(12)),
        "pairs": actions.top_pairs(kept["rules"]).to_dicts(),
        "currency": run.summary.get("currency") or business.currency,
        "summary": _localised(run.summary),
    }


def _localised(summary: dict[str, Any]) -> dict[str, Any]:
    """The run's summary and notes with decimals the engine wrote as text ("16.7", "0.70") in the
    reader's format; whole numbers and dates are localised by the message filter."""

    def note(data: dict[str, Any]) -> dict[str, Any]:
        params = {
            k: formatting.number(Decimal(v), len(v.split(".")[1]))
            if isinstance(v, str) and _DECIMAL.match(v)
            else v
            for k, v in (data.get("params") or {}).items()
        }
        return data | {"params": params}

    return summary | {
        "summary": note(summary["summary"]),
        "notes": [note(n) for n in summary.get("notes", [])],
    }


@login_required
@require_POST
def start(request: HttpRequest, key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.EDIT)
    try:
        job = actions.queue_customers(request.user, business)  # type: ignore[arg-type]
    except ValueError as refused:
        messages.error(request, str(refused))
        return redirect("business-customers", key=business.key)
    return redirect("job-detail", job_id=job.pk)


@login_required
def contacts_file(request: HttpRequest, key: str, run_key: str, segment: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.VIEW)
    try:
        run = actions.run_for(business, run_key)
        listed = actions.contacts(request.user, business, run, segment)  # type: ignore[arg-type]
    except ValueError as missing:
        raise Http404(str(missing)) from None
    response = HttpResponse(listed.write_csv(), content_type="text/csv; charset=utf-8")
    name = f"contacts-{segment}-{run.created_at:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
