"""Feedback page, job, API and CSV: reviews in six languages imported through the real import
pipeline, analysed by the real embedder; owners analyse, advisors read, outsiders get 404."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rung.web.businesses.access import Action, open_store
from rung.web.feedback import actions
from rung.web.jobs.models import Job
from rung.web.jobs.runner import run_job

REVIEWS = Path(__file__).parents[1] / "data" / "reviews_mixed.csv"
COLUMNS = ("feedback_id", "timestamp", "source", "score", "title", "text", "reply")
OWNER_SAYS = {"t0-entity": "feedback"} | {f"t0-c{i}": field for i, field in enumerate(COLUMNS)}


@pytest.fixture
def reviews(world):
    """Alice's Bakery with 14 reviews (EN, NL, DE, FR, ES, PT) imported from a CSV export."""
    client = world.client(world.alice)
    upload = SimpleUploadedFile("google-reviews.csv", REVIEWS.read_bytes())
    assert client.post(f"/b/{world.bakery.key}/import/", {"files": [upload]}).status_code == 302
    job = world.bakery.jobs.get(kind="import_files")
    assert run_job(str(job.pk)).status == Job.Status.SUCCEEDED
    batch = world.bakery.imports.get()
    assert batch.status == "pending"  # the mostly empty reply column is shown to the owner first
    assert (
        client.post(f"/b/{world.bakery.key}/imports/{batch.batch_key}/check/", OWNER_SAYS).status_code == 302
    )
    for queued in world.bakery.jobs.filter(kind="import_files", status=Job.Status.QUEUED):
        assert run_job(str(queued.pk)).status == Job.Status.SUCCEEDED
    stored = open_store(world.alice, world.bakery, Action.VIEW).read("feedback")
    assert stored.height == 14
    return stored


@pytest.fixture
def analysed(world, reviews):
    alice = world.client(world.alice)
    response = alice.post(f"/b/{world.bakery.key}/feedback/run/")
    job = world.bakery.jobs.get(kind="feedback")
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    done = run_job(str(job.pk))
    assert done.status == Job.Status.SUCCEEDED, done.error
    return actions.latest(world.bakery)


def test_without_reviews_the_job_says_what_to_import(world):
    alice = world.client(world.alice)
    page = alice.get(f"/b/{world.bakery.key}/feedback/").content.decode()
    assert "No feedback analysis yet" in page and "Analyse my reviews" in page
    alice.post(f"/b/{world.bakery.key}/feedback/run/")
    done = run_job(str(world.bakery.jobs.get(kind="feedback").pk))
    assert done.status == Job.Status.FAILED
    assert "There are no reviews or survey answers to analyse yet" in done.error


def test_owner_analyses_reviews_and_reads_the_reply_queue(world, analysed):
    summary = analysed.summary
    assert summary["comments"] == 14
    assert sum(summary["sentiments"].values()) == 14
    assert set(summary["languages"]) >= {"en", "nl", "de", "fr", "es", "pt"}
    overall = summary["overall"]
    # 14 star ratings: 5+4+2+5+1+4+1+5+3+1+2+1+2+5 = 41 -> 2.93; 4-5 stars: 6 of 14
    assert overall["average_rating"] == pytest.approx(41 / 14, abs=0.01)
    assert overall["csat"] == pytest.approx(6 / 14, abs=1e-4)
    assert overall["nps"] is None and overall["csat_answers"] == 14
    kinds = [a["aspect"] for a in summary["alerts"]]
    assert "delivery" in kinds  # August: 3 late deliveries after one in the three months before

    page = world.client(world.alice).get(f"/b/{world.bakery.key}/feedback/").content.decode()
    assert "14 comments analysed" in page
    assert 'data-testid="reply-queue"' in page and 'id="spec-satisfaction"' in page
    assert 'id="spec-aspects"' in page and 'data-testid="topics"' in page
    assert "Complaints on the rise" in page
    kept = actions.frames(world.alice, world.bakery, analysed)["queue"]
    ids = kept.get_column("feedback_id").to_list()
    assert "g-101" not in ids and "g-114" not in ids  # answered / happy
    assert ids[0] == "g-112"  # negative, 1 star, money back, the newest complaint
    assert 'data-testid="reply-g-112"' in page
    drafts = dict(zip(ids, kept.get_column("draft").to_list(), strict=True))
    assert drafts["g-111"].startswith("Beste klant,") and "Alice's Bakery" in drafts["g-111"]
    assert drafts["g-113"].startswith("Liebe Kundin")
    dashboard = world.client(world.alice).get(f"/b/{world.bakery.key}/").content.decode()
    assert f"/b/{world.bakery.key}/feedback/" in dashboard


def test_advisor_reads_but_cannot_run(world, analysed):
    ada = world.client(world.ada)
    page = ada.get(f"/b/{world.bakery.key}/feedback/").content.decode()
    assert "14 comments analysed" in page and 'data-testid="feedback-form"' not in page
    assert ada.post(f"/b/{world.bakery.key}/feedback/run/").status_code == 403
    assert ada.post(f"/api/businesses/{world.bakery.key}/feedback").status_code == 403


def test_api_queues_and_returns_the_analysis_and_the_queue(world, reviews):
    alice = world.client(world.alice)
    assert alice.get(f"/api/businesses/{world.bakery.key}/feedback").status_code == 400
    queued = alice.post(f"/api/businesses/{world.bakery.key}/feedback")
    assert queued.status_code == 202
    assert run_job(queued.json()["job"]).status == Job.Status.SUCCEEDED
    latest = alice.get(f"/api/businesses/{world.bakery.key}/feedback").json()
    assert latest["summary"]["comments"] == 14
    assert [m["period"] for m in latest["monthly"]] == [
        "2026-05-01",
        "2026-06-01",
        "2026-07-01",
        "2026-08-01",
    ]
    assert [q["period"] for q in latest["quarterly"]] == ["2026-04-01", "2026-07-01"]
    assert {t["aspect"] for t in latest["trend"]} >= {"delivery", "price"}
    assert latest["quotes"] and {"aspect", "sentiment", "quote"} <= set(latest["quotes"][0])
    queue = alice.get(f"/api/businesses/{world.bakery.key}/feedback/queue?limit=3").json()
    assert queue["total"] >= 3 and len(queue["queue"]) == 3
    points = [q["points"] for q in queue["queue"]]
    assert points == sorted(points, reverse=True)
    assert all(q["draft"] and q["reasons"] for q in queue["queue"])
    assert alice.get(f"/api/businesses/{world.bakery.key}/feedback/queue?limit=0").status_code == 400


def test_scored_comments_download_as_csv(world, analysed, reviews):
    alice = world.client(world.alice)
    base = f"/b/{world.bakery.key}/feedback/{analysed.run_key}"
    response = alice.get(f"{base}/scored.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = pl.read_csv(io.BytesIO(response.content), infer_schema=False)
    assert table.height == 14
    assert sorted(table.get_column("feedback_id").to_list()) == sorted(reviews.get_column("feedback_id"))
    assert {"language", "sentiment", "sentiment_score", "aspects", "reply_draft"} <= set(table.columns)
    row = table.filter(pl.col("feedback_id") == "g-107").row(0, named=True)
    assert row["language"] == "fr" and row["sentiment"] == "negative"
    assert "delivery:negative" in row["aspects"] and row["reply_draft"].startswith("Chère cliente")
    assert alice.get(f"/b/{world.bakery.key}/feedback/fb-000000000000/scored.csv").status_code == 404
