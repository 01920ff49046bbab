"""Header normalisation and lookup: a header as written -> the concepts it may mean.

Steps, first hit wins: exact lookup of the normalised name; the name without a group word
("Lineitem", "Billing", "verzending"); a compound of a subject and a known name
("Kunden|nummer", "注文|番号", "Customer| Email"); a Romance "X de Y" compound ("Número de
pedido"); fuzzy matching (rapidfuzz) against every known name; finally a known word
inside a longer header ("How would you *rate* ...", "Lieferzeit").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from rung.engine.ingest import header_names as hn

Candidates = list[tuple[str, float]]


@dataclass(frozen=True)
class Header:
    """A normalised header: its words, the groups and qualifiers found in it."""

    raw: str
    text: str
    groups: frozenset[str] = field(default_factory=frozenset)
    net: bool = False
    gross: bool = False
    rate: bool = False
    bracket_currency: str | None = None

    @property
    def compact(self) -> str:
        return self.text.replace(" ", "")


_CAMEL_1 = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CAMEL_2 = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z])")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)")
_BRACKETS = re.compile(r"[(\[{]([^)\]}]*)[)\]}]")
_NON_WORD = re.compile(r"[^\w]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")

_CURRENCY_HINTS = {
    "eur": "EUR",
    "€": "EUR",
    "usd": "USD",
    "$": "USD",
    "gbp": "GBP",
    "£": "GBP",
    "jpy": "JPY",
    "円": "JPY",
    "¥": "JPY",
    "cny": "CNY",
    "rmb": "CNY",
    "元": "CNY",
    "brl": "BRL",
    "r$": "BRL",
    "chf": "CHF",
    "inr": "INR",
}


# Letters NFKD does not decompose, written the way ASCII exports spell them.
_TRANSLIT = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ß": "ss"}


def _strip_accents(text: str) -> str:
    out = []
    for ch in text:
        if ch in _TRANSLIT:
            out.append(_TRANSLIT[ch])
        elif ord(ch) < 0x250:
            out.append("".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)))
        else:
            out.append(ch)
    return "".join(out)


def _clean(text: str) -> str:
    text = text.replace("#", " no ").replace("%", " pct ").replace("°", "o ").replace("º", "o ")
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    text = _LETTER_DIGIT.sub(" ", text)
    return " ".join(text.split())


_PATH = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+")
_PATH_NOISE = re.compile(r"(?i)translations?|default|[a-z]{2}(?:_[a-z]{2})?|\d+")


def _json_path(header: str) -> str:
    """ "translations.DEFAULT.name" -> "name", "price.DEFAULT.net" -> "price net".

    API-minded tools (Shopware, JSON exports, our own flattened JSON reader) name columns by
    the path to the value; the translation and locale steps say nothing about its meaning.
    """
    if not _PATH.fullmatch(header):
        return header
    parts = [p for p in header.split(".") if not _PATH_NOISE.fullmatch(p)]
    if len(parts) > 1 and parts[-1].casefold() in hn.NET_WORDS | hn.GROSS_WORDS:
        parts = [*parts[:-1], f"({parts[-1]})"]  # a bracketed qualifier, as in "Price (net)"
    return " ".join(parts) if parts else header


def normalise(header: str) -> Header:
    """Normalise a header: width, case, accents, punctuation, camelCase, bracketed units."""
    raw = header
    s = unicodedata.normalize("NFKC", header or "").strip().lstrip("*\ufeff").strip()
    s = _json_path(s)
    s = _CAMEL_1.sub(" ", s)
    s = _CAMEL_2.sub(" ", s)
    s = _strip_accents(s.casefold())
    net = gross = rate = False
    currency: str | None = None
    for inner in _BRACKETS.findall(s):
        words = _clean(inner).split()
        key = inner.strip()
        if key in _CURRENCY_HINTS:
            currency = _CURRENCY_HINTS[key]
        for w in words:
            if w in hn.NET_WORDS:
                net = True
            elif w in hn.GROSS_WORDS:
                gross = True
            elif w == "pct":
                rate = True
            elif w in _CURRENCY_HINTS and currency is None:
                currency = _CURRENCY_HINTS[w]
        if not words and "%" in inner:
            rate = True
    s = _BRACKETS.sub(" ", s)
    if "%" in s:
        rate = True
    text = _clean(s)
    words = text.split()
    if any(w in hn.NET_WORDS for w in words) and len(words) > 1:
        net = True
    if any(w in hn.GROSS_WORDS for w in words) and len(words) > 1:
        gross = True
    if "pct" in words:
        rate = True
        words = [w for w in words if w != "pct"]
    if not words and raw.strip() in {"#", "№", "Nº", "N°"}:
        words = ["no"]
    return Header(raw, " ".join(words), frozenset(), net, gross, rate, currency)


def _key(name: str) -> str:
    return normalise(name).compact


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Candidates], dict[str, str], dict[str, str], list[str]]:
    exact: dict[str, Candidates] = {}
    for lexicon in (hn.LEXICON, hn.LEXICON_MORE, hn.LEXICON_WIDER):
        for concept, names in lexicon.items():
            for name in names.split("|"):
                key = _key(name)
                if key and key not in exact:
                    exact[key] = [(concept, 1.0)]
    for name, cands in hn.AMBIGUOUS.items():
        exact[_key(name) or name] = list(cands)
    groups = {_key(k): v for k, v in hn.GROUP_WORDS.items()}
    subjects = {_key(k): v for k, v in hn.SUBJECT_WORDS.items()}
    return exact, groups, subjects, sorted(exact)


@lru_cache(maxsize=1)
def _phrases() -> list[str]:
    """Known names of two or more words, as normalised text."""
    out = set()
    for names in (*hn.LEXICON.values(), *hn.LEXICON_MORE.values(), *hn.LEXICON_WIDER.values()):
        for name in names.split("|"):
            text = normalise(name).text
            if text.count(" ") >= 1:
                out.add(text)
    return sorted(out)


def known_names() -> dict[str, Candidates]:
    """Every known normalised (compact) name and its concepts; for tests and docs."""
    return dict(_tables()[0])


# What a subject does to a generic concept: ("customer", "generic_id") -> "customer_id".
_ID_LIKE = {"generic_id", "generic_code", "invoice_id", "receipt_id", "order_id", "transaction_id"}
_NAME_LIKE = {"full_name", "title"}
_TEXT_LIKE = {"message", "description", "review_text"}


def combine(subject: str, concept: str) -> str:
    if subject == "order":
        if concept in _ID_LIKE or concept in _NAME_LIKE:
            return "order_id"
        if concept in {"amount", "order_total", "line_total"}:
            return "order_total"
        if concept in {"created_at"}:
            return "datetime"
        return concept
    if subject == "invoice":
        if concept in _ID_LIKE or concept in _NAME_LIKE:
            return "invoice_id"
        if concept in {"amount", "line_total"}:
            return "order_total"
        return concept
    if subject == "receipt":
        return "receipt_id" if concept in _ID_LIKE else concept
    if subject == "transaction":
        return "transaction_id" if concept in _ID_LIKE else concept
    if subject == "payment":
        if concept in _ID_LIKE:
            return "transaction_id"
        if concept in {"datetime", "created_at"}:
            return "paid_at"
        if concept in {"status", "channel", "category"}:
            return "payment_method"
        return concept
    if subject == "ticket":
        return "inquiry_id" if concept in _ID_LIKE else concept
    if subject == "customer":
        if concept in _ID_LIKE:
            return "customer_id"
        if concept in _NAME_LIKE or concept in {"customer_ref", "author"}:
            return "customer_name"
        return concept
    if subject == "product":
        if concept in _ID_LIKE:
            return "sku" if concept == "generic_code" else "product_id"
        if concept in _NAME_LIKE or concept == "product_name":
            return "product_name"
        return concept
    if subject == "supplier":
        if concept in _ID_LIKE:
            return "supplier_id"
        if concept in _NAME_LIKE or concept in {"company", "supplier_name"}:
            return "supplier_name"
        return concept
    if subject == "review":
        if concept in _ID_LIKE:
            return "review_id"
        if concept in _TEXT_LIKE:
            return "review_text"
        if concept in {"title", "subject"}:
            return "review_title"
        if concept in {"full_name", "customer_ref", "author"}:
            return "author"
        if concept in {"created_at", "datetime"}:
            return "datetime"
        return concept
    if subject == "brand":  # "Manufacturer name" is the brand, not the product or a person
        return "brand" if concept in _NAME_LIKE or concept in _ID_LIKE else concept
    if subject == "store":
        if concept in _ID_LIKE or concept in _NAME_LIKE:
            return "location"
        return concept
    return concept


@dataclass(frozen=True)
class Lookup:
    """The concepts a header may mean, with the header evidence (0..1) for each."""

    header: Header
    candidates: Candidates
    groups: frozenset[str]
    how: str


def _exact(compact: str) -> Candidates | None:
    return _tables()[0].get(compact)


def _compound(compact: str) -> tuple[Candidates, str | None] | None:
    """A subject word glued to (or spaced from) a known name, at the start or the end."""
    _, _, subjects, _ = _tables()
    for subj_key in sorted(subjects, key=len, reverse=True):
        if len(compact) <= len(subj_key):
            continue
        for rest, ok in (
            (compact[len(subj_key) :], compact.startswith(subj_key)),
            (compact[: -len(subj_key)], compact.endswith(subj_key)),
        ):
            if not ok:
                continue
            rest = rest.removeprefix("s") if ok and rest.startswith("s") and _exact(rest) is None else rest
            hit = _exact(rest)
            if hit:
                subject = subjects[subj_key]
                # a subject makes a bare number an identifier ("Lieferant Nr.", "Kunde No.")
                return [
                    (
                        combine(subject, c),
                        (max(s, 0.9) if c in _ID_LIKE and combine(subject, c) != c else s) * 0.95,
                    )
                    for c, s in hit
                ], subject
    return None


def _strip_groups(header: Header) -> tuple[str, frozenset[str]] | None:
    _, groups, _, _ = _tables()
    words = header.text.split()
    found: set[str] = set()
    # leading group words ("Billing Address1", "Lineitem quantity", "Ship City")
    for n in (3, 2, 1):
        if len(words) > n:
            key = "".join(words[:n])
            if key in groups:
                found.add(groups[key])
                words = words[n:]
                break
    # trailing group words ("Voornaam verzending")
    for n in (2, 1):
        if len(words) > n:
            key = "".join(words[-n:])
            if key in groups:
                found.add(groups[key])
                words = words[:-n]
                break
    if not found:
        compact = header.compact
        for key in sorted(groups, key=len, reverse=True):
            if (
                len(key) >= 2
                and len(compact) > len(key)
                and compact.startswith(key)
                and _exact(compact[len(key) :])
            ):
                return compact[len(key) :], frozenset({groups[key]})
        return None
    return "".join(words), frozenset(found)


def _romance(header: Header) -> Candidates | None:
    words = header.text.split()
    for i, w in enumerate(words):
        if w in hn.CONNECTORS and 0 < i < len(words) - 1:
            head = "".join(words[:i])
            tail = "".join(words[i + 1 :])
            hit = _exact(head) or (_compound(head) or ([], None))[0]
            if not hit:
                return None
            _, groups, subjects, _ = _tables()
            if tail in subjects:
                return [(combine(subjects[tail], c), s * 0.95) for c, s in hit]
            if tail in groups:
                return [(c, s * 0.9) for c, s in hit]
            tail_hit = _exact(tail)
            if tail_hit and tail_hit[0][0] in {"product_name", "customer_ref", "supplier_name"}:
                subject = {
                    "product_name": "product",
                    "customer_ref": "customer",
                    "supplier_name": "supplier",
                }[tail_hit[0][0]]
                return [(combine(subject, c), s * 0.9) for c, s in hit]
            return [(c, s * 0.85) for c, s in hit]
    return None


def _fuzzy(header: Header) -> Candidates | None:
    compact = header.compact
    if len(compact) < 5 or _CJK.search(compact):
        return None
    exact, _, _, names = _tables()
    best = process.extractOne(compact, names, scorer=fuzz.ratio, score_cutoff=88)
    if best is None:
        return None
    name, ratio, _ = best
    return [(c, s * 0.85 * ratio / 100) for c, s in exact[name]]


def _keywords(header: Header) -> Candidates | None:
    """A known word inside a longer header: the last one for EN/NL/DE, the first for X de Y."""
    exact = _tables()[0]
    words = header.text.split()
    padded = f" {header.text} "
    phrases = [p for p in _phrases() if f" {p} " in padded]
    if phrases:
        best = max(phrases, key=len)
        return [(c, s * 0.65) for c, s in exact[best.replace(" ", "")]]
    hits: list[tuple[int, str, float]] = []
    for i, w in enumerate(words):
        if len(w) >= 3 and w in exact and w not in hn.CONNECTORS:
            for c, s in exact[w]:
                hits.append((i, c, s))
    compact = header.compact
    if not hits:
        # German/Dutch compounds and CJK: a known name at the end of the word
        for name in sorted(exact, key=len, reverse=True):
            cjk = bool(_CJK.search(name))
            if ((cjk and len(name) >= 2) or len(name) >= 5) and compact.endswith(name) and compact != name:
                return [(c, s * 0.6) for c, s in exact[name]]
        for name in sorted(exact, key=len, reverse=True):
            if _CJK.search(name) and len(name) >= 2 and name in compact:
                return [(c, s * 0.55) for c, s in exact[name]]
        return None
    romance = any(w in hn.CONNECTORS for w in words)
    pos = min(h[0] for h in hits) if romance else max(h[0] for h in hits)
    return [(c, s * 0.6) for i, c, s in hits if i == pos]


def lookup(raw: str) -> Lookup:
    header = normalise(raw)
    compact = header.compact
    if not compact:
        return Lookup(header, [], frozenset(), "empty")
    stripped = _strip_groups(header)
    groups = stripped[1] if stripped else frozenset()
    hit = _exact(compact)
    if hit:
        return Lookup(header, hit, groups, "exact")
    words = header.text.split()
    bare = [w for w in words if w not in hn.NET_WORDS and w not in hn.GROSS_WORDS]
    if 0 < len(bare) < len(words) and (hit := _exact(_key(" ".join(bare)))):
        return Lookup(header, hit, groups, "exact")  # "Prix d'achat HT": the price, net of tax
    if stripped:
        rest = stripped[0]
        hit = _exact(rest) or (_compound(rest) or ([], None))[0]
        if hit:
            return Lookup(header, [(_group_combine(groups, c), s * 0.97) for c, s in hit], groups, "group")
    comp = _compound(compact)
    if comp:
        cands, subject = comp
        if subject in {"order", "invoice"}:
            groups = groups | {"order"}
        return Lookup(header, cands, groups, "compound")
    hit = _romance(header)
    if hit:
        return Lookup(header, hit, groups, "romance")
    if stripped:
        inner = normalise(stripped[0])
        hit = _fuzzy(inner) or _keywords(header)
        if hit:
            return Lookup(header, [(_group_combine(groups, c), s) for c, s in hit], groups, "group-fuzzy")
    hit = _fuzzy(header)
    if hit:
        return Lookup(header, hit, groups, "fuzzy")
    hit = _keywords(header)
    if hit:
        return Lookup(header, hit, groups, "keyword")
    return Lookup(header, [], groups, "unknown")


def _group_combine(groups: frozenset[str], concept: str) -> str:
    if groups & {"billing", "shipping"} and concept in {"full_name", "customer_ref"}:
        return "customer_name"
    if "line" in groups and concept in {"full_name", "title"}:
        return "product_name"
    if "line" in groups and concept in {"generic_id", "generic_code"}:
        return "product_id"
    if "variant" in groups and concept in {"generic_id", "generic_code"}:
        return "product_id"
    return concept
