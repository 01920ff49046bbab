"""`rung createuser` makes a working login and refuses weak passwords and duplicates."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rung.cli.main import app
from rung.web.accounts.models import User


@pytest.mark.django_db
def test_createuser_makes_a_login():
    result = CliRunner().invoke(
        app, ["createuser", "nina", "--email", "nina@example.com", "--password", "a long passphrase 9"]
    )
    assert result.exit_code == 0, result.output
    user = User.objects.get(username="nina")
    assert user.check_password("a long passphrase 9") and not user.is_superuser


@pytest.mark.django_db
def test_createuser_refuses_weak_password_and_duplicates():
    weak = CliRunner().invoke(app, ["createuser", "nina", "--password", "123"])
    assert weak.exit_code == 1 and "too short" in weak.output
    assert not User.objects.filter(username="nina").exists()
    User.objects.create_user("nina", password="x")
    again = CliRunner().invoke(app, ["createuser", "nina", "--password", "a long passphrase 9"])
    assert again.exit_code == 1 and "exists already" in again.output


@pytest.mark.django_db
def test_program_create_and_add_member():
    from rung.web.programs.models import Program

    User.objects.create_user("gus", password="x")
    runner = CliRunner()
    created = runner.invoke(app, ["program", "create", "green-shops", "Green Shops"])
    assert created.exit_code == 0, created.output
    added = runner.invoke(app, ["program", "add-member", "green-shops", "gus", "--role", "manager"])
    assert added.exit_code == 0, added.output
    assert Program.objects.get(key="green-shops").memberships.get().role == "manager"
    assert runner.invoke(app, ["program", "create", "green-shops", "Again"]).exit_code == 1
    assert runner.invoke(app, ["program", "create", "Green Shops", "Bad key"]).exit_code == 1
    assert runner.invoke(app, ["program", "add-member", "green-shops", "nobody"]).exit_code == 1
    assert (
        runner.invoke(app, ["program", "add-member", "green-shops", "gus", "--role", "boss"]).exit_code == 1
    )


@pytest.mark.django_db(transaction=True)
def test_rung_import_into_a_business_and_again(tmp_path, world):
    path = tmp_path / "kassa.csv"
    path.write_bytes(
        b"Bestelnummer;Datum;Artikelnummer;Aantal;Prijs\n"
        b"1001;05-03-2024 09:15;A-1;2;12,50\n1002;06-03-2024;B-2;1;3,20\n"
    )
    first = CliRunner().invoke(app, ["import", str(path), "--business", world.bakery.key, "--format", "json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.output[first.output.index("[") :])
    assert (report[0]["entity"], report[0]["stored"]) == ("sale_lines", 2)
    again = CliRunner().invoke(app, ["import", str(path), "--business", world.bakery.key, "--format", "json"])
    report = json.loads(again.output[again.output.index("[") :])
    assert (report[0]["stored"], report[0]["already_stored"]) == (0, 2)
    assert world.bakery.imports.filter(status="stored").count() == 2


def test_rung_import_needs_a_business_or_dry_run(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a;b\n1;2\n")
    result = CliRunner().invoke(app, ["import", str(path)])
    assert result.exit_code == 2
