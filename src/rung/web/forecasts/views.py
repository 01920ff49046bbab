"""The forecast page and the purchase order download: thin views over rung.web.forecasts.actions."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rung.engine import charts
from rung.engine.inventory import write_purchase_order
from rung.web import formatting
from rung.web.businesses.access import Action, get_business_for
from rung.web.forecasts import actions
from rung.web.forecasts.models import ForecastRun
from rung.web.jobs.actions import start_job
from rung.web.run_pages import run_page

ROWS_SHOWN = 50


@login_required
def forecast_page(request: HttpRequest, key: str) -> HttpResponse:
    return run_page(
        request,
        key,
        latest=actions.latest,
        job=actions.JOB,
        template="forecasts/forecast.html",
        run_context=_run_context,
        extra={"freqs": ForecastRun.Freq.choices},
    )


def _run_context(request: HttpRequest, business: object, run: ForecastRun) -> dict[str, object]:
    kept = actions.frames(request.user, business, run)  # type: ignore[arg-type]
    forecasts, history, advice = kept["forecasts"], kept["history"], kept["advice"]
    category = request.GET.get("category") or ""
    product = request.GET.get("product") or ""
    level, series = ("product", product) if product else ("category", category) if category else ("total", "")
    chosen = forecasts.filter(pl.col("level") == level)
    past = history.filter(pl.col("level") == level)
    if series:
        chosen, past = chosen.filter(pl.col("key") == series), past.filter(pl.col("key") == series)
    elif level == "total":
        series = _("All products")
    has_category = "category" in advice.columns
    shown = advice.filter(pl.col("category") == category) if category and has_category else advice
    shown = shown.sort(
        [pl.col("suggested_order").fill_null(0), pl.col("days_of_cover").fill_null(1e9)],
        descending=[True, False],
    )
    spec = charts.forecast_band(
        past.tail(104),
        chosen,
        title=str(series),
        period=_("Period"),
        quantity=_("Units"),
        actual=_("Sold"),
        expected=_("Forecast"),
    )
    categories = advice.get_column("category").drop_nulls().unique().sort().to_list() if has_category else []
    return {
        "spec": spec,
        "chart_locale": formatting.chart_locale(business.currency),  # type: ignore[attr-defined]
        "advice": shown.head(ROWS_SHOWN).to_dicts(),
        "advice_total": shown.height,
        "categories": categories,
        "category": category,
        "product": product,
        "capital": actions.money_total(advice, "capital_tied_up"),
        "overstock": actions.money_total(advice, "overstock_value"),
    }


@login_required
@require_POST
def start(request: HttpRequest, key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.EDIT)
    try:
        params = {
            "freq": request.POST.get("freq", "week"),
            "horizon": int(request.POST.get("horizon", "8")),
            "service_level": float(request.POST.get("service_level", "95")) / 100,
        }
        job = start_job(request.user, business, actions.JOB, params)  # type: ignore[arg-type]
    except ValueError as refused:
        messages.error(request, str(refused) or _("Give a whole number of periods and a service level in %."))
        return redirect("business-forecast", key=business.key)
    return redirect("job-detail", job_id=job.pk)


@login_required
def purchase_order_file(request: HttpRequest, key: str, run_key: str, fmt: str) -> FileResponse:
    business = get_business_for(request.user, key, Action.VIEW)
    if fmt not in ("csv", "xlsx"):
        raise Http404("Unknown format.")
    try:
        run = actions.run_for(business, run_key)
        order = actions.order_list(request.user, business, run)  # type: ignore[arg-type]
    except ValueError as missing:
        raise Http404(str(missing)) from None
    folder = Path(tempfile.mkdtemp(prefix="rung-po-"))
    path = folder / f"purchase-order-{run.created_at:%Y-%m-%d}.{fmt}"
    write_purchase_order(order, path)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
