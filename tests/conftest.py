"""Settings shared by all tests that use Django (engine tests never load Django)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(request):
    """Personas are created in nearly every web test; argon2 itself is tested in test_auth."""
    if {"db", "transactional_db"} & set(request.fixturenames) and not request.node.get_closest_marker(
        "argon2"
    ):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
