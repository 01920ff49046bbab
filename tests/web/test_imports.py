"""Importing an owner's own files through the page and the API: stored, set aside, undone."""

from __future__ import annotations

import io

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from rung.web.businesses.access import Action, open_store
from rung.web.jobs.models import Job

# A Dutch bakery's POS export: semicolons, decimal commas, day-first dates, one row without a date.
BAKERY_CSV = (
    "Bestelnummer;Datum;Klantnummer;Artikelnummer;Omschrijving;Aantal;Prijs\n"
    "1001;05-03-2024 09:15;K1;A-1;Appeltaart;2;12,50\n"
    "1001;05-03-2024 09:15;K1;B-2;Brood;1;3,20\n"
    "1002;16-03-2024 10:00;K2;A-1;Appeltaart;1;12,50\n"
    "1003;;K3;A-1;Appeltaart;1;12,50\n"
).encode("cp1252")


def run_worker() -> None:
    call_command(
        "db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0", "--verbosity", "0"
    )


def _upload(client, business, content=BAKERY_CSV, name="kassa.csv"):
    return client.post(f"/b/{business.key}/import/", {"files": [SimpleUploadedFile(name, content)]})


@pytest.mark.django_db(transaction=True)
def test_page_import_stores_rows_and_sets_aside_the_bad_one(world):
    client = world.client(world.alice)
    response = _upload(client, world.bakery)
    job = Job.objects.get(business=world.bakery, kind="import_files")
    assert response.url == f"/jobs/{job.pk}/"
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error

    batch = world.bakery.imports.get()
    table = batch.report[0]
    assert (table["entity"], table["rows"], table["stored"], table["quarantined"]) == ("sale_lines", 4, 3, 1)
    assert table["rows"] == table["stored"] + table["quarantined"] + table["already_stored"]
    assert batch.files["kassa.csv"] and len(batch.files["kassa.csv"]) == 64

    sales = open_store(world.alice, world.bakery, Action.VIEW).read("sale_lines").sort("order_id", "line_no")
    assert sales.get_column("order_id").to_list() == ["1001", "1001", "1002"]
    assert [float(p) for p in sales.get_column("unit_price")] == [12.5, 3.2, 12.5]
    assert sales.get_column("currency").unique().to_list() == ["EUR"]  # the business's currency
    assert sales.get_column("timestamp")[2].day == 16  # day-first, decided from the data

    page = client.get(f"/b/{world.bakery.key}/imports/{batch.batch_key}/").content.decode()
    assert "timestamp" in page and 'data-testid="quarantine"' in page
    assert "Bestelnummer</td><td>→</td><td>Order number" in page.replace("\n", "").replace("  ", "")
    csv = client.get(f"/b/{world.bakery.key}/imports/{batch.batch_key}/quarantine.csv")
    rows = pl.read_csv(io.BytesIO(csv.content))
    assert rows.get_column("row").to_list() == [5]
    assert "1003" in rows.get_column("cells")[0]


@pytest.mark.django_db(transaction=True)
def test_reimport_adds_no_duplicates_and_undo_removes_the_rows(world):
    client = world.client(world.alice)
    _upload(client, world.bakery)
    run_worker()
    _upload(client, world.bakery, name="kassa-again.csv")
    run_worker()
    second = world.bakery.imports.order_by("created_at").last()
    assert (second.report[0]["stored"], second.report[0]["already_stored"]) == (0, 3)

    first = world.bakery.imports.order_by("created_at").first()
    assert client.post(f"/b/{world.bakery.key}/imports/{first.batch_key}/undo/").status_code == 302
    first.refresh_from_db()
    assert first.status == "undone"
    assert open_store(world.alice, world.bakery, Action.VIEW).read("sale_lines").height == 0


@pytest.mark.django_db(transaction=True)
def test_api_import_and_list(world):
    client = world.client(world.bob)
    response = client.post(
        f"/api/businesses/{world.bakery.key}/imports",
        {"files": [SimpleUploadedFile("kassa.csv", BAKERY_CSV)]},
    )
    assert response.status_code == 202
    run_worker()
    assert client.get(f"/api/jobs/{response.json()['job']}").json()["status"] == "succeeded"
    listed = client.get(f"/api/businesses/{world.bakery.key}/imports").json()
    assert listed[0]["rows"] == {"sale_lines": 3}
    batch = response.json()["batch"]
    assert listed[0]["batch"] == batch
    assert client.get(f"/api/businesses/{world.bakery.key}/imports/{batch}").json() == listed[0]
    assert client.get(f"/api/businesses/{world.bakery.key}/imports/import-nope").status_code == 404
    assert listed[0]["tables"][0]["columns"][0] == {
        "source": "Bestelnummer",
        "target": "order_id",
        "confidence": listed[0]["tables"][0]["columns"][0]["confidence"],
        "examples": ["1001", "1002", "1003"],
    }


@pytest.mark.django_db(transaction=True)
def test_an_unreadable_file_fails_the_job_with_a_clear_message_and_stores_nothing(world):
    client = world.client(world.alice)
    png = b"\x89PNG\r\n\x1a\n" + bytes(200)
    _upload(client, world.bakery, content=png, name="sales.csv")
    run_worker()
    job = Job.objects.get(business=world.bakery, kind="import_files")
    assert job.status == Job.Status.FAILED
    assert "image" in job.error.lower() or "picture" in job.error.lower()
    assert not world.bakery.imports.exists()


def test_uploads_above_the_limit_are_refused(world, settings):
    settings.RUNG_MAX_UPLOAD_BYTES = 100
    response = _upload(world.client(world.alice), world.bakery)
    assert response.status_code == 302
    assert not Job.objects.filter(business=world.bakery).exists()


def test_import_jobs_cannot_be_started_without_files(world):
    response = world.client(world.alice).post(
        f"/api/businesses/{world.bakery.key}/jobs",
        data={"kind": "import_files"},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_view_only_users_cannot_import(world):
    assert _upload(world.client(world.ada), world.bakery).status_code == 403


VAGUE_CSV = (
    b"Ref;When;Who;Thing;N;Amount;Remark\n"
    b"A1;05-03-2024;K1;Appel;2;12,50;fine\n"
    b"A2;06-03-2024;K2;Peer;1;3,20;\n"
    b"A3;07-03-2024;K1;Appel;3;12,50;late\n"
)
OWNER_SAYS = {
    "t0-entity": "sale_lines",
    "t0-c0": "order_id",
    "t0-c1": "timestamp",
    "t0-c2": "customer_id",
    "t0-c3": "product_id",
    "t0-c4": "quantity",
    "t0-c5": "unit_price",
    "t0-c6": "",
}


@pytest.mark.django_db(transaction=True)
def test_an_unsure_mapping_waits_for_the_owner_and_is_remembered(world):
    client = world.client(world.alice)
    _upload(client, world.bakery, content=VAGUE_CSV, name="vague.csv")
    run_worker()
    batch = world.bakery.imports.get()
    assert batch.status == "pending" and batch.uploads
    store = open_store(world.alice, world.bakery, Action.VIEW)
    assert store.read("sale_lines").height == 0  # nothing stored before the owner checked

    page = client.get(f"/b/{world.bakery.key}/imports/{batch.batch_key}/check/").content.decode()
    assert 'data-testid="confirm-table"' in page and "Remark" in page
    assert "<span>Appel</span><span>Peer</span>" in page  # values show which column is which
    assert "<span>fine</span><span>late</span>" in page  # distinct, empty cells left out

    wrong = client.post(
        f"/b/{world.bakery.key}/imports/{batch.batch_key}/check/", {**OWNER_SAYS, "t0-c6": "quantity"}
    )
    assert "each field can come from one column only" in wrong.content.decode()
    assert not world.bakery.mappings.exists()

    done = client.post(f"/b/{world.bakery.key}/imports/{batch.batch_key}/check/", OWNER_SAYS)
    assert done.status_code == 302
    run_worker()
    batch.refresh_from_db()
    assert batch.status == "stored" and batch.rows == {"sale_lines": 3} and batch.uploads == []
    sales = store.read("sale_lines").sort("order_id")
    assert sales.get_column("quantity").to_list() == [2.0, 1.0, 3.0]
    assert world.bakery.mappings.get().targets[4] == "quantity"

    # The same layout next time maps silently, and its rows are recognised as stored already.
    _upload(client, world.bakery, content=VAGUE_CSV, name="vague-april.csv")
    run_worker()
    again = world.bakery.imports.order_by("created_at").last()
    assert again.status == "stored"
    assert (again.report[0]["remembered"], again.report[0]["already_stored"]) == (True, 3)


def test_only_pending_imports_can_be_checked(world):
    from rung.web.businesses.models import ImportBatch

    batch = ImportBatch.objects.create(
        business=world.bakery, batch_key="import-aaaaaaaaaaaa", source="upload"
    )
    response = world.client(world.alice).get(f"/b/{world.bakery.key}/imports/{batch.batch_key}/check/")
    assert response.url == f"/b/{world.bakery.key}/imports/{batch.batch_key}/"


@pytest.mark.django_db(transaction=True)
def test_a_pending_import_stores_nothing_says_so_and_cannot_be_undone(world):
    client = world.client(world.alice)
    _upload(client, world.bakery, content=VAGUE_CSV, name="vague.csv")
    run_worker()
    batch = world.bakery.imports.get()
    assert batch.status == "pending" and batch.report[0]["stored"] == 0
    page = client.post(f"/b/{world.bakery.key}/imports/{batch.batch_key}/undo/", follow=True).content.decode()
    assert "nothing to undo" in page
    batch.refresh_from_db()
    assert batch.status == "pending"


@pytest.mark.django_db(transaction=True)
def test_a_refused_upload_leaves_no_files_behind(world, data_dir):
    client = world.client(world.alice)
    _upload(client, world.bakery)  # queued, not yet run
    uploads = data_dir / world.bakery.key / "_uploads"
    before = sorted(uploads.iterdir())
    page = _upload(client, world.bakery, name="second.csv")
    assert page.status_code == 302
    assert sorted(uploads.iterdir()) == before
    assert Job.objects.filter(business=world.bakery, kind="import_files").count() == 1


def test_quarantine_csv_cannot_carry_spreadsheet_formulas():
    """A sheet name like =HYPERLINK(...) comes from the file's author and must not run in Excel."""
    from rung.web.businesses.import_views import spreadsheet_safe

    rows = pl.DataFrame(
        {
            "sheet": ['=HYPERLINK("http://evil.example","x")', "+1", "@SUM(A1)", "-2", "Verkopen"],
            "row": [1] * 5,
        }
    )
    safe = spreadsheet_safe(rows).get_column("sheet").to_list()
    assert safe == ['\'=HYPERLINK("http://evil.example","x")', "'+1", "'@SUM(A1)", "'-2", "Verkopen"]


@pytest.mark.django_db(transaction=True)
def test_import_notes_are_shown_in_the_owners_language(world):
    world.alice.language = "nl"
    world.alice.save(update_fields=["language"])
    client = world.client(world.alice)
    till = b"Datum;Tijd;Bon;Artikel\n05-03-2024;09:15;1;Brood\n05-03-2024;09:20;2;Croissant\nTotaal;;;2\n"
    _upload(client, world.bakery, content=till, name="kassa.csv")
    run_worker()
    batch = world.bakery.imports.get()
    page = client.get(f"/b/{world.bakery.key}/imports/{batch.batch_key}/").content.decode()
    assert "Dit bestand heeft geen prijzen" in page
    assert "&#x27;Datum&#x27; en &#x27;Tijd&#x27; zijn samen gelezen als het tijdstip." in page
    assert "regel 4: totaalregel" in page
    assert "This file has no prices" in " ".join(batch.report[0]["notes"])  # the contract stays English


@pytest.mark.django_db(transaction=True)
def test_reports_from_before_translated_notes_still_show(world):
    client = world.client(world.alice)
    _upload(client, world.bakery)
    run_worker()
    batch = world.bakery.imports.get()
    for table in batch.report:
        table.pop("messages")
        table["notes"] = ["An old note."]
    batch.save(update_fields=["report"])
    page = client.get(f"/b/{world.bakery.key}/imports/{batch.batch_key}/").content.decode()
    assert "An old note." in page
