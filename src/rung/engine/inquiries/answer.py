"""An answer with its sources and a confidence, or a hand-off to a person with the reason why.

Why the FAQ answer or a passage verbatim by default: the owner wrote it, so it is never wrong about
the business; a generated reply is only as good as its grounding and needs a configured LLM
provider (a later issue). `Generator` is the seam for that writer: it receives the question and the
cited passages and returns the reply; `Extractive` (the default) returns the cited text.

Why hand off: an automated answer that is wrong costs the business more than a slower right one.
Below the owner's confidence threshold, and always for complaints, refunds, cancellations, legal
or personal-data requests (detect.py), the inquiry goes to a person with the best draft attached.
The threshold is read off a precision-vs-coverage curve computed on the owner's own FAQ: each
phrasing is asked while left out (k-fold over phrasings), so the curve shows how the engine does on
questions it has not seen, and the calibrated confidence says how often an answer at that
confidence was right (calibrate.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt
import polars as pl

from rung.engine.feedback.embed import Embedder, Vectors
from rung.engine.feedback.language import detect
from rung.engine.inquiries import calibrate, texts
from rung.engine.inquiries.detect import SensitiveDetector
from rung.engine.inquiries.kb import FAQ, KnowledgeBase, Passage
from rung.engine.inquiries.matcher import FaqClassifier
from rung.engine.inquiries.retrieve import Ranking, Retriever, language_for, tokenize
from rung.engine.messages import Note

TARGET_PRECISION = 0.95
"""The automatic threshold is the lowest at which 95% of held-out FAQ questions were answered right."""

DEFAULT_THRESHOLD = 0.5
"""Used when the confidence could not be calibrated (too few phrasings per FAQ entry)."""

FOLDS = 5
MAX_FOLDS_LARGE = 2
"""For an FAQ of more than `LARGE` phrasings only two of the five folds are held out in turn:
a few thousand held-out questions already give a smooth curve, and each fold is a model fit."""
LARGE = 2000

MAX_RETRIEVAL_HELD_OUT = 1000

DISAGREEMENT = 0.5
"""The classifier's raw score is multiplied by this when retrieval over the FAQ's phrasings ranks
another entry first: two different matchers agreeing is the strongest sign of a right answer
(on banking77's validation split it raised coverage at 95% precision, bench/inquiries_banking.py)."""

OVERLAP_WEIGHT = 0.5
"""The classifier's raw score is its top probability times (1 - w + w * the share of the question's
words found in the entry's phrasings): a probability spread over few entries is high even for a
question about something else entirely, and sharing no word with the entry says so."""


@dataclass(frozen=True)
class Citation:
    passage_id: str
    source: str
    title: str
    text: str
    row: int | None = None


@dataclass
class Answer:
    """`answer` is empty when handed off; `draft` then holds the suggested reply for staff."""

    question: str
    answer: str
    confidence: float
    handoff: bool
    reason: str | None = None
    draft: str = ""
    citations: list[Citation] = field(default_factory=list)
    entry: str | None = None
    category: str | None = None
    language: str = ""

    @property
    def source(self) -> str:
        """For an FAQ, the entry's question as written in the FAQ; for a document, its file and heading."""
        if not self.citations:
            return ""
        first = self.citations[0]
        if first.row is not None:
            return first.title
        return f"{first.source} › {first.title}" if first.title else first.source


@runtime_checkable
class Generator(Protocol):
    """Writes the reply from the question and the passages it must rest on."""

    @property
    def name(self) -> str: ...

    def write(self, question: str, passages: Sequence[Passage], language: str) -> str: ...


class Extractive:
    """The default: the FAQ entry's answer, or the cited passage itself."""

    name = "extractive"

    def write(self, question: str, passages: Sequence[Passage], language: str) -> str:
        if not passages:
            return ""
        first = passages[0]
        return first.answer or first.text


def _citation(p: Passage) -> Citation:
    return Citation(p.id, p.source, p.title, p.answer if p.kind == FAQ else p.text, p.row)


@dataclass
class _Candidate:
    entry: str
    passage: int
    raw: float
    confidence: float


def retrieval_raw(ranking: Ranking) -> float:
    """How clearly the top entry wins, in [0, 1]: the relative BM25 margin over the next entry (times
    the share of the question's words the passage has, so a match on one word of a long question is
    not sure) and/or ten times the cosine margin, averaged when both exist."""
    top = int(ranking.order[0])
    parts: list[float] = []
    for scores, scale in ((ranking.lexical, None), (ranking.dense, 10.0)):
        if scores is None:
            continue
        if len(scores) < 2:
            parts.append(1.0 if scores[top] > 0 else 0.0)
            continue
        others = np.delete(scores, top)
        second = float(np.max(others))
        if scale is None:
            first = float(scores[top])
            parts.append(max(0.0, (first - second) / first) * ranking.matched if first > 0 else 0.0)
        else:
            parts.append(float(np.clip((float(scores[top]) - second) * scale, 0.0, 1.0)))
    return float(np.mean(parts)) if parts else 0.0


class Engine:
    """A knowledge base made answerable: matcher, retriever, detector and calibration, built once."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        embedder: Embedder | None = None,
        method: str | None = None,
        matcher: str = "auto",
        generator: Generator | None = None,
        threshold: float | None = None,
        detector: bool = True,
        calibrate_on_faq: bool = True,
        seed: int = 0,
    ) -> None:
        self.kb = kb
        self.embedder = embedder
        self.generator: Generator = generator or Extractive()
        faq = [i for i, p in enumerate(kb.passages) if p.kind == FAQ]
        faq_entries = {kb.passages[i].entry for i in faq}
        use_classifier = matcher == "classifier" or (matcher == "auto" and len(faq_entries) >= 2)
        if matcher not in {"auto", "classifier", "retrieval"}:
            raise ValueError(f"unknown matcher {matcher!r}")
        self.classifier: FaqClassifier | None = None
        self._faq_index = faq
        self._position = {p.id: i for i, p in enumerate(kb.passages)}
        self._vocab: dict[str, set[str]] = {}
        self._faq_retriever: Retriever | None = None
        retrieval_kb = kb
        if use_classifier and len(faq_entries) >= 2:
            retrieval_kb = KnowledgeBase([p for p in kb.passages if p.kind != FAQ])
        self.retriever = (
            Retriever(retrieval_kb, embedder=embedder, method=method) if len(retrieval_kb) else None
        )
        self.languages = self.retriever.languages if self.retriever else ["en"]
        self._faq_vectors: Vectors | None = None
        if retrieval_kb is not kb:
            texts_ = [kb.passages[i].text for i in faq]
            labels = [kb.passages[i].entry for i in faq]
            from rung.engine.inquiries.retrieve import languages_of

            self.languages = languages_of(texts_)
            self._faq_vectors = embedder.embed(texts_) if embedder is not None else None
            self.classifier = FaqClassifier(
                texts_, labels, self.languages, embedder=embedder, vectors=self._faq_vectors
            )
            self._vocab = self._vocabulary(texts_, labels)
            self._faq_retriever = Retriever(
                KnowledgeBase([kb.passages[i] for i in faq]), embedder=embedder, method=method
            )
        self.detector = (
            SensitiveDetector(embedder, ordinary=[kb.passages[i].text for i in faq[:300]])
            if detector
            else None
        )
        self.calibration = calibrate.Calibration()
        if calibrate_on_faq:
            self.calibration = self._held_out(seed)
        self.curve = calibrate.precision_coverage(
            self.calibration.confidences(),
            self.calibration.correct if self.calibration.correct is not None else [],
        )
        self.threshold, self.threshold_note = self._pick_threshold(threshold)

    # --- calibration -------------------------------------------------------------------------
    def _folds(self, seed: int) -> npt.NDArray[np.int64]:
        """A fold per FAQ phrasing, round-robin within its entry; -1 for an entry's only phrasing."""
        rng = np.random.default_rng(seed)
        folds = np.full(len(self._faq_index), -1, dtype=np.int64)
        by_entry: dict[str, list[int]] = {}
        for j, i in enumerate(self._faq_index):
            by_entry.setdefault(self.kb.passages[i].entry, []).append(j)
        for members in by_entry.values():
            if len(members) < 2:
                continue
            shuffled = rng.permutation(members)
            start = int(rng.integers(FOLDS))
            for k, j in enumerate(shuffled):
                folds[j] = (start + k) % FOLDS
        return folds

    def _held_out(self, seed: int) -> calibrate.Calibration:
        if not self._faq_index:
            return calibrate.Calibration()
        folds = self._folds(seed)
        passages = [self.kb.passages[i] for i in self._faq_index]
        raw: list[float] = []
        correct: list[bool] = []
        if self.classifier is not None:
            n_folds = MAX_FOLDS_LARGE if len(passages) > LARGE else FOLDS
            for fold in range(n_folds):
                test = np.flatnonzero(folds == fold)
                train = np.flatnonzero(folds != fold)
                if len(test) == 0 or len({passages[j].entry for j in train}) < 2:
                    continue
                vectors = self._faq_vectors
                model = FaqClassifier(
                    [passages[j].text for j in train],
                    [passages[j].entry for j in train],
                    self.languages,
                    embedder=self.embedder,
                    vectors=None if vectors is None else vectors[train],
                )
                proba = model.proba(
                    [passages[j].text for j in test], None if vectors is None else vectors[test]
                )
                best = np.argmax(proba, axis=1)
                questions = [passages[j].text for j in test]
                vocab = self._vocabulary(
                    [passages[j].text for j in train], [passages[j].entry for j in train]
                )
                tops = self._retrieval_tops(questions, [int(j) for j in test], vectors)
                raw.extend(self._classifier_raw(proba, questions, model.classes, vocab, tops).tolist())
                correct.extend(model.classes[b] == passages[j].entry for b, j in zip(best, test, strict=True))
        elif self.retriever is not None:
            held = np.flatnonzero(folds >= 0)
            rng = np.random.default_rng(seed)
            if len(held) > MAX_RETRIEVAL_HELD_OUT:
                held = rng.choice(held, MAX_RETRIEVAL_HELD_OUT, replace=False)
            for j in held:
                ranking = self.retriever.rank(passages[j].text, exclude=self._faq_index[j])
                raw.append(retrieval_raw(ranking))
                correct.append(ranking.top()[0] == passages[j].entry)
        return calibrate.fit(raw, correct)

    def _pick_threshold(self, threshold: float | None) -> tuple[float, Note | None]:
        if threshold is not None:
            return threshold, None
        if not self.calibration.calibrated:
            return DEFAULT_THRESHOLD, Note(texts.UNCALIBRATED)
        chosen = calibrate.threshold_for(self.curve, TARGET_PRECISION)
        if chosen is None:
            return 1.01, Note(texts.THRESHOLD_NONE, precision=round(TARGET_PRECISION * 100))
        level, coverage = chosen
        row = self.curve.filter(pl.col("threshold") == level).row(0, named=True)
        return level, Note(
            texts.THRESHOLD_CHOSEN,
            threshold=round(level * 100),
            coverage=round(coverage * 100),
            precision=round(float(row["precision"]) * 100),
        )

    def _words(self, text: str) -> list[str]:
        return tokenize(text, language_for(text, self.languages), stopwords=True)

    def _retrieval_tops(
        self, questions: Sequence[str], held_out: Sequence[int] | None, vectors: Vectors | None
    ) -> list[str] | None:
        """The FAQ entry retrieval ranks first for each question; `held_out` phrasings (positions in
        the FAQ) are left out of the index while they are asked."""
        if self._faq_retriever is None:
            return None
        out = []
        for k, question in enumerate(questions):
            vector = None if vectors is None else vectors[held_out[k] if held_out is not None else k]
            ranking = self._faq_retriever.rank(question, exclude=held_out, vector=vector)
            out.append(ranking.top()[0])
        return out

    def _vocabulary(self, questions: Sequence[str], entries: Sequence[str]) -> dict[str, set[str]]:
        vocab: dict[str, set[str]] = {}
        for text, entry in zip(questions, entries, strict=True):
            vocab.setdefault(entry, set()).update(self._words(text))
        return vocab

    def _classifier_raw(
        self,
        proba: npt.NDArray[np.float64],
        questions: Sequence[str],
        classes: Sequence[str],
        vocabulary: dict[str, set[str]],
        tops: Sequence[str] | None = None,
    ) -> npt.NDArray[np.float64]:
        """Top probability, scaled down by how few of the question's words the entry's phrasings share
        (`OVERLAP_WEIGHT`); isotonic calibration then turns it into a probability of being right."""
        top = np.max(proba, axis=1)
        best = np.argmax(proba, axis=1)
        if tops is not None:
            agree = np.array([classes[int(b)] == t for b, t in zip(best, tops, strict=True)])
            top = np.where(agree, top, top * DISAGREEMENT)
        if OVERLAP_WEIGHT == 0:
            return np.asarray(top, dtype=np.float64)
        overlap = np.empty(len(questions))
        for q, (question, b) in enumerate(zip(questions, best, strict=True)):
            words = set(self._words(question))
            vocab = vocabulary.get(classes[int(b)], set())
            overlap[q] = len(words & vocab) / len(words) if words else 0.0
        return np.asarray(top * (1 - OVERLAP_WEIGHT + OVERLAP_WEIGHT * overlap), dtype=np.float64)

    # --- answering ---------------------------------------------------------------------------
    def candidates(self, questions: Sequence[str], vectors: Vectors | None = None) -> list[_Candidate | None]:
        """The best entry for each question, FAQ (classifier) or document (retrieval), whichever is surer."""
        out: list[_Candidate | None] = [None] * len(questions)
        if self.classifier is not None:
            proba = self.classifier.proba(list(questions), vectors)
            tops = self._retrieval_tops(questions, None, vectors)
            raw = self._classifier_raw(proba, questions, self.classifier.classes, self._vocab, tops)
            conf = self.calibration(raw)
            positions = {e: [i for i in self.kb.entries[e]] for e in self.classifier.classes}
            for q, row in enumerate(proba):
                entry = self.classifier.classes[int(np.argmax(row))]
                out[q] = _Candidate(entry, positions[entry][0], float(raw[q]), float(conf[q]))
        if self.retriever is not None:
            for q, question in enumerate(questions):
                ranking = self.retriever.rank(question, vector=None if vectors is None else vectors[q])
                top = int(ranking.order[0])
                if ranking.fused[top] <= 0 and ranking.dense is None:
                    continue
                raw_ = retrieval_raw(ranking)
                conf_ = float(self.calibration([raw_])[0]) if self.classifier is None else raw_
                entry = ranking.entries[top]
                index = self._position[self.retriever.kb.passages[ranking.best_passage[top]].id]
                current = out[q]
                if current is None or conf_ > current.confidence:
                    out[q] = _Candidate(entry, index, raw_, conf_)
        return out

    def answer_many(self, questions: Sequence[str]) -> list[Answer]:
        questions = [q or "" for q in questions]
        vectors = self.embedder.embed(questions) if self.embedder is not None and questions else None
        answers: list[Answer] = []
        if not len(self.kb):
            return [Answer(q, "", 0.0, True, Note(texts.EMPTY_KB)) for q in questions]
        candidates = self.candidates(questions, vectors)
        for q, (question, candidate) in enumerate(zip(questions, candidates, strict=True)):
            language = detect(question)
            if not question.strip():
                answers.append(Answer(question, "", 0.0, True, Note(texts.EMPTY), language=language))
                continue
            flag = (
                self.detector.check(question, None if vectors is None else vectors[q])
                if self.detector
                else None
            )
            if candidate is None:
                why = Note(texts.SENSITIVE[flag.category]) if flag else Note(texts.NO_MATCH)
                answers.append(
                    Answer(
                        question,
                        "",
                        0.0,
                        True,
                        why,
                        category=flag.category if flag else None,
                        language=language,
                    )
                )
                continue
            passage = self.kb.passages[candidate.passage]
            draft = self.generator.write(question, [passage], language)
            citations = [_citation(passage)]
            reason: Note | None
            if flag is not None:
                handoff, reason = True, Note(texts.SENSITIVE[flag.category])
            elif candidate.confidence < self.threshold:
                handoff = True
                reason = Note(
                    texts.LOW_CONFIDENCE,
                    confidence=round(candidate.confidence * 100),
                    threshold=round(min(self.threshold, 1.0) * 100),
                )
            else:
                handoff, reason = False, None
            answers.append(
                Answer(
                    question,
                    "" if handoff else draft,
                    candidate.confidence,
                    handoff,
                    reason,
                    draft=draft,
                    citations=citations,
                    entry=candidate.entry,
                    category=flag.category if flag else None,
                    language=language,
                )
            )
        return answers

    def answer(self, question: str) -> Answer:
        return self.answer_many([question])[0]
