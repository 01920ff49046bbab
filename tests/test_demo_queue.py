"""The demo queues its first forecast and customer analysis once, and the worker can run them."""

from __future__ import annotations

import pytest

from rung.web.demo import create_demo, queue_first_analyses
from rung.web.jobs.models import Job
from rung.web.jobs.runner import run_job


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.RUNG_DATA_DIR = tmp_path / "businesses"
    return create_demo()


def test_first_analyses_are_queued_once_and_fill_the_pages(demo):
    queued = queue_first_analyses(demo)
    assert sorted(job.kind for job in queued) == ["customers", "forecast"]
    assert all(job.status == Job.Status.QUEUED for job in queued)
    # a restart of the demo queues nothing twice
    assert queue_first_analyses(demo) == []
    for job in queued:
        assert run_job(str(job.pk)).status == Job.Status.SUCCEEDED
    assert demo.business.forecast_runs.count() == 1
    assert demo.business.customers_runs.count() == 1
    assert queue_first_analyses(demo) == []
