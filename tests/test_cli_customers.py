"""`rung customers --sales FILE`: the shipped sample shop's real export (UCI Online Retail), no business."""

from __future__ import annotations

import gzip
import json

import polars as pl
import pytest
from typer.testing import CliRunner

from rung.cli.main import app
from rung.engine.sample_data import SAMPLE_PATH

COLUMNS = [
    "customer_id",
    "segment",
    "recency_days",
    "frequency",
    "monetary",
    "churn_probability",
    "expected_purchases_90d",
    "clv_12m",
]


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """The export as the shop's system wrote it: CustomerID as "17850.0", cancellations as C-invoices."""
    path = tmp_path_factory.mktemp("shop") / "online_retail.csv"
    path.write_bytes(gzip.decompress(SAMPLE_PATH.read_bytes()))
    return path


def _buyers(path) -> set[str]:
    raw = pl.read_csv(path, infer_schema=False)
    bought = raw.filter(
        pl.col("CustomerID").is_not_null()
        & ~pl.col("InvoiceNo").str.starts_with("C")
        & (pl.col("Quantity").cast(pl.Float64) > 0)
    )
    return set(bought.get_column("CustomerID").str.replace(r"\.0$", "").to_list())


def test_customers_writes_one_row_per_customer(export, tmp_path):
    out = tmp_path / "customers.csv"
    result = CliRunner().invoke(
        app, ["customers", "--sales", str(export), "--out", str(out), "--country", "GB", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows"] == 133_143 and report["first"] == "2010-12-01" and report["last"] == "2011-12-09"
    written = pl.read_csv(out, schema_overrides={"customer_id": pl.String})
    assert written.columns == COLUMNS
    ids = written.get_column("customer_id")
    assert ids.null_count() == 0 and ids.n_unique() == written.height
    assert set(ids.to_list()) == _buyers(export)
    assert report["rows_written"] == written.height
    assert report["customers"] == written.height + 6  # six customers only ever returned something
    assert sum(report["segments"].values()) == written.height
    churn = written.get_column("churn_probability")
    assert churn.null_count() == 0 and churn.min() >= 0 and churn.max() <= 1
    assert (written.get_column("expected_purchases_90d") >= 0).all()
    assert (written.get_column("frequency") >= 1).all()
    assert "customers bought from you" in report["summary"]


def test_customers_text_output_says_what_it_understood(export, tmp_path):
    out = tmp_path / "customers.csv"
    people = tmp_path / "klanten.csv"
    people.write_text("Klantnummer;Naam;E-mail\n12348;Anna de Vries;anna@example.nl\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["customers", "--sales", str(export), "--out", str(out), "--customers", str(people)]
    )
    assert result.exit_code == 0, result.output
    assert "online_retail.csv: 133143 sale lines, 1103 customers" in result.output
    assert "klanten.csv: 1 customers" in result.output
    assert f"Wrote {pl.read_csv(out).height} customers to" in result.output
    missing = CliRunner().invoke(app, ["customers", "--sales", str(export)])
    assert missing.exit_code == 2
