"""Which FAQ entry a question asks, learned from the FAQ's own phrasings.

Why a classifier and not only retrieval: an FAQ is labelled data, each phrasing is an example of
its entry. On banking77 (bench/inquiries_banking.py) a logistic regression over TF-IDF word and
character n-grams plus the multilingual-e5 embedding beats BM25 and dense nearest-neighbour
retrieval clearly, with all phrasings and with five per entry; its probabilities are also better
confidence scores. The embedding lets it match paraphrases that share no words with the FAQ and
questions in another language; without an embedder it falls back to the n-grams alone.

Retrieval stays for documents (Markdown, HTML) and for FAQs of a single entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from rung.engine.feedback.embed import Embedder, Vectors
from rung.engine.inquiries.retrieve import language_for, tokenize

C = 10.0
"""Inverse regularisation of the logistic regression; chosen on a validation split of banking77's
training data (not its test split)."""

EMBEDDING_WEIGHT = 4.0
"""Scale of the (unit-length) embedding next to the TF-IDF blocks (each row unit-length too)."""


class FaqClassifier:
    """Logistic regression from a question to an FAQ entry."""

    def __init__(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        languages: Sequence[str],
        *,
        embedder: Embedder | None = None,
        vectors: Vectors | None = None,
    ) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.languages = list(languages)
        self.embedder = embedder
        self.words: Any = TfidfVectorizer(
            tokenizer=self._tokens, lowercase=False, token_pattern=None, ngram_range=(1, 2), sublinear_tf=True
        )
        self.chars: Any = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
        if embedder is not None and vectors is None:
            vectors = embedder.embed(list(texts))
        features = sp.hstack(
            [self.words.fit_transform(texts), self.chars.fit_transform(texts)]
            + ([sp.csr_matrix(vectors * EMBEDDING_WEIGHT)] if vectors is not None else [])
        ).tocsr()
        self.model: Any = LogisticRegression(C=C, max_iter=3000)
        self.model.fit(features, list(labels))
        self.classes: list[str] = [str(c) for c in self.model.classes_]

    def _tokens(self, text: str) -> list[str]:
        return tokenize(text, language_for(text, self.languages))

    def features(self, texts: Sequence[str], vectors: Vectors | None = None) -> Any:
        blocks = [self.words.transform(texts), self.chars.transform(texts)]
        if self.embedder is not None:
            vectors = self.embedder.embed(list(texts)) if vectors is None else vectors
            blocks.append(sp.csr_matrix(vectors * EMBEDDING_WEIGHT))
        return sp.hstack(blocks).tocsr()

    def proba(self, texts: Sequence[str], vectors: Vectors | None = None) -> npt.NDArray[np.float64]:
        """One row per text, one column per entry in `classes`."""
        return np.asarray(self.model.predict_proba(self.features(texts, vectors)), dtype=np.float64)
