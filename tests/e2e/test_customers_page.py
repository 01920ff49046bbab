"""The owner reads the sample shop's customer segments and downloads a contact list, in a real browser."""

from __future__ import annotations

import pytest

from rung.web.demo import OWNER, create_demo
from rung.web.jobs.models import Job
from tests.e2e.browsing import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def shop(transactional_db, settings, tmp_path):
    """The demo owner's login, with the sample shop's sales loaded."""
    settings.RUNG_DATA_DIR = tmp_path / "businesses"
    return create_demo()


def test_owner_analyses_customers_and_downloads_a_contact_list(shop, live_server, page, screenshot_dir):
    log_in(page, live_server.url, OWNER, shop.password)
    page.goto(f"{live_server.url}/b/{shop.business.key}/")
    page.click("[data-testid=customers-link]")
    page.click("[data-testid=customers-form] button")
    page.wait_for_url(lambda url: "/jobs/" in url)
    job = shop.business.jobs.get(kind="customers")
    from rung.web.jobs.runner import run_job

    assert run_job(str(job.pk)).status == Job.Status.SUCCEEDED  # no worker runs beside the live server
    page.wait_for_selector("#job-progress[data-status=succeeded]", timeout=20_000)
    page.click("text=See the customer insights")
    page.wait_for_selector("#chart-segments svg", timeout=20_000)
    page.wait_for_selector("#chart-cohorts svg", timeout=20_000)
    assert "customers bought from you" in page.inner_text("[data-testid=customers-summary]")
    assert page.locator("[data-testid=segments] tbody tr").count() == 9
    assert page.locator("[data-testid=at-risk] tbody tr").count() == 20
    assert page.locator("[data-testid=cohorts] tbody tr").count() == 13
    page.screenshot(path=str(screenshot_dir / "customers.png"), full_page=True)
    page.screenshot(path=str(screenshot_dir / "customers-top.png"))
    page.locator("[data-testid=cohorts]").screenshot(path=str(screenshot_dir / "customers-cohorts.png"))
    with page.expect_download() as download:
        page.click("[data-testid=contacts-champions]")
    assert download.value.suggested_filename.startswith("contacts-champions-")
    assert download.value.path().read_text().splitlines()[0].startswith("segment,customer_id")
