"""The data health page and API: owners check, fix, merge and undo; advisors only look."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from rung.engine.schema import CUSTOMER, SALE_LINE
from rung.web.businesses.access import Action, open_store
from rung.web.jobs.models import Job
from rung.web.jobs.runner import run_job
from rung.web.quality import actions


def _customers() -> pl.DataFrame:
    return CUSTOMER.conform(
        pl.DataFrame(
            {
                "customer_id": ["1", "2", "3", "4"],
                "name": ["  Marta   Silva ", "Marta Silva", "João Costa", "Ana Lima"],
                "email": ["marta@example.pt", "marta@example.pt", "joao@example.pt", "ana@example.pt"],
            }
        )
    )


def _sales() -> pl.DataFrame:
    start = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    return SALE_LINE.conform(
        pl.DataFrame(
            {
                "order_id": [f"O{i}" for i in range(8)],
                "line_no": [1] * 8,
                "timestamp": [start + dt.timedelta(days=i) for i in range(8)],
                "customer_id": ["1", "2", "2", "3", "4", "2", "1", "3"],
                "product_id": ["P1"] * 8,
                "quantity": [1.0] * 8,
                "unit_price": [Decimal("2.50")] * 8,
                "currency": ["EUR"] * 8,
            }
        )
    )


@pytest.fixture
def checked(world):
    store = open_store(world.alice, world.bakery, Action.EDIT)
    store.write("customers", _customers(), batch="b1")
    store.write("sale_lines", _sales(), batch="b1")
    return actions.run_check(world.alice, world.bakery, store)


def _run_queued(business) -> None:
    for job in business.jobs.filter(status=Job.Status.QUEUED):
        run_job(str(job.pk))


def test_report_page_shows_score_findings_and_duplicates(world, checked):
    page = world.client(world.alice).get(f"/b/{world.bakery.key}/quality/").content.decode()
    assert f">{checked.score}<small>" in page
    assert 'data-code="extra_spaces"' in page and "Fix it" in page
    assert "Possible duplicates" in page and "marta@example.pt" in page
    assert checked.report["merges"][0]["ids"] == ["1", "2"]
    assert checked.report["merges"][0]["keep"] == "2"  # the id with the most sales stays


def test_fix_then_undo_changes_the_data_and_rechecks(world, checked):
    alice = world.client(world.alice)
    response = alice.post(
        f"/b/{world.bakery.key}/quality/fix/", {"kind": "trim", "entity": "customers", "field": "name"}
    )
    assert response.status_code == 302
    store = open_store(world.alice, world.bakery)
    assert "Marta Silva" in store.read("customers").get_column("name").to_list()
    assert world.bakery.jobs.filter(kind="quality_check").count() == 1
    _run_queued(world.bakery)
    latest = actions.latest(world.bakery)
    assert latest.trigger == "fix" and "extra_spaces" not in {f["code"] for f in latest.report["findings"]}
    fix_id = store.decisions().fixes[0].id
    assert alice.post(f"/b/{world.bakery.key}/quality/fixes/{fix_id}/undo/").status_code == 302
    assert "  Marta   Silva " in store.read("customers").get_column("name").to_list()


def test_a_fix_not_offered_is_refused(world, checked):
    response = world.client(world.alice).post(
        f"/api/businesses/{world.bakery.key}/quality/fixes",
        data={"kind": "case", "entity": "customers", "field": "city"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "not offered" in response.json()["detail"]
    assert open_store(world.alice, world.bakery).decisions().fixes == []


def test_merge_by_api_then_undo(world, checked):
    api = world.client(world.alice)
    key = checked.report["merges"][0]["key"]
    response = api.post(
        f"/api/businesses/{world.bakery.key}/quality/merges",
        data={"suggestion": key, "answer": "accept"},
        content_type="application/json",
    )
    assert response.status_code == 200
    store = open_store(world.alice, world.bakery)
    assert set(store.read("sale_lines").get_column("customer_id")) == {"2", "3", "4"}
    assert actions.latest(world.bakery).report["merges"] == []
    fix_id = response.json()[0]["id"]
    api.post(f"/api/businesses/{world.bakery.key}/quality/fixes/{fix_id}/undo")
    assert set(store.read("sale_lines").get_column("customer_id")) == {"1", "2", "3", "4"}
    history = api.get(f"/api/businesses/{world.bakery.key}/quality").json()
    assert history["score"] == checked.score and history["history"][0]["score"] == checked.score


def test_rejected_merge_is_not_suggested_again(world, checked):
    key = checked.report["merges"][0]["key"]
    world.client(world.alice).post(
        f"/b/{world.bakery.key}/quality/merge/", {"suggestion": key, "answer": "reject"}
    )
    again = actions.run_check(world.alice, world.bakery, open_store(world.alice, world.bakery))
    assert key not in {m["key"] for m in again.report["merges"]}


def test_advisor_sees_the_report_but_cannot_fix(world, checked):
    ada = world.client(world.ada)
    assert ada.get(f"/b/{world.bakery.key}/quality/").status_code == 200
    assert "Fix it" not in ada.get(f"/b/{world.bakery.key}/quality/").content.decode()
    assert ada.get(f"/api/businesses/{world.bakery.key}/quality").json()["score"] == checked.score
    response = ada.post(
        f"/b/{world.bakery.key}/quality/fix/", {"kind": "trim", "entity": "customers", "field": "name"}
    )
    assert response.status_code == 403
    assert open_store(world.alice, world.bakery).decisions().fixes == []


def test_an_import_queues_a_check_linked_to_it(world):
    from rung.web.businesses.actions import load_sample_data

    store = open_store(world.alice, world.bakery, Action.EDIT)
    batch = load_sample_data(world.alice, world.bakery, store)
    job = world.bakery.jobs.get(kind="quality_check")
    assert job.params == {"trigger": "import", "batch": batch.batch_key}


def test_program_advisor_sees_the_score_move(world, checked):
    from rung.web.quality.models import QualityCheck

    QualityCheck.objects.create(business=world.bakery, score=91, dimensions={}, report={})
    page = world.client(world.ada).get(f"/programs/{world.program.key}/").content.decode()
    assert f"{checked.score} → 91" in page


def test_cli_checks_a_business_and_keeps_the_check(world, checked):
    import json

    from typer.testing import CliRunner

    from rung.cli.main import app

    result = CliRunner().invoke(app, ["quality", "--business", world.bakery.key, "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["score"] == checked.score
    assert world.bakery.quality_checks.count() == 2
    missing = CliRunner().invoke(app, ["quality", "--business", "nope"])
    assert missing.exit_code == 1 and "No business" in missing.output
