"""The API's schema and its answers on real data."""

from __future__ import annotations

import pytest
from django.test import Client

from rung.web.jobs.models import Job
from rung.web.jobs.runner import run_job


def test_openapi_schema_is_served_and_lists_endpoints(db):
    schema = Client().get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Rung API"
    assert {"/api/businesses", "/api/businesses/{key}/overview", "/api/jobs/{job_id}"} <= set(schema["paths"])


def test_api_docs_page_uses_no_cdn(db):
    page = Client().get("/api/docs").content.decode()
    assert "cdn" not in page.lower()


def test_api_refuses_anonymous(db):
    assert Client().get("/api/businesses").status_code == 401


@pytest.mark.django_db(transaction=True)
def test_overview_matches_the_stored_sales(world):
    run_job(
        str(Job.objects.create(business=world.bakery, kind="load_sample_data", created_by=world.alice).pk)
    )
    data = world.client(world.bob).get(f"/api/businesses/{world.bakery.key}/overview").json()
    assert data["currency"] == "GBP"
    months = data["revenue_by_month"]
    assert len(months) == 13 and months[0]["month"] == "2010-12-01"
    assert sum(m["revenue"] for m in months) == pytest.approx(data["net_revenue"], abs=0.05)
    assert data["orders"] == sum(m["orders"] for m in months)
    assert len(data["top_products"]) == 10
    revenues = [p["revenue"] for p in data["top_products"]]
    assert revenues == sorted(revenues, reverse=True)
