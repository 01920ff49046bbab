"""The forecast endpoints of the API: queue a forecast, read the latest one and its reorder advice."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import polars as pl
from django.http import HttpRequest
from ninja import Router, Schema, Status

from rung.web.businesses.access import Action, get_business_for
from rung.web.forecasts import actions
from rung.web.jobs.actions import start_job

router = Router(tags=["forecasts"])


class ForecastIn(Schema):
    freq: Literal["day", "week", "month"] = "week"
    horizon: int = 8
    service_level: float = 0.95


class QueuedOut(Schema):
    job: str


class ForecastOut(Schema):
    run: str
    created_at: datetime
    freq: str
    horizon: int
    service_level: float
    summary: dict[str, Any]
    forecasts: list[dict[str, Any]]


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    readable = frame.with_columns(
        pl.col(pl.Date).dt.to_string("%Y-%m-%d"), pl.col(pl.Decimal).cast(pl.String)
    )
    return readable.to_dicts()


@router.post("/businesses/{key}/forecast", response={202: QueuedOut})
def queue(request: HttpRequest, key: str, payload: ForecastIn) -> Status[QueuedOut]:
    """Forecast every product and work out reorder advice in the background; follow /api/jobs/{job}."""
    business = get_business_for(request.user, key, Action.EDIT)
    job = start_job(request.user, business, actions.JOB, payload.dict())  # type: ignore[arg-type]
    return Status(202, QueuedOut(job=str(job.pk)))


@router.get("/businesses/{key}/forecast", response=ForecastOut)
def latest(request: HttpRequest, key: str, level: str = "product", series: str | None = None) -> ForecastOut:
    """The latest forecast: one row per series and period with the 80% and 95% bounds."""
    business = get_business_for(request.user, key, Action.VIEW)
    run = actions.latest(business)
    if run is None:
        raise ValueError("No forecast yet for this business; POST to this address to make one.")
    forecasts = actions.frames(request.user, business, run)["forecasts"].filter(pl.col("level") == level)  # type: ignore[arg-type]
    if series is not None:
        forecasts = forecasts.filter(pl.col("key") == series)
    return ForecastOut(
        run=run.run_key,
        created_at=run.created_at,
        freq=run.freq,
        horizon=run.horizon,
        service_level=run.service_level,
        summary=run.summary,
        forecasts=_rows(forecasts),
    )


@router.get("/businesses/{key}/forecast/reorder", response=list[dict[str, Any]])
def reorder(request: HttpRequest, key: str) -> list[dict[str, Any]]:
    """Reorder advice of the latest forecast: reorder point, safety stock, what to order now."""
    business = get_business_for(request.user, key, Action.VIEW)
    run = actions.latest(business)
    if run is None:
        raise ValueError("No forecast yet for this business.")
    return _rows(actions.frames(request.user, business, run)["advice"])  # type: ignore[arg-type]
