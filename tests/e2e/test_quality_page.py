"""The owner opens the data health report of the demo shop in a real browser, fixes and undoes."""

from __future__ import annotations

import re

import pytest

from rung.web.demo import OWNER, create_demo
from tests.e2e.browsing import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.RUNG_DATA_DIR = tmp_path / "businesses"
    return create_demo()


def test_owner_reads_the_report_and_fixes_product_names(demo, live_server, page, screenshot_dir):
    from rung.web.jobs.worker import start_in_process_worker, stop

    background = start_in_process_worker(interval=0.2)
    try:
        log_in(page, live_server.url, OWNER, demo.password)
        page.goto(f"{live_server.url}/b/{demo.business.key}/")
        page.click("[data-testid=quality-link]")
        page.wait_for_url(re.compile(r".*/quality/$"))
        score = int(page.inner_text("[data-testid=quality-score]").split("/")[0])
        assert 0 < score < 100
        assert page.locator("[data-testid=readiness] tr").count() == 7
        assert "Sales forecasts" in page.inner_text("[data-testid=readiness]")
        page.screenshot(path=str(screenshot_dir / "quality-report.png"), full_page=True)
        page.screenshot(path=str(screenshot_dir / "quality-top.png"))
        page.locator("#merges").scroll_into_view_if_needed()
        page.screenshot(path=str(screenshot_dir / "quality-merges.png"))
        names = page.locator("[data-testid=finding][data-code=product_names]")
        names.locator("summary").click()
        assert "usual name" in names.inner_text().lower() or "usual_name" in names.inner_text().lower()
        names.locator("[data-testid=fix-product_names]").click()
        page.wait_for_url(re.compile(r".*/quality/$"))
        assert "Fixed." in page.inner_text("main")
        page.locator("[data-testid=undo-fix]").first.click()
        page.wait_for_url(re.compile(r".*/quality/$"))
        assert "The fix was undone." in page.inner_text("main")
        assert "undone" in page.inner_text("[data-testid=fixes]")
        page.screenshot(path=str(screenshot_dir / "quality-after-undo.png"), full_page=True)
        demo.owner.language = "nl"
        demo.owner.save(update_fields=["language"])
        page.reload()
        readiness = page.inner_text("[data-testid=readiness]")
        assert "Verkoopvoorspellingen" in readiness or "voorspelling" in readiness.lower()
        page.screenshot(path=str(screenshot_dir / "quality-nl.png"))
    finally:
        stop(*background)
