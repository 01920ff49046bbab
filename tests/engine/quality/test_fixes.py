"""Fixes are rules the store applies on read: they change what every reader sees, and undo exactly."""

from __future__ import annotations

import polars as pl
import pytest

from rung.engine.quality import fixes
from rung.engine.store import AccessDenied, BusinessStore
from tests.engine.quality.conftest import customers, lines


def test_trim_and_case_fixes_apply_on_read_and_undo(store: BusinessStore) -> None:
    store.write("customers", customers([{"customer_id": "1", "name": "  JAN   DE VRIES "}]), batch="b1")
    trim = store.add_fix(fixes.new_fix("trim", "customers", "name", "owner"))
    assert store.read("customers").get_column("name").to_list() == ["JAN DE VRIES"]
    store.add_fix(fixes.new_fix("case", "customers", "name", "owner"))
    assert store.read("customers").get_column("name").to_list() == ["Jan De Vries"]
    assert (
        store.read("customers").get_column("name").to_list()
        != store.scan("customers", raw=True).collect()["name"].to_list()
    )
    store.undo_fix(trim.id)
    assert store.read("customers").get_column("name").to_list() == ["  Jan   De Vries "]
    undone = next(f for f in store.decisions().fixes if f.id == trim.id)
    assert undone.undone_by == "owner@example.com" and not undone.active
    with pytest.raises(fixes.FixError):
        store.undo_fix(trim.id)


def test_merge_reaches_sales_and_keeps_one_customer_row(store: BusinessStore) -> None:
    store.write(
        "customers",
        customers(
            [
                {"customer_id": "77", "name": "Piet Jansen", "email": None},
                {"customer_id": "123", "name": "P. Jansen", "email": "piet@example.nl"},
                {"customer_id": "5", "name": "Other"},
            ]
        ),
        batch="b1",
    )
    store.write(
        "sale_lines", lines([{"customer_id": "123"}, {"customer_id": "77"}, {"customer_id": "5"}]), batch="b1"
    )
    merge = store.add_fix(fixes.new_fix("merge", "customers", "customer_id", "owner", {"123": "77"}))
    people = store.read("customers").sort("customer_id")
    assert people.get_column("customer_id").to_list() == ["5", "77"]
    kept = people.filter(pl.col("customer_id") == "77").row(0, named=True)
    assert (
        kept["name"] == "Piet Jansen" and kept["email"] == "piet@example.nl"
    )  # gap filled from the merged row
    assert store.read("sale_lines").get_column("customer_id").to_list() == ["77", "77", "5"]
    assert store.sql("select count(distinct customer_id) as n from sale_lines").item() == 2
    # a later import that still uses the old id is merged too
    store.write("sale_lines", lines([{"order_id": "9000", "customer_id": "123"}]), batch="b2")
    assert "123" not in store.read("sale_lines").get_column("customer_id").to_list()
    store.undo_fix(merge.id)
    assert store.read("customers").height == 3
    assert store.sql("select count(distinct customer_id) as n from sale_lines").item() == 3


def test_names_fix_uses_the_stored_mapping(store: BusinessStore) -> None:
    store.write(
        "sale_lines", lines([{"description": "Sourdough"}, {"description": "SOURDOUGH LOAF"}]), batch="b1"
    )
    store.add_fix(fixes.new_fix("names", "sale_lines", "description", "owner", {"P1": "Sourdough"}))
    assert store.read("sale_lines").get_column("description").to_list() == ["Sourdough", "Sourdough"]


def test_read_only_grant_cannot_fix_or_reject(reader: BusinessStore) -> None:
    with pytest.raises(AccessDenied):
        reader.add_fix(fixes.new_fix("trim", "customers", "name", "viewer"))
    with pytest.raises(AccessDenied):
        reader.reject_merge("customers:1|2")


def test_rejections_are_remembered_and_can_be_forgotten(store: BusinessStore) -> None:
    store.reject_merge("customers:1|2")
    store.reject_merge("customers:1|2")
    assert store.decisions().rejected == ["customers:1|2"]
    store.reject_merge("customers:1|2", rejected=False)
    assert store.decisions().rejected == []


def test_bad_fixes_are_refused_with_a_reason() -> None:
    with pytest.raises(fixes.FixError, match="Unknown fix"):
        fixes.new_fix("delete", "customers", "name", "owner")
    with pytest.raises(fixes.FixError, match="Only customers and products"):
        fixes.new_fix("merge", "sale_lines", "order_id", "owner", {"a": "b"})
