"""Where statsforecast runs: a local process pool, or a Dask cluster through fugue.

Both paths hand statsforecast the same frame (unique_id, ds = period number, y) and read its
answer back the same way, so they return the same numbers: statsforecast's fugue backend
writes forecasts as float32, so the local answer is rounded to float32 too before anything
else uses it (a few units in the 7th digit; demand is counted in whole items).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl
from statsforecast import StatsForecast

from rung.engine.forecast.models import FALLBACK, make_model

KEYS = ("unique_id", "ds", "cutoff")


class DaskMissing(RuntimeError):
    """backend="dask" was asked for on a machine without Dask."""


class Runner:
    """Runs statsforecast's cross_validation and forecast on one of the two backends."""

    def __init__(self, n_jobs: int = -1, backend: str = "local", dask_client: object | None = None) -> None:
        if backend not in ("local", "dask"):
            raise ValueError(f"backend must be 'local' or 'dask', not {backend!r}")
        self.n_jobs = n_jobs
        self.dask = backend == "dask" and dask_client is not None
        self.client = dask_client
        if self.dask:
            try:
                import dask.dataframe  # noqa: F401
                import fugue_dask  # noqa: F401
            except ImportError as exc:
                raise DaskMissing(
                    'Forecasting on a Dask cluster needs Dask: pip install "dask[distributed]" '
                    f"(and fugue[dask]); the import failed with: {exc}"
                ) from exc

    def cross_validation(
        self, names: tuple[str, ...], df: pl.DataFrame, horizon: int, n_windows: int
    ) -> pl.DataFrame:
        """Held-out forecasts of every model in names: unique_id, ds, cutoff, y, one column per model."""
        models = [make_model(n, horizon) for n in names]
        sf = StatsForecast(
            models=models, freq=1, n_jobs=self._jobs(df), fallback_model=make_model(FALLBACK, 1)
        )

        def run(data: Any) -> Any:
            return sf.cross_validation(df=data, h=horizon, n_windows=n_windows, step_size=horizon)

        with _quiet():
            out = self._on_dask(run, df) if self.dask else run(df)
        return _normalise(out, list(names), with_cutoff=True)

    def forecast(self, name: str, df: pl.DataFrame, horizon: int, levels: tuple[int, ...]) -> pl.DataFrame:
        """Forecasts of one model: unique_id, ds, mean, and lo-L, hi-L (conformal) for each of levels."""
        with_bounds = bool(levels)
        model = make_model(name, horizon, intervals=with_bounds)
        fallback = make_model(FALLBACK, horizon, intervals=with_bounds)
        fallback.alias = name  # a failing series gets the fallback's numbers under the same column
        sf = StatsForecast(models=[model], freq=1, n_jobs=self._jobs(df), fallback_model=fallback)
        level = list(levels) if with_bounds else None
        with _quiet():
            if self.dask:
                out = self._on_dask(lambda d: sf.forecast(df=d, h=horizon, level=level), df)
            else:
                out = sf.forecast(df=df, h=horizon, level=level)
        columns = {name: "mean"} | {
            f"{name}-{side}-{level}": f"{side}_{level}" for level in levels for side in ("lo", "hi")
        }
        out = _normalise(out, list(columns), with_cutoff=False)
        return out.rename(columns)

    def _jobs(self, df: pl.DataFrame) -> int:
        # a process pool costs ~0.3 s to start: not worth it for a handful of series
        return 1 if df.get_column("unique_id").n_unique() < 200 else self.n_jobs

    def _on_dask(self, call: Any, df: pl.DataFrame) -> pl.DataFrame:
        import dask.dataframe as dd
        import fugue.api as fa

        pdf = df.to_pandas()
        parts = max(1, min(pdf["unique_id"].nunique() // 50, 32))
        ddf = dd.from_pandas(pdf, npartitions=parts, sort=False)  # type: ignore[no-untyped-call]
        with fa.engine_context(self.client):  # type: ignore[attr-defined]
            result = call(ddf)
        if hasattr(result, "compute"):
            result = result.compute()
        return pl.from_pandas(result.reset_index(drop=True))


@contextmanager
def _quiet() -> Iterator[None]:
    """statsforecast warns per series about short series and optimiser trouble; the notes say what matters."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _normalise(out: pl.DataFrame, values: list[str], *, with_cutoff: bool) -> pl.DataFrame:
    keys = ["unique_id", "ds", *(["cutoff"] if with_cutoff else [])]
    extra = ["y"] if with_cutoff else []
    return out.select(
        pl.col("unique_id").cast(pl.String),
        *(pl.col(k).cast(pl.Int64) for k in keys[1:]),
        *(pl.col(c).cast(pl.Float64) for c in extra),
        *(pl.col(v).cast(pl.Float32).cast(pl.Float64) for v in values),
    ).sort(keys)
