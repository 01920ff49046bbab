"""The business's own knowledge, cut into passages that an answer can cite.

Why passages with stable ids: every automated reply must be traceable to the text it came
from, and the staff inbox keeps that trace after the knowledge base is re-indexed. An id is a
hash of the source name and the passage's text (plus a counter for exact repeats), so editing
one paragraph changes only that passage's id and re-indexing an unchanged file changes none.

Why FAQ entries are grouped: an FAQ spreadsheet often has several rows for one answer
(different phrasings of the same question). Every phrasing is indexed as its own passage, and
they share one `entry`, so retrieval scores the entry and the answer is given once.

Readers: FAQ frames (question/answer columns, any language; spreadsheets via the import
pipeline), Markdown/TXT (split on headings and blank lines) and HTML (the standard library's
html.parser: no parser is a dependency). PDF and DOCX raise `NotImplementedError`: neither
pypdf nor python-docx is installed, and a hand-rolled reader would be worse than none.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import polars as pl

FAQ = "faq"
TEXT = "text"

MAX_PASSAGE_CHARS = 900
"""Paragraphs are merged under their heading up to about this length: long enough to carry an
answer with its context, short enough that BM25 length normalisation and a reply stay sensible."""

QUESTION_NAMES = ("question", "questions", "vraag", "vragen", "pergunta", "perguntas", "frage", "q")
ANSWER_NAMES = ("answer", "answers", "antwoord", "antwoorden", "resposta", "respostas", "antwort", "a")


@dataclass(frozen=True)
class Passage:
    """One indexed text. For an FAQ, `text` is one phrasing of the question and `answer` the reply."""

    id: str
    entry: str
    text: str
    source: str
    kind: str = TEXT
    title: str = ""
    answer: str = ""
    row: int | None = None


@dataclass(eq=False)
class KnowledgeBase:
    """All passages of one business; `entries` maps an entry id to its passages' positions."""

    passages: list[Passage] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._reindex()

    def _reindex(self) -> None:
        self.entries: dict[str, list[int]] = {}
        for i, passage in enumerate(self.passages):
            self.entries.setdefault(passage.entry, []).append(i)
        self.by_id = {p.id: p for p in self.passages}

    def extend(self, passages: Iterable[Passage]) -> KnowledgeBase:
        self.passages.extend(passages)
        self._reindex()
        return self

    @property
    def entry_ids(self) -> list[str]:
        return list(self.entries)

    def first(self, entry: str) -> Passage:
        return self.passages[self.entries[entry][0]]

    def __len__(self) -> int:
        return len(self.passages)


def _hash(*parts: str) -> str:
    return hashlib.blake2b("\x00".join(parts).encode("utf-8"), digest_size=6).hexdigest()


def _ids(source: str, texts: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for text in texts:
        base = _hash(source, text)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(base if n == 0 else f"{base}-{n}")
    return out


def _pick(columns: Sequence[str], wanted: str | None, names: Sequence[str], what: str) -> str:
    if wanted is not None:
        if wanted not in columns:
            raise ValueError(f"no column {wanted!r} for the {what}")
        return wanted
    lowered = {c.strip().lower(): c for c in columns}
    for name in names:
        if name in lowered:
            return lowered[name]
    raise ValueError(f"no {what} column found among {list(columns)}")


def from_faq(
    frame: pl.DataFrame,
    *,
    source: str = "faq",
    question: str | None = None,
    answer: str | None = None,
    entry: str | None = None,
) -> list[Passage]:
    """FAQ rows to passages. Rows with the same `entry` value (or, without an entry column, the same
    answer) are phrasings of one entry; the entry is named after its first question."""
    q_col = _pick(frame.columns, question, QUESTION_NAMES, "question")
    a_col = _pick(frame.columns, answer, ANSWER_NAMES, "answer")
    rows = frame.select(
        pl.col(q_col).cast(pl.String).fill_null("").str.strip_chars().alias("q"),
        pl.col(a_col).cast(pl.String).fill_null("").str.strip_chars().alias("a"),
        (pl.col(entry).cast(pl.String) if entry else pl.col(a_col).cast(pl.String).fill_null("")).alias("e"),
    ).with_row_index("row")
    rows = rows.filter(pl.col("q") != "")
    first_question: dict[str, str] = {}
    first_answer: dict[str, str] = {}
    for q, a, e in rows.select("q", "a", "e").iter_rows():
        first_question.setdefault(e, q)
        if a:
            first_answer.setdefault(e, a)
    ids = _ids(source, [f"{e}\x00{q}" for q, e in rows.select("q", "e").iter_rows()])
    return [
        Passage(
            id=pid,
            entry=f"{source}:{_hash(source, first_question[e])}",
            text=q,
            source=source,
            kind=FAQ,
            title=first_question[e],
            answer=first_answer.get(e, ""),
            row=int(r),
        )
        for pid, (r, q, e) in zip(ids, rows.select("row", "q", "e").iter_rows(), strict=True)
    ]


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")


def _blocks_from_markdown(text: str) -> list[tuple[str, str]]:
    """(heading, paragraph) pairs; a paragraph is text between blank lines."""
    heading = ""
    blocks: list[tuple[str, str]] = []
    lines: list[str] = []

    def close() -> None:
        if lines:
            blocks.append((heading, " ".join(s.strip() for s in lines).strip()))
            lines.clear()

    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            close()
            heading = match.group(2).strip()
        elif not line.strip():
            close()
        else:
            lines.append(line)
    close()
    return [(h, p) for h, p in blocks if p]


def _merge(blocks: Sequence[tuple[str, str]], source: str) -> list[Passage]:
    merged: list[tuple[str, str]] = []
    for heading, paragraph in blocks:
        if merged and merged[-1][0] == heading and len(merged[-1][1]) + len(paragraph) < MAX_PASSAGE_CHARS:
            merged[-1] = (heading, merged[-1][1] + "\n" + paragraph)
        else:
            merged.append((heading, paragraph))
    texts = [f"{h}\n{p}" if h else p for h, p in merged]
    ids = _ids(source, texts)
    return [
        Passage(id=pid, entry=f"{source}:{pid}", text=text, source=source, kind=TEXT, title=h, answer=p)
        for pid, text, (h, p) in zip(ids, texts, merged, strict=True)
    ]


def from_text(text: str, *, source: str = "text") -> list[Passage]:
    """Markdown or plain text: headings become titles, blank lines split paragraphs."""
    return _merge(_blocks_from_markdown(text), source)


class _HTMLBlocks(HTMLParser):
    SKIP = frozenset({"script", "style", "noscript", "template", "svg", "nav", "footer", "head"})
    BLOCK = frozenset(
        {"p", "li", "dt", "dd", "td", "th", "div", "section", "article", "br", "tr", "blockquote", "pre"}
    )
    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.heading = ""
        self.buffer: list[str] = []
        self.skipping = 0
        self.in_heading = False

    def _close(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.buffer)).strip()
        self.buffer = []
        if not text:
            return
        if self.in_heading:
            self.heading = text
        else:
            self.blocks.append((self.heading, text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.HEADINGS:
            self._close()
            self.in_heading = True
        elif tag in self.BLOCK:
            self._close()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.HEADINGS:
            self._close()
            self.in_heading = False
        elif tag in self.BLOCK:
            self._close()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.buffer.append(data)


def from_html(html: str, *, source: str = "page") -> list[Passage]:
    """Visible text of a web page, split at block elements, under the nearest heading."""
    parser = _HTMLBlocks()
    parser.feed(html)
    parser.close()
    parser._close()
    return _merge(parser.blocks, source)


_TABLES = {".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".json", ".ndjson"}
_TEXTS = {".md", ".markdown", ".txt", ".text", ".rst"}
_HTMLS = {".html", ".htm", ".xhtml"}


def _read_faq_file(path: Path) -> list[Passage]:
    from rung.engine.ingest.read import read_file

    passages: list[Passage] = []
    for table in read_file(path):
        frame = table.data.drop("_row").rename(
            {f"c{i}": (h or f"c{i}") for i, h in enumerate(table.headers) if f"c{i}" in table.data.columns}
        )
        name = path.name if table.sheet is None else f"{path.name}/{table.sheet}"
        passages.extend(from_faq(frame, source=name))
    return passages


def read(path: Path) -> list[Passage]:
    """One file to passages, chosen by extension."""
    suffix = path.suffix.lower()
    if suffix in _TABLES:
        return _read_faq_file(path)
    if suffix in _TEXTS:
        return from_text(path.read_text(encoding="utf-8", errors="replace"), source=path.name)
    if suffix in _HTMLS:
        return from_html(path.read_text(encoding="utf-8", errors="replace"), source=path.name)
    if suffix in {".pdf", ".docx"}:
        raise NotImplementedError(
            f"{path.name}: reading {suffix} files needs pypdf / python-docx, which are not installed yet"
        )
    raise ValueError(f"{path.name}: not a knowledge file Rung can read ({suffix or 'no extension'})")


def load(paths: Iterable[Path | str]) -> KnowledgeBase:
    """Files and directories (read recursively, hidden files skipped) into one knowledge base."""
    passages: list[Passage] = []
    for raw in paths:
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if any(part.startswith(".") for part in file.parts[len(path.parts) :]):
                continue
            if path.is_dir() and file.suffix.lower() not in _TABLES | _TEXTS | _HTMLS:
                continue
            passages.extend(read(file))
    return KnowledgeBase(passages)
