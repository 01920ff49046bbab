"""Customer insights page, job, API and contact lists: owners analyse, advisors read, outsiders get 404."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import polars as pl
import pytest

from rung.engine.customers import SEGMENTS
from rung.engine.schema import CUSTOMER, SALE_LINE
from rung.web.businesses import actions as business_actions
from rung.web.businesses.access import Action, open_store
from rung.web.customers import actions
from rung.web.jobs.models import Job
from rung.web.jobs.runner import run_job


@pytest.fixture
def sample(world):
    """Alice's Bakery with the bundled sample shop's sales (1,097 customers, a year of orders)."""
    store = open_store(world.alice, world.bakery, Action.EDIT)
    business_actions.load_sample_data(world.alice, world.bakery, store)
    return store


def _analyse(world, client):
    response = client.post(f"/b/{world.bakery.key}/customers/run/")
    assert response.status_code == 302
    job = world.bakery.jobs.get(kind="customers")
    assert response.url == f"/jobs/{job.pk}/"
    done = run_job(str(job.pk))
    assert done.status == Job.Status.SUCCEEDED, done.error
    return actions.latest(world.bakery)


def test_owner_analyses_the_sample_shop_and_reads_the_segments(world, sample):
    alice = world.client(world.alice)
    assert "No customer analysis yet" in alice.get(f"/b/{world.bakery.key}/customers/").content.decode()
    run = _analyse(world, alice)
    assert run.summary["customers"] == 1097
    assert sum(run.summary["segments"].values()) == 1097
    page = alice.get(f"/b/{world.bakery.key}/customers/").content.decode()
    assert "1,097 customers bought from you" in page
    for name in ("Champions", "Can&#x27;t lose", "Hibernating"):
        assert name in page
    assert 'id="spec-segments"' in page and 'id="spec-cohorts"' in page
    assert (
        'data-testid="at-risk"' in page and 'data-testid="cohorts"' in page and 'data-testid="pairs"' in page
    )
    assert "Run again" in page
    dashboard = alice.get(f"/b/{world.bakery.key}/").content.decode()
    assert f"/b/{world.bakery.key}/customers/" in dashboard


def test_page_is_in_dutch_for_a_dutch_reader(world, sample):
    alice = world.client(world.alice)
    _analyse(world, alice)
    world.alice.language = "nl"
    world.alice.save()
    page = alice.get(f"/b/{world.bakery.key}/customers/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Klantinzichten" in page
    assert "1.097" in page  # the summary's numbers with Dutch digit grouping


def test_api_queues_and_returns_the_latest_analysis(world, sample):
    alice = world.client(world.alice)
    assert alice.get(f"/api/businesses/{world.bakery.key}/customers").status_code == 400
    queued = alice.post(f"/api/businesses/{world.bakery.key}/customers")
    assert queued.status_code == 202
    assert run_job(queued.json()["job"]).status == Job.Status.SUCCEEDED
    latest = alice.get(f"/api/businesses/{world.bakery.key}/customers").json()
    assert [s["segment"] for s in latest["segments"]] == list(SEGMENTS)
    assert latest["currency"] == "GBP" and latest["summary"]["customers"] == 1097
    risky = latest["at_risk"]
    assert 0 < len(risky) <= 20
    assert {r["segment"] for r in risky} <= {"at_risk", "cant_lose", "needs_attention"}
    values = [r["clv_12m"] for r in risky]
    assert values == sorted(values, reverse=True)
    listed = alice.get(f"/api/businesses/{world.bakery.key}/customers/list?segment=champions&limit=50").json()
    champions = latest["segments"][0]["customers"]
    assert listed["total"] == champions and len(listed["customers"]) == min(50, champions)
    assert {r["segment"] for r in listed["customers"]} == {"champions"}
    second = alice.get(
        f"/api/businesses/{world.bakery.key}/customers/list?segment=champions&limit=50&offset=50"
    ).json()
    ids = [r["customer_id"] for r in listed["customers"] + second["customers"]]
    assert len(ids) == len(set(ids))
    everyone = alice.get(f"/api/businesses/{world.bakery.key}/customers/list?limit=1000").json()
    assert everyone["total"] == 1097 and len(everyone["customers"]) == 1000
    bad = alice.get(f"/api/businesses/{world.bakery.key}/customers/list?segment=vip")
    assert bad.status_code == 400


def test_contact_list_downloads_as_csv(world, sample):
    alice = world.client(world.alice)
    run = _analyse(world, alice)
    base = f"/b/{world.bakery.key}/customers/{run.run_key}"
    response = alice.get(f"{base}/contacts-champions.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    listed = pl.read_csv(io.BytesIO(response.content), schema_overrides={"customer_id": pl.String})
    assert listed.columns[:2] == ["segment", "customer_id"]
    assert listed.height == run.summary["segments"]["champions"]
    assert set(listed.get_column("segment")) == {"champions"}
    assert alice.get(f"{base}/contacts-vip.csv").status_code == 404
    assert alice.get(f"/b/{world.bakery.key}/customers/cu-000000000000/contacts-lost.csv").status_code == 404


def test_contact_lists_leave_out_customers_without_consent(world):
    store = open_store(world.alice, world.bakery, Action.EDIT)
    start = dt.datetime(2025, 1, 6, 10, tzinfo=dt.UTC)
    rows = [
        {
            "order_id": f"{c}-{n}",
            "line_no": 1,
            "timestamp": start + dt.timedelta(days=7 * n + c),
            "customer_id": f"C{c}",
            "product_id": "P1",
            "quantity": 1.0,
            "unit_price": Decimal("5.00"),
            "currency": "EUR",
        }
        for c in range(30)
        for n in range(1 + c % 4)
    ]
    store.write("sale_lines", SALE_LINE.conform(pl.DataFrame(rows)), batch="b1")
    people = pl.DataFrame(
        {
            "customer_id": [f"C{c}" for c in range(30)],
            "name": [f"Person {c}" for c in range(30)],
            "email": [f"p{c}@example.com" for c in range(30)],
            "marketing_opt_in": [c % 2 == 0 for c in range(30)],
        }
    )
    store.write("customers", CUSTOMER.conform(people), batch="b1")
    alice = world.client(world.alice)
    run = _analyse(world, alice)
    base = f"/b/{world.bakery.key}/customers/{run.run_key}"
    listed = []
    for segment, count in run.summary["segments"].items():
        if count:
            response = alice.get(f"{base}/contacts-{segment}.csv")
            assert response.status_code == 200
            if response.content.strip().count(b"\n"):
                listed.append(pl.read_csv(io.BytesIO(response.content)))
    both = pl.concat(listed, how="diagonal_relaxed")
    assert set(both.get_column("customer_id")) == {f"C{c}" for c in range(0, 30, 2)}
    assert "email" in both.columns
    page = alice.get(f"/b/{world.bakery.key}/customers/").content.decode()
    assert "who agreed to marketing messages" in page


def test_advisor_reads_but_cannot_analyse(world, sample):
    _analyse(world, world.client(world.alice))
    ada = world.client(world.ada)
    page = ada.get(f"/b/{world.bakery.key}/customers/")
    assert page.status_code == 200 and 'data-testid="customers-form"' not in page.content.decode()
    assert ada.post(f"/b/{world.bakery.key}/customers/run/").status_code == 403
    assert ada.post(f"/api/businesses/{world.bakery.key}/customers").status_code == 403
    assert ada.get(f"/api/businesses/{world.bakery.key}/customers").status_code == 200
    assert world.bakery.jobs.filter(kind="customers").count() == 1


def test_outsider_gets_404_by_url_api_and_job_id(world, sample):
    run = _analyse(world, world.client(world.alice))
    job = world.bakery.jobs.get(kind="customers")
    charlie = world.client(world.charlie)
    key = world.bakery.key
    for path in (
        f"/b/{key}/customers/",
        f"/b/{key}/customers/{run.run_key}/contacts-champions.csv",
        f"/api/businesses/{key}/customers",
        f"/api/businesses/{key}/customers/list",
        f"/jobs/{job.pk}/",
        f"/api/jobs/{job.pk}",
    ):
        assert charlie.get(path).status_code == 404, path
    assert charlie.post(f"/b/{key}/customers/run/").status_code == 404
    assert charlie.post(f"/api/businesses/{key}/customers").status_code == 404
    assert world.bakery.jobs.filter(kind="customers").count() == 1


def test_no_sales_fails_the_job_with_a_clear_message(world):
    alice = world.client(world.alice)
    alice.post(f"/b/{world.bakery.key}/customers/run/")
    done = run_job(str(world.bakery.jobs.get(kind="customers").pk))
    assert done.status == Job.Status.FAILED and "Import your sales first" in done.error


def test_cli_analyses_a_business_and_writes_one_row_per_customer(world, sample, tmp_path):
    from typer.testing import CliRunner

    from rung.cli.main import app

    out = tmp_path / "customers.csv"
    result = CliRunner().invoke(app, ["customers", "--business", world.bakery.key, "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = pl.read_csv(out, schema_overrides={"customer_id": pl.String})
    assert written.height == 1097 and written.get_column("customer_id").n_unique() == 1097
    assert actions.latest(world.bakery) is not None
