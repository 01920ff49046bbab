"""CSV dialect detection: Rung's own sniffer vs DuckDB's `sniff_csv` vs CleverCSV.

Run: `.venv/bin/python -m bench.ingest_dialect`. Writes
bench/results/ingest_dialect.json and prints it.

The corpus is (1) generated small-business exports with a known dialect: comma, semicolon,
tab and pipe; with and without title lines above the header, totals lines at the bottom,
decimal commas, thousands separators, quoted fields holding the delimiter or a newline,
free text full of commas, two-column files and European dates; and (2) the first 64 KB of
the real files in ../shared/datasets, whose delimiter was checked by hand. Every method gets
the same decoded text: DuckDB reads it from a temporary UTF-8 file (its sniffer works on
files); CleverCSV and ours get the string. A method is right when it finds the delimiter
and, for files that quote fields, the quote character. Time is the total over the corpus.
"""

from __future__ import annotations

import gzip
import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import clevercsv
import duckdb

from rung.engine.ingest.read_text import sniff_dialect

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "datasets"
SAMPLE_CHARS = 65536

REAL_FILES: list[tuple[str, str]] = [
    ("vendor-export-samples/etsy/EtsySoldOrders2023.redacted-excerpt.csv", "\t"),
    ("vendor-export-samples/shopify/orders_export_1.redacted.csv", ","),
    ("vendor-export-samples/shopify/product_template.csv", ","),
    ("vendor-export-samples/stripe/unified_payments.redacted.csv", ","),
    ("vendor-export-samples/woocommerce/sample_products.excerpt.csv", ","),
    ("uci-online-retail/online_retail.csv.gz", ","),
    ("bread-basket-bakery/BreadBasket_DMS.csv", ","),
    ("walmart-weekly-store-sales/Walmart.csv", ","),
    ("amazon-alexa-reviews/amazon_alexa.tsv", "\t"),
    ("chinese-reviews-sentiment/waimai_10k.csv", ","),
    ("chinese-reviews-sentiment/ChnSentiCorp_htl_all.csv", ","),
    ("chinese-reviews-sentiment/online_shopping_10_cats.csv.gz", ","),
    ("bank-faqs/BankFAQs.csv", ","),
    ("chicago-early-childhood-dedupe/csv_example_input_with_true_ids.csv", ","),
    ("abt-buy/AbtBuy_Buy.csv", ","),
    ("abt-buy/AbtBuy_Abt.csv", ","),
    ("banking77/train.csv", ","),
    ("umsab-multilingual-sentiment/umsab_sentiment.csv", ","),
    ("febrl/dataset1.csv", ","),
]

PRODUCTS = [
    "Kaas, oud",
    "Brood volkoren",
    "Café crème",
    'Pizza 12" margherita',
    "Äpfel – rot",
    "T-shirt (M); blue",
    "Gift card | 25",
    "Tea",
    "Coffee beans 1kg",
    "Croissant",
]
CITIES = ["Amsterdam", "São Paulo", "Köln", "Lyon", "Porto", "Milano", "Utrecht, NL"]


def _quote(cell: str, delimiter: str, always: bool) -> str:
    if always or delimiter in cell or '"' in cell or "\n" in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _generate(rng: random.Random) -> list[tuple[str, str, str, bool]]:
    """(name, text, delimiter, quoted) for each generated file."""
    corpus = []
    n = 0
    for delimiter in (",", ";", "\t", "|"):
        for variant in range(16):
            n += 1
            preamble = variant % 4 == 1 or variant % 4 == 3
            totals = variant % 3 == 0
            decimal_comma = delimiter != "," and variant % 2 == 0
            always_quote = variant % 5 == 2
            multiline = variant % 4 == 2
            narrow = variant % 7 == 3
            headers = ["Date", "Product", "Qty", "Price", "Customer", "City"]
            if narrow:
                headers = ["Product", "Price"]
            lines = []
            if preamble:
                lines.append("Sales report")
                lines.append(f"Period: 01/01/2024 - 31/03/2024{delimiter}" if variant % 8 == 1 else "")
                lines.append("")
            lines.append(delimiter.join(_quote(h, delimiter, always_quote) for h in headers))
            qty_total = 0
            for row in range(rng.randint(4, 40)):
                price = rng.randint(50, 250000) / 100
                qty = rng.randint(1, 20)
                qty_total += qty
                price_text = f"{price:,.2f}" if variant % 6 == 4 else f"{price:.2f}"
                if decimal_comma:
                    price_text = price_text.replace(",", " ").replace(".", ",")
                product = rng.choice(PRODUCTS)
                if multiline and row % 5 == 0:
                    product += "\nlimited edition"
                values = {
                    "Date": f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.2024",
                    "Product": product,
                    "Qty": str(qty),
                    "Price": price_text,
                    "Customer": rng.choice(["Jan de Vries", "Müller, Anna", "Ana Souza", "李雷"]),
                    "City": rng.choice(CITIES),
                }
                lines.append(delimiter.join(_quote(values[h], delimiter, always_quote) for h in headers))
            if totals and not narrow:
                lines.append(delimiter.join(["Total", "", str(qty_total), "", "", ""]))
            text = "\n".join(lines) + "\n"
            quoted = '"' in text
            corpus.append((f"generated-{n:02d}-{delimiter!r}", text, delimiter, quoted))
    return corpus


HARD: list[tuple[str, str, str]] = [
    # (name, text, delimiter): layouts that trip sniffers, written the way real tools write them
    ("header-and-one-row-semicolon", "Artikel;Preis;MwSt\nKaffee;4,50;0,19\n", ";"),
    ("header-only-tab", "Date\tProduct\tQty\tPrice\n", "\t"),
    (
        "bank-preamble-semicolon",
        "Account;NL00BANK0123456789\nPeriod;01-01-2024 - 31-01-2024\nCurrency;EUR\n\n"
        "Date;Description;Amount;Balance\n"
        + "".join(
            f"0{d}-01-2024;Payment to Shop, Inc., ref {d},{d};-1{d},50;1.23{d},00\n" for d in range(1, 9)
        ),
        ";",
    ),
    (
        "comma-preamble-tab-data",
        "Report generated by Shop, Inc., on 3 March, 2024, for all stores, all channels\n\n"
        "Order\tCustomer\tTotal\n" + "".join(f"{i}\tSmith, John\t{i}.50\n" for i in range(1, 6)),
        "\t",
    ),
    (
        "reviews-tab-many-commas",
        "id\treview\n"
        + "".join(f"{i}\tGreat, fast, cheap; would buy again, {i} stars, yes\n" for i in range(1, 8)),
        "\t",
    ),
    (
        "pipe-with-commas-and-semicolons",
        "sku|name|price\n" + "".join(f"A{i}|Shirt, size {i}; red|1{i},99\n" for i in range(6)),
        "|",
    ),
    (
        "two-decimal-columns-semicolon-no-quotes",
        "Produkt;Netto;Brutto\n" + "".join(f"P{i};{i},10;{i},31\n" for i in range(1, 9)),
        ";",
    ),
    (
        "semicolon-in-quoted-comma-file",
        "name,notes\n" + "".join(f'Item {i},"a;b;c;d {i}"\n' for i in range(6)),
        ",",
    ),
    (
        "totals-and-footer-semicolon",
        "Datum;Omschrijving;Bedrag\n"
        + "".join(f"0{i}-02-2024;Verkoop {i};{i}0,00\n" for i in range(1, 6))
        + "Totaal;;150,00\nGegenereerd door Kassa, versie 2.1, op 1 maart 2024\n",
        ";",
    ),
    (
        "quoted-multiline-semicolon",
        'Kunde;Adresse;Betrag\n"Müller";"Hauptstr. 5\n50667 Köln";12,50\n'
        '"Schmidt";"Ring 1\n10115 Berlin";7,00\n',
        ";",
    ),
    (
        "spaces-after-comma",
        "id, name, city\n1, anna, porto\n2, joão, lisboa\n3, li, beijing\n",
        ",",
    ),
    (
        "thousands-comma-in-quotes",
        'Item,Amount\nA,"1,234.50"\nB,"12,000.00"\nC,"999.99"\n',
        ",",
    ),
]


def _hard() -> list[tuple[str, str, str, bool]]:
    return [(name, text, delimiter, '"' in text) for name, text, delimiter in HARD]


def _real() -> list[tuple[str, str, str, bool]]:
    corpus = []
    for relative, delimiter in REAL_FILES:
        path = SHARED / relative
        if not path.exists():
            continue
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8-sig", errors="replace", newline="") as handle:  # type: ignore[operator]
            text = handle.read(SAMPLE_CHARS)
        cut = text.rfind("\n")
        text = text[: cut + 1] if cut > 0 else text
        corpus.append((relative, text, delimiter, '"' in text))
    return corpus


def _own(text: str, _path: Path) -> tuple[str, str]:
    dialect = sniff_dialect(text)
    return dialect.delimiter, dialect.quotechar


def _duckdb(_text: str, path: Path) -> tuple[str, str]:
    try:
        rows = duckdb.sql(f"SELECT Delimiter, Quote FROM sniff_csv('{path}', sample_size = -1)").fetchall()
    except duckdb.Error:
        return "", ""
    if not rows:
        return "", ""
    return str(rows[0][0]), str(rows[0][1])


def _clevercsv(text: str, _path: Path) -> tuple[str, str]:
    dialect = clevercsv.Detector().detect(text)
    if dialect is None:
        return "", ""
    return dialect.delimiter, dialect.quotechar


METHODS: dict[str, Callable[[str, Path], tuple[str, str]]] = {
    "own": _own,
    "duckdb_sniff_csv": _duckdb,
    "clevercsv": _clevercsv,
}


def main() -> None:
    generated = _generate(random.Random(20240301)) + _hard()
    real = _real()
    corpus = generated + real
    report: dict[str, object] = {"files": len(corpus), "generated": len(generated), "real": len(real)}
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i, (_name, text, _d, _q) in enumerate(corpus):
            path = Path(folder) / f"f{i}.csv"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        for method, fn in METHODS.items():
            right = delimiter_right = 0
            wrong: list[str] = []
            started = time.perf_counter()
            for (name, text, delimiter, quoted), path in zip(corpus, paths, strict=True):
                found_delimiter, found_quote = fn(text, path)
                ok_delimiter = found_delimiter == delimiter
                ok = ok_delimiter and (not quoted or found_quote == '"')
                delimiter_right += ok_delimiter
                right += ok
                if not ok:
                    wrong.append(f"{name}: {found_delimiter!r}/{found_quote!r}")
            seconds = time.perf_counter() - started
            results[method] = {
                "accuracy": round(right / len(corpus), 4),
                "delimiter_accuracy": round(delimiter_right / len(corpus), 4),
                "seconds_total": round(seconds, 4),
                "ms_per_file": round(1000 * seconds / len(corpus), 2),
                "wrong": wrong,
            }
    report["methods"] = results
    report["best"] = max(results, key=lambda m: (results[m]["accuracy"], -float(results[m]["seconds_total"])))  # type: ignore[arg-type]
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest_dialect.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
