"""Find the knowledge-base entries that answer a question: BM25, dense embeddings, or both.

Why BM25 via bm25s: it is a small, maintained library (numpy + scipy), indexes 10,000 passages in
well under a second and scores a query in about a millisecond, so the default retriever meets the
latency target without a model. Why our own tokeniser in front of it: bm25s's built-in tokeniser
is English-only (\\w\\w+, English stop words); a business's FAQ is in any language, so text is
NFKC-folded and lower-cased, Latin-script words are stemmed with the Snowball stemmer of their
language (PyStemmer; stemming helps recall on short paraphrases, measured in
bench/inquiries_banking.py) and Chinese/Japanese/Korean runs, which have no spaces, become
overlapping character bigrams (the standard no-dictionary CJK approach, no new dependency).

Why dense retrieval is optional: the bundled multilingual-e5-small embeds ~100 texts a second on
two cores, so it is used when the owner's knowledge base is small enough or the vectors are
cached (`CachedEmbedder`); it finds paraphrases that share no words with the FAQ, and questions
asked in another language than the FAQ's. When both exist their entry rankings are fused by
reciprocal rank fusion (RRF), which needs no score normalisation between the two.

Why entry-level scores: an FAQ entry with several phrasings should win when any one phrasing
matches well (max), and win more clearly when several do; `aggregate` picks between max and
the mean of the top few, measured on banking77.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from rung.engine.feedback.embed import Embedder, Vectors
from rung.engine.feedback.language import detect
from rung.engine.inquiries.kb import KnowledgeBase

Scores = npt.NDArray[np.float64]

STEMMERS = {
    "en": "english",
    "nl": "dutch",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "it": "italian",
    "da": "danish",
    "sv": "swedish",
    "no": "norwegian",
    "fi": "finnish",
    "ru": "russian",
    "tr": "turkish",
    "hu": "hungarian",
    "ro": "romanian",
}

RRF_K = 60
"""The usual reciprocal-rank-fusion constant (Cormack et al. 2009)."""

_CJK = r"\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+(?:['’][^\W_{_CJK}]+)*")
_IS_CJK = re.compile(rf"[{_CJK}]")


@lru_cache(maxsize=32)
def _stemmer(language: str) -> Any:
    import Stemmer  # PyStemmer

    name = STEMMERS.get(language)
    return Stemmer.Stemmer(name) if name else None


@lru_cache(maxsize=32)
def _stopwords(language: str) -> frozenset[str]:
    from bm25s import stopwords

    names = {
        "en": "STOPWORDS_EN_PLUS",
        "nl": "STOPWORDS_DUTCH",
        "de": "STOPWORDS_GERMAN",
        "fr": "STOPWORDS_FRENCH",
        "es": "STOPWORDS_SPANISH",
        "pt": "STOPWORDS_PORTUGUESE",
        "it": "STOPWORDS_ITALIAN",
        "da": "STOPWORDS_DANISH",
        "sv": "STOPWORDS_SWEDISH",
        "no": "STOPWORDS_NORWEGIAN",
        "ru": "STOPWORDS_RUSSIAN",
        "tr": "STOPWORDS_TURKISH",
    }
    return frozenset(getattr(stopwords, names[language], ())) if language in names else frozenset()


def tokenize(text: str, language: str = "", *, stem: bool = True, stopwords: bool = False) -> list[str]:
    """Lower-cased words (stemmed in `language` when a stemmer exists) and CJK character bigrams;
    with `stopwords`, the language's function words are left out (bm25s's lists)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    words: list[str] = []
    out: list[str] = []
    for token in _TOKEN.findall(folded):
        if _IS_CJK.match(token):
            out.extend([token] if len(token) == 1 else [token[i : i + 2] for i in range(len(token) - 1)])
        else:
            words.append(token.replace("’", "'"))
    if stopwords and language:
        stop = _stopwords(language)
        words = [w for w in words if w not in stop]
    stemmer = _stemmer(language) if stem and language else None
    if stemmer is not None:
        words = list(stemmer.stemWords(words))
    return words + out


def languages_of(texts: Sequence[str], sample: int = 300) -> list[str]:
    """The knowledge base's languages, most common first: those of at least a tenth of its texts."""
    step = max(1, len(texts) // sample)
    counts = Counter(lang for lang in (detect(t) for t in texts[::step]) if lang)
    if not counts:
        return ["en"]
    total = sum(counts.values())
    return [lang for lang, n in counts.most_common() if n >= 0.1 * total] or [counts.most_common(1)[0][0]]


def language_for(text: str, languages: Sequence[str]) -> str:
    """The text's language when it is one of the knowledge base's, else the main one: short
    questions are where language detection errs, and stemming with the index's stemmer is safer."""
    if len(text.split()) >= 3 or _IS_CJK.search(text):
        found = detect(text)
        if found in languages:
            return found
    return languages[0] if languages else ""


class Lexical:
    """BM25 (Lucene variant, bm25s) over the passages' tokens."""

    def __init__(
        self, texts: Sequence[str], languages: Sequence[str], *, stem: bool = True, stopwords: bool = True
    ) -> None:
        import bm25s

        self.languages = list(languages)
        self.stem = stem
        self.stopwords = stopwords
        corpus = [self.tokens(t) or ["\u2205"] for t in texts]
        self.vocabulary = [frozenset(tokens) for tokens in corpus]
        self.model: Any = bm25s.BM25(method="lucene")
        self.model.index(corpus, show_progress=False)
        self.size = len(texts)

    def tokens(self, text: str) -> list[str]:
        return tokenize(text, language_for(text, self.languages), stem=self.stem, stopwords=self.stopwords)

    def matched(self, question: str, passage: int) -> float:
        """The share of the question's words that the passage contains."""
        tokens = set(self.tokens(question))
        return len(tokens & self.vocabulary[passage]) / len(tokens) if tokens else 0.0

    def scores(self, question: str) -> Scores:
        ids = self.model.get_tokens_ids(self.tokens(question))
        if not ids:
            return np.zeros(self.size)
        return np.asarray(self.model.get_scores_from_ids(ids), dtype=np.float64)


class Dense:
    """Cosine similarity between the question's and the passages' embeddings."""

    def __init__(self, texts: Sequence[str], embedder: Embedder) -> None:
        self.embedder = embedder
        self.matrix: Vectors = embedder.embed(list(texts))

    def scores(self, question: str) -> Scores:
        return self.scores_for(self.embedder.embed([question])[0])

    def scores_for(self, vector: Vectors) -> Scores:
        return np.asarray(self.matrix @ vector, dtype=np.float64)


@dataclass
class Ranking:
    """Entry scores for one question, best first; `lexical`/`dense` are per-entry component scores."""

    entries: list[str]
    order: npt.NDArray[np.int64]
    fused: Scores
    lexical: Scores | None = None
    dense: Scores | None = None
    best_passage: dict[int, int] = field(default_factory=dict)
    matched: float = 1.0
    """The share of the question's words found in the top entry's best passage (1.0 without BM25)."""

    def top(self, k: int = 1) -> list[str]:
        return [self.entries[i] for i in self.order[:k]]


class Retriever:
    """Ranks a knowledge base's entries for a question; method "bm25", "dense" or "hybrid"."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        embedder: Embedder | None = None,
        method: str | None = None,
        stem: bool = True,
        stopwords: bool = True,
        aggregate: str = "max+mean",
    ) -> None:
        self.kb = kb
        texts = [p.text for p in kb.passages]
        self.languages = languages_of(texts)
        self.method = method or ("hybrid" if embedder is not None else "bm25")
        if self.method not in {"bm25", "dense", "hybrid"}:
            raise ValueError(f"unknown retrieval method {self.method!r}")
        if self.method != "bm25" and embedder is None:
            raise ValueError(f"method {self.method!r} needs an embedder")
        self.lexical = (
            Lexical(texts, self.languages, stem=stem, stopwords=stopwords) if self.method != "dense" else None
        )
        self.dense = Dense(texts, embedder) if embedder is not None and self.method != "bm25" else None
        self.aggregate = aggregate
        self.entries = kb.entry_ids
        position = {e: i for i, e in enumerate(self.entries)}
        owner = np.array([position[p.entry] for p in kb.passages], dtype=np.int64)
        self._sort = np.argsort(owner, kind="stable")
        self._starts = np.searchsorted(owner[self._sort], np.arange(len(self.entries)))
        self._owner = owner

    def _per_entry(self, scores: Scores, exclude: int | Sequence[int] | None) -> Scores:
        if exclude is not None:
            scores = scores.copy()
            scores[exclude] = -np.inf
        ordered = scores[self._sort]
        best = np.maximum.reduceat(ordered, self._starts)
        if self.aggregate == "max":
            return np.asarray(best, dtype=np.float64)
        if self.aggregate == "max+mean":
            finite = np.where(np.isfinite(ordered), ordered, 0.0)
            counts = np.diff(np.append(self._starts, len(ordered)))
            mean = np.add.reduceat(finite, self._starts) / np.maximum(counts, 1)
            return np.asarray(best + 0.5 * mean, dtype=np.float64)
        raise ValueError(f"unknown aggregate {self.aggregate!r}")

    def rank(
        self, question: str, *, exclude: int | Sequence[int] | None = None, vector: Vectors | None = None
    ) -> Ranking:
        """Rank entries; `exclude` leaves passages out (held-out phrasings for calibration)."""
        lexical = dense = None
        passage_scores: Scores | None = None
        if self.lexical is not None:
            raw = self.lexical.scores(question)
            passage_scores = raw
            lexical = self._per_entry(raw, exclude)
        if self.dense is not None:
            raw = self.dense.scores(question) if vector is None else self.dense.scores_for(vector)
            passage_scores = raw if passage_scores is None else passage_scores
            dense = self._per_entry(raw, exclude)
        fused: Scores | None
        if lexical is not None and dense is not None:
            fused = _rrf(lexical) + _rrf(dense)
        else:
            fused = lexical if lexical is not None else dense
        assert fused is not None and passage_scores is not None
        order = np.argsort(-fused, kind="stable")
        ranking = Ranking(self.entries, order, fused, lexical, dense)
        if exclude is not None:
            passage_scores = passage_scores.copy()
            passage_scores[exclude] = -np.inf
            # an entry whose phrasings are all left out has no best passage: it cannot win
            fused = np.where(np.isfinite(fused), fused, -np.inf)
        for i in order[:3]:
            members = self._sort[
                self._starts[i] : (self._starts[i + 1] if i + 1 < len(self._starts) else None)
            ]
            ranking.best_passage[int(i)] = int(members[np.argmax(passage_scores[members])])
        if self.lexical is not None:
            ranking.matched = self.lexical.matched(question, ranking.best_passage[int(order[0])])
        return ranking


def _rrf(scores: Scores) -> Scores:
    ranks = np.empty(len(scores), dtype=np.float64)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return np.asarray(1.0 / (RRF_K + ranks), dtype=np.float64)
