"""The public labelled data the sentiment head is trained and tested on, and its fixed split.

Used by scripts/train_feedback.py (which writes the shipped artifact) and by
bench/feedback_sentiment.py (which scores it), so both see exactly the same held-out rows and
no training or tuning step ever sees a test row. The package itself never reads these files:
analyse() only loads the small artifact in models/.

Sources (all in ../shared/datasets, each README there has the licence and columns):

- UMSAB tweets (EN/DE/ES/FR/IT/PT/AR/HI, negative/neutral/positive): a fixed sample of
  `UMSAB_TRAIN_PER_LABEL` per label and language of the dataset's own train+val for
  training, `UMSAB_TEST_PER_LABEL` per label and language of its official test split held
  out (samples, because embedding all 24k tweets takes ~30 min on a busy 2-core machine);
- UCI sentiment labelled sentences (EN Yelp/Amazon/IMDb, binary) and Amazon Alexa reviews
  (EN, 1-2 stars negative, 3 neutral, 4-5 positive; `ALEXA_TRAIN` of its training rows);
- Chinese shopping, food-delivery and hotel reviews (binary): a balanced sample of
  `ZH_PER_LABEL` per label and file, so Chinese does not outweigh the other languages and the
  training run stays within minutes on 2 cores.

Rows without an official split go to test when a hash of their text falls in the held-out
fifth: stable across runs and machines, and duplicates always land on the same side.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polars as pl

from rung.engine.feedback.sentiment import LABELS, SentimentHead

ZH_PER_LABEL = 500
UMSAB_TRAIN_PER_LABEL = 400
UMSAB_TEST_PER_LABEL = 100
ALEXA_TRAIN = 1200
TEST_SHARE = 5  # one in five
SCHEMA = {
    "dataset": pl.String,
    "language": pl.String,
    "split": pl.String,
    "text": pl.String,
    "label": pl.Int64,
}

UMSAB_LANGUAGES = {
    "english": "en",
    "german": "de",
    "spanish": "es",
    "french": "fr",
    "italian": "it",
    "portuguese": "pt",
    "arabic": "ar",
    "hindi": "hi",
}
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def hashed_split(text: str) -> str:
    return "test" if _hash(text) % TEST_SHARE == 0 else "train"


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _with_split(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("text").map_elements(hashed_split, return_dtype=pl.String).alias("split")
    )


def _sample(frame: pl.DataFrame, by: list[str], n: int) -> pl.DataFrame:
    """The first n rows per group in hash order: a fixed, reproducible random sample."""
    return (
        frame.with_columns(pl.col("text").map_elements(_hash, return_dtype=pl.UInt64).alias("_h"))
        .sort("_h")
        .group_by(by, maintain_order=True)
        .head(n)
        .drop("_h")
    )


def umsab(root: Path) -> pl.DataFrame:
    raw = pl.read_csv(root / "umsab-multilingual-sentiment" / "umsab_sentiment.csv")
    frame = raw.select(
        pl.lit("umsab").alias("dataset"),
        pl.col("language").replace_strict(UMSAB_LANGUAGES),
        pl.when(pl.col("split") == "test").then(pl.lit("test")).otherwise(pl.lit("train")).alias("split"),
        pl.col("text").map_elements(_unescape, return_dtype=pl.String),
        pl.col("label").cast(pl.Int64),
    )
    train = _sample(frame.filter(pl.col("split") == "train"), ["language", "label"], UMSAB_TRAIN_PER_LABEL)
    test = _sample(frame.filter(pl.col("split") == "test"), ["language", "label"], UMSAB_TEST_PER_LABEL)
    return pl.concat([test, train]).select("dataset", "language", "split", "text", "label")


def uci(root: Path) -> pl.DataFrame:
    rows: list[tuple[str, int]] = []
    for name in ("yelp_labelled.txt", "amazon_cells_labelled.txt", "imdb_labelled.txt"):
        for line in (
            (root / "uci-sentiment-labelled-sentences" / name).read_text(encoding="utf-8").splitlines()
        ):
            text, _, label = line.rstrip().rpartition("\t")
            if text.strip() and label in {"0", "1"}:
                rows.append((text.strip(), 2 if label == "1" else 0))
    frame = pl.DataFrame(rows, schema={"text": pl.String, "label": pl.Int64}, orient="row")
    return _with_split(frame.with_columns(pl.lit("uci").alias("dataset"), pl.lit("en").alias("language")))


def alexa(root: Path) -> pl.DataFrame:
    raw = pl.read_csv(
        root / "amazon-alexa-reviews" / "amazon_alexa.tsv",
        separator="\t",
        encoding="utf8-lossy",
        infer_schema=False,
        quote_char=None,
    )
    raw = raw.rename({c: c.lstrip("\ufeff") for c in raw.columns})
    frame = raw.select(
        pl.col("verified_reviews")
        .str.strip_chars(' "')
        .str.replace_all('""', '"', literal=True)
        .alias("text"),
        pl.col("rating").str.strip_chars().cast(pl.Int64).alias("rating"),
    ).filter(pl.col("text").str.contains(r"[A-Za-z]{2}"))
    frame = frame.select(
        "text",
        pl.when(pl.col("rating") <= 2)
        .then(0)
        .when(pl.col("rating") == 3)
        .then(1)
        .otherwise(2)
        .alias("label"),
        "rating",
    )
    frame = _with_split(frame.with_columns(pl.lit("alexa").alias("dataset"), pl.lit("en").alias("language")))
    train = _sample(frame.filter(pl.col("split") == "train"), ["dataset"], ALEXA_TRAIN)
    return pl.concat([frame.filter(pl.col("split") == "test"), train.select(frame.columns)])


def chinese(root: Path, per_label: int = ZH_PER_LABEL) -> pl.DataFrame:
    folder = root / "chinese-reviews-sentiment"
    parts = []
    for name, file in (
        ("zh-shopping", "online_shopping_10_cats.csv.gz"),
        ("zh-waimai", "waimai_10k.csv"),
        ("zh-hotel", "ChnSentiCorp_htl_all.csv"),
    ):
        raw = pl.read_csv(folder / file, infer_schema=False)
        frame = (
            raw.select(
                pl.col("review").str.strip_chars("\ufeff \t\r\n").alias("text"),
                pl.when(pl.col("label") == "1").then(2).otherwise(0).cast(pl.Int64).alias("label"),
            )
            .filter(pl.col("text").str.len_chars() > 1)
            .unique("text", keep="first", maintain_order=True)
        )
        frame = _sample(frame, ["label"], per_label)
        parts.append(frame.with_columns(pl.lit(name).alias("dataset"), pl.lit("zh").alias("language")))
    return _with_split(pl.concat(parts, how="diagonal"))


def load_all(root: Path) -> pl.DataFrame:
    """Every labelled row: dataset, language, split, text, label (0/1/2), rating (Alexa only)."""
    frames = [
        f.with_columns(pl.col("label").cast(pl.Int64))
        for f in (umsab(root), uci(root), alexa(root), chinese(root))
    ]
    # test rows first: an interrupted embedding run has the benchmark's rows cached already
    data = pl.concat(frames, how="diagonal").select(*SCHEMA, pl.col("rating"))
    return data.sort(pl.col("split") != "test", maintain_order=True)


def fit_head(
    vectors: npt.NDArray[np.float32], labels: npt.NDArray[np.int64], embedder: str, c: float
) -> SentimentHead:
    """Logistic regression on standardised embeddings, exported as plain arrays (sentiment.py)."""
    from sklearn.linear_model import LogisticRegression

    mean = vectors.mean(axis=0)
    scale = vectors.std(axis=0) + 1e-6
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit((vectors - mean) / scale, labels)
    coef = np.zeros((len(LABELS), vectors.shape[1]), dtype=np.float32)
    intercept = np.full(len(LABELS), -30.0, dtype=np.float32)  # a class never seen is never predicted
    for row, cls in enumerate(model.classes_):
        coef[int(cls)] = model.coef_[row]
        intercept[int(cls)] = model.intercept_[row]
    return SentimentHead(mean.astype(np.float32), scale.astype(np.float32), coef, intercept, embedder)


def _macro_f1(truth: list[int], predicted: list[int], classes: list[int]) -> float:
    scores = []
    for cls in classes:
        tp = sum(1 for a, b in zip(truth, predicted, strict=True) if a == cls and b == cls)
        fp = sum(1 for a, b in zip(truth, predicted, strict=True) if a != cls and b == cls)
        fn = sum(1 for a, b in zip(truth, predicted, strict=True) if a == cls and b != cls)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(scores))


def predict(probabilities: npt.NDArray[np.float64], binary: bool) -> list[int]:
    """Class per row; on a binary set the neutral probability is ignored (negative vs positive)."""
    if binary:
        return [2 if p[2] >= p[0] else 0 for p in probabilities]
    return [int(i) for i in probabilities.argmax(axis=1)]


def score(truth: list[int], predicted: list[int], binary: bool) -> dict[str, float | int]:
    classes = [0, 2] if binary else [0, 1, 2]
    correct = sum(1 for a, b in zip(truth, predicted, strict=True) if a == b)
    return {
        "n": len(truth),
        "accuracy": round(correct / max(len(truth), 1), 4),
        "macro_f1": round(_macro_f1(truth, predicted, classes), 4),
    }


def test_groups(data: pl.DataFrame) -> list[tuple[str, str, bool, pl.DataFrame]]:
    """The held-out groups scored: (dataset, language, binary, rows). Alexa is scored both ways:
    three classes as labelled, and binary on its 1-2 vs 4-5 star reviews like the other review sets."""
    test = data.filter(pl.col("split") == "test")
    groups: list[tuple[str, str, bool, pl.DataFrame]] = []
    for (dataset, language), rows in sorted(test.group_by("dataset", "language"), key=lambda g: str(g[0])):
        ds, lang = str(dataset), str(language)
        if ds == "umsab":
            groups.append((ds, lang, False, rows))
        elif ds == "alexa":
            groups.append(("alexa-3class", lang, False, rows))
            groups.append(("alexa", lang, True, rows.filter(pl.col("label") != 1)))
        else:
            groups.append((ds, lang, True, rows))
    return groups
