"""Creating a business and deleting it with everything it owns."""

from __future__ import annotations

import pytest
from django.utils import translation

from rung.web.businesses.forms import BusinessForm
from rung.web.businesses.models import Business, ImportBatch, Membership
from rung.web.jobs.models import Job
from rung.web.jobs.runner import run_job


def test_owner_creates_a_business_and_becomes_its_owner(world):
    client = world.client(world.charlie)
    response = client.post(
        "/b/new/", {"name": "Café Sol", "country": "PT", "currency": "EUR", "time_zone": "Europe/Lisbon"}
    )
    business = Business.objects.get(name="Café Sol")
    assert response.url == f"/b/{business.key}/"
    assert business.key.startswith("cafe-sol-")
    assert business.time_zone == "Europe/Lisbon"
    assert Membership.objects.get(business=business).user == world.charlie
    page = client.get(response.url).content.decode()
    assert "No sales data yet" in page


def test_invalid_business_form_says_what_is_wrong(world):
    response = world.client(world.charlie).post("/b/new/", {"name": "", "country": "XX", "currency": "EUR"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name", "country", "time_zone"}


@pytest.mark.django_db(transaction=True)
def test_deleting_a_business_deletes_its_folder_and_rows(world, data_dir):
    job = Job.objects.create(business=world.bakery, kind="load_sample_data", created_by=world.alice)
    run_job(str(job.pk))
    check = Job.objects.get(business=world.bakery, kind="quality_check")  # queued by the import
    assert world.client(world.alice).post(f"/b/{world.bakery.key}/delete/").status_code == 302
    assert Business.objects.filter(pk=world.bakery.pk).exists()  # refused while the check waits
    run_job(str(check.pk))
    folder = data_dir / world.bakery.key
    assert (folder / "sale_lines").is_dir()
    other = data_dir / world.bikes.key
    other.mkdir(parents=True)

    response = world.client(world.alice).post(f"/b/{world.bakery.key}/delete/")

    assert response.status_code == 302
    assert not folder.exists()
    assert other.exists()
    assert not Business.objects.filter(pk=world.bakery.pk).exists()
    assert not Membership.objects.filter(business_id=world.bakery.pk).exists()
    assert not Job.objects.filter(business_id=world.bakery.pk).exists()
    assert not ImportBatch.objects.filter(business_id=world.bakery.pk).exists()
    assert Business.objects.filter(pk=world.bikes.pk).exists()


def test_staff_cannot_delete_and_the_folder_stays(world, data_dir):
    folder = data_dir / world.bakery.key
    folder.mkdir(parents=True)
    assert world.client(world.bob).post(f"/b/{world.bakery.key}/delete/").status_code == 403
    assert folder.exists()
    assert Business.objects.filter(pk=world.bakery.pk).exists()


@pytest.mark.parametrize(
    ("accept", "country", "currency", "zone"),
    [
        ("pt-PT,pt;q=0.9", "PT", "EUR", "UTC"),  # three zones: the browser's own zone decides
        ("nl", "NL", "EUR", "Europe/Amsterdam"),
        ("en-GB,en;q=0.8", "GB", "GBP", "Europe/London"),
        ("", None, "EUR", "UTC"),
    ],
)
def test_new_business_form_guesses_country_currency_and_zone(world, accept, country, currency, zone):
    response = world.client(world.charlie).get("/b/new/", HTTP_ACCEPT_LANGUAGE=accept)
    form = response.context["form"]
    assert (form.initial["country"], form.initial["currency"], form.initial["time_zone"]) == (
        country,
        currency,
        zone,
    )
    assert "resolvedOptions().timeZone" in response.content.decode()


def test_form_lists_current_currencies_only(world):
    with translation.override("nl"):
        choices = dict(BusinessForm().fields["currency"].choices)
    assert choices["EUR"] == "EUR — Euro" and "GBP" in choices and "NLG" not in choices  # guilder is gone
