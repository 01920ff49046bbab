"""Every state-changing request needs the CSRF token, from pages and from the API alike."""

from __future__ import annotations

import pytest
from django.test import Client

from rung.web.jobs.models import Job

from .conftest import PASSWORD


@pytest.fixture
def strict(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 403  # even the log-in form needs its token
    client.get("/account/login/")
    token = client.cookies["csrftoken"].value
    client.post("/account/login/", {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert "_auth_user_id" in client.session
    return client


def test_state_changing_requests_without_token_are_refused(world, strict):
    job = Job.objects.create(
        business=world.bakery, kind="load_sample_data", created_by=world.alice, status="failed"
    )
    attempts = [
        f"/b/{world.bakery.key}/sample/",
        f"/b/{world.bakery.key}/delete/",
        f"/jobs/{job.pk}/retry/",
        f"/api/businesses/{world.bakery.key}/jobs",
        f"/api/jobs/{job.pk}/retry",
        "/i18n/setlang/",
        "/b/new/",
    ]
    for path in attempts:
        assert strict.post(path, data={"kind": "load_sample_data", "language": "nl"}).status_code == 403, path
    assert world.bakery.jobs.count() == 1
    job.refresh_from_db()
    assert job.status == "failed"
    world.alice.refresh_from_db()
    assert world.alice.language == ""


def test_api_post_with_token_is_accepted(world, strict):
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        f"/api/businesses/{world.bakery.key}/jobs",
        data={"kind": "load_sample_data"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201
