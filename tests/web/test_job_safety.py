"""Jobs run once, survive a restart as retryable failures, and never outlive their business."""

from __future__ import annotations

import pytest
from django.utils import translation

from rung.web.jobs import registry
from rung.web.jobs.actions import retry_job
from rung.web.jobs.models import Job
from rung.web.jobs.runner import fail_interrupted_jobs, run_job


def _job(world, status=Job.Status.QUEUED, kind="load_sample_data"):
    return Job.objects.create(business=world.bakery, kind=kind, created_by=world.alice, status=status)


def test_a_job_runs_once_even_if_two_workers_pick_it(world, monkeypatch):
    calls = []
    monkeypatch.setitem(registry.KINDS, "count", registry.JobKind("Count", lambda *a, **k: calls.append(1)))
    job = _job(world, kind="count")
    run_job(str(job.pk))
    run_job(str(job.pk))  # a second worker, or the same task delivered twice
    assert calls == [1]
    job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 1)


def test_a_running_job_is_not_run_again(world, monkeypatch):
    calls = []
    monkeypatch.setitem(registry.KINDS, "count", registry.JobKind("Count", lambda *a, **k: calls.append(1)))
    job = _job(world, status=Job.Status.RUNNING, kind="count")
    run_job(str(job.pk))
    assert calls == []


def test_retry_from_a_stale_copy_queues_once(world):
    job = _job(world, status=Job.Status.FAILED)
    stale = Job.objects.get(pk=job.pk)
    retry_job(world.alice, job)
    with pytest.raises(ValueError, match="Only a failed job"):
        retry_job(world.alice, stale)
    assert Job.objects.filter(business=world.bakery, status=Job.Status.QUEUED).count() == 1


def test_a_failed_job_is_not_retried_while_another_of_its_kind_runs(world):
    failed = _job(world, status=Job.Status.FAILED, kind="import_files")
    _job(world, status=Job.Status.RUNNING, kind="import_files")
    with pytest.raises(ValueError, match="already under way"):
        retry_job(world.alice, failed)
    failed.refresh_from_db()
    assert failed.status == Job.Status.FAILED


def test_only_a_failed_job_is_retried(world):
    done = _job(world, status=Job.Status.SUCCEEDED)
    with pytest.raises(ValueError, match="Only a failed job"):
        retry_job(world.alice, done)


def test_job_parameters_reach_the_action(world, monkeypatch):
    seen = {}
    monkeypatch.setitem(
        registry.KINDS, "params", registry.JobKind("Params", lambda *a, **params: seen.update(params))
    )
    job = Job.objects.create(
        business=world.bakery, kind="params", created_by=world.alice, params={"horizon_weeks": 8}
    )
    run_job(str(job.pk))
    assert seen == {"horizon_weeks": 8}


def test_interrupted_jobs_become_retryable_failures_in_the_readers_language(world):
    job = _job(world, status=Job.Status.RUNNING)
    assert fail_interrupted_jobs() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    world.alice.language = "nl"
    world.alice.save()
    page = world.client(world.alice).get(f"/jobs/{job.pk}/").content.decode()
    assert "Rung stopte terwijl dit bezig was" in page
    assert world.client(world.alice).post(f"/api/jobs/{job.pk}/retry").json()["status"] == "queued"


def test_the_same_work_cannot_be_queued_twice(world):
    client = world.client(world.alice)
    first = client.post(f"/b/{world.bakery.key}/sample/")
    second = client.post(f"/b/{world.bakery.key}/sample/", follow=True)
    assert first.status_code == 302
    assert world.bakery.jobs.count() == 1
    assert "already under way" in second.content.decode()
    api = client.post(
        f"/api/businesses/{world.bakery.key}/jobs",
        data={"kind": "load_sample_data"},
        content_type="application/json",
    )
    assert api.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_the_sample_cannot_be_loaded_twice(world):
    run_job(str(_job(world).pk))
    again = _job(world)
    run_job(str(again.pk))
    again.refresh_from_db()
    assert again.status == Job.Status.FAILED and "loaded already" in again.error
    assert world.bakery.imports.count() == 1


def test_a_business_with_work_under_way_cannot_be_deleted(world, data_dir):
    _job(world, status=Job.Status.RUNNING)
    response = world.client(world.alice).post(f"/b/{world.bakery.key}/delete/", follow=True)
    assert "still under way" in response.content.decode()
    assert type(world.bakery).objects.filter(pk=world.bakery.pk).exists()


def test_view_only_users_are_not_offered_a_retry(world):
    job = _job(world, status=Job.Status.FAILED)
    page = world.client(world.ada).get(f"/jobs/{job.pk}/").content.decode()
    assert f"/jobs/{job.pk}/retry/" not in page
    assert f"/jobs/{job.pk}/retry/" in world.client(world.bob).get(f"/jobs/{job.pk}/").content.decode()


def test_progress_messages_are_shown_translated(world):
    job = _job(world, status=Job.Status.RUNNING)
    job.report(40, "Collecting customers")
    with translation.override("pt"):
        world.alice.language = "pt"
        world.alice.save()
        page = world.client(world.alice).get(f"/jobs/{job.pk}/progress/").content.decode()
    assert "A reunir os clientes" in page
