"""Table classification and column mapping (rung.engine.ingest.mapping)."""

from __future__ import annotations

import polars as pl
import pytest

from rung.engine.ingest.mapping import ORDER_FIELDS, ORDERS, classify_and_map, fingerprint
from rung.engine.ingest.mapping_lexicon import lookup, normalise
from rung.engine.ingest.types import TableGuess
from rung.engine.schema import ENTITIES


def _sample(rows: list[list[str]], width: int, with_row: bool = True) -> pl.DataFrame:
    data = {f"c{i}": [r[i] for r in rows] for i in range(width)}
    df = pl.DataFrame(data, schema={f"c{i}": pl.String for i in range(width)})
    if with_row:
        df = df.with_columns(pl.int_range(2, df.height + 2, dtype=pl.Int64).alias("_row"))
    return df


def _guess(headers: list[str], rows: list[str]) -> TableGuess:
    cells = [r.split("|") for r in rows]
    assert all(len(r) == len(headers) for r in cells)
    return classify_and_map(headers, _sample(cells, len(headers)))


def _targets(guess: TableGuess) -> dict[str, str | None]:
    return {m.source: m.target for m in guess.columns}


# --- multilingual headers ----------------------------------------------------------------

SALE_LINES = {
    "nl": (
        [
            "Factuurnummer",
            "Datum",
            "Klantnummer",
            "Artikelnummer",
            "Omschrijving",
            "Aantal",
            "Stukprijs",
            "Korting",
            "BTW",
            "Valuta",
        ],
        [
            "F-1001|01-03-2024|K12|ART-1|Koffie 1 kg|2|18,50|0,00|3,33|EUR",
            "F-1002|02-03-2024|K13|ART-2|Thee groen|5|4,10|0,50|1,80|EUR",
        ],
    ),
    "de": (
        [
            "Rechnungsnummer",
            "Datum",
            "Kundennummer",
            "Artikelnummer",
            "Bezeichnung",
            "Menge",
            "Stückpreis",
            "Rabatt",
            "MwSt",
            "Währung",
        ],
        [
            "RE-1|01.03.2024|10023|A-100|Brot 750g|3|4,20|0,00|0,88|EUR",
            "RE-2|02.03.2024|10051|A-200|Brezel|10|1,10|1,10|0,69|EUR",
        ],
    ),
    "fr": (
        [
            "N° de commande",
            "Date",
            "Numéro client",
            "Référence produit",
            "Désignation",
            "Quantité",
            "Prix unitaire",
            "Remise",
            "TVA",
            "Devise",
        ],
        [
            "C-1|2024-03-01|CL-9|SAV-1|Savon lavande|2|4,96|0,00|1,98|EUR",
            "C-2|2024-03-02|CL-7|BOU-2|Bougie figue|1|15,83|1,00|3,17|EUR",
        ],
    ),
    "es": (
        [
            "Nº de pedido",
            "Fecha",
            "Código de cliente",
            "Referencia del producto",
            "Descripción",
            "Cantidad",
            "Precio unitario",
            "Descuento",
            "IVA",
            "Moneda",
        ],
        [
            "P-1|15/01/2024|C-1|ACE-5|Aceite 5 l|4|32,50|0,00|27,30|EUR",
            "P-2|16/01/2024|C-2|VIN-1|Vinagre 1 l|6|7,80|2,34|9,34|EUR",
        ],
    ),
    "pt": (
        [
            "Número do pedido",
            "Data",
            "Código do cliente",
            "Código do produto",
            "Descrição",
            "Quantidade",
            "Preço unitário",
            "Desconto",
            "Imposto",
            "Moeda",
        ],
        [
            "10231|05/03/2024|C-1|CAM-1|Camiseta preta|2|49,90|0,00|9,98|BRL",
            "10232|06/03/2024|C-2|BON-2|Boné azul|1|35,00|5,00|6,00|BRL",
        ],
    ),
    "it": (
        [
            "Numero ordine",
            "Data",
            "Codice cliente",
            "Codice articolo",
            "Descrizione",
            "Quantità",
            "Prezzo unitario",
            "Sconto",
            "IVA",
            "Valuta",
        ],
        [
            "O-1|08/02/2024|CL1|PAS-500|Pasta 500 g|24|1,20|0,00|6,34|EUR",
            "O-2|09/02/2024|CL2|CAF-1|Caffè 1 kg|3|18,00|0,00|11,88|EUR",
        ],
    ),
    "zh": (
        ["订单号", "日期", "客户编号", "商品编码", "商品名称", "数量", "单价", "折扣", "税", "币种"],
        [
            "E2024001|2024-03-01|C001|YN-500|咖啡豆|2|68.00|10.00|8.84|CNY",
            "E2024002|2024-03-02|C002|DR-01|滤杯|1|89.00|0.00|11.57|CNY",
        ],
    ),
    "ja": (
        [
            "注文番号",
            "日付",
            "顧客番号",
            "商品コード",
            "商品名",
            "数量(個)",
            "単価",
            "割引",
            "消費税",
            "通貨",
        ],
        [
            "J-0001|2024/04/05|C0001|A001|ブレンド|2|450|0|72|JPY",
            "J-0002|2024/04/06|C0002|B010|ケーキ|1|520|50|47|JPY",
        ],
    ),
}
SALE_LINE_FIELDS = ["order_id", "timestamp", "customer_id", "product_id", "description", "quantity",
                    "unit_price", "discount", "tax", "currency"]  # fmt: skip


@pytest.mark.parametrize("language", sorted(SALE_LINES))
def test_sale_lines_in_every_language(language: str) -> None:
    headers, rows = SALE_LINES[language]
    guess = _guess(headers, rows)
    assert guess.entity == "sale_lines"
    assert [m.target for m in guess.columns] == SALE_LINE_FIELDS
    assert all(0.0 <= m.confidence <= 1.0 for m in guess.columns)


@pytest.mark.parametrize(
    ("header", "concept"),
    [
        ("Lineitem quantity", "quantity"),
        ("Qty", "quantity"),
        ("Quantidade", "quantity"),
        ("数量(個)", "quantity"),
        ("ＱＴＹ", "quantity"),
        ("Artikelnummer", "sku"),
        ("SKU", "sku"),
        ("EAN", "barcode"),
        ("Bestelnummer", "order_id"),
        ("Rechnungsnummer", "invoice_id"),
        ("Pedido", "order_id"),
        ("注文番号", "order_id"),
        ("订单号", "order_id"),
        ("Klantnummer", "customer_id"),
        ("Kundennummer", "customer_id"),
        ("Preço unitário", "unit_price"),
        ("単価", "unit_price"),
        ("E-mail", "email"),
        ("Correo", "email"),
        ("邮箱", "email"),
        ("メールアドレス", "email"),
        ("Telefoon", "phone"),
        ("電話番号", "phone"),
        ("TVA", "tax"),
        ("税", "tax"),
        ("Desconto", "discount"),
        ("割引", "discount"),
        ("Bewertung", "rating"),
        ("评价", "review_text"),
        ("レビュー", "review_text"),
        ("Voorraad", "stock"),
        ("Lagerbestand", "stock"),
        ("在庫", "stock"),
        ("库存", "stock"),
        ("Leverancier", "supplier_name"),
        ("Fornecedor", "supplier_name"),
        ("仕入先", "supplier_name"),
        # not in the lexicon as written: compounds, groups, Romance "X de Y"
        ("Lieferantennummer", "supplier_id"),
        ("Kunden-Nr.", "customer_id"),
        ("Customer E-mail Address", "email"),
        ("Nombre del cliente", "customer_name"),
        ("Billing Name", "customer_name"),
        ("Prix unitaire (EUR)", "unit_price"),
    ],
)
def test_header_lookup(header: str, concept: str) -> None:
    found = lookup(header)
    assert found.candidates, header
    best = max(found.candidates, key=lambda cs: cs[1])[0]
    assert best == concept


def test_normalise_handles_width_case_accents_units_and_camel_case() -> None:
    assert normalise("ＵｎｉｔＰｒｉｃｅ").text == "unit price"
    assert normalise("  Quantité  (pcs) ").text == "quantite"
    assert normalise("InvoiceNo").text == "invoice no"
    assert normalise("Prix (HT)").net
    assert normalise("Totaal incl. btw").gross
    assert normalise("Korting (%)").rate
    assert normalise("Price (EUR)").bracket_currency == "EUR"


def test_shipping_name_is_not_the_customer_when_billing_exists() -> None:
    headers = ["Customer ID", "Shipping Name", "Billing Name", "Email", "Phone"]
    rows = ["C1|Ann Lee|Ann Lee|ann@example.com|+31612345678", "C2|Bo Li|Bo Li|bo@example.com|+31687654321"]
    guess = _guess(headers, rows)
    assert guess.entity == "customers"
    targets = _targets(guess)
    assert targets["Billing Name"] == "name"
    assert targets["Shipping Name"] is None


# --- value evidence ------------------------------------------------------------------------


def test_unknown_header_resolved_by_values() -> None:
    headers = ["Klantnummer", "Naam", "Kolom 3", "Kolom 4"]
    rows = [
        "K1|Anna de Vries|anna@example.nl|+31 6 12345678",
        "K2|Tom Becker|tom@example.de|+49 221 998877",
        "K3|Lucia Garcia|lucia@example.es|+34 912 345 678",
    ]
    guess = _guess(headers, rows)
    assert guess.entity == "customers"
    targets = _targets(guess)
    assert targets["Kolom 3"] == "email"
    assert targets["Kolom 4"] == "phone"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["2", "1", "2", "5", "1", "2"], "quantity"),
        (["100231", "100232", "100233", "100234", "100235", "100236"], "order_id"),
    ],
)
def test_ambiguous_number_header_decided_by_values(values: list[str], expected: str) -> None:
    headers = ["Datum", "Artikelcode", "Product", "Number", "Prijs"]
    rows = [f"0{i + 1}-03-2024|A-{i}|Brood {i}|{v}|2,50" for i, v in enumerate(values)]
    guess = _guess(headers, rows)
    assert guess.entity == "sale_lines"
    assert _targets(guess)["Number"] == expected


def test_email_header_with_no_emails_in_it_loses_to_the_column_with_emails() -> None:
    headers = ["Customer ID", "Name", "Email", "Contact"]
    rows = [
        "1|Ann Lee|yes|ann@example.com",
        "2|Bo Li|no|bo@example.com",
        "3|Cy Wu|yes|cy@example.com",
    ]
    targets = _targets(_guess(headers, rows))
    assert targets["Contact"] == "email"
    assert targets["Email"] is None


def test_free_text_and_stars_make_feedback_even_with_unknown_headers() -> None:
    headers = ["Id", "Q1", "Q2"]
    rows = [
        "1|5|Great coffee and friendly staff, we will definitely come back next week.",
        "2|2|The cake was dry and we waited more than twenty minutes for it to arrive.",
        "3|4|Nice terrace in the sun, a bit expensive but worth it for the view.",
    ]
    guess = _guess(headers, rows)
    assert guess.entity == "feedback"
    targets = _targets(guess)
    assert targets["Q2"] == "text"
    assert targets["Q1"] == "score"
    assert targets["Id"] == "feedback_id"


def test_star_words_are_ratings() -> None:
    headers = ["reviewId", "starRating", "comment"]
    rows = [
        "a1|FIVE|Lovely bread and very kind people behind the counter.",
        "a2|TWO|Too expensive for what it is, sorry.",
    ]
    targets = _targets(_guess(headers, rows))
    assert targets["starRating"] == "score"


# --- classification -----------------------------------------------------------------------

CASES: list[tuple[str | None, list[str], list[str]]] = [
    (
        "customers",
        ["Customer ID", "First Name", "Last Name", "Email", "Phone", "City", "Accepts Marketing"],
        ["1|Ann|Lee|ann@example.com|+3161234567|Utrecht|yes", "2|Bo|Li|bo@example.com|+3168765432|Delft|no"],
    ),
    (
        "products",
        ["SKU", "Name", "Category", "Price", "Cost", "Barcode"],
        ["A-1|Bread|Bakery|2.50|0.80|8712345678906", "A-2|Cake|Bakery|12.00|4.10|8712345678913"],
    ),
    (
        "sale_lines",
        ["Order ID", "Date", "SKU", "Product", "Quantity", "Price"],
        ["1001|2024-03-01|A-1|Bread|2|2.50", "1001|2024-03-01|A-2|Cake|1|12.00"],
    ),
    (
        ORDERS,
        ["Order ID", "Created at", "Customer email", "Total", "Tax", "Currency", "Status"],
        [
            "1001|2024-03-01 10:00|ann@example.com|17.00|1.40|EUR|paid",
            "1002|2024-03-01 11:00|bo@example.com|2.50|0.21|EUR|open",
        ],
    ),
    (
        "inventory_snapshots",
        ["SKU", "Location", "On hand", "On order", "Counted at"],
        ["A-1|Shop|24|12|2024-03-31", "A-2|Shop|3|0|2024-03-31"],
    ),
    (
        "suppliers",
        ["Supplier", "Email", "Phone", "Lead time (days)", "Minimum order value"],
        ["Mill & Co|orders@example.com|+3130123456|3|150.00", "Sugar BV|info@example.nl|+3120654321|7|80.00"],
    ),
    (
        "feedback",
        ["Review ID", "Date", "Rating", "Comment"],
        ["r1|2024-03-01|5|Lovely bread, very kind staff.", "r2|2024-03-02|2|The coffee was cold and bitter."],
    ),
    (
        "inquiries",
        ["Ticket ID", "Received", "From", "Subject", "Message"],
        [
            "t1|2024-03-01 09:00|ann@example.com|Opening hours|Are you open on Easter Monday? I want a cake.",
            "t2|2024-03-02 10:00|bo@example.com|Gluten free|Any gluten free bread? My girl is coeliac.",
        ],
    ),
    (
        None,
        ["Store", "Week", "Temperature", "Fuel Price"],
        ["1|2024-W10|12.4|1.95", "2|2024-W10|11.0|1.97"],
    ),
]


@pytest.mark.parametrize(("entity", "headers", "rows"), CASES, ids=[str(c[0]) for c in CASES])
def test_classification_of_each_entity(entity: str | None, headers: list[str], rows: list[str]) -> None:
    guess = _guess(headers, rows)
    assert guess.entity == entity
    assert 0.0 <= guess.confidence <= 1.0
    valid = set(ORDER_FIELDS) if entity == ORDERS else set(ENTITIES[entity].field_names) if entity else set()
    for m in guess.columns:
        assert m.target is None or m.target in valid
    if entity is None:
        assert all(m.target is None for m in guess.columns)


def test_orders_without_lines_get_their_own_fields() -> None:
    guess = _guess(*[CASES[3][1], CASES[3][2]])
    assert _targets(guess) == {
        "Order ID": "order_id",
        "Created at": "timestamp",
        "Customer email": "email",
        "Total": "total",
        "Tax": "tax",
        "Currency": "currency",
        "Status": "status",
    }


def test_bakery_style_sale_lines_use_the_item_name_as_product() -> None:
    headers = ["Date", "Time", "Transaction", "Item"]
    rows = [
        "2016-10-30|09:58:11|1|Bread",
        "2016-10-30|10:05:34|2|Scandinavian",
        "2016-10-30|10:07:57|3|Hot chocolate",
    ]
    guess = _guess(headers, rows)
    assert guess.entity == "sale_lines"
    assert _targets(guess) == {
        "Date": "timestamp",
        "Time": None,
        "Transaction": "order_id",
        "Item": "product_id",
    }


# --- one field, one column ----------------------------------------------------------------


def test_each_field_goes_to_one_column_only() -> None:
    headers = ["Email", "E-mail", "Customer ID", "Name", "Full name"]
    rows = ["a@example.com|a@example.com|1|Ann|Ann Lee", "b@example.com|b@example.com|2|Bo|Bo Li"]
    guess = _guess(headers, rows)
    targets = [m.target for m in guess.columns if m.target]
    assert len(targets) == len(set(targets))
    assert targets.count("email") == 1
    assert targets.count("name") == 1


def test_line_level_export_keeps_order_totals_out_of_line_fields() -> None:
    headers = ["Name", "Created at", "Taxes", "Total", "Lineitem quantity", "Lineitem name", "Lineitem price",
               "Lineitem sku", "Lineitem discount"]  # fmt: skip
    rows = [
        "#1001|2024-03-01 10:00:00 +0100|2.10|27.10|1|Mug|10.00|MUG-1|0.00",
        "#1001|2024-03-01 10:00:00 +0100|||2|Plate|7.50|PLT-2|0.50",
        "#1002|2024-03-02 09:00:00 +0100|0.42|5.42|1|Spoon|5.00|SPN-1|0.00",
    ]
    guess = _guess(headers, rows)
    assert guess.entity == "sale_lines"
    targets = _targets(guess)
    assert targets["Name"] == "order_id"
    assert targets["Lineitem price"] == "unit_price"
    assert targets["Lineitem discount"] == "discount"
    assert targets["Taxes"] is None
    assert targets["Total"] is None


def test_sample_without_row_column_and_missing_cells() -> None:
    headers = ["SKU", "Name", "Price", "Extra"]
    sample = _sample([["A-1", "Bread", "2.50"], ["A-2", "Cake", "12.00"]], 3, with_row=False)
    guess = classify_and_map(headers, sample)
    assert guess.entity == "products"
    assert [m.position for m in guess.columns] == [0, 1, 2, 3]
    assert guess.columns[3].target is None


# --- fingerprint --------------------------------------------------------------------------


def test_fingerprint_ignores_order_whitespace_case_and_width() -> None:
    a = fingerprint(["Order ID", "Date", "Quantity", "Unit Price"])
    assert a == fingerprint(["unit price", "  Quantity ", "DATE", "order id"])
    assert a == fingerprint(["Order_ID", "Date", "Quantity", "ＵｎｉｔＰｒｉｃｅ"])
    assert a == fingerprint(["Order ID", "Date", "Quantity", "Unit Price"])


def test_fingerprint_changes_when_columns_change() -> None:
    a = fingerprint(["Order ID", "Date", "Quantity", "Unit Price"])
    assert a != fingerprint(["Order ID", "Date", "Quantity"])
    assert a != fingerprint(["Order ID", "Date", "Quantity", "Price"])
    assert a != fingerprint(["Order ID", "Date", "Quantity", "Unit Price", "Unit Price"])
    assert len(a) == 32
