"""The demo owner logs in in a real browser and sees the dashboard charts with real numbers."""

from __future__ import annotations

import re

import pytest

from rung.web.demo import OWNER, create_demo

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.RUNG_DATA_DIR = tmp_path / "businesses"
    return create_demo()


def _log_in(page, base_url, username, password):
    page.goto(base_url + "/")
    assert "/account/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/account/login/" not in url)


def test_demo_owner_sees_dashboard_charts(demo, live_server, page, screenshot_dir):
    _log_in(page, live_server.url, OWNER, demo.password)
    page.wait_for_url(re.compile(rf".*/b/{demo.business.key}/$"))
    for chart in ("revenue", "customers", "products"):
        page.wait_for_selector(f"#chart-{chart}[data-rendered=true] svg", timeout=20_000)
    # thirteen monthly bars, Dec 2010 to Dec 2011, drawn from the stored sales
    bars = page.locator("#chart-revenue svg .mark-rect path")
    assert bars.count() == 13
    assert page.locator("#chart-products svg .mark-rect path").count() == 10
    assert page.inner_text("[data-testid=kpi-orders]") == "4,893"
    assert page.inner_text("[data-testid=kpi-revenue]").startswith("£2,141,109")
    assert "REGENCY CAKESTAND 3 TIER" in page.inner_text("#chart-products")
    page.screenshot(path=str(screenshot_dir / "dashboard-en.png"), full_page=True)


def test_dashboard_in_dutch_formats_numbers_the_dutch_way(demo, live_server, page, screenshot_dir):
    demo.owner.language = "nl"
    demo.owner.save(update_fields=["language"])
    _log_in(page, live_server.url, OWNER, demo.password)
    page.wait_for_selector("#chart-revenue[data-rendered=true] svg", timeout=20_000)
    assert page.inner_text("[data-testid=kpi-orders]") == "4.893"
    assert page.get_attribute("html", "lang") == "nl"
    axis = page.inner_text("#chart-revenue")
    assert "okt 2011" in axis  # month names from Babel's Dutch data
    page.screenshot(path=str(screenshot_dir / "dashboard-nl.png"), full_page=True)


def test_advisor_sees_the_program_and_the_business(demo, live_server, page):
    _log_in(page, live_server.url, demo.advisor.username, demo.password)
    page.click(f"text={demo.program.name}")
    page.click(f"text={demo.business.name}")
    page.wait_for_selector("#chart-revenue[data-rendered=true] svg", timeout=20_000)
    assert page.locator("text=Delete business").count() == 0


def test_new_business_loads_sample_with_live_progress(demo, live_server, page, screenshot_dir):
    """A job queued from the page runs in the in-process worker; htmx polling shows it finish."""
    from rung.web.jobs.worker import start_in_process_worker, stop

    background = start_in_process_worker(interval=0.2)
    try:
        _log_in(page, live_server.url, OWNER, demo.password)
        page.goto(live_server.url + "/b/new/")
        page.fill("#id_name", "Padaria Sol")
        page.select_option("#id_country", "PT")
        page.select_option("#id_currency", "EUR")
        page.click("main button[type=submit]")
        page.wait_for_selector("text=No sales data yet")
        page.click("text=Try it with the sample shop's sales")
        page.wait_for_url(re.compile(r".*/jobs/[0-9a-f-]+/$"))
        page.wait_for_selector("#job-progress[data-status=succeeded]", timeout=60_000)
        page.screenshot(path=str(screenshot_dir / "job-done.png"))
        page.click("text=See the dashboard")
        page.wait_for_selector("#chart-revenue[data-rendered=true] svg", timeout=20_000)
        assert page.inner_text("[data-testid=kpi-orders]") == "4,893"
    finally:
        stop(*background)
