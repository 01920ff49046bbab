"""The bundled sample shop maps to canonical tables without losing or bending a row."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import polars as pl
import pytest

from rung.engine import sample_data
from rung.engine.overview import build_overview
from rung.engine.schema import ENTITIES


@pytest.fixture(scope="module")
def raw() -> pl.DataFrame:
    return sample_data.read_sample()


@pytest.fixture(scope="module")
def tables(raw: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return sample_data.to_canonical(raw)


def test_raw_sample_is_the_documented_layout(raw: pl.DataFrame) -> None:
    assert raw.columns == [
        "InvoiceNo",
        "StockCode",
        "Description",
        "Quantity",
        "InvoiceDate",
        "UnitPrice",
        "CustomerID",
        "Country",
    ]
    assert all(dtype == pl.String for dtype in raw.dtypes), "the raw export is read as text"
    assert raw.height > 100_000


def test_every_table_fits_its_entity(tables: dict[str, pl.DataFrame]) -> None:
    assert set(tables) == {"sale_lines", "customers", "products"}
    for name, df in tables.items():
        ent = ENTITIES[name]
        assert df.schema == ent.polars_schema(), name
        assert ent.conform(df).equals(df), name
        assert df.height > 0, name


def test_no_sale_line_is_lost(raw: pl.DataFrame, tables: dict[str, pl.DataFrame]) -> None:
    lines = tables["sale_lines"]
    assert lines.height == raw.height
    assert lines.get_column("order_id").to_list() == raw.get_column("InvoiceNo").to_list()
    assert lines.get_column("quantity").sum() == raw.get_column("Quantity").cast(pl.Int64).sum()
    # money survives exactly: the canonical prices add up to the same cents as the raw text
    raw_total = sum((Decimal(p) for p in raw.get_column("UnitPrice")), Decimal(0))
    assert lines.get_column("unit_price").sum() == raw_total


def test_line_numbers_are_unique_and_count_from_one_within_each_order(
    tables: dict[str, pl.DataFrame],
) -> None:
    lines = tables["sale_lines"]
    assert not lines.select("order_id", "line_no").is_duplicated().any()
    per_order = lines.group_by("order_id").agg(
        n=pl.len(),
        first=pl.col("line_no").min(),
        last=pl.col("line_no").max(),
        distinct=pl.col("line_no").n_unique(),
    )
    assert (per_order.get_column("first") == 1).all()
    assert (per_order.get_column("last") == per_order.get_column("n")).all()
    assert (per_order.get_column("distinct") == per_order.get_column("n")).all()


def test_cancellations_are_flagged_as_returns(raw: pl.DataFrame, tables: dict[str, pl.DataFrame]) -> None:
    lines = tables["sale_lines"]
    cancelled = [invoice.startswith("C") for invoice in raw.get_column("InvoiceNo")]
    assert any(cancelled), "the sample includes cancellations"
    assert lines.get_column("return_flag").to_list() == cancelled
    assert (lines.filter(pl.col("return_flag")).get_column("quantity") < 0).all()


def test_timestamps_are_london_time_converted_to_utc(
    raw: pl.DataFrame, tables: dict[str, pl.DataFrame]
) -> None:
    lines = tables["sale_lines"]
    assert lines.schema["timestamp"] == pl.Datetime("us", "UTC")
    london = ZoneInfo("Europe/London")
    winter = raw.with_row_index().filter(pl.col("InvoiceDate").str.starts_with("2010-12")).row(0, named=True)
    summer = raw.with_row_index().filter(pl.col("InvoiceDate").str.starts_with("2011-07")).row(0, named=True)
    for row in (winter, summer):
        local = datetime.strptime(row["InvoiceDate"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=london)
        got = lines.row(row["index"], named=True)
        assert got["order_id"] == row["InvoiceNo"]
        assert got["timestamp"] == local.astimezone(UTC)
    summer_got = lines.row(summer["index"], named=True)["timestamp"]
    assert summer_got.hour == int(summer["InvoiceDate"][11:13]) - 1, "British Summer Time is UTC+1"


def test_customers_are_the_buyers_of_the_sale_lines(
    raw: pl.DataFrame, tables: dict[str, pl.DataFrame]
) -> None:
    lines, customers = tables["sale_lines"], tables["customers"]
    ids = customers.get_column("customer_id")
    assert ids.is_unique().all()
    assert not ids.str.ends_with(".0").any(), "17850.0 in the export is customer 17850"
    assert set(ids) == set(lines.get_column("customer_id").drop_nulls())
    assert set(ids) == {c.removesuffix(".0") for c in raw.get_column("CustomerID").drop_nulls()}
    assert lines.get_column("customer_id").null_count() == raw.get_column("CustomerID").null_count()
    assert customers.get_column("country").null_count() == 0
    first_seen = lines.group_by("customer_id").agg(first=pl.col("timestamp").min())
    joined = customers.join(first_seen, on="customer_id")
    assert (joined.get_column("first_seen") == joined.get_column("first")).all()


def test_every_product_on_a_sale_line_is_listed(tables: dict[str, pl.DataFrame]) -> None:
    lines, products = tables["sale_lines"], tables["products"]
    ids = products.get_column("product_id")
    assert ids.is_unique().all()
    assert set(lines.get_column("product_id")) <= set(ids)
    assert (products.get_column("currency") == sample_data.SAMPLE_CURRENCY).all()
    assert products.get_column("name").null_count() < products.height


def test_everything_is_in_pounds(tables: dict[str, pl.DataFrame]) -> None:
    lines = tables["sale_lines"]
    assert lines.get_column("currency").unique().to_list() == [sample_data.SAMPLE_CURRENCY]
    assert lines.get_column("unit").unique().to_list() == ["piece"]


def test_the_mapping_is_deterministic(raw: pl.DataFrame, tables: dict[str, pl.DataFrame]) -> None:
    again = sample_data.to_canonical(raw)
    for name, df in tables.items():
        assert again[name].equals(df), name


def test_overview_of_the_sample_matches_the_raw_file(
    raw: pl.DataFrame, tables: dict[str, pl.DataFrame]
) -> None:
    ov = build_overview(tables["sale_lines"])
    expected = sum(
        (Decimal(q) * Decimal(p) for q, p in raw.select("Quantity", "UnitPrice").iter_rows()), Decimal(0)
    )
    assert ov.net_revenue == expected
    assert ov.currency == "GBP"
    assert ov.other_currencies == ()
    sales = raw.filter(~pl.col("InvoiceNo").str.starts_with("C"), pl.col("Quantity").cast(pl.Int64) >= 0)
    assert ov.orders == sales.get_column("InvoiceNo").n_unique()


def test_progress_is_reported_with_increasing_percentages(raw: pl.DataFrame) -> None:
    calls: list[tuple[int, str]] = []
    sample_data.to_canonical(raw.head(500), lambda percent, message: calls.append((percent, message)))
    assert len(calls) >= 2
    percents = [p for p, _ in calls]
    assert percents == sorted(percents)
    assert len(set(percents)) == len(percents), "each report moves forward"
    assert all(0 <= p <= 100 for p in percents)
    assert all(isinstance(m, str) and m for _, m in calls)
