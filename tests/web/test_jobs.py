"""Background jobs through the real database queue and worker, with progress and retry."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from rung.web.jobs import registry
from rung.web.jobs.models import Job


def run_worker() -> None:
    call_command(
        "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", "--verbosity", "0"
    )


@pytest.mark.django_db(transaction=True)
def test_sample_job_runs_in_the_worker_and_fills_the_dashboard(world, data_dir):
    client = world.client(world.alice)
    response = client.post(f"/b/{world.bakery.key}/sample/")
    job = Job.objects.get(business=world.bakery)
    assert response.url == f"/jobs/{job.pk}/"
    assert job.status == Job.Status.QUEUED
    assert DBTaskResult.objects.filter(id=job.task_result_id).exists()

    page = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in page  # the page keeps polling while the job waits

    run_worker()
    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == (Job.Status.SUCCEEDED, 100, 1)
    assert job.message  # the last progress message the engine reported
    page = client.get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "hx-trigger" not in page  # finished: polling stops
    assert (data_dir / world.bakery.key / "sale_lines").is_dir()
    batch = world.bakery.imports.get()
    assert batch.rows["sale_lines"] > 100_000
    dashboard = client.get(f"/b/{world.bakery.key}/").content.decode()
    assert 'data-testid="kpi-orders"' in dashboard and "spec-revenue" in dashboard


@pytest.mark.django_db(transaction=True)
def test_failed_job_shows_its_error_and_can_be_retried(world, monkeypatch):
    calls = []

    def flaky(actor, business, store, progress):
        calls.append(actor.username)
        progress(30, "Half way")
        if len(calls) == 1:
            raise ValueError("The file has no header row; export it again with headers.")

    monkeypatch.setitem(registry.KINDS, "flaky", registry.JobKind("Flaky", flaky))
    client = world.client(world.alice)
    job_id = client.post(
        f"/api/businesses/{world.bakery.key}/jobs", data={"kind": "flaky"}, content_type="application/json"
    ).json()["id"]
    run_worker()

    failed = client.get(f"/api/jobs/{job_id}").json()
    assert failed["status"] == "failed"
    assert "no header row" in failed["error"]
    page = client.get(f"/jobs/{job_id}/").content.decode()
    assert "no header row" in page and f"/jobs/{job_id}/retry/" in page

    assert client.post(f"/jobs/{job_id}/retry/").status_code == 302
    assert Job.objects.get(pk=job_id).status == Job.Status.QUEUED
    run_worker()
    job = Job.objects.get(pk=job_id)
    assert (job.status, job.attempts, job.error) == (Job.Status.SUCCEEDED, 2, "")
    assert calls == ["alice", "alice"]


@pytest.mark.django_db(transaction=True)
def test_job_rechecks_access_when_it_runs(world):
    """Bob queues a job, then loses his membership: the worker must not run it as him."""
    client = world.client(world.bob)
    client.post(f"/b/{world.bakery.key}/sample/")
    world.bakery.memberships.filter(user=world.bob).delete()
    run_worker()
    job = Job.objects.get(business=world.bakery)
    assert job.status == Job.Status.FAILED
    assert not world.bakery.imports.exists()


def test_only_failed_jobs_can_be_retried(world):
    job = Job.objects.create(business=world.bakery, kind="load_sample_data", created_by=world.alice)
    response = world.client(world.alice).post(f"/api/jobs/{job.pk}/retry")
    assert response.status_code == 400
    assert "Only a failed job" in response.json()["detail"]


def test_unknown_job_kind_is_a_clear_error(world):
    response = world.client(world.alice).post(
        f"/api/businesses/{world.bakery.key}/jobs", data={"kind": "teleport"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "load_sample_data" in response.json()["detail"]
