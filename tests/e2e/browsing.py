"""Steps the browser tests share."""

from __future__ import annotations


def log_in(page, base_url: str, username: str, password: str) -> None:
    """Log in through the real login form and wait until the app has let us in."""
    page.goto(base_url + "/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/account/login/" not in url)
