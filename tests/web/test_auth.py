"""Log-in, lock-out after repeated failures, password reset, argon2 hashes."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from rung.web.accounts.models import User
from tests.web.conftest import PASSWORD


def test_root_shows_login_to_anonymous_and_dashboard_to_owner(world):
    assert Client().get("/").url == "/account/login/"
    client = Client()
    response = client.post("/account/login/", {"username": "charlie", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == f"/b/{world.bikes.key}/"
    assert b"Charlie&#x27;s Bikes" in response.content


def test_advisor_home_lists_programs(world):
    page = world.client(world.ada).get("/").content.decode()
    assert "AI Step" in page and "Alice&#x27;s Bakery" in page


def test_account_locks_after_repeated_failures(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _ in range(3):
        response = client.post("/account/login/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 429
    assert b"Too many failed log-in attempts" in response.content
    assert b"Try again in 15 minutes" in response.content
    right = client.post("/account/login/", {"username": "alice", "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # another account from the same place is not locked
    other = client.post("/account/login/", {"username": "charlie", "password": PASSWORD})
    assert other.status_code == 302


def test_password_reset_by_email(world):
    client = Client()
    client.post("/account/password-reset/", {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session-held one
    response = client.post(
        form_url, {"new_password1": "a brand new secret 7", "new_password2": "a brand new secret 7"}
    )
    assert response.url == "/account/password-reset/done/"
    fresh = Client()
    login = fresh.post("/account/login/", {"username": "alice", "password": "a brand new secret 7"})
    assert login.status_code == 302 and "_auth_user_id" in fresh.session


def test_password_reset_does_not_reveal_unknown_addresses(world):
    response = Client().post("/account/password-reset/", {"email": "nobody@example.com"})
    assert response.url == "/account/password-reset/sent/"
    assert mail.outbox == []


@pytest.mark.argon2
@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2():
    user = User.objects.create_user("dora", password="s3cret enough phrase")
    assert user.password.startswith("argon2$")
    assert user.check_password("s3cret enough phrase")


def test_language_preference_is_per_user(world):
    world.alice.language = "nl"
    world.alice.save()
    response = world.client(world.alice).get(f"/b/{world.bakery.key}/")
    assert response.headers["Content-Language"] == "nl"
    assert 'lang="nl"' in response.content.decode()
    english = world.client(world.bob).get(f"/b/{world.bakery.key}/")
    assert 'lang="en"' in english.content.decode()


def test_header_language_menu_saves_the_users_choice(world):
    client = world.client(world.alice)
    client.post("/i18n/setlang/", {"language": "pt", "next": "/"})
    world.alice.refresh_from_db()
    assert world.alice.language == "pt"
    assert 'lang="pt"' in client.get(f"/b/{world.bakery.key}/").content.decode()


def test_settings_page_offers_browser_language(world):
    page = world.client(world.alice).get("/account/settings/").content.decode()
    assert "Same as my browser" in page
