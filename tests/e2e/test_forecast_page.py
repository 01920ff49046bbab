"""The owner reads a forecast with its bands and downloads the purchase order, in a real browser."""

from __future__ import annotations

import pytest

from rung.web.businesses.access import Action, open_store
from rung.web.demo import OWNER, create_demo
from rung.web.jobs.models import Job
from rung.web.jobs.runner import run_job
from tests.e2e.browsing import log_in
from tests.web.test_forecasts import _sales

pytestmark = pytest.mark.e2e


@pytest.fixture
def shop(transactional_db, settings, tmp_path):
    """The demo owner's login, with a small shop of 6 breads instead of the demo's 3,700 products."""
    settings.RUNG_DATA_DIR = tmp_path / "businesses"
    demo = create_demo()
    store = open_store(demo.owner, demo.business, Action.EDIT)
    for batch in store.batches("sale_lines"):
        store.remove_batch(batch)
    store.write("sale_lines", _sales(), batch="bakery")
    job = Job.objects.create(
        business=demo.business, kind="forecast", created_by=demo.owner, params={"horizon": 6}
    )
    assert run_job(str(job.pk)).status == Job.Status.SUCCEEDED
    return demo


def test_owner_reads_the_forecast_and_downloads_the_order(shop, live_server, page, screenshot_dir):
    log_in(page, live_server.url, OWNER, shop.password)
    page.goto(f"{live_server.url}/b/{shop.business.key}/")
    page.click("[data-testid=forecast-link]")
    page.wait_for_selector("#chart-forecast svg, #chart-forecast canvas", timeout=20_000)
    assert "off by" in page.inner_text("[data-testid=accuracy]")
    assert page.locator("[data-testid=reorder] tbody tr").count() == 6
    page.screenshot(path=str(screenshot_dir / "forecast.png"), full_page=True)
    page.click("[data-testid=reorder] tbody tr >> nth=0 >> a")
    page.wait_for_selector("#chart-forecast svg, #chart-forecast canvas", timeout=20_000)
    page.screenshot(path=str(screenshot_dir / "forecast-product.png"))
    with page.expect_download() as download:
        page.click("text=Purchase order (CSV)")
    assert download.value.suggested_filename.startswith("purchase-order-")
    assert "product" in download.value.path().read_text().splitlines()[0].lower()
