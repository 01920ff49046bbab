"""Value parsing (rung.engine.ingest.values) on 1,000,000 generated cells.

Three columns, each timed against the plainest Polars code that reads the same cells when
the format is already known, in the same run (machines are shared and noisy, so figures
are ratios):
- day-first dates over five years ("05/03/2024", some without leading zeros), against
  `str.to_date("%d/%m/%Y")`;
- 1,000,000 DISTINCT day-first timestamps to the minute over five years ("05/03/2024
  14:30"; no repeats, so parsing unique values cannot help), against
  `str.to_datetime("%d/%m/%Y %H:%M")`;
- decimal-comma money ("1.234,56", "-12,50"), against `str.replace_all(".", "") ...
  .str.replace(",", ".").cast(Decimal(18, 4))`.
parse_column also has to find the format, check every cell and give reasons, so a ratio
above 1 is expected. Each step is the median of several repeats. Results go to
bench/results/ingest_values.json.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import polars as pl

from bench.timing import median_seconds
from rung.engine.ingest.values import parse_column
from rung.engine.schema import MONEY_DTYPE, Kind

ROOT = Path(__file__).resolve().parents[1]
CELLS = 1_000_000
TIMESTAMP_FORMAT = "%d/%m/%Y %H:%M"


def _dates(rng: random.Random) -> pl.Series:
    days = pl.Series([rng.randrange(5 * 365) for _ in range(CELLS)], dtype=pl.Int32)
    dates = pl.select(pl.date(2020, 1, 1) + pl.duration(days=pl.lit(days))).to_series()
    text = dates.dt.strftime("%d/%m/%Y")
    unpadded = pl.Series([rng.random() < 0.1 for _ in range(CELLS)])
    return pl.select(
        pl.when(unpadded).then(dates.dt.strftime("%-d/%-m/%Y")).otherwise(text).alias("date")
    ).to_series()


def _timestamps(rng: random.Random) -> pl.Series:
    minutes = pl.Series(rng.sample(range(5 * 365 * 24 * 60), CELLS), dtype=pl.Int64)
    moments = pl.select(pl.datetime(2020, 1, 1) + pl.duration(minutes=pl.lit(minutes))).to_series()
    return moments.dt.strftime(TIMESTAMP_FORMAT).alias("timestamp")


def _money(rng: random.Random) -> pl.Series:
    cents = pl.Series([rng.randrange(-5_000, 500_000_00) for _ in range(CELLS)], dtype=pl.Int64)
    whole = (cents.abs() // 100).cast(pl.String)
    grouped = whole.str.reverse().str.replace_all(r"(\d{3})(\d)", "${1}.${2}").str.reverse()
    frac = (cents.abs() % 100).cast(pl.String).str.zfill(2)
    sign = pl.Series(["-" if c < 0 else "" for c in cents.to_list()])
    return (sign + grouped + "," + frac).alias("money")


def main() -> None:
    rng = random.Random(0)
    dates, money, timestamps = _dates(rng), _money(rng), _timestamps(rng)
    checks = {
        "dates": parse_column(dates, Kind.DATE),
        "timestamps": parse_column(timestamps, Kind.TIMESTAMP),
        "money": parse_column(money, Kind.MONEY),
    }
    assert timestamps.n_unique() == CELLS, "timestamps: cells repeat"
    for name, parsed in checks.items():
        assert parsed.errors.null_count() == CELLS, f"{name}: unexpected errors"

    def money_baseline() -> pl.Series:
        plain = money.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
        return plain.cast(MONEY_DTYPE)

    baselines = {
        "dates": median_seconds(lambda: dates.str.to_date("%d/%m/%Y")),
        "timestamps": median_seconds(lambda: timestamps.str.to_datetime(TIMESTAMP_FORMAT)),
        "money": median_seconds(money_baseline),
    }
    assert money_baseline().equals(checks["money"].values, check_names=False)
    assert dates.str.to_date("%d/%m/%Y").equals(checks["dates"].values, check_names=False)
    in_utc = timestamps.str.to_datetime(TIMESTAMP_FORMAT, time_unit="us").dt.replace_time_zone("UTC")
    assert in_utc.equals(checks["timestamps"].values, check_names=False)
    ours = {
        "dates": median_seconds(lambda: parse_column(dates, Kind.DATE)),
        "timestamps": median_seconds(lambda: parse_column(timestamps, Kind.TIMESTAMP)),
        "money": median_seconds(lambda: parse_column(money, Kind.MONEY)),
    }
    report = {
        "cells": CELLS,
        "baselines": {
            "dates": 'polars str.to_date("%d/%m/%Y")',
            "timestamps": f'polars str.to_datetime("{TIMESTAMP_FORMAT}")',
            "money": 'polars str.replace_all(".", "").str.replace(",", ".").cast(Decimal(18, 4))',
        },
        "baseline_seconds": {k: round(v, 4) for k, v in baselines.items()},
        "seconds": {k: round(v, 4) for k, v in ours.items()},
        "ratio_to_baseline": {k: round(ours[k] / baselines[k], 2) for k in ours},
        "detail": {k: p.detail for k, p in checks.items()},
        "unique_cells": {
            k: s.n_unique() for k, s in {"dates": dates, "timestamps": timestamps, "money": money}.items()
        },
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest_values.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
