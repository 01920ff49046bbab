"""The owner walks the AI maturity wizard in a real browser and reads the results page."""

from __future__ import annotations

import pytest

from rung.web.demo import OWNER, create_demo
from tests.e2e.browsing import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def shop(transactional_db, settings, tmp_path):
    """The demo owner's login, with the sample shop's sales loaded."""
    settings.RUNG_DATA_DIR = tmp_path / "businesses"
    return create_demo()


def test_owner_walks_the_wizard_and_reads_the_result(shop, live_server, page, screenshot_dir):
    log_in(page, live_server.url, OWNER, shop.password)
    page.goto(f"{live_server.url}/b/{shop.business.key}/")
    page.click("[data-testid=assessment-link]")
    page.click("[data-testid=assessment-begin]")
    page.select_option("#sector", "retail")
    page.fill("#employees", "4")
    page.click("[data-testid=wizard-next]")
    steps = 0
    while page.locator("[data-testid=wizard-finish]").count() == 0:
        steps += 1
        for fieldset in page.locator("fieldset.question").all():
            options = fieldset.locator("input[type=radio]")
            options.nth(min(2 + steps % 2, options.count() - 1)).check()
        if steps == 1:
            page.screenshot(path=str(screenshot_dir / "assess-wizard.png"), full_page=True)
        page.click("[data-testid=wizard-next]")
    for fieldset in page.locator("fieldset.question").all():
        fieldset.locator("input[type=radio]").nth(2).check()
    assert steps == 5
    assert page.locator("[data-testid=wizard-progress]").get_attribute("value") == "6"
    page.click("[data-testid=wizard-back]")
    assert page.locator("fieldset.question input:checked").count() > 0  # earlier answers kept
    page.click("[data-testid=wizard-next]")
    page.click("[data-testid=wizard-finish]")
    page.wait_for_url(lambda url: url.endswith("/result/"))
    page.wait_for_selector("#chart-dimensions svg", timeout=20_000)
    assert page.inner_text("[data-testid=rung-name]").strip()
    assert page.locator("[data-testid=usecase]").count() == 3
    assert page.locator("[data-testid=dimensions] tbody tr").count() == 6
    page.screenshot(path=str(screenshot_dir / "assess-result.png"), full_page=True)
    page.screenshot(path=str(screenshot_dir / "assess-result-top.png"))
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshot_dir / "assess-result-print.png"), full_page=True)
    assert page.locator(".topbar").is_hidden()
    page.emulate_media(media="screen")
    with page.expect_navigation():
        page.select_option("#lang", "nl")
    page.wait_for_selector("#chart-dimensions svg", timeout=20_000)
    assert "Trede" in page.inner_text("[data-testid=rung]")
    assert "Weken 4–9" in page.inner_text("[data-testid=roadmap]")
    page.screenshot(path=str(screenshot_dir / "assess-result-nl.png"), full_page=True)
