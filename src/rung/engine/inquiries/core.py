"""The inquiry engine's entry points: what `rung ask`, the staff inbox and the API call.

Why an engine cache: building the matcher, the index and the calibration is the slow part
(seconds for a large FAQ), answering is milliseconds; `answer` on the same KnowledgeBase object
reuses the engine until the knowledge base changes (its passages are re-read).
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

import polars as pl

from rung.engine.feedback.embed import Embedder
from rung.engine.inquiries.answer import Answer, Engine
from rung.engine.inquiries.kb import KnowledgeBase

_ENGINES: weakref.WeakKeyDictionary[KnowledgeBase, tuple[tuple[object, ...], Engine]] = (
    weakref.WeakKeyDictionary()
)


def engine_for(kb: KnowledgeBase, *, embedder: Embedder | None = None, method: str | None = None) -> Engine:
    """The (cached) engine for a knowledge base; rebuilt when its passages or the embedder change."""
    key = (tuple(p.id for p in kb.passages), id(embedder), method)
    cached = _ENGINES.get(kb)
    if cached is not None and cached[0] == key:
        return cached[1]
    engine = Engine(kb, embedder=embedder, method=method)
    _ENGINES[kb] = (key, engine)
    return engine


def answer(
    kb: KnowledgeBase | Engine,
    question: str,
    *,
    threshold: float | None = None,
    embedder: Embedder | None = None,
) -> Answer:
    """Answer one inquiry, or hand it off; `threshold` overrides the engine's own (0-1)."""
    return _answers(kb, [question], threshold, embedder)[0]


def _answers(
    kb: KnowledgeBase | Engine, questions: Sequence[str], threshold: float | None, embedder: Embedder | None
) -> list[Answer]:
    engine = kb if isinstance(kb, Engine) else engine_for(kb, embedder=embedder)
    if threshold is None:
        return engine.answer_many(questions)
    saved = engine.threshold
    engine.threshold = threshold
    try:
        return engine.answer_many(questions)
    finally:
        engine.threshold = saved


def answer_many(
    kb: KnowledgeBase | Engine,
    questions: list[str],
    *,
    threshold: float | None = None,
    embedder: Embedder | None = None,
) -> pl.DataFrame:
    """One row per question, in order: question, answer, confidence, handoff, source, reason, draft,
    category, passage_id."""
    answers = _answers(kb, questions, threshold, embedder)
    return pl.DataFrame(
        {
            "question": [a.question for a in answers],
            "answer": [a.answer for a in answers],
            "confidence": [round(a.confidence, 4) for a in answers],
            "handoff": [a.handoff for a in answers],
            "source": [a.source for a in answers],
            "reason": [str(a.reason) if a.reason else None for a in answers],
            "draft": [a.draft for a in answers],
            "category": [a.category for a in answers],
            "passage_id": [a.citations[0].passage_id if a.citations else None for a in answers],
        },
        schema={
            "question": pl.String,
            "answer": pl.String,
            "confidence": pl.Float64,
            "handoff": pl.Boolean,
            "source": pl.String,
            "reason": pl.String,
            "draft": pl.String,
            "category": pl.String,
            "passage_id": pl.String,
        },
    )
