"""Every UI string is translatable and translated to Dutch and Portuguese; formats follow the locale."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.utils import translation

from rung.web import formatting

WEB = Path(__file__).resolve().parents[2] / "src" / "rung" / "web"
LANGUAGES = ["nl", "pt"]


def _catalog(lang: str):
    with open(WEB / "locale" / lang / "LC_MESSAGES" / "django.po", "rb") as fh:
        return read_po(fh)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_complete(lang):
    catalog = _catalog(lang)
    untranslated = [
        m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalog_matches_source(lang):
    def key(value):  # plural entries come back as lists from .mo files and tuples from .po files
        return tuple(value) if isinstance(value, list | tuple) else value

    with open(WEB / "locale" / lang / "LC_MESSAGES" / "django.mo", "rb") as fh:
        compiled = {key(m.id): key(m.string) for m in read_mo(fh) if m.id}
    source = {key(m.id): key(m.string) for m in _catalog(lang) if m.id}
    assert compiled == source, "run `make messages` to recompile the .mo files"


def test_every_marked_string_is_in_the_catalogs(tmp_path):
    """Extract the strings again from the code and templates: none may be missing from the .po files."""
    copy = tmp_path / "rung"  # the whole package: engine progress messages are UI strings too
    shutil.copytree(WEB.parent, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "demo_data"))
    (tmp_path / "extract_settings.py").write_text(
        "from pathlib import Path\nfrom rung.web.settings import *  # noqa\n"
        "LOCALE_PATHS = [Path(__file__).parent / 'rung' / 'web' / 'locale']\n"
    )
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "nl", "--no-location", "--no-obsolete"],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "extract_settings"},
        check=True,
        capture_output=True,
    )
    with open(copy / "web" / "locale" / "nl" / "LC_MESSAGES" / "django.po", "rb") as fh:
        extracted = {m.id for m in read_po(fh) if m.id}
    committed = {m.id for m in _catalog("nl") if m.id}
    assert extracted - committed == set(), "new strings: run `make messages` and translate them"


@pytest.mark.parametrize(
    ("lang", "money", "number", "day"),
    [
        ("en", "€1,234.50", "1,234,567", "Mar 5, 2026"),
        ("nl", "€ 1.234,50", "1.234.567", "5 mrt 2026"),
        ("pt", "€ 1.234,50", "1.234.567", "5 de mar. de 2026"),
    ],
)
def test_formats_follow_the_locale(lang, money, number, day):
    with translation.override(lang):
        assert formatting.money(Decimal("1234.5"), "EUR").replace("\xa0", " ") == money
        assert formatting.number(1234567) == number
        assert formatting.day(date(2026, 3, 5)) == day


def test_chart_locale_uses_the_language_month_names():
    with translation.override("nl"):
        loc = formatting.chart_locale("EUR")
    assert loc["time"]["months"][9] == "oktober"
    assert loc["number"]["decimal"] == "," and loc["number"]["thousands"] == "."


def test_translation_functions_keep_names_xgettext_knows():
    """`gettext_lazy as _lazy` hides strings from makemessages; only `_` or the real names work."""
    import ast

    known = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}
    hidden = []
    for path in WEB.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                hidden += [
                    f"{path.name}: {a.name} as {a.asname}"
                    for a in node.names
                    if a.asname and a.asname not in known
                ]
    assert hidden == []
