"""`rung createuser` makes a working login and refuses weak passwords and duplicates."""

from __future__ import annotations

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
