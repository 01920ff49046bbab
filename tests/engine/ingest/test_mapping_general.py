"""Mapping rules that generalise beyond the tuned layouts (rung.engine.ingest.mapping).

Every layout here is invented for the rule it tests: headers as real small-business tools
write them (Scandinavian and Polish accounting, Chinese and Japanese marketplaces, ledger
journals), with a few plausible rows.
"""

from __future__ import annotations

import polars as pl
import pytest

from rung.engine.ingest.mapping import ORDERS, classify_and_map
from rung.engine.ingest.mapping_lexicon import lookup
from rung.engine.ingest.types import TableGuess


def _guess(headers: list[str], rows: list[str], name: str | None = None) -> TableGuess:
    cells = [r.split("|") for r in rows]
    assert all(len(r) == len(headers) for r in cells)
    data = {f"c{i}": [r[i] for r in cells] for i in range(len(headers))}
    return classify_and_map(headers, pl.DataFrame(data, schema=dict.fromkeys(data, pl.String)), name)


def _targets(guess: TableGuess) -> dict[str, str | None]:
    return {m.source: m.target for m in guess.columns}


# --- lexicon: Scandinavian, Polish, abbreviations, CJK -------------------------------------


@pytest.mark.parametrize(
    ("header", "concept"),
    [
        ("Ordrenummer", "order_id"),
        ("Fakturanr.", "invoice_id"),
        ("Numer faktury", "invoice_id"),
        ("Kundenummer", "customer_id"),
        ("Kundnummer", "customer_id"),
        ("Nazwa klienta", "customer_name"),
        ("Varenummer", "sku"),
        ("Varenavn", "product_name"),
        ("Benämning", "product_name"),
        ("Nazwa towaru", "product_name"),
        ("Antal", "quantity"),
        ("Antall", "quantity"),
        ("Ilość", "quantity"),
        ("Ant.", "quantity"),
        ("Stk", "quantity"),
        ("个", "quantity"),
        ("Qty", "quantity"),
        ("Stykpris", "unit_price"),
        ("À-pris", "unit_price"),
        ("Cena jednostkowa", "unit_price"),
        ("Moms", "tax"),
        ("MVA", "tax"),
        ("Podatek VAT", "tax"),
        ("Rabat", "discount"),
        ("Valuta", "currency"),
        ("Waluta", "currency"),
        ("E-post", "email"),
        ("Tlf.", "phone"),
        ("Postnummer", "postal_code"),
        ("Miasto", "city"),
        ("Kraj", "country"),
        ("Leverandør", "supplier_name"),
        ("Leverantörsnummer", "supplier_id"),
        ("Dostawca", "supplier_name"),
        ("Leveringstid", "lead_time"),
        ("Lagerbeholdning", "stock"),
        ("Fakturadato", "datetime"),
        ("Forfaldsdato", "other_date"),
        ("Förfallodatum", "other_date"),
        ("Termin płatności", "other_date"),
        ("Beløb inkl. moms", "amount"),
        ("Amount incl. VAT", "amount"),
        ("Amount excl. VAT", "subtotal"),
        ("订单编号", "order_id"),
        ("买家会员名", "customer_id"),
        ("宝贝标题", "product_name"),
        ("宝贝总数量", "item_count"),  # the items of the whole order: not a line quantity
        ("购买数量", "quantity"),
        ("商家编码", "sku"),
        ("受注番号", "order_id"),
        ("実売数", "quantity"),
        ("商品管理番号", "sku"),
    ],
)
def test_more_languages_and_abbreviations(header: str, concept: str) -> None:
    assert lookup(header).candidates[0][0] == concept


def test_danish_invoice_lines() -> None:
    guess = _guess(
        ["Fakturanr.", "Fakturadato", "Kundenr.", "Varenr.", "Varenavn", "Antal", "Stk. pris", "Moms"],
        [
            "20411|03-04-2024|1007|KAF-01|Kaffebønner 1 kg|2|159,00|79,50",
            "20412|04-04-2024|1012|TE-05|Grøn te|4|45,00|45,00",
            "20413|04-04-2024|1007|KAF-02|Espresso 500 g|1|99,00|24,75",
        ],
    )
    assert guess.entity == "sale_lines"
    assert _targets(guess) == {
        "Fakturanr.": "order_id",
        "Fakturadato": "timestamp",
        "Kundenr.": "customer_id",
        "Varenr.": "product_id",
        "Varenavn": "description",
        "Antal": "quantity",
        "Stk. pris": "unit_price",
        "Moms": "tax",
    }


def test_polish_invoice_lines() -> None:
    guess = _guess(
        [
            "Nr faktury",
            "Data wystawienia",
            "Nabywca",
            "Indeks",
            "Nazwa towaru",
            "Ilość",
            "J.m.",
            "Cena netto",
        ],
        [
            "FV/12/2024|2024-05-02|Sklep Anna|KW-100|Kawa ziarnista|3|szt|42,00",
            "FV/13/2024|2024-05-03|Hurt Marek|HB-220|Herbata czarna|10|szt|9,50",
        ],
    )
    assert guess.entity == "sale_lines"
    t = _targets(guess)
    assert t["Nr faktury"] == "order_id"
    assert t["Data wystawienia"] == "timestamp"
    assert t["Nabywca"] == "customer_id"
    assert t["Indeks"] == "product_id"
    assert t["Nazwa towaru"] == "description"
    assert t["Ilość"] == "quantity"
    assert t["J.m."] == "unit"
    assert t["Cena netto"] == "unit_price"


def test_swedish_customer_register() -> None:
    guess = _guess(
        ["Kundnr", "Namn", "E-post", "Telefon", "Postnummer", "Postort"],
        [
            "501|Lina Berg|lina@berg.se|+46 70 123 45 67|114 55|Stockholm",
            "502|Olof Ek|olof.ek@mail.se|+46 73 765 43 21|411 06|Göteborg",
        ],
    )
    assert guess.entity == "customers"
    assert _targets(guess) == {
        "Kundnr": "customer_id",
        "Namn": "name",
        "E-post": "email",
        "Telefon": "phone",
        "Postnummer": "postal_code",
        "Postort": "city",
    }


def test_taobao_style_order_list() -> None:
    guess = _guess(
        ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "订单付款时间"],
        [
            "3310045876123|tb_xiaoli|128.50|交易成功|2024-03-01 10:22:01|2024-03-01 10:23:40",
            "3310045876124|momo2020|59.00|等待发货|2024-03-01 11:02:13|2024-03-01 11:05:09",
        ],
    )
    assert guess.entity == ORDERS
    t = _targets(guess)
    assert t["订单编号"] == "order_id"
    assert t["买家会员名"] == "customer_id"
    assert t["买家实际支付金额"] == "total"
    assert t["订单状态"] == "status"
    assert t["订单创建时间"] == "timestamp"
    assert t["订单付款时间"] is None


# --- accounting vocabulary ------------------------------------------------------------------


def test_invoice_list_with_net_gross_vat_due_date_and_customer_name() -> None:
    guess = _guess(
        [
            "Invoice No.",
            "Invoice date",
            "Due date",
            "Customer name",
            "Amount excl. VAT",
            "VAT",
            "Amount incl. VAT",
        ],
        [
            "INV-0042|2024-02-01|2024-03-02|Bakker & Zn|100.00|21.00|121.00",
            "INV-0043|2024-02-03|2024-03-04|Café Noord|250.00|52.50|302.50",
        ],
    )
    assert guess.entity == ORDERS
    assert _targets(guess) == {
        "Invoice No.": "order_id",
        "Invoice date": "timestamp",
        "Due date": None,
        "Customer name": "customer_id",
        "Amount excl. VAT": None,
        "VAT": "tax",
        "Amount incl. VAT": "total",
    }


def test_due_date_first_does_not_become_the_timestamp() -> None:
    guess = _guess(
        ["Forfaldsdato", "Fakturanummer", "Dato", "Kunde", "Beløb"],
        [
            "01-05-2024|1001|01-04-2024|Jensen ApS|1.250,00",
            "03-05-2024|1002|03-04-2024|Holm & Co|980,00",
        ],
    )
    assert guess.entity == ORDERS
    t = _targets(guess)
    assert t["Dato"] == "timestamp"
    assert t["Forfaldsdato"] is None


@pytest.mark.parametrize("secondary", ["Modified date", "Closed date", "Payment date", "Last order date"])
def test_secondary_dates_are_not_the_primary_timestamp(secondary: str) -> None:
    guess = _guess(
        [secondary, "Order number", "Created date", "Total"],
        [
            "2024-06-09|SO-881|2024-06-01|45.00",
            "2024-06-10|SO-882|2024-06-02|80.00",
        ],
    )
    assert guess.entity == ORDERS
    t = _targets(guess)
    assert t["Created date"] == "timestamp"
    assert t[secondary] is None


# --- suppliers vs customers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "id_header", ["Lieferant Nr.", "Leverandør-ID", "Vendor #", "供应商编号", "仕入先コード"]
)
def test_a_supplier_word_makes_a_contact_list_suppliers(id_header: str) -> None:
    guess = _guess(
        [id_header, "Name", "E-Mail", "Telefon", "Ort"],
        [
            "L-01|Koffiebranderij Zuid|info@kbz.nl|+31 20 555 0101|Utrecht",
            "L-02|Theehuis Oost|sales@theehuis.nl|+31 30 555 0202|Zwolle",
        ],
    )
    assert guess.entity == "suppliers"
    t = _targets(guess)
    assert t[id_header] == "supplier_id"
    assert t["Name"] == "name"
    assert t["E-Mail"] == "email"


def test_contact_list_without_supplier_word_stays_customers() -> None:
    guess = _guess(
        ["Nr.", "Name", "E-Mail", "Telefon", "Ort"],
        [
            "K-01|Anna Vos|anna@vos.nl|+31 20 555 0101|Utrecht",
            "K-02|Piet Smit|piet@smit.nl|+31 30 555 0202|Zwolle",
        ],
    )
    assert guess.entity == "customers"


# --- opposite meanings ----------------------------------------------------------------------


@pytest.mark.parametrize("header", ["Unsubscribed", "Do not email", "Email blocked", "Newsletter abgemeldet"])
def test_opt_out_columns_are_not_marketing_consent(header: str) -> None:
    guess = _guess(
        ["Customer ID", "Name", "Email", header],
        [
            "C1|Mia Lund|mia@lund.dk|yes",
            "C2|Ole Dahl|ole@dahl.dk|no",
            "C3|Eva Kvist|eva@kvist.se|no",
        ],
    )
    assert guess.entity == "customers"
    assert _targets(guess)[header] is None


def test_plain_consent_column_still_maps() -> None:
    guess = _guess(
        ["Customer ID", "Name", "Email", "Nyhedsbrev"],
        ["C1|Mia Lund|mia@lund.dk|ja", "C2|Ole Dahl|ole@dahl.dk|nej"],
    )
    assert _targets(guess)["Nyhedsbrev"] == "marketing_opt_in"


# --- available vs physical stock ------------------------------------------------------------


def test_physical_stock_beats_available_for_on_hand() -> None:
    guess = _guess(
        ["SKU", "Product", "Available", "On hand", "Incoming"],
        ["MUG-1|Mug blue|4|10|20", "MUG-2|Mug red|0|3|0", "TEA-9|Tea tin|12|12|6"],
    )
    assert guess.entity == "inventory_snapshots"
    t = _targets(guess)
    assert t["On hand"] == "on_hand"
    assert t["Available"] is None
    assert t["Incoming"] == "on_order"


def test_available_alone_is_on_hand() -> None:
    guess = _guess(
        ["Varenr.", "Tilgængelig", "Lagersted"],
        ["KAF-01|14|Hovedlager", "TE-05|0|Butik"],
    )
    assert guess.entity == "inventory_snapshots"
    t = _targets(guess)
    assert t["Tilgængelig"] == "on_hand"
    assert t["Lagersted"] == "location"


# --- totals vs unit prices ------------------------------------------------------------------


def test_line_total_is_not_the_unit_price_when_a_unit_price_exists() -> None:
    guess = _guess(
        ["Order", "Date", "Item", "Qty", "Unit price", "Price total"],
        ["1001|2024-01-02|Mug|2|8.00|16.00", "1002|2024-01-03|Tea|3|4.50|13.50"],
    )
    assert guess.entity == "sale_lines"
    t = _targets(guess)
    assert t["Unit price"] == "unit_price"
    assert t["Price total"] is None


@pytest.mark.parametrize("total", ["Price total", "Pris i alt", "Wartość", "Gesamtpreis", "Line amount"])
def test_without_a_unit_price_a_line_total_stays_unmapped(total: str) -> None:
    guess = _guess(
        ["Order", "Date", "Item", "Qty", total],
        ["1001|2024-01-02|Mug|2|16.00", "1002|2024-01-03|Tea|3|13.50"],
    )
    assert guess.entity == "sale_lines"
    assert _targets(guess)[total] is None


# --- accounting journals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "rows"),
    [
        (
            ["Datum", "Belegnummer", "Buchungstext", "Konto", "Gegenkonto", "BU-Schlüssel", "Soll", "Haben"],
            ["02.01.2024|RE-1|Verkauf Kaffee|8400|1200|3|0,00|119,00"],
        ),
        (
            ["Date", "Journal", "Account", "Description", "Debit", "Credit"],
            [
                "2024-01-02|SJ-1|4000 Sales|Coffee sales|0.00|119.00",
                "2024-01-02|SJ-1|1200 Bank|Coffee sales|119.00|0.00",
            ],
        ),
        (
            ["Dato", "Bilag", "Konto", "Tekst", "Debet", "Kredit", "Moms"],
            ["02-01-2024|17|1010|Salg kaffe|0,00|500,00|125,00"],
        ),
    ],
)
def test_ledger_journals_are_other(headers: list[str], rows: list[str]) -> None:
    guess = _guess(headers, rows)
    assert guess.entity is None
    assert all(m.target is None for m in guess.columns)


# --- rules from the review of the first blind set (2026-11) ----------------------------------


@pytest.mark.parametrize(
    ("family", "given"),
    [("Nom", "Prénom"), ("Name", "Vorname"), ("Naam", "Voornaam"), ("Nome", "Nome proprio")],
)
def test_a_bare_name_beside_a_first_name_is_the_family_name(family: str, given: str) -> None:
    guess = _guess(
        ["ID", family, given, "E-mail"],
        [
            "1|Martin|Claire|claire@example.fr",
            "2|Bernard|Luc|luc@example.fr",
            "3|Dubois|Anne|anne@example.fr",
        ],
    )
    assert guess.entity == "customers"
    assert _targets(guess)[given] == "name" and _targets(guess)[family] is None


def test_a_name_beside_a_billing_first_name_is_the_whole_name() -> None:
    guess = _guess(
        ["ID", "Name", "Billing Firstname", "Email"],
        ["1|Olivia Harris|Olivia|o@example.com", "2|Noah Walker|Noah|n@example.com"],
    )
    assert _targets(guess)["Name"] == "name"


def test_a_survey_question_answered_in_sentences_is_the_comment() -> None:
    guess = _guess(
        [
            "Respondent ID",
            "End Date",
            "How likely are you to recommend us?",
            "What is the main reason for your score?",
        ],
        [
            "1001|03/04/2024 09:14:40 AM|9|Quick delivery and the fit was perfect, will order again.",
            "1002|03/04/2024 12:43:05 PM|5|The checkout kept failing on my phone, I had to use a laptop.",
            "1003|03/05/2024 08:01:10 AM|10|Friendly staff on the phone and a fair price for the repair.",
        ],
    )
    assert guess.entity == "feedback"
    assert _targets(guess)["What is the main reason for your score?"] == "text"


def test_sale_and_refund_cells_mark_the_returns() -> None:
    guess = _guess(
        ["Receipt number", "Date", "Receipt type", "Item", "Quantity", "Price"],
        ["1-1001|04/03/2024 10:15|Sale|Latte|2|3.50", "1-1002|04/03/2024 10:20|Refund|Latte|-1|3.50"],
    )
    assert _targets(guess)["Receipt type"] == "return_flag"


def test_json_path_headers_are_read_by_their_last_step() -> None:
    guess = _guess(
        [
            "productNumber",
            "translations.DEFAULT.name",
            "price.DEFAULT.net",
            "price.DEFAULT.gross",
            "purchasePrices.DEFAULT.net",
            "manufacturer.translations.DEFAULT.name",
        ],
        ["SW10001|Kaffeebecher|8.40|9.99|3.10|Acme", "SW10002|Teekanne|21.00|24.99|9.50|Acme"],
    )
    assert guess.entity == "products"
    targets = _targets(guess)
    assert targets["translations.DEFAULT.name"] == "name"
    assert targets["price.DEFAULT.net"] == "list_price"
    assert targets["purchasePrices.DEFAULT.net"] == "unit_cost"
    assert targets["manufacturer.translations.DEFAULT.name"] is None


def test_a_file_named_for_suppliers_holds_suppliers() -> None:
    headers = ["Account Reference", "Company", "Telephone", "Email", "Country Code"]
    rows = [
        "ACME01|Acme Foods Ltd|01632 960123|orders@acme.example|GB",
        "BAKE02|Bakers Supply|01632 960456|hi@bakers.example|GB",
    ]
    assert _guess(headers, rows).entity == "customers"
    for name in ("Suppliers", "leveranciers 2024", "Lieferanten", "仕入先一覧"):
        guess = _guess(headers, rows, name)
        assert guess.entity == "suppliers", name
        assert _targets(guess)["Company"] == "name"


def test_a_street_column_beats_a_billing_address_block() -> None:
    guess = _guess(
        ["ID", "Name", "Email", "Billing Address", "Street Address", "City"],
        [
            "1|Olivia Harris|o@example.com|12 Elm Road, Leeds, LS1 4AB|12 Elm Road|Leeds",
            "2|Noah Walker|n@example.com|4 High St, York, YO1 7HU|4 High St|York",
        ],
    )
    assert _targets(guess)["Street Address"] == "address" and _targets(guess)["Billing Address"] is None


@pytest.mark.parametrize(
    "header",
    ["Marca temporal", "Informazioni cronologiche", "Carimbo de data/hora", "Horodateur", "Tijdstempel"],
)
def test_a_form_tools_timestamp_in_other_languages(header: str) -> None:
    assert lookup(header).candidates[0][0] == "datetime"


def test_a_total_quantity_makes_an_order_list() -> None:
    guess = _guess(
        ["订单编号", "买家会员名", "买家实际支付金额", "订单状态", "订单创建时间", "宝贝标题", "宝贝总数量"],
        [
            "3612345678901|tb_lili|128.00|交易成功|2024-03-04 10:12:01|纯棉T恤 白色 M|2",
            "3612345678902|tb_wang|59.90|卖家已发货|2024-03-04 11:40:51|保温杯 500ml|1",
        ],
    )
    assert guess.entity == ORDERS
    assert _targets(guess)["宝贝总数量"] is None


def test_no_concept_is_written_twice_in_one_vocabulary() -> None:
    """A repeated key in a dict literal silently drops the first list of names."""
    import ast
    import inspect

    from rung.engine.ingest import header_names

    tree = ast.parse(inspect.getsource(header_names))
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if isinstance(value, ast.Dict):
            keys = [k.value for k in value.keys if isinstance(k, ast.Constant)]
            assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
