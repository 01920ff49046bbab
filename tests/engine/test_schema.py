"""The canonical schema keeps its own rules, and conform() fits tables to it or says why not."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import polars as pl
import pytest

from rung.engine import schema
from rung.engine.schema import (
    CUSTOMER,
    ENTITIES,
    MONEY_DTYPE,
    PRODUCT,
    SALE_LINE,
    Entity,
    Field,
    Kind,
    SchemaError,
)

ALL_FIELDS = [(e, f) for e in ENTITIES.values() for f in e.fields]


def _id(value: object) -> str:
    if isinstance(value, Entity):
        return value.name
    if isinstance(value, Field):
        return value.name
    return str(value)


# -- the rules every definition keeps ---------------------------------------------------------


@pytest.mark.parametrize(("ent", "field"), [p for p in ALL_FIELDS if p[1].kind is Kind.MONEY], ids=_id)
def test_money_names_a_currency_field_of_the_same_entity(ent: Entity, field: Field) -> None:
    assert field.currency_field is not None, f"{ent.name}.{field.name} is money without a currency"
    assert field.currency_field in ent.field_names
    assert ent.field(field.currency_field).kind is Kind.CURRENCY
    assert field.dtype == MONEY_DTYPE
    assert isinstance(field.dtype, pl.Decimal), "money must be fixed-point, never a float"


@pytest.mark.parametrize(("ent", "field"), [p for p in ALL_FIELDS if p[1].kind is Kind.QUANTITY], ids=_id)
def test_quantity_names_a_unit_field_of_the_same_entity(ent: Entity, field: Field) -> None:
    assert field.unit_field is not None, f"{ent.name}.{field.name} is a quantity without a unit"
    assert field.unit_field in ent.field_names
    assert ent.field(field.unit_field).kind is Kind.UNIT


def test_only_money_names_a_currency_and_only_quantities_a_unit() -> None:
    for ent, field in ALL_FIELDS:
        if field.kind is not Kind.MONEY:
            assert field.currency_field is None, f"{ent.name}.{field.name}"
        if field.kind is not Kind.QUANTITY:
            assert field.unit_field is None, f"{ent.name}.{field.name}"


@pytest.mark.parametrize("ent", ENTITIES.values(), ids=_id)
def test_entity_is_well_formed(ent: Entity) -> None:
    assert ENTITIES[ent.name] is ent
    assert ent.version >= 1
    assert ent.title and ent.description
    assert len(set(ent.field_names)) == len(ent.field_names), "duplicate field names"
    assert ent.key, "every entity has a key"
    for name in ent.key:
        assert name in ent.field_names
    assert ent.required, "every entity requires at least its id"
    for f in ent.fields:
        assert f.description, f"{ent.name}.{f.name} is undocumented"
    assert ent.polars_schema().names() == ent.field_names
    empty = ent.empty()
    assert empty.height == 0
    assert empty.schema == ent.polars_schema()


@pytest.mark.parametrize("ent", ENTITIES.values(), ids=_id)
def test_timestamps_are_utc(ent: Entity) -> None:
    for f in ent.fields:
        if f.kind is Kind.TIMESTAMP:
            assert f.dtype == pl.Datetime("us", "UTC")


def test_every_kind_has_a_storage_type() -> None:
    for kind in Kind:
        assert isinstance(Field("x", kind, "x").dtype, pl.DataType)


# -- the entities the issue asks for ----------------------------------------------------------

REQUIRED_ENTITIES = {
    # issue's name -> (module constant, entity name, fields it must have)
    "Customer": ("CUSTOMER", "customers", {"customer_id", "name", "email", "phone", "country"}),
    "Product": ("PRODUCT", "products", {"product_id", "name", "category", "unit", "list_price", "currency"}),
    "SaleLine": (
        "SALE_LINE",
        "sale_lines",
        {
            "order_id",
            "line_no",
            "timestamp",
            "customer_id",
            "product_id",
            "quantity",
            "unit_price",
            "discount",
            "tax",
            "currency",
            "channel",
            "location",
            "return_flag",
        },
    ),
    "InventorySnapshot": ("INVENTORY_SNAPSHOT", "inventory_snapshots", {"product_id", "as_of", "on_hand"}),
    "Supplier": ("SUPPLIER", "suppliers", {"supplier_id", "name", "lead_time_days"}),
    "Feedback": ("FEEDBACK", "feedback", {"feedback_id", "timestamp", "score", "text"}),
    "Inquiry": ("INQUIRY", "inquiries", {"inquiry_id", "received_at", "text"}),
    "Document": ("DOCUMENT", "documents", {"document_id", "text"}),
    "StaffMember": ("STAFF_MEMBER", "staff_members", {"staff_id", "name", "role"}),
    "Shift": ("SHIFT", "shifts", {"shift_id", "staff_id", "starts_at", "ends_at"}),
    "Quote": ("QUOTE", "quotes", {"quote_id", "created_at", "total", "currency"}),
}


@pytest.mark.parametrize("issue_name", REQUIRED_ENTITIES)
def test_issue_entities_exist_with_their_fields(issue_name: str) -> None:
    constant, name, fields = REQUIRED_ENTITIES[issue_name]
    ent = schema.entity(name)
    assert getattr(schema, constant) is ent
    missing = fields - set(ent.field_names)
    assert not missing, f"{issue_name} lacks {sorted(missing)}"


def test_no_entity_beyond_the_issue_is_silently_unlisted() -> None:
    assert set(ENTITIES) == {name for _, name, _ in REQUIRED_ENTITIES.values()}


def test_sale_line_kinds() -> None:
    kinds = {f.name: f.kind for f in SALE_LINE.fields}
    assert kinds["timestamp"] is Kind.TIMESTAMP
    assert kinds["quantity"] is Kind.QUANTITY
    assert kinds["unit_price"] is Kind.MONEY
    assert kinds["discount"] is Kind.MONEY
    assert kinds["tax"] is Kind.MONEY
    assert kinds["currency"] is Kind.CURRENCY
    assert kinds["return_flag"] is Kind.BOOLEAN
    assert SALE_LINE.key == ("order_id", "line_no")
    required = set(SALE_LINE.required)
    assert {"order_id", "line_no", "timestamp", "product_id", "quantity", "currency"} <= required
    assert "unit_price" not in SALE_LINE.required  # a till list of items sold has no prices
    assert "customer_id" not in SALE_LINE.required, "anonymous walk-in sales must be storable"


def test_field_lookup() -> None:
    assert SALE_LINE.field("quantity").unit_field == "unit"
    with pytest.raises(KeyError, match="nope"):
        SALE_LINE.field("nope")


# -- entity() ----------------------------------------------------------------------------------


def test_unknown_entity_lists_the_valid_names() -> None:
    with pytest.raises(SchemaError) as info:
        schema.entity("nope")
    message = str(info.value)
    assert "'nope'" in message
    for name in ENTITIES:
        assert name in message


def test_schema_error_is_a_value_error() -> None:
    assert issubclass(SchemaError, ValueError)


# -- conform() ---------------------------------------------------------------------------------


def _minimal_sale_line(**overrides: object) -> pl.DataFrame:
    data: dict[str, list[object]] = {
        "order_id": ["A-1", "A-1"],
        "line_no": [1, 2],
        "timestamp": [datetime(2024, 3, 1, 9, 30, tzinfo=UTC), datetime(2024, 3, 1, 9, 30, tzinfo=UTC)],
        "product_id": ["BREAD", "CAKE"],
        "quantity": [2, 1],
        "unit_price": [Decimal("3.25"), Decimal("12.00")],
        "currency": ["EUR", "EUR"],
    }
    data.update({k: v for k, v in overrides.items() if isinstance(v, list)})
    return pl.DataFrame(data)


def test_conform_adds_missing_optional_columns_as_typed_nulls() -> None:
    out = SALE_LINE.conform(_minimal_sale_line())
    assert out.columns == SALE_LINE.field_names
    assert out.schema == SALE_LINE.polars_schema()
    for name in (
        "customer_id",
        "description",
        "unit",
        "discount",
        "tax",
        "channel",
        "location",
        "return_flag",
    ):
        assert out.get_column(name).null_count() == out.height
    assert out.get_column("product_id").to_list() == ["BREAD", "CAKE"]


def test_conform_keeps_the_entity_column_order_whatever_the_input_order() -> None:
    df = _minimal_sale_line()
    shuffled = df.select(list(reversed(df.columns)))
    out = SALE_LINE.conform(shuffled)
    assert out.columns == SALE_LINE.field_names
    assert out.equals(SALE_LINE.conform(df))


def test_conform_casts_to_the_canonical_types() -> None:
    df = pl.DataFrame(
        {
            "product_id": [" p1", "p2"],
            "list_price": ["1.10", "0.20"],
            "unit_cost": [0.5, 0.25],
            "active": [True, None],
        }
    )
    out = PRODUCT.conform(df)
    assert out.schema == PRODUCT.polars_schema()
    assert out.get_column("list_price").to_list() == [Decimal("1.10"), Decimal("0.20")]
    # fixed point: the sum is exact, unlike 1.1 + 0.2 in binary floating point
    assert out.get_column("list_price").sum() == Decimal("1.30")
    assert out.get_column("unit_cost").to_list() == [Decimal("0.5"), Decimal("0.25")]
    assert out.get_column("active").to_list() == [True, None]
    assert out.get_column("product_id").to_list() == [" p1", "p2"], "conform does not clean values"


def test_conform_casts_integers_and_quantities() -> None:
    out = SALE_LINE.conform(_minimal_sale_line(line_no=["1", "2"], quantity=[2, 1]))
    assert out.get_column("line_no").dtype == pl.Int64
    assert out.get_column("line_no").to_list() == [1, 2]
    assert out.get_column("quantity").dtype == pl.Float64
    assert out.get_column("quantity").to_list() == [2.0, 1.0]


def test_conform_is_idempotent() -> None:
    once = SALE_LINE.conform(_minimal_sale_line())
    assert SALE_LINE.conform(once).equals(once)


def test_conform_accepts_an_empty_table() -> None:
    out = SALE_LINE.conform(_minimal_sale_line().head(0))
    assert out.height == 0
    assert out.schema == SALE_LINE.polars_schema()


def test_conform_names_the_missing_required_column() -> None:
    with pytest.raises(SchemaError, match="currency") as info:
        SALE_LINE.conform(_minimal_sale_line().drop("currency"))
    assert "Sale lines" in str(info.value)
    assert "missing" in str(info.value)


def test_conform_names_every_missing_required_column() -> None:
    with pytest.raises(SchemaError) as info:
        SALE_LINE.conform(_minimal_sale_line().drop("currency", "quantity"))
    assert "currency" in str(info.value)
    assert "quantity" in str(info.value)


def test_conform_rejects_unknown_columns_instead_of_dropping_them() -> None:
    with pytest.raises(SchemaError, match="colour"):
        SALE_LINE.conform(_minimal_sale_line().with_columns(colour=pl.lit("red")))


def test_conform_rejects_nulls_in_required_columns() -> None:
    df = _minimal_sale_line(product_id=["BREAD", None])
    with pytest.raises(SchemaError, match="product_id") as info:
        SALE_LINE.conform(df)
    assert "empty values" in str(info.value)


def test_conform_allows_nulls_in_optional_columns() -> None:
    out = SALE_LINE.conform(_minimal_sale_line(customer_id=["c1", None]))
    assert out.get_column("customer_id").to_list() == ["c1", None]


def test_conform_turns_type_errors_into_schema_errors() -> None:
    with pytest.raises(SchemaError, match="wrong type"):
        SALE_LINE.conform(_minimal_sale_line(line_no=["1", "two"]))


def test_conform_keeps_the_instant_when_converting_time_zones() -> None:
    utc = [datetime(2024, 7, 1, 10, 0, tzinfo=UTC), datetime(2024, 7, 1, 11, 0, tzinfo=UTC)]
    local = pl.Series("timestamp", utc).dt.convert_time_zone("Europe/Amsterdam")
    assert local.dt.hour().to_list() == [12, 13], "the input is Amsterdam wall-clock time"
    out = SALE_LINE.conform(_minimal_sale_line().with_columns(local))
    assert out.schema["timestamp"] == pl.Datetime("us", "UTC")
    assert out.get_column("timestamp").to_list() == utc


def test_canonical_csv_round_trips_through_text(tmp_path):
    """A canonical table written to CSV and read back as text conforms to the same values."""
    from rung.engine import sample_data

    lines = sample_data.to_canonical(sample_data.read_sample())["sale_lines"].head(500)
    path = tmp_path / "sale_lines.csv"
    lines.write_csv(path)
    again = SALE_LINE.conform(pl.read_csv(path, infer_schema=False))
    assert again.equals(lines)


def test_boolean_text_that_is_not_yes_or_no_is_refused():
    df = pl.DataFrame({"customer_id": ["a"], "marketing_opt_in": ["maybe"]})
    with pytest.raises(SchemaError, match="wrong type"):
        CUSTOMER.conform(df)
