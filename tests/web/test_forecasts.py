"""The forecast page, job, API and purchase order: owners forecast, advisors read, outsiders see nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import polars as pl
import pytest

from rung.engine.schema import INVENTORY_SNAPSHOT, PRODUCT, SALE_LINE
from rung.web.businesses.access import Action, open_store
from rung.web.forecasts import actions
from rung.web.jobs.models import Job
from rung.web.jobs.runner import run_job

START = dt.datetime(2025, 1, 6, 10, tzinfo=dt.UTC)


def _sales() -> pl.DataFrame:
    rows = []
    for week in range(60):
        for p in range(6):
            units = (p + 1) * 3 + (week % 4)  # steady products with a small monthly wiggle
            rows.append(
                {
                    "order_id": f"{week}-{p}",
                    "line_no": 1,
                    "timestamp": START + dt.timedelta(weeks=week, days=p % 5),
                    "product_id": f"P{p}",
                    "quantity": float(units),
                    "unit_price": Decimal("2.00"),
                    "currency": "EUR",
                }
            )
    return SALE_LINE.conform(pl.DataFrame(rows))


@pytest.fixture
def stocked(world):
    store = open_store(world.alice, world.bakery, Action.EDIT)
    store.write("sale_lines", _sales(), batch="b1")
    store.write(
        "products",
        PRODUCT.conform(
            pl.DataFrame(
                {
                    "product_id": [f"P{p}" for p in range(6)],
                    "name": [f"Bread {p}" for p in range(6)],
                    "category": ["bread", "bread", "bread", "cake", "cake", "cake"],
                    "unit_cost": [Decimal("0.80")] * 6,
                    "currency": ["EUR"] * 6,
                }
            )
        ),
        batch="b1",
    )
    last = START + dt.timedelta(weeks=60)
    store.write(
        "inventory_snapshots",
        INVENTORY_SNAPSHOT.conform(
            pl.DataFrame({"product_id": ["P0", "P5"], "as_of": [last, last], "on_hand": [500.0, 0.0]})
        ),
        batch="b1",
    )
    return store


def _forecast(world, client, **form):
    response = client.post(f"/b/{world.bakery.key}/forecast/run/", {"freq": "week", "horizon": 4, **form})
    assert response.status_code == 302
    job = world.bakery.jobs.get(kind="forecast")
    done = run_job(str(job.pk))
    assert done.status == Job.Status.SUCCEEDED, done.error
    return actions.latest(world.bakery)


def test_owner_forecasts_and_reads_the_advice(world, stocked):
    alice = world.client(world.alice)
    run = _forecast(world, alice, service_level="90")
    assert run.horizon == 4 and run.service_level == pytest.approx(0.9)
    page = alice.get(f"/b/{world.bakery.key}/forecast/").content.decode()
    assert 'id="spec-forecast"' in page and 'data-testid="reorder"' in page
    assert "Bread 5" in page
    cake = alice.get(f"/b/{world.bakery.key}/forecast/?category=cake").content.decode()
    assert "Bread 5" in cake and "Bread 0" not in cake
    api = alice.get(f"/api/businesses/{world.bakery.key}/forecast").json()
    assert {r["key"] for r in api["forecasts"]} == {f"P{p}" for p in range(6)}
    assert len(api["forecasts"]) == 6 * 4
    total = alice.get(f"/api/businesses/{world.bakery.key}/forecast?level=total").json()["forecasts"]
    assert sum(r["forecast"] for r in total) == pytest.approx(sum(r["forecast"] for r in api["forecasts"]))
    reorder = alice.get(f"/api/businesses/{world.bakery.key}/forecast/reorder").json()
    advice = {r["product_id"]: r for r in reorder}
    assert advice["P5"]["suggested_order"] > 0  # nothing on hand
    assert advice["P0"]["suggested_order"] == 0  # 500 on hand for ~3 a week


def test_purchase_order_downloads_as_csv_and_excel(world, stocked):
    alice = world.client(world.alice)
    run = _forecast(world, alice)
    base = f"/b/{world.bakery.key}/forecast/{run.run_key}/purchase-order"
    csv = b"".join(alice.get(base + ".csv").streaming_content).decode()
    order = pl.read_csv(io.StringIO(csv))
    assert "P5" in order.row(0, named=True).values() or "P5" in csv
    assert "P0" not in csv
    xlsx = b"".join(alice.get(base + ".xlsx").streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert any("P5" in str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert alice.get(base + ".pdf").status_code == 404


def test_advisor_reads_but_cannot_forecast(world, stocked):
    _forecast(world, world.client(world.alice))
    ada = world.client(world.ada)
    assert ada.get(f"/b/{world.bakery.key}/forecast/").status_code == 200
    assert 'data-testid="forecast-form"' not in ada.get(f"/b/{world.bakery.key}/forecast/").content.decode()
    assert ada.post(f"/b/{world.bakery.key}/forecast/run/", {"freq": "week"}).status_code == 403
    assert world.bakery.jobs.filter(kind="forecast").count() == 1


def test_no_sales_fails_the_job_with_a_clear_message(world):
    alice = world.client(world.alice)
    alice.post(f"/b/{world.bakery.key}/forecast/run/", {"freq": "week", "horizon": 4})
    done = run_job(str(world.bakery.jobs.get(kind="forecast").pk))
    assert done.status == Job.Status.FAILED and "Import your sales first" in done.error


def test_bad_settings_are_refused(world, stocked):
    response = world.client(world.alice).post(
        f"/api/businesses/{world.bakery.key}/forecast",
        data={"freq": "year", "horizon": 4},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_cli_forecasts_a_business_and_writes_its_product_rows(world, stocked, tmp_path):
    from typer.testing import CliRunner

    from rung.cli.main import app

    out = tmp_path / "forecast.csv"
    result = CliRunner().invoke(
        app, ["forecast", "--business", world.bakery.key, "--horizon", "3", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    written = pl.read_csv(out)
    assert written.height == 6 * 3 and written.columns[:2] == ["product_id", "period_start"]
    assert actions.latest(world.bakery).horizon == 3
