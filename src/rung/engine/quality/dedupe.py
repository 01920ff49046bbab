"""Duplicate customers and duplicate products: which rows are the same real-world entity.

Two methods, because the two problems differ. Figures are pairwise F1 against public
ground truth, from ``python -m bench.quality_dedupe`` (configurations, baselines and
what was tuned on what are in that module's docstring; results in
bench/results/quality_dedupe.json):

* **People and organisations** (customer, supplier, contact lists): Splink, a
  Fellegi-Sunter model, on DuckDB, trained without labels on the list itself. Evidence
  from several weak fields (a name spelled differently, the same phone, the same street
  number) has to be *weighed*, and what an agreement is worth depends on the list: an
  exact "Jansen" says less than an exact "Oosterhuis", a shared phone decides in one list
  and is a head-office switchboard in another. A fixed fuzzy-score rule cannot learn
  that, and fuzzy-score clustering chains unrelated records. Measured: FEBRL 1/2/3/4
  F1 0.974/0.955/0.965/0.977 (Splink's plain configuration on the same fields:
  0.954/0.933/0.934/0.950), the messy 9-source Chicago sites 0.936 (plain: 0.730),
  100,000 generated customers 0.982 in 11 s on 2 cores. Our normalisation in front of
  the model (sorted name words, initials, transliteration, address abbreviations, phone
  digits) and average-linkage clustering do most of that; see ``dedupe_people.py``.
* **Products**: keys first (the same normalised product id, barcode, or manufacturer
  model code found in the name), then the best rapidfuzz title match. Titles are word
  soups in which one differing word (a model number, a size) decides, which a
  field-agreement model handles badly (Splink reached F1 0.77 on Abt-Buy in the scratch
  evaluation, docs/research/entity-resolution.md). Measured: Abt-Buy link F1 0.923
  (plain rapidfuzz on raw titles: 0.551). See ``dedupe_products.py``.

Every function returns the input frame unchanged (same rows, same order, other columns
kept) plus ``cluster_id`` (Int64; rows judged to be the same entity share it; small
consecutive ids in order of first appearance) and ``match_confidence`` (Float64 in 0..1,
the best score between the row and another row of its cluster; null for a row alone).
The same input gives the same output.

Pure Python and Polars; never Django. Splink is imported only when people are matched
(it takes a second to import).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Sequence

import polars as pl

PEOPLE_FIELDS = ("name", "email", "phone", "company", "address", "postal_code", "city", "country")
PRODUCT_FIELDS = ("product_id", "name", "barcode", "category")

CLUSTER_COLUMN = "cluster_id"
CONFIDENCE_COLUMN = "match_confidence"

# Letters that Unicode decomposition does not reduce to a-z, and two common non-Latin
# scripts (Russian/Ukrainian Cyrillic, Greek), written out so a customer typed once in
# Cyrillic and once in Latin letters can still be compared.
_TRANSLITERATE = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i",
    "ї": "yi", "є": "ye", "ґ": "g",
    "α": "a", "ά": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "έ": "e", "ζ": "z", "η": "i",
    "ή": "i", "θ": "th", "ι": "i", "ί": "i", "ϊ": "i", "ΐ": "i", "κ": "k", "λ": "l", "μ": "m",
    "ν": "n", "ξ": "x", "ο": "o", "ό": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "ύ": "y", "ϋ": "y", "ΰ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o", "ώ": "o",
}  # fmt: skip


def fold(expr: pl.Expr) -> pl.Expr:
    """Lower case, transliterated, accents removed, anything but letters and digits turned
    into single spaces, trimmed; empty becomes null. "Müller-Lüdenscheidt" -> "muller
    ludenscheidt"; scripts without a transliteration here (Chinese, Arabic) are kept."""
    folded = (
        expr.cast(pl.String)
        .str.to_lowercase()
        .str.replace_many(_TRANSLITERATE)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )
    return pl.when(folded.str.len_chars() > 0).then(folded)


def column_or_null(df: pl.DataFrame, name: str) -> pl.Expr:
    """The column as text if the frame has it, else an all-null text column."""
    if name in df.columns:
        return pl.col(name).cast(pl.String)
    return pl.lit(None, dtype=pl.String)


class UnionFind:
    """Connected components over row numbers 0..n-1, deterministic: the smaller row is the root."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            if a < b:
                self.parent[b] = a
            else:
                self.parent[a] = b


def cluster_rows(n: int, edges: Iterable[tuple[int, int, float]]) -> tuple[list[int], list[float | None]]:
    """Cluster ids (consecutive, in order of first appearance) and each row's best score to
    another row of its cluster, from scored edges that are all accepted as matches."""
    edge_list = list(edges)
    uf = UnionFind(n)
    for i, j, _ in edge_list:
        uf.union(i, j)
    return _ids_and_confidence(uf, n, edge_list)


def _ids_and_confidence(
    uf: UnionFind, n: int, scored: Sequence[tuple[int, int, float]]
) -> tuple[list[int], list[float | None]]:
    ids: dict[int, int] = {}
    cluster = []
    for i in range(n):
        cluster.append(ids.setdefault(uf.find(i), len(ids)))
    confidence: list[float | None] = [None] * n
    for i, j, score in scored:
        if i != j and cluster[i] == cluster[j]:
            s = round(min(max(score, 0.0), 1.0), 6)
            for k in (i, j):
                current = confidence[k]
                if current is None or s > current:
                    confidence[k] = s
    return cluster, confidence


def cluster_with_threshold(
    n: int, scored: Sequence[tuple[int, int, float]], threshold: float
) -> tuple[list[int], list[float | None]]:
    """Connected components of the edges scoring at least ``threshold``; confidences take
    every scored pair inside a cluster into account."""
    uf = UnionFind(n)
    for i, j, score in scored:
        if score >= threshold:
            uf.union(i, j)
    return _ids_and_confidence(uf, n, scored)


def average_linkage(
    n: int, scored: Sequence[tuple[int, int, float]], threshold: float
) -> tuple[list[int], list[float | None]]:
    """Clusters by average-linkage agglomeration: two groups merge while the mean score
    over *all* pairs between them (a pair without a score counts as 0) is at least
    ``threshold``, best pair of groups first.

    Connected components chain: one strong link between two groups of five merges all
    ten rows, although the other 24 pairs between them say "different" (one head office
    phone number shared by two sites). Averaging makes the groups vote. Deterministic:
    ties go to the smaller row numbers.
    """
    sums: dict[int, dict[int, float]] = defaultdict(dict)
    for i, j, score in scored:
        if i != j and score > 0:
            sums[i][j] = sums[i].get(j, 0.0) + score
            sums[j][i] = sums[j].get(i, 0.0) + score
    size = [1] * n
    version = [0] * n
    merged_into = list(range(n))
    heap = [(-total, i, j, 0, 0) for i, row in sums.items() for j, total in row.items() if i < j]
    heapq.heapify(heap)
    while heap:
        negative, i, j, vi, vj = heapq.heappop(heap)
        if -negative < threshold:
            break
        if version[i] != vi or version[j] != vj or merged_into[i] != i or merged_into[j] != j:
            continue
        # j joins i; i's row of sums becomes the sum of both rows
        merged_into[j] = i
        size[i] += size[j]
        version[i] += 1
        del sums[i][j]
        for k, total in sums.pop(j).items():
            if k == i:
                continue
            sums[i][k] = sums[i].get(k, 0.0) + total
            sums[k][i] = sums[k].get(i, 0.0) + total
            del sums[k][j]
        for k, total in sums[i].items():
            a, b = (i, k) if i < k else (k, i)
            heapq.heappush(heap, (-total / (size[i] * size[k]), a, b, version[a], version[b]))
    uf = UnionFind(n)
    for j in range(n):
        root = j
        while merged_into[root] != root:
            root = merged_into[root]
        uf.union(root, j)
    return _ids_and_confidence(uf, n, scored)


def attach(df: pl.DataFrame, cluster: Sequence[int], confidence: Sequence[float | None]) -> pl.DataFrame:
    """The input frame with ``cluster_id`` and ``match_confidence`` appended (replacing
    earlier ones, so a frame can be checked again)."""
    base = df.drop([c for c in (CLUSTER_COLUMN, CONFIDENCE_COLUMN) if c in df.columns])
    return base.with_columns(
        pl.Series(CLUSTER_COLUMN, list(cluster), dtype=pl.Int64),
        pl.Series(CONFIDENCE_COLUMN, list(confidence), dtype=pl.Float64),
    )


def split_link_result(
    left: pl.DataFrame,
    right: pl.DataFrame,
    cluster: Sequence[int],
    confidence: Sequence[float | None],
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows 0..len(left)-1 are the left frame, the rest the right frame."""
    n = left.height
    return (
        attach(left, cluster[:n], confidence[:n]),
        attach(right, cluster[n:], confidence[n:]),
    )


def dedupe_people(df: pl.DataFrame) -> pl.DataFrame:
    """Rows of one customer/contact list that are the same person or organisation.

    Uses the columns in ``PEOPLE_FIELDS`` that are present; others are kept untouched."""
    from rung.engine.quality.dedupe_people import dedupe_people_frame

    return dedupe_people_frame(df)


def link_people(left: pl.DataFrame, right: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Which rows of two lists are the same person or organisation (no matching within a
    list); a left and a right row in the same cluster are the same entity."""
    from rung.engine.quality.dedupe_people import link_people_frames

    return link_people_frames(left, right)


def dedupe_products(df: pl.DataFrame) -> pl.DataFrame:
    """Rows of one product list that are the same product (``PRODUCT_FIELDS``)."""
    from rung.engine.quality.dedupe_products import dedupe_products_frame

    return dedupe_products_frame(df)


def link_products(left: pl.DataFrame, right: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Which rows of two product lists (e.g. a supplier's list and the shop's catalogue)
    are the same product."""
    from rung.engine.quality.dedupe_products import link_products_frames

    return link_products_frames(left, right)
