"""The same forecast on a real local Dask cluster (worker processes) as on the local process pool."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from rung.engine.forecast import ForecastConfig, forecast
from rung.engine.schema import SALE_LINE

START = dt.datetime(2025, 1, 6, 10, tzinfo=dt.UTC)


def _lines() -> pl.DataFrame:
    rows = [
        {
            "order_id": f"{week}-{p}",
            "line_no": 1,
            "timestamp": START + dt.timedelta(weeks=week, days=p % 5),
            "product_id": f"P{p}",
            "quantity": float((p + 1) * 2 + (week * (p + 3)) % 7),
            "currency": "EUR",
        }
        for week in range(40)
        for p in range(5)
    ]
    return SALE_LINE.conform(pl.DataFrame(rows))


def test_dask_cluster_gives_the_local_forecasts():
    distributed = pytest.importorskip("dask.distributed")
    lines = _lines()
    local = forecast(lines, ForecastConfig(horizon=4, n_jobs=1)).forecasts
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = forecast(lines, ForecastConfig(horizon=4, backend="dask"), dask_client=client).forecasts
        assert client.run(lambda: 1)  # the work had real worker processes to go to
    key = ["level", "key", "period_start"]
    local, remote = local.sort(key), remote.sort(key)
    assert local.select(key).equals(remote.select(key))
    assert local.get_column("model").to_list() == remote.get_column("model").to_list()
    for column in ("forecast", "lo_80", "hi_80", "lo_95", "hi_95"):
        assert (local.get_column(column) - remote.get_column(column)).abs().max() < 1e-6, column
