"""Fixtures for engine tests: plain Python and Polars, never Django."""

from __future__ import annotations

from pathlib import Path

import pytest

from rung.engine.store import BusinessStore, Grant


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The folder that holds every business's data folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def store(root: Path) -> BusinessStore:
    return BusinessStore(root, Grant(business_key="bakery", actor="owner@example.com", can_write=True))


@pytest.fixture
def reader(root: Path) -> BusinessStore:
    """The same business as ``store``, opened with a read-only grant."""
    return BusinessStore(root, Grant(business_key="bakery", actor="viewer@example.com", can_write=False))
