"""Named actions on forecasts: run one (the job), read the latest, the purchase order.

Each opens the store through the access check first; the engine does the work
(`rung.engine.forecast`, `rung.engine.inventory`), this layer only picks the business's
data and settings and keeps the result.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import polars as pl
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from rung.engine.forecast import ForecastConfig, forecast
from rung.engine.inventory import InventorySettings, advice_notes, advise, purchase_order
from rung.engine.messages import as_dict
from rung.engine.progress import Progress, gettext_noop, silent
from rung.engine.store import BusinessStore
from rung.web.accounts.models import User
from rung.web.businesses.access import Action, check, open_store
from rung.web.businesses.models import Business
from rung.web.forecasts.models import ForecastRun

JOB = "forecast"
FRAMES = ("forecasts", "history", "accuracy", "advice")


@contextlib.contextmanager
def _engine() -> Iterator[object | None]:
    """A client of the configured Dask scheduler (RUNG_DASK_SCHEDULER), or None for the local pool."""
    address = settings.RUNG_DASK_SCHEDULER
    if not address:
        yield None
        return
    try:
        from dask.distributed import Client
    except ImportError as exc:
        raise ImproperlyConfigured(
            'RUNG_DASK_SCHEDULER is set but Dask is not installed: pip install "rung[scale]".'
        ) from exc
    with Client(address) as client:  # type: ignore[no-untyped-call]
        yield client


def _optional(store: BusinessStore, name: str) -> pl.DataFrame | None:
    return store.read(name) if store.has(name) else None


def run_forecast(
    actor: User,
    business: Business,
    store: BusinessStore,
    progress: Progress = silent,
    *,
    freq: str = "week",
    horizon: int = 8,
    service_level: float = 0.95,
) -> ForecastRun:
    """The forecast job: forecast every product, advise on stock, keep both as one run."""
    check(actor, business, Action.EDIT)
    if freq not in ForecastRun.Freq.values or not 1 <= int(horizon) <= 104 or not 0.5 <= service_level < 1:
        raise ValueError(
            _("Choose days, weeks or months, a horizon of 1 to 104 and a service level below 100%.")
        )
    lines = store.read("sale_lines")
    if not lines.height:
        raise ValueError(_("There are no sales to forecast yet. Import your sales first."))
    products = _optional(store, "products")
    with _engine() as client:
        config = ForecastConfig(
            freq=freq, horizon=int(horizon), country=business.country, backend="dask" if client else "local"
        )
        result = forecast(
            lines,
            config,
            products=products,
            progress=lambda p, m: progress(int(p * 0.85), m),
            dask_client=client,
        )
    progress(88, gettext_noop("Working out what to order"))
    advice = advise(
        result.forecasts,
        result.history,
        accuracy=result.accuracy,
        products=products,
        stock=_optional(store, "inventory_snapshots"),
        suppliers=_optional(store, "suppliers"),
        settings=InventorySettings(service_level=service_level),
        freq=freq,  # time starts where the forecast does: an old export is advised as of its own end
        currency=business.currency,
    )
    run_key = f"fc-{secrets.token_hex(6)}"
    kept = {"forecasts": result.forecasts, "history": result.history, "accuracy": result.accuracy}
    store.write_result("forecast", run_key, kept | {"advice": advice})
    return ForecastRun.objects.create(
        business=business,
        run_key=run_key,
        freq=freq,
        horizon=int(horizon),
        service_level=service_level,
        summary={
            "accuracy": as_dict(result.summary),
            "notes": [as_dict(n) for n in result.notes],
            "advice": [as_dict(n) for n in advice_notes(advice)],
            "products": advice.height,
            "to_order": advice.filter(pl.col("suggested_order").fill_null(0) > 0).height,
        },
        created_by=actor,
    )


def latest(business: Business) -> ForecastRun | None:
    return business.forecast_runs.first()


def run_for(business: Business, run_key: str) -> ForecastRun:
    run = business.forecast_runs.filter(run_key=run_key).first()
    if run is None:
        raise ValueError(_("No such forecast for this business."))
    return run


def frames(actor: User, business: Business, run: ForecastRun) -> dict[str, pl.DataFrame]:
    """The run's kept frames (forecasts, history, accuracy, advice), read through the access check."""
    store = open_store(actor, business, Action.VIEW)
    kept = {name: store.read_result("forecast", run.run_key, name) for name in FRAMES}
    return {name: frame for name, frame in kept.items() if frame is not None}


def order_list(actor: User, business: Business, run: ForecastRun) -> pl.DataFrame:
    advice = frames(actor, business, run).get("advice")
    if advice is None:
        raise ValueError(_("This forecast has no reorder advice."))
    return purchase_order(advice)


def money_total(frame: pl.DataFrame, column: str) -> Decimal:
    total: Any = frame.get_column(column).sum() if column in frame.columns else None
    return Decimal(str(total or 0))
