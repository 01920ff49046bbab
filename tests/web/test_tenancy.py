"""Cross-tenant attempts by URL, API and job id: all refused, and nothing changes.

Every page and endpoint that takes a business, job or program id is listed here; a new
one must be added to these lists (test_every_route_is_covered fails otherwise).
"""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver

from rung.engine.quality import fixes
from rung.web.assess.models import Assessment
from rung.web.businesses.access import Action, open_store
from rung.web.businesses.models import ImportBatch
from rung.web.customers.models import CustomersRun
from rung.web.feedback.models import FeedbackRun
from rung.web.forecasts.models import ForecastRun
from rung.web.jobs.models import Job
from rung.web.quality.models import QualityCheck

UPLOAD = {"files": "a small CSV"}  # sent as a real multipart upload by _call
BATCH = "import-0123456789ab"  # an import of Alice's business (see the failed_job fixture)
FIX = "0123456789ab"  # a fix of Alice's data (see the failed_job fixture)
RUN = "fc-0123456789ab"  # a forecast, a customer and a feedback analysis of Alice's business (see failed_job)
SEGMENT = "champions"
ASSESSMENT = 4242  # a finished assessment round of Alice's business (see failed_job)

# (method, path template, payload)
BUSINESS_ROUTES = [
    ("get", "/b/{key}/", None),
    ("get", "/b/{key}/delete/", None),
    ("post", "/b/{key}/delete/", None),
    ("post", "/b/{key}/sample/", None),
    ("get", "/b/{key}/people/", None),
    ("get", "/b/{key}/import/", None),
    ("post", "/b/{key}/import/", UPLOAD),
    ("get", "/b/{key}/imports/{batch}/", None),
    ("get", "/b/{key}/imports/{batch}/quarantine.csv", None),
    ("post", "/b/{key}/imports/{batch}/undo/", None),
    ("get", "/b/{key}/imports/{batch}/check/", None),
    ("post", "/b/{key}/imports/{batch}/check/", None),
    ("get", "/api/businesses/{key}/imports", None),
    ("post", "/api/businesses/{key}/imports", UPLOAD),
    ("get", "/api/businesses/{key}/imports/{batch}", None),
    ("post", "/api/businesses/{key}/imports/{batch}/undo", None),
    ("post", "/b/{key}/people/", {"do": "add", "person": "charlie", "role": "owner"}),
    ("get", "/api/businesses/{key}", None),
    ("get", "/api/businesses/{key}/overview", None),
    ("get", "/api/businesses/{key}/jobs", None),
    ("post", "/api/businesses/{key}/jobs", {"kind": "load_sample_data"}),
    ("get", "/b/{key}/quality/", None),
    ("post", "/b/{key}/quality/check/", None),
    ("post", "/b/{key}/quality/fix/", {"kind": "trim", "entity": "customers", "field": "name"}),
    ("post", "/b/{key}/quality/fixes/{fix}/undo/", None),
    ("post", "/b/{key}/quality/merge/", {"suggestion": "customers:1|2", "answer": "accept"}),
    ("get", "/api/businesses/{key}/quality", None),
    ("post", "/api/businesses/{key}/quality/check", None),
    ("get", "/api/businesses/{key}/quality/fixes", None),
    ("post", "/api/businesses/{key}/quality/fixes", {"kind": "trim", "entity": "customers", "field": "name"}),
    ("post", "/api/businesses/{key}/quality/fixes/{fix}/undo", None),
    ("post", "/api/businesses/{key}/quality/merges", {"suggestion": "customers:1|2", "answer": "accept"}),
    ("get", "/b/{key}/forecast/", None),
    ("post", "/b/{key}/forecast/run/", None),
    ("get", "/b/{key}/forecast/{run}/purchase-order.{fmt}", None),
    ("get", "/api/businesses/{key}/forecast", None),
    ("post", "/api/businesses/{key}/forecast", {"freq": "week", "horizon": 8}),
    ("get", "/api/businesses/{key}/forecast/reorder", None),
    ("get", "/b/{key}/customers/", None),
    ("post", "/b/{key}/customers/run/", None),
    ("get", "/b/{key}/customers/{run}/contacts-{segment}.csv", None),
    ("get", "/api/businesses/{key}/customers", None),
    ("post", "/api/businesses/{key}/customers", None),
    ("get", "/api/businesses/{key}/customers/list", None),
    ("get", "/b/{key}/feedback/", None),
    ("post", "/b/{key}/feedback/run/", None),
    ("get", "/b/{key}/feedback/{run}/scored.csv", None),
    ("get", "/api/businesses/{key}/feedback", None),
    ("post", "/api/businesses/{key}/feedback", None),
    ("get", "/api/businesses/{key}/feedback/queue", None),
    ("get", "/b/{key}/assessment/", None),
    ("post", "/b/{key}/assessment/start/", None),
    ("get", "/b/{key}/assessment/{assessment}/", None),
    ("post", "/b/{key}/assessment/{assessment}/", {"step": 1, "s_goals": 0, "go": "finish"}),
    ("get", "/b/{key}/assessment/{assessment}/result/", None),
    ("get", "/api/businesses/{key}/assessments", None),
    ("get", "/api/businesses/{key}/assessments/questionnaire", None),
    ("post", "/api/businesses/{key}/assessments/answers", {"answers": {"s_goals": 0}}),
    ("post", "/api/businesses/{key}/assessments/{assessment}/finish", None),
    ("get", "/api/businesses/{key}/assessments/{assessment}", None),
]
JOB_ROUTES = [
    ("get", "/jobs/{job}/", None),
    ("get", "/jobs/{job}/progress/", None),
    ("post", "/jobs/{job}/retry/", None),
    ("get", "/api/jobs/{job}", None),
    ("post", "/api/jobs/{job}/retry", None),
]
PROGRAM_ROUTES = [
    ("get", "/programs/{program}/", None),
    ("get", "/api/programs/{program}", None),
]


def _call(client, method, path, payload):
    if payload is None:
        return getattr(client, method)(path)
    if payload == UPLOAD:
        return client.post(path, {"files": [SimpleUploadedFile("sales.csv", b"order;qty\n1;2\n")]})
    return getattr(client, method)(path, data=json.dumps(payload), content_type="application/json")


def _alice_store(world):
    return open_store(world.alice, world.bakery, Action.EDIT)


@pytest.fixture
def failed_job(world):
    ImportBatch.objects.create(
        business=world.bakery, batch_key=BATCH, source="upload", created_by=world.alice
    )
    _alice_store(world).add_fix(fixes.Fix(FIX, "trim", "customers", "name", created_by="alice"))
    ForecastRun.objects.create(business=world.bakery, run_key=RUN, created_by=world.alice)
    CustomersRun.objects.create(business=world.bakery, run_key=RUN, created_by=world.alice)
    FeedbackRun.objects.create(business=world.bakery, run_key=RUN, created_by=world.alice)
    Assessment.objects.create(
        pk=ASSESSMENT,
        business=world.bakery,
        status=Assessment.Status.DRAFT,
        answers={str(world.alice.pk): {"s_goals": 3}},
        created_by=world.alice,
    )
    QualityCheck.objects.create(
        business=world.bakery,
        score=80,
        report={"merges": [{"key": "customers:1|2", "entity": "customers", "ids": ["1", "2"], "keep": "1"}]},
    )
    return Job.objects.create(
        business=world.bakery,
        kind="load_sample_data",
        created_by=world.alice,
        status=Job.Status.FAILED,
        error="x",
    )


@pytest.mark.parametrize(("method", "template", "payload"), BUSINESS_ROUTES)
def test_outsider_cannot_reach_another_business(world, failed_job, method, template, payload):
    path = template.format(
        key=world.bakery.key, batch=BATCH, fix=FIX, run=RUN, fmt="csv", segment=SEGMENT, assessment=ASSESSMENT
    )
    response = _call(world.client(world.charlie), method, path, payload)
    assert response.status_code == 404
    assert list(Assessment.objects.values_list("pk", "status", "answers")) == [
        (ASSESSMENT, "draft", {str(world.alice.pk): {"s_goals": 3}})
    ]
    assert world.bakery.jobs.count() == 1
    assert world.bakery.imports.get().status == "stored"
    assert type(world.bakery).objects.filter(pk=world.bakery.pk).exists()
    decisions = _alice_store(world).decisions()
    assert [f.id for f in decisions.active] == [FIX] and decisions.rejected == []
    assert world.bakery.quality_checks.get().report["merges"]


@pytest.mark.parametrize(("method", "template", "payload"), JOB_ROUTES)
def test_outsider_cannot_reach_another_business_job(world, failed_job, method, template, payload):
    response = _call(world.client(world.charlie), method, template.format(job=failed_job.pk), payload)
    assert response.status_code == 404
    failed_job.refresh_from_db()
    assert failed_job.status == Job.Status.FAILED
    assert failed_job.created_by == world.alice


@pytest.mark.parametrize(("method", "template", "payload"), PROGRAM_ROUTES)
def test_outsider_cannot_see_a_program(world, method, template, payload):
    for user in (world.charlie, world.alice):
        response = _call(world.client(user), method, template.format(program=world.program.key), payload)
        assert response.status_code == 404


ASSESSMENT_BY_ID = [
    ("get", "/b/{key}/assessment/{assessment}/"),
    ("post", "/b/{key}/assessment/{assessment}/"),
    ("get", "/b/{key}/assessment/{assessment}/result/"),
    ("post", "/api/businesses/{key}/assessments/{assessment}/finish"),
    ("get", "/api/businesses/{key}/assessments/{assessment}"),
]


@pytest.mark.parametrize(("method", "template"), ASSESSMENT_BY_ID)
def test_another_business_assessment_id_is_not_found(world, failed_job, method, template):
    """Charlie, owner of his own business, asks for Alice's assessment round under his key."""
    path = template.format(key=world.bikes.key, assessment=ASSESSMENT)
    payload = {"step": 1, "s_goals": 0, "go": "finish"} if method == "post" else None
    response = _call(world.client(world.charlie), method, path, payload)
    assert response.status_code == 404
    assessment = Assessment.objects.get(pk=ASSESSMENT)
    assert assessment.status == "draft" and assessment.answers == {str(world.alice.pk): {"s_goals": 3}}


@pytest.mark.parametrize("guess", ["../etc", "1", "alice-s-bakery", "%2e%2e"])
def test_guessed_business_keys_are_not_found(world, guess):
    assert world.client(world.charlie).get(f"/api/businesses/{guess}").status_code == 404


@pytest.mark.parametrize("guess", ["1", "00000000-0000-0000-0000-000000000000", "not-a-uuid"])
def test_guessed_job_ids_are_not_found(world, guess):
    assert world.client(world.alice).get(f"/api/jobs/{guess}").status_code == 404
    assert world.client(world.alice).get(f"/jobs/{guess}/").status_code == 404


def test_anonymous_is_sent_to_login_or_refused(world, client, failed_job):
    for method, template, payload in BUSINESS_ROUTES + JOB_ROUTES + PROGRAM_ROUTES:
        path = template.format(
            key=world.bakery.key,
            job=failed_job.pk,
            program=world.program.key,
            batch=BATCH,
            fix=FIX,
            run=RUN,
            fmt="csv",
            segment=SEGMENT,
            assessment=ASSESSMENT,
        )
        response = _call(client, method, path, payload)
        if path.startswith("/api/"):
            assert response.status_code == 401, path
        else:
            assert response.status_code == 302, path
            assert response.url.startswith("/account/login/")
    failed_job.refresh_from_db()
    assert world.bakery.jobs.count() == 1 and failed_job.status == Job.Status.FAILED
    assert type(world.bakery).objects.filter(pk=world.bakery.pk).exists()


def test_business_lists_show_only_own_businesses(world):
    keys = [b["key"] for b in world.client(world.charlie).get("/api/businesses").json()]
    assert keys == [world.bikes.key]
    page = world.client(world.charlie).get("/", follow=True).content.decode()
    assert "Alice&#x27;s Bakery" not in page and "Alice's Bakery" not in page


def test_staff_may_edit_but_not_manage(world):
    bob = world.client(world.bob)
    assert bob.get(f"/b/{world.bakery.key}/").status_code == 200
    assert bob.post(f"/b/{world.bakery.key}/delete/").status_code == 403
    response = bob.post(
        f"/api/businesses/{world.bakery.key}/jobs",
        data={"kind": "load_sample_data"},
        content_type="application/json",
    )
    assert response.status_code == 201


def test_advisor_may_view_but_not_change(world, failed_job):
    ada = world.client(world.ada)
    assert ada.get(f"/b/{world.bakery.key}/").status_code == 200
    assert ada.get(f"/api/businesses/{world.bakery.key}").json()["permissions"] == ["view"]
    assert ada.post(f"/b/{world.bakery.key}/sample/").status_code == 403
    assert ada.post(f"/api/jobs/{failed_job.pk}/retry").status_code == 403
    assert ada.get(f"/b/{world.bikes.key}/").status_code == 404


def test_program_manager_sees_program_businesses(world):
    listed = world.client(world.max).get(f"/api/programs/{world.program.key}").json()
    assert listed["businesses"] == [world.bakery.key]


def test_site_admin_sees_everything(world):
    keys = {b["key"] for b in world.client(world.root).get("/api/businesses").json()}
    assert keys == {world.bakery.key, world.bikes.key}


def _normal(route: str) -> str:
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", route).strip("/")


def test_every_route_is_covered():
    """A new route taking a tenant id must be added to the lists above."""
    covered = {_normal(t) for _, t, _ in BUSINESS_ROUTES + JOB_ROUTES + PROGRAM_ROUTES}
    not_tenant = {"account/password-reset/{}/{}"}  # the reset token, checked by Django's auth views
    routes = {_normal(r) for r in _patterns(get_resolver()) if "<" in r} - not_tenant
    assert routes - covered == set()


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if hasattr(entry, "url_patterns"):
            yield from _patterns(entry, route)
        else:
            yield "/" + route
