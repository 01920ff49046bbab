"""`rung feedback FILE --out scored.csv`: a real reviews export in six languages, no business."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from rung.cli.main import app

REVIEWS = Path(__file__).parent / "data" / "reviews_mixed.csv"
ADDED = ["language", "sentiment", "sentiment_score", "aspects", "reply_draft"]


def test_every_row_comes_back_once_in_order_with_the_added_columns(tmp_path):
    # a semicolon export with a row that the import would set aside (no date) and a duplicate id
    source = pl.read_csv(REVIEWS, infer_schema=False)
    odd = pl.DataFrame(
        [
            {"Review ID": "g-105", "Date": "", "Rating": "1", "Review": "Nunca más, el pedido llegó roto."},
            {"Review ID": "x-1", "Date": "2026-09-01", "Rating": "", "Review": ""},
        ]
    )
    rows = pl.concat([source, odd], how="diagonal").select(source.columns)
    given = tmp_path / "reviews.csv"
    rows.write_csv(given, separator=";")
    out = tmp_path / "scored.csv"
    result = CliRunner().invoke(app, ["feedback", str(given), "--out", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows"] == report["rows_written"] == 16
    assert report["columns"]["text"] == "Review" and report["columns"]["score"] == "Rating"
    assert set(report["languages"]) >= {"en", "nl", "de", "fr", "es", "pt"}
    written = pl.read_csv(out, infer_schema=False)
    assert written.columns == [*source.columns, *ADDED]
    assert written.select(source.columns).fill_null("").equals(rows.fill_null(""))
    by_id = {r["Review"]: r for r in written.iter_rows(named=True)}
    assert by_id["Veel te duur voor wat je krijgt, en het brood was oud."]["language"] == "nl"
    late = by_id["Livraison en retard et le service client ne répond pas."]
    assert late["sentiment"] == "negative" and "delivery:negative" in late["aspects"]
    assert late["reply_draft"].startswith("Chère cliente") and "{business}" in late["reply_draft"]
    assert by_id["Lovely bread and the staff were so friendly!"]["reply_draft"] is None
    empty = written.row(15, named=True)
    assert empty["sentiment"] is None and not empty["language"]


def test_text_output_says_what_it_understood(tmp_path):
    out = tmp_path / "scored.csv"
    result = CliRunner().invoke(app, ["feedback", str(REVIEWS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "reviews_mixed.csv: 14 rows" in said and "text from 'Review'" in said
    assert "Wrote 14 rows to" in said and "14 comments analysed" in said
    assert CliRunner().invoke(app, ["feedback", str(REVIEWS)]).exit_code == 2
