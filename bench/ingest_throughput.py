"""Import throughput: a generated 1,000,000-line sales CSV, end to end, against DuckDB's plain read.

End to end = read, classify, map, parse, validate and store (Parquet) through
`rung.engine.ingest.pipeline.run_import`. The baseline, measured in the same run on the
same file, is DuckDB's `read_csv` into memory with no cleaning at all. Each side runs in
its own child process so peak memory (max RSS) is measured per side.
Writes bench/results/ingest_throughput.json.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINES = 1_000_000


def generate(path: Path, lines: int = LINES) -> None:
    """A Dutch shop's POS export: semicolons, day-first dates, decimal commas, 2,000 products."""
    rng = random.Random(7)
    start = datetime(2023, 1, 1, 8, 0)  # noqa: DTZ001 - a local shop time, as POS exports write it
    products = [(f"SKU-{i:05d}", f"Product {i}", rng.randint(50, 5000)) for i in range(2000)]
    with path.open("w", encoding="utf-8") as fh:
        fh.write("Bestelnummer;Datum;Klantnummer;Artikelnummer;Omschrijving;Aantal;Prijs\n")
        order = 100000
        when = start
        customer = "K1"
        for line in range(lines):
            if line == 0 or rng.random() < 0.35:
                order += 1
                when += timedelta(minutes=rng.randint(1, 5))
                customer = f"K{rng.randint(1, 100000)}"
            sku, name, cents = products[rng.randrange(len(products))]
            price = f"{cents // 100},{cents % 100:02d}"
            fh.write(f"{order};{when:%d-%m-%Y %H:%M};{customer};{sku};{name};{rng.randint(1, 6)};{price}\n")


def _child(kind: str, path: str) -> None:
    start = time.perf_counter()
    if kind == "duckdb":
        import duckdb

        rows = duckdb.sql(f"SELECT * FROM read_csv('{path}', all_varchar=true)").pl().height
    else:
        from rung.engine.ingest.pipeline import Context, run_import
        from rung.engine.store import BusinessStore, Grant

        with tempfile.TemporaryDirectory() as tmp:
            store = BusinessStore(Path(tmp), Grant("bench", "bench", can_write=True))
            result = run_import([Path(path)], Context(currency="EUR", country="NL"), store=store, batch="b1")
            rows = result.rows_stored
    seconds = time.perf_counter() - start
    peak_mb = _peak_mb()
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": peak_mb}))


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM starts afresh at exec; ru_maxrss does not
    (it keeps the forking parent's peak), so it would report the benchmark runner's memory."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.ingest_throughput", "--child", kind, str(path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sales.csv"
        generate(path)
        baseline = _measure("duckdb", path)
        rung = _measure("rung", path)
    report = {
        "lines": LINES,
        "baseline": "DuckDB read_csv(all_varchar) into Polars, no cleaning",
        "baseline_seconds": round(baseline["seconds"], 2),
        "rung_seconds": round(rung["seconds"], 2),
        "rung_rows_stored": rung["rows"],
        "rows_per_second": round(rung["rows"] / rung["seconds"]),
        "ratio_to_baseline": round(rung["seconds"] / baseline["seconds"], 2),
        "peak_mb_rung": round(rung["peak_mb"]),
        "peak_mb_baseline": round(baseline["peak_mb"]),
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest_throughput.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
    else:
        main()
