"""The business store: grants decide what is allowed, batches are undoable, writes are atomic."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from rung.engine.schema import PRODUCT, SALE_LINE, SCHEMA_VERSION, SchemaError
from rung.engine.store import AccessDenied, BusinessStore, Grant


def _products(*ids: str, price: str = "2.50") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "product_id": list(ids),
            "name": [f"Product {i}" for i in ids],
            "list_price": [Decimal(price)] * len(ids),
            "currency": ["EUR"] * len(ids),
        }
    )


def _sale_lines(n: int, order: str = "R-1") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "order_id": [order] * n,
            "line_no": list(range(1, n + 1)),
            "timestamp": [datetime(2024, 5, 4, 10, i, tzinfo=UTC) for i in range(n)],
            "product_id": [f"P{i}" for i in range(n)],
            "quantity": [1.0] * n,
            "unit_price": [Decimal("1.99")] * n,
            "currency": ["EUR"] * n,
        }
    )


def _all_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _temp_files(folder: Path) -> list[Path]:
    return [p for p in _all_files(folder) if p.name.startswith(".tmp-")]


# -- grants ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key", ["../x", "A B", "Bakery", "", "-bakery", "a/b", "a\\b", ".", "..", "bakery\n", "é", "x" * 65]
)
def test_grant_refuses_keys_that_are_not_plain_folder_names(key: str) -> None:
    with pytest.raises(ValueError, match="Invalid business key"):
        Grant(business_key=key, actor="someone", can_write=True)


@pytest.mark.parametrize("key", ["bakery", "shop-2", "a", "0_x", "x" * 64])
def test_grant_accepts_plain_keys(key: str) -> None:
    assert Grant(business_key=key, actor="someone", can_write=False).business_key == key


def test_store_lives_in_the_business_folder(root: Path, store: BusinessStore) -> None:
    assert store.path == root / "bakery"


# -- reading and writing -----------------------------------------------------------------------


def test_write_then_read_round_trip(store: BusinessStore, reader: BusinessStore) -> None:
    df = _products("bread", "cake")
    part = store.write("products", df, batch="b1")
    assert part == store.path / "products" / "b1.parquet"
    assert part.is_file()
    for s in (store, reader):
        got = s.read("products")
        assert got.schema == PRODUCT.polars_schema()
        assert got.equals(PRODUCT.conform(df))
    assert store.has("products")
    assert store.batches("products") == ["b1"]


def test_read_of_an_entity_without_data_is_an_empty_canonical_frame(store: BusinessStore) -> None:
    got = store.read("sale_lines")
    assert got.height == 0
    assert got.schema == SALE_LINE.polars_schema()
    assert not store.has("sale_lines")
    assert store.batches("sale_lines") == []
    assert store.row_counts() == {}
    assert not store.path.exists(), "reading must not create the business folder"


def test_read_of_an_unknown_entity_is_a_schema_error(store: BusinessStore) -> None:
    with pytest.raises(SchemaError, match="Unknown entity"):
        store.read("nope")


def test_write_refuses_tables_that_do_not_fit(store: BusinessStore) -> None:
    with pytest.raises(SchemaError, match="currency"):
        store.write("sale_lines", _sale_lines(2).drop("currency"), batch="b1")
    assert not store.has("sale_lines")
    assert not store.path.exists(), "a refused table creates no folder"


def test_write_refuses_unknown_entities(store: BusinessStore) -> None:
    with pytest.raises(SchemaError):
        store.write("nope", _products("x"), batch="b1")


@pytest.mark.parametrize("batch", ["../x", "A B", "", "*", "b1\n", "a/b"])
def test_write_refuses_batch_ids_that_are_not_plain_names(store: BusinessStore, batch: str) -> None:
    with pytest.raises(ValueError, match="Invalid batch id"):
        store.write("products", _products("x"), batch=batch)
    assert not store.has("products")


def test_two_batches_append_and_remove_batch_undoes_exactly_one(store: BusinessStore) -> None:
    store.write("products", _products("bread", "cake"), batch="b1")
    store.write("products", _products("pie"), batch="b2")
    store.write("sale_lines", _sale_lines(3), batch="b2")
    assert sorted(store.read("products").get_column("product_id")) == ["bread", "cake", "pie"]
    assert store.row_counts() == {"products": 3, "sale_lines": 3}

    assert store.remove_batch("b2") == 2  # one part in products, one in sale_lines

    assert sorted(store.read("products").get_column("product_id")) == ["bread", "cake"]
    assert store.batches("products") == ["b1"]
    assert not store.has("sale_lines")
    assert store.row_counts() == {"products": 2}
    assert store.remove_batch("b2") == 0, "undoing twice removes nothing more"


def test_writing_the_same_batch_again_replaces_its_part(store: BusinessStore) -> None:
    store.write("products", _products("bread", "cake"), batch="b1")
    store.write("products", _products("pie"), batch="b1")
    assert store.read("products").get_column("product_id").to_list() == ["pie"]
    assert store.batches("products") == ["b1"]


def test_remove_batch_cannot_reach_outside_the_business(root: Path, store: BusinessStore) -> None:
    other = BusinessStore(root, Grant(business_key="victim", actor="them", can_write=True))
    other.write("sale_lines", _sale_lines(2), batch="b1")
    store.write("sale_lines", _sale_lines(1), batch="b1")  # so that "*/" matches a folder
    for batch in ("../../victim/sale_lines/b1", "*", "b?", "[b]1"):
        with pytest.raises(ValueError, match="Invalid batch id"):
            store.remove_batch(batch)
    assert other.row_counts() == {"sale_lines": 2}
    assert store.row_counts() == {"sale_lines": 1}


def test_row_counts_counts_rows_over_all_parts(store: BusinessStore) -> None:
    store.write("sale_lines", _sale_lines(4, order="R-1"), batch="b1")
    store.write("sale_lines", _sale_lines(2, order="R-2"), batch="b2")
    store.write("products", _products("x"), batch="b1")
    assert store.row_counts() == {"products": 1, "sale_lines": 6}


# -- atomic writes -----------------------------------------------------------------------------


def test_a_successful_write_leaves_no_temporary_files(store: BusinessStore) -> None:
    store.write("products", _products("bread"), batch="b1")
    store.write("sale_lines", _sale_lines(2), batch="b1")
    assert _temp_files(store.path) == []
    names = sorted(p.relative_to(store.path).as_posix() for p in _all_files(store.path))
    assert names == ["manifest.json", "products/b1.parquet", "sale_lines/b1.parquet"]


def test_a_failed_write_leaves_nothing_behind(store: BusinessStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def half_written(self: pl.DataFrame, file: str | Path, **kwargs: object) -> None:
        Path(file).write_bytes(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", half_written)
    with pytest.raises(OSError, match="disk full"):
        store.write("products", _products("bread"), batch="b1")
    assert not (store.path / "products" / "b1.parquet").exists()
    assert _temp_files(store.path) == []
    assert [p for p in _all_files(store.path) if p.suffix == ".parquet"] == []
    assert store.read("products").height == 0


def test_a_failed_rewrite_keeps_the_previous_part_intact(
    store: BusinessStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write("products", _products("bread", "cake"), batch="b1")

    def half_written(self: pl.DataFrame, file: str | Path, **kwargs: object) -> None:
        Path(file).write_bytes(b"PAR1 half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(pl.DataFrame, "write_parquet", half_written)
    with pytest.raises(KeyboardInterrupt):
        store.write("products", _products("pie"), batch="b1")
    monkeypatch.undo()
    assert sorted(store.read("products").get_column("product_id")) == ["bread", "cake"]
    assert _temp_files(store.path) == []


# -- the manifest ------------------------------------------------------------------------------


def test_manifest_records_the_schema_version(store: BusinessStore) -> None:
    store.write("products", _products("bread"), batch="b1")
    store.write("sale_lines", _sale_lines(1), batch="b1")
    manifest = json.loads((store.path / "manifest.json").read_text())
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["entities"] == {
        "products": {"version": PRODUCT.version},
        "sale_lines": {"version": SALE_LINE.version},
    }


# -- SQL ---------------------------------------------------------------------------------------


def test_sql_sees_every_entity_as_a_view(store: BusinessStore) -> None:
    store.write("sale_lines", _sale_lines(3, order="R-1"), batch="b1")
    store.write("sale_lines", _sale_lines(2, order="R-2"), batch="b2")
    store.write("products", _products("P0", "P1"), batch="b1")
    got = store.sql(
        "SELECT order_id, count(*) AS n, sum(quantity * unit_price) AS value "
        "FROM sale_lines GROUP BY order_id ORDER BY order_id"
    )
    assert got.get_column("order_id").to_list() == ["R-1", "R-2"]
    assert got.get_column("n").to_list() == [3, 2]
    assert [Decimal(str(v)) for v in got.get_column("value")] == [Decimal("5.97"), Decimal("3.98")]
    joined = store.sql("SELECT count(*) AS n FROM sale_lines JOIN products USING (product_id)")
    assert joined.item() == 4  # P0 and P1 in both orders


def test_sql_works_when_the_data_folder_has_a_quote_in_its_path(tmp_path: Path) -> None:
    s = BusinessStore(tmp_path / "o'brien's data", Grant(business_key="shop", actor="me", can_write=True))
    s.write("products", _products("a", "b"), batch="b1")
    assert s.sql("SELECT count(*) FROM products").item() == 2


def test_sql_is_allowed_with_a_read_only_grant(store: BusinessStore, reader: BusinessStore) -> None:
    store.write("products", _products("a"), batch="b1")
    assert reader.sql("SELECT product_id FROM products").get_column("product_id").to_list() == ["a"]


# -- what a read-only grant may not do ---------------------------------------------------------


def test_read_only_grant_cannot_change_anything(store: BusinessStore, reader: BusinessStore) -> None:
    store.write("products", _products("bread"), batch="b1")
    before = sorted(p.read_bytes() for p in _all_files(store.path))
    with pytest.raises(AccessDenied, match=r"viewer@example\.com"):
        reader.write("products", _products("pie"), batch="b2")
    with pytest.raises(AccessDenied):
        reader.remove_batch("b1")
    with pytest.raises(AccessDenied):
        reader.destroy()
    assert sorted(p.read_bytes() for p in _all_files(store.path)) == before
    assert reader.read("products").get_column("product_id").to_list() == ["bread"]


def test_access_denied_is_a_permission_error() -> None:
    assert issubclass(AccessDenied, PermissionError)


# -- destroy -----------------------------------------------------------------------------------


def test_destroy_removes_the_business_folder_and_nothing_else(root: Path, store: BusinessStore) -> None:
    neighbour = BusinessStore(root, Grant(business_key="bakery-2", actor="them", can_write=True))
    neighbour.write("products", _products("x"), batch="b1")
    store.write("products", _products("bread"), batch="b1")
    store.destroy()
    assert not store.path.exists()
    assert store.read("products").height == 0
    assert neighbour.row_counts() == {"products": 1}
    store.destroy()  # destroying a business without data is not an error


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_parquet('{other}/sale_lines/*.parquet')",
        "COPY (SELECT 1) TO '{own}/sale_lines/evil.parquet'",
        "SET enable_external_access = true",
    ],
)
def test_sql_cannot_reach_other_files(tmp_path, query):
    """sql() may read the business's own parts and nothing else, not even with a crafted query."""
    root = tmp_path / "data"
    lines = _sale_lines(3)
    mine = BusinessStore(root, Grant("mine", "alice", can_write=False))
    other = BusinessStore(root, Grant("other", "charlie", can_write=True))
    BusinessStore(root, Grant("mine", "alice", can_write=True)).write("sale_lines", lines, batch="b1")
    other.write("sale_lines", lines, batch="b1")
    assert mine.sql("SELECT count(*) AS n FROM sale_lines").item() == lines.height
    with pytest.raises(duckdb.Error):
        mine.sql(query.format(other=other.path, own=mine.path))
    assert sorted(p.name for p in (mine.path / "sale_lines").iterdir()) == ["b1.parquet"]


def test_sql_under_a_read_only_grant_cannot_overwrite_a_part(tmp_path):
    root = tmp_path / "data"
    BusinessStore(root, Grant("mine", "alice", can_write=True)).write(
        "sale_lines", _sale_lines(2), batch="b1"
    )
    reader = BusinessStore(root, Grant("mine", "ada", can_write=False))
    part = reader.path / "sale_lines" / "b1.parquet"
    before = part.read_bytes()
    with pytest.raises(duckdb.Error):
        reader.sql(f"COPY (SELECT 'HACKED' AS product_id) TO '{part}' (FORMAT parquet, USE_TMP_FILE false)")
    assert part.read_bytes() == before


def test_a_leftover_temporary_file_is_not_read_as_data(store):
    store.write("sale_lines", _sale_lines(2), batch="b1")
    (store.path / "sale_lines" / ".tmp-dead.parquet").write_bytes(b"half a file")
    assert store.read("sale_lines").height == 2
    assert store.batches("sale_lines") == ["b1"]
    assert store.row_counts() == {"sale_lines": 2}


def test_folders_that_are_not_entities_are_ignored(store):
    store.write("sale_lines", _sale_lines(2), batch="b1")
    (store.path / "quarantine").mkdir()
    pl.DataFrame({"x": [1]}).write_parquet(store.path / "quarantine" / "q.parquet")
    assert store.row_counts() == {"sale_lines": 2}
    assert store.sql("SELECT count(*) AS n FROM sale_lines").item() == 2


def test_results_are_kept_per_run_and_refused_to_readers(store, reader):
    import polars as pl
    import pytest

    from rung.engine.store import AccessDenied

    frame = pl.DataFrame({"product_id": ["P1"], "forecast": [3.5]})
    store.write_result("forecast", "run-1", {"forecasts": frame})
    assert reader.read_result("forecast", "run-1", "forecasts").equals(frame)
    assert reader.read_result("forecast", "run-2", "forecasts") is None
    assert store.row_counts() == {}  # results are not data
    with pytest.raises(AccessDenied):
        reader.write_result("forecast", "run-1", {"forecasts": frame})
    with pytest.raises(ValueError):
        store.read_result("forecast", "../other", "forecasts")
