"""The owner imports reviews in six languages, analyses them and copies a draft reply, in a real browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from rung.web.businesses.access import Action, open_store
from rung.web.businesses.imports import import_files, save_uploads
from rung.web.demo import OWNER, create_demo
from rung.web.jobs.models import Job
from tests.e2e.browsing import log_in

pytestmark = pytest.mark.e2e
REVIEWS = Path(__file__).parents[1] / "data" / "reviews_mixed.csv"


@pytest.fixture
def shop(transactional_db, settings, tmp_path):
    """The demo owner's login, with the sample shop's sales and 14 reviews imported."""
    settings.RUNG_DATA_DIR = tmp_path / "businesses"
    made = create_demo()
    owner = made.business.memberships.get(role="owner").user
    store = open_store(owner, made.business, Action.EDIT)
    saved = save_uploads(owner, made.business, [("google-reviews.csv", iter([REVIEWS.read_bytes()]))])
    import_files(owner, made.business, store, files=saved, batch="import-0123456789ab", confirmed=True)
    assert store.read("feedback").height == 14
    return made


def test_owner_analyses_reviews_and_copies_a_draft(shop, live_server, page, screenshot_dir):
    log_in(page, live_server.url, OWNER, shop.password)
    page.goto(f"{live_server.url}/b/{shop.business.key}/")
    page.click("[data-testid=feedback-link]")
    page.click("[data-testid=feedback-form] button")
    page.wait_for_url(lambda url: "/jobs/" in url)
    job = shop.business.jobs.get(kind="feedback")
    from rung.web.jobs.runner import run_job

    assert run_job(str(job.pk)).status == Job.Status.SUCCEEDED  # no worker runs beside the live server
    page.wait_for_selector("#job-progress[data-status=succeeded]", timeout=20_000)
    page.click("text=See the feedback analysis")
    page.wait_for_selector("#chart-satisfaction svg", timeout=20_000)
    page.wait_for_selector("#chart-aspects svg", timeout=20_000)
    assert "14 comments analysed" in page.inner_text("[data-testid=feedback-summary]")
    assert page.locator("[data-testid=reply-queue] article").count() >= 5
    assert page.locator("[data-testid=alerts]").count() == 1
    page.screenshot(path=str(screenshot_dir / "feedback.png"), full_page=True)
    page.screenshot(path=str(screenshot_dir / "feedback-top.png"))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("[data-testid=reply-queue] button.copy").first.click()
    page.wait_for_function(
        "document.querySelector('[data-testid=reply-queue] button.copy').textContent === 'Copied'"
    )
    with page.expect_download() as download:
        page.click("[data-testid=feedback-csv]")
    assert download.value.path().read_text().splitlines()[0].startswith("feedback_id,source,timestamp")
