"""Mapping accuracy: table classification and column mapping with no user input.

Corpus: bench/ingest_corpus.py (written layouts of small-business tools plus the real
files in ../shared/datasets), plus the blind subset of bench/ingest_corpus_blind.py (written
without reading the mapper), scored separately under "blind" and left out of every other
figure. A column is right when its target equals the label (None
included: mapping a column that means nothing to a field is an error); a table is right
when its entity equals the label. Results go to bench/results/ingest_mapping.json.

Run: .venv/bin/python -m bench.ingest_mapping [-v]
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.ingest_corpus import HELD_OUT, Layout, corpus
from bench.ingest_corpus_blind import BLIND
from bench.ingest_corpus_blind2a import BLIND2A
from bench.ingest_corpus_blind2b import BLIND2B
from rung.engine.ingest.mapping import classify_and_map

ROOT = Path(__file__).resolve().parents[1]
TARGET_COLUMNS = 0.97
TARGET_TABLES = 1.0
HELD_OUT_FIRST_RUN = {"tables": "8/8", "columns": "79/85", "column_accuracy": 0.9294}
"""Score of HELD_OUT the first time the mapper saw it (before the lexicon fixes it prompted)."""
BLIND_FIRST_RUNS = {
    "first set (36 layouts)": {"columns": "370/476", "column_accuracy": 0.777, "tables": "32/36"},
    "second set (41 layouts)": {"columns": "602/730", "column_accuracy": 0.8247, "tables": "37/41"},
}
"""Each blind set's score the first time the mapper met it: the honest figure for unseen layouts."""


def _score(layouts: list[Layout]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per layout: entity right or not and columns right; plus every wrong column.

    A column of a misclassified table counts as wrong, whatever its target.
    """
    per_layout: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for layout in layouts:
        guess = classify_and_map(layout.headers, layout.sample())
        table_ok = guess.entity == layout.entity
        ok = 0
        for match, want in zip(guess.columns, layout.expected, strict=True):
            got = match.target if table_ok else f"<{guess.entity}>:{match.target}"
            if got == want:
                ok += 1
            else:
                errors.append({"layout": layout.name, "column": match.source, "expected": want, "got": got})
        per_layout.append(
            {
                "layout": layout.name,
                "real": layout.real,
                "expected_entity": layout.entity,
                "entity": guess.entity,
                "entity_confidence": guess.confidence,
                "columns": len(layout.expected),
                "columns_right": ok,
            }
        )
    return per_layout, errors


def _totals(per_layout: list[dict[str, Any]]) -> tuple[int, int, int]:
    """Tables right, columns right, columns in all."""
    tables = sum(r["entity"] == r["expected_entity"] for r in per_layout)
    right = sum(int(r["columns_right"]) for r in per_layout)
    return tables, right, sum(int(r["columns"]) for r in per_layout)


def _blind(layouts: list[Layout]) -> dict[str, object]:
    """Score the blind layouts on their own, the same way main() scores the corpus."""
    per_layout, errors = _score(layouts)
    tables_ok, cols_ok, cols_total = _totals(per_layout)
    misclassified = [
        {"layout": r["layout"], "expected": r["expected_entity"], "got": r["entity"]}
        for r in per_layout
        if r["entity"] != r["expected_entity"]
    ]
    return {
        "layouts": len(layouts),
        "columns": cols_total,
        "columns_right": cols_ok,
        "column_accuracy": round(cols_ok / cols_total, 4) if cols_total else None,
        "tables_right": tables_ok,
        "table_accuracy": round(tables_ok / len(layouts), 4) if layouts else None,
        "misclassified": misclassified,
        "errors": errors,
        "per_layout": per_layout,
    }


def main(verbose: bool = False) -> dict[str, object]:
    layouts = corpus()
    start = time.perf_counter()
    per_layout, errors = _score(layouts)
    tables_ok, cols_ok, cols_total = _totals(per_layout)
    seconds = time.perf_counter() - start
    blind = _blind(BLIND2A + BLIND2B)
    first_blind = _blind(BLIND)
    held = {lay.name for lay in HELD_OUT}

    def _subset(pred: Callable[[dict[str, Any]], bool]) -> dict[str, object]:
        rows = [r for r in per_layout if pred(r)]
        cols = sum(int(r["columns"]) for r in rows)
        right = sum(int(r["columns_right"]) for r in rows)
        tables = sum(r["entity"] == r["expected_entity"] for r in rows)
        return {
            "layouts": len(rows),
            "columns": cols,
            "column_accuracy": round(right / cols, 4) if cols else None,
            "table_accuracy": round(tables / len(rows), 4) if rows else None,
        }

    report: dict[str, object] = {
        "layouts": len(layouts),
        "real_files": sum(1 for lay in layouts if lay.real),
        "columns": cols_total,
        "column_accuracy": round(cols_ok / cols_total, 4),
        "table_accuracy": round(tables_ok / len(layouts), 4),
        "targets": {"columns": TARGET_COLUMNS, "tables": TARGET_TABLES},
        "real_files_only": _subset(lambda r: r["real"]),
        "written_layouts_only": _subset(lambda r: not r["real"]),
        "held_out": {**_subset(lambda r: r["layout"] in held), "first_run": HELD_OUT_FIRST_RUN},
        "met": cols_ok / cols_total >= TARGET_COLUMNS and tables_ok / len(layouts) >= TARGET_TABLES,
        "seconds_total": round(seconds, 3),
        "blind": blind,
        "blind_first_runs": BLIND_FIRST_RUNS,
        "first_blind_set_now_seen": {k: v for k, v in first_blind.items() if k != "per_layout"},
        "errors": errors,
        "per_layout": per_layout,
    }
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest_mapping.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    summary = {k: v for k, v in report.items() if k not in {"per_layout"} and (verbose or k != "errors")}
    summary["errors"] = len(errors) if not verbose else errors
    # the blind figures always come with their errors: they are what the subset is for
    summary["blind"] = {k: v for k, v in blind.items() if k != "per_layout"}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return report


if __name__ == "__main__":
    main(verbose="-v" in sys.argv)
