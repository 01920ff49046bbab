"""The suite runs on SQLite and again on a real PostgreSQL server (scripts/test starts it)."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_runs_on_the_expected_database():
    expected = os.environ.get("RUNG_TEST_EXPECT_DB", "sqlite")
    assert connection.vendor == expected
    if expected == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("select version()")
            assert cursor.fetchone()[0].startswith("PostgreSQL")
