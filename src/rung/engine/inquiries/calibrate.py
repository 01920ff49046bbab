"""From a raw match score to the probability that the answer is right, and the owner's threshold.

Why isotonic regression on held-out phrasings: raw scores (a classifier's top probability, a BM25
margin) are ordered but not probabilities; 0.4 from a 77-entry classifier can mean "right 90% of
the time". The owner's own FAQ is the only labelled data there is, so each phrasing is asked
while left out of the model (k-fold over phrasings, see answer.py) and the isotonic fit maps the
score to the share of right answers at that score. Isotonic because it is monotone by construction
(a higher score never means a lower confidence) and assumes no shape; with fewer than
`MIN_HELD_OUT` held-out questions there is nothing to fit and the raw score is used, marked
uncalibrated so the owner is told to add phrasings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

MIN_HELD_OUT = 20

TIE_BREAK = 1e-3


@dataclass
class Calibration:
    """Maps raw scores to probabilities; `held_out` keeps the data the owner's curve comes from."""

    model: Any = None
    raw: npt.NDArray[np.float64] | None = None
    correct: npt.NDArray[np.bool_] | None = None

    @property
    def calibrated(self) -> bool:
        return self.model is not None

    def __call__(self, raw: npt.ArrayLike) -> npt.NDArray[np.float64]:
        values = np.clip(np.asarray(raw, dtype=np.float64), 0.0, 1.0)
        if self.model is None:
            return values
        stepped = np.asarray(self.model.predict(values), dtype=np.float64)
        # isotonic output is a step function: many inquiries share the top step, and a threshold could
        # then only take all of them or none. A tiny share of the raw score keeps the order within a
        # step (still monotone, changes a confidence by at most TIE_BREAK).
        return np.asarray(np.clip(stepped * (1 - TIE_BREAK) + TIE_BREAK * values, 0.0, 1.0), dtype=np.float64)

    def confidences(self) -> npt.NDArray[np.float64]:
        """The held-out questions' calibrated confidences (what the curve is drawn from)."""
        return self(self.raw) if self.raw is not None else np.zeros(0)


def fit(
    raw: Sequence[float] | npt.NDArray[np.float64], correct: Sequence[bool] | npt.NDArray[np.bool_]
) -> Calibration:
    from sklearn.isotonic import IsotonicRegression

    x = np.clip(np.asarray(raw, dtype=np.float64), 0.0, 1.0)
    y = np.asarray(correct, dtype=np.bool_)
    if len(x) < MIN_HELD_OUT or y.all() or not y.any():
        return Calibration(None, x, y)
    model = IsotonicRegression(y_min=0.0, y_max=1.0, increasing=True, out_of_bounds="clip")
    model.fit(x, y.astype(np.float64))
    return Calibration(model, x, y)


def precision_coverage(confidence: npt.ArrayLike, correct: npt.ArrayLike) -> pl.DataFrame:
    """For every threshold (each distinct confidence), the share of inquiries answered automatically
    (`coverage`) and the share of those answered right (`precision`); highest threshold first."""
    c = np.asarray(confidence, dtype=np.float64)
    y = np.asarray(correct, dtype=np.bool_)
    if len(c) == 0:
        return pl.DataFrame(schema={"threshold": pl.Float64, "coverage": pl.Float64, "precision": pl.Float64})
    order = np.argsort(-c, kind="stable")
    c, y = c[order], y[order]
    hits = np.cumsum(y)
    answered = np.arange(1, len(c) + 1)
    last = np.r_[c[1:] != c[:-1], True]  # a threshold answers all inquiries with that confidence
    return pl.DataFrame(
        {
            "threshold": c[last],
            "coverage": answered[last] / len(c),
            "precision": hits[last] / answered[last],
        }
    )


def threshold_for(curve: pl.DataFrame, precision: float = 0.95) -> tuple[float, float] | None:
    """The lowest threshold whose answers are at least `precision` right, with its coverage; None if
    no threshold gets there."""
    ok = curve.filter(pl.col("precision") >= precision)
    if ok.is_empty():
        return None
    best = ok.sort("coverage", descending=True).row(0, named=True)
    return float(best["threshold"]), float(best["coverage"])
