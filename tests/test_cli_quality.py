"""`rung quality FILE` and `rung dedupe FILE` on real files in real encodings, with no business."""

from __future__ import annotations

import json

import polars as pl
from typer.testing import CliRunner

from rung.cli.main import app

SALES = """Datum;Bon;Artikel;Omschrijving;Aantal;Prijs;Klant
02-01-2025 09:14;1001;BR01;Desem brood;1;3,50;K1
02-01-2025 09:20;1002;BR01;Desem brood;2;3,50;
03-01-2025 10:02;1003;CR02;Croissant;4;1,20;K2
03-01-2025 10:05;1003;CR02;Croissant;4;1,20;K2
04-01-2025 11:40;1004;BR01;DESEM BROOD;1;3,50;K1
gisteren;1005;BR01;Desem brood;1;3,50;K1
"""

CUSTOMERS = """Klantnummer,Voornaam,Achternaam,E-mail,Telefoon,Plaats
1,Piet,Jansen,piet.jansen@example.nl,06 12345678,Utrecht
2,Pieter,Jansen,piet.jansen@example.nl,+31 6 1234 5678,Utrecht
3,Marieke,de Vries,marieke@example.nl,0201234567,Amsterdam
4,Sanne,Bakker,sanne.b@example.nl,0612398765,Leiden
5,Sanne,Bakker,,06-12398765,Leiden
6,Ahmed,El Amrani,ahmed@example.nl,0687654321,Rotterdam
"""


def test_quality_of_files_prints_score_issues_and_readiness_as_json(tmp_path):
    path = tmp_path / "kassa.csv"
    path.write_bytes(SALES.encode("cp1252"))
    result = CliRunner().invoke(app, ["quality", str(path), "--format", "json", "--currency", "EUR"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert 0 <= report["score"] <= 100
    codes = {f["code"] for f in report["findings"]}
    assert {"product_names", "short_history", "anonymous_sales", "set_aside"} <= codes
    set_aside = next(f for f in report["findings"] if f["code"] == "set_aside")
    assert set_aside["affected"] == 1 and set_aside["examples"][0]["row"] == "7"
    names = next(f for f in report["findings"] if f["code"] == "product_names")
    assert names["affected"] == 1 and names["examples"][0]["description"] == "DESEM BROOD"
    verdicts = {r["use_case"]: r["verdict"] for r in report["readiness"]}
    assert verdicts["forecasting"] == "not_yet" and set(verdicts) >= {"inventory", "quotations", "planning"}
    assert report["rows"] == {"sale_lines": 5}


def test_quality_text_output_and_bad_arguments(tmp_path):
    path = tmp_path / "kassa.csv"
    path.write_text(SALES, encoding="utf-8")
    result = CliRunner().invoke(app, ["quality", str(path)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Data quality score" in result.output and "Ready for" in result.output
    assert CliRunner().invoke(app, ["quality"]).exit_code == 2


def test_dedupe_writes_every_row_in_order_with_clusters(tmp_path):
    path = tmp_path / "klanten.csv"
    path.write_text(CUSTOMERS, encoding="utf-8")
    out = tmp_path / "clusters.csv"
    result = CliRunner().invoke(app, ["dedupe", str(path), "--out", str(out)], terminal_width=200)
    assert result.exit_code == 0, result.output
    written = pl.read_csv(out, infer_schema=False)
    assert written.get_column("Klantnummer").to_list() == ["1", "2", "3", "4", "5", "6"]
    assert written.columns[-2:] == ["cluster_id", "match_confidence"]
    cluster = dict(zip(written["Klantnummer"], written["cluster_id"], strict=True))
    assert cluster["1"] == cluster["2"] and cluster["4"] == cluster["5"]
    assert len({cluster["1"], cluster["3"], cluster["4"], cluster["6"]}) == 4
    alone = written.filter(pl.col("Klantnummer").is_in(["3", "6"]))
    assert alone.get_column("match_confidence").null_count() == 2
    assert "Voornaam + Achternaam" in result.output


def test_dedupe_links_two_files(tmp_path):
    left = tmp_path / "shop.csv"
    left.write_text("SKU,Product\nAB-100,Linen tea towel blue\nAB-200,Ceramic mug white\n", encoding="utf-8")
    right = tmp_path / "webshop.csv"
    right.write_text("sku,title\nab100,Tea towel linen (blue)\nZZ-9,Garden gnome\n", encoding="utf-8")
    out = tmp_path / "linked.csv"
    result = CliRunner().invoke(app, ["dedupe", str(left), "--link", str(right), "--out", str(out)])
    assert result.exit_code == 0, result.output
    a = pl.read_csv(out, infer_schema=False)
    b = pl.read_csv(tmp_path / "linked-webshop.csv", infer_schema=False)
    assert a["cluster_id"][0] == b["cluster_id"][0]
    assert b["cluster_id"][1] not in set(a["cluster_id"])


def test_dedupe_explains_a_file_with_nothing_to_compare(tmp_path):
    path = tmp_path / "numbers.csv"
    path.write_text("a,b\n1,2\n3,4\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["dedupe", str(path), "--out", str(tmp_path / "x.csv")], terminal_width=200
    )
    assert result.exit_code == 1
    assert "nothing to compare" in " ".join(result.output.split())
