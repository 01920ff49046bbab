"""`rung forecast --sales FILE`: a real-format export (semicolons, day-first dates, decimal commas)."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
from typer.testing import CliRunner

from rung.cli.main import app


def _export() -> str:
    """A Dutch till export: 20 weeks, three products, one refund; ends on a Sunday."""
    rows = ["Datum;Bon;Artikel;Omschrijving;Aantal;Prijs"]
    start = dt.datetime(2025, 1, 6, 9, 30)  # noqa: DTZ001 - a till's local time, as exports write it
    receipt = 1000
    for day in range(20 * 7):
        when = start + dt.timedelta(days=day)
        for code, name, base in (
            ("BR01", "Desem brood", 4),
            ("CR02", "Croissant", 7),
            ("TA03", "Appeltaart", 1),
        ):
            quantity = base + (day * 7 + len(code) * day) % 3 + (2 if when.weekday() == 5 else 0)
            if (day + len(name)) % 4 == 0 and code == "TA03":
                continue
            receipt += 1
            rows.append(f"{when:%d-%m-%Y %H:%M};{receipt};{code};{name};{quantity};3,75")
    rows.append(f"{start:%d-%m-%Y %H:%M};999;BR01;Desem brood;-2;3,75")
    return "\n".join(rows) + "\n"


def test_forecast_writes_one_row_per_product_and_week(tmp_path):
    sales = tmp_path / "kassa.csv"
    sales.write_text(_export(), encoding="utf-8")
    out = tmp_path / "forecast.csv"
    result = CliRunner().invoke(
        app,
        [
            "forecast",
            "--sales",
            str(sales),
            "--out",
            str(out),
            "--horizon",
            "4",
            "--country",
            "NL",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows"] == 20 * 7 * 3 - 35 + 1 and report["products"] == 3
    assert report["first"] == "2025-01-06" and report["last"] == "2025-05-25"
    assert "off by" in report["summary"] and report["rows_written"] == 12
    written = pl.read_csv(out, try_parse_dates=True)
    assert written.columns == ["product_id", "period_start", "forecast", "lo_80", "hi_80", "lo_95", "hi_95"]
    assert sorted(written.get_column("product_id").unique()) == ["BR01", "CR02", "TA03"]
    weeks = sorted(written.get_column("period_start").unique())
    assert weeks == [dt.date(2025, 5, 26) + dt.timedelta(weeks=i) for i in range(4)]
    croissant = written.filter(pl.col("product_id") == "CR02").get_column("forecast")
    assert 40 < croissant.mean() < 90  # about 8 a day, every day
    assert (written.get_column("lo_95") >= 0).all()
    assert (written.get_column("lo_95") <= written.get_column("forecast")).all()
    assert (written.get_column("forecast") <= written.get_column("hi_95")).all()


def test_forecast_text_output_and_bad_frequency(tmp_path):
    sales = tmp_path / "kassa.csv"
    sales.write_text(_export(), encoding="utf-8")
    out = tmp_path / "forecast.csv"
    result = CliRunner().invoke(
        app, ["forecast", "--sales", str(sales), "--out", str(out), "--freq", "month", "--horizon", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 6 rows" in result.stdout
    assert pl.read_csv(out).height == 6
    bad = CliRunner().invoke(app, ["forecast", "--sales", str(sales), "--out", str(out), "--freq", "year"])
    assert bad.exit_code == 2
