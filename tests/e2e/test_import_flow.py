"""An owner imports a file in a real browser: upload, check the unsure columns, see the summary."""

from __future__ import annotations

import re

import pytest

from rung.web.demo import OWNER, create_demo
from tests.e2e.browsing import log_in

pytestmark = pytest.mark.e2e

# Headers Rung cannot be sure of ("Ref", "N", "Amount"): the import waits for the owner's check.
VAGUE = (
    "Ref;When;Who;Thing;N;Amount;Remark\n"
    "A1;05-03-2024;K1;Appel;2;12,50;fine\n"
    "A2;06-03-2024;K2;Peer;1;3,20;\n"
    "A3;07-03-2024;K1;Appel;3;12,50;late\n"
)
CHOICES = {
    "Ref": "order_id",
    "When": "timestamp",
    "Who": "customer_id",
    "Thing": "product_id",
    "N": "quantity",
}


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.RUNG_DATA_DIR = tmp_path / "businesses"
    return create_demo()


def test_owner_checks_an_unsure_import_in_dutch(demo, live_server, page, screenshot_dir, tmp_path):
    from rung.web.jobs.worker import start_in_process_worker, stop

    demo.owner.language = "nl"
    demo.owner.save(update_fields=["language"])
    upload = tmp_path / "kassa.csv"
    upload.write_bytes(VAGUE.encode("cp1252"))
    background = start_in_process_worker(interval=0.2)
    try:
        log_in(page, live_server.url, OWNER, demo.password)
        page.goto(f"{live_server.url}/b/{demo.business.key}/import/")
        page.set_input_files("#files", str(upload))
        assert page.inner_text("#chosen") == "kassa.csv"
        page.screenshot(path=str(screenshot_dir / "import-nl.png"), full_page=True)
        page.click("#upload button[type=submit]")
        page.wait_for_url(re.compile(r".*/jobs/[0-9a-f-]+/$"))
        page.wait_for_selector("#job-progress[data-status=succeeded]", timeout=60_000)
        page.click("text=Bekijk de import")
        page.click("text=Controleren en importeren")
        page.wait_for_url(re.compile(r".*/check/$"))
        table = page.locator("[data-testid=confirm-table]")
        assert "Appel" in table.inner_text() and "Peer" in table.inner_text()
        page.screenshot(path=str(screenshot_dir / "import-check-nl.png"), full_page=True)
        page.select_option("#t0-entity", "sale_lines")
        for source, target in CHOICES.items():
            page.select_option(f"select[aria-label='{source}']", target)
        page.select_option("select[aria-label='Amount']", "unit_price")
        page.select_option("select[aria-label='Remark']", "")
        page.click("main button[type=submit]")
        page.wait_for_selector("#job-progress[data-status=succeeded]", timeout=60_000)
        page.click("text=Bekijk de import")
        summary = page.inner_text("main")
        assert "kassa.csv" in summary and "Herkend als verkoopregels" in summary
        assert "Elke regel kon worden gebruikt." in summary  # nothing set aside
        page.screenshot(path=str(screenshot_dir / "import-summary-nl.png"), full_page=True)
    finally:
        stop(*background)
