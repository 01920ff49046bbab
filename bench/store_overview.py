"""Store and dashboard overview on the full UCI Online Retail data (541,909 lines).

Figures are ratios against a baseline measured in the same run, because the machines are
shared and noisy: the baseline is Polars reading the raw CSV once. Each step is timed as
the median of several repeats. Results go to bench/results/store_overview.json.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import polars as pl

from bench.timing import median_seconds
from rung.engine import sample_data
from rung.engine.overview import build_overview
from rung.engine.store import BusinessStore, Grant

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets" / "uci-online-retail" / "online_retail.csv.gz"


def main() -> None:
    source = DATA if DATA.exists() else sample_data.SAMPLE_PATH
    raw = sample_data.read_sample(source)
    tables = sample_data.to_canonical(raw)
    with tempfile.TemporaryDirectory() as tmp:
        store = BusinessStore(Path(tmp), Grant("bench", "bench", can_write=True))
        baseline = median_seconds(lambda: pl.read_csv(source, infer_schema=False))
        steps = {
            "map_to_canonical": lambda: sample_data.to_canonical(raw),
            "store_write": lambda: [store.write(n, df, batch="b1") for n, df in tables.items()],
            "store_read_sale_lines": lambda: store.read("sale_lines"),
            "overview": lambda: build_overview(tables["sale_lines"]),
            "overview_from_store": lambda: build_overview(store.read("sale_lines")),
        }
        results = {name: median_seconds(fn) for name, fn in steps.items()}
    report = {
        "data": str(source.name),
        "lines": raw.height,
        "baseline": "polars.read_csv of the raw export",
        "baseline_seconds": round(baseline, 4),
        "ratio_to_baseline": {k: round(v / baseline, 3) for k, v in results.items()},
        "seconds": {k: round(v, 4) for k, v in results.items()},
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "store_overview.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
