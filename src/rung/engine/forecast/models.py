"""The candidate models, and which series may try which.

Why these: on the UCI gift shop (500 best sellers, weekly, 8 weeks held out; see
shared/guides/forecasting-notes.md) the median of the last 8 weeks had the lowest WAPE
(0.607) and mean RMSSE (0.900), the intermittent-demand methods IMAPA/ADIDA/TSB/Croston were
next (0.65-0.66 WAPE), and AutoETS (0.730) and AutoTheta (0.716) were worse than those simple
methods. So the set is mostly cheap simple models, and every product's model is chosen on its
own history (select.py), never assumed:

- Naive (last period again) and SeasonalNaive (the same period a season ago: 7 days, 52
  weeks, 12 months; only with two full seasons of history, so a shop with one year of weekly
  data does not try it);
- window medians and means of the last k periods (weeks: 4, 8, 13 / 4, 8; days: 7, 28;
  months: 3, 6), plus the mean of the same weekday over the last 4 weeks for daily data. The
  median is Rung's own small model (statsforecast has none); the mean is written the same way
  rather than statsforecast's WindowAverage because that returns no forecast at all for a
  series shorter than its window, which breaks intervals for young products;
- the intermittent-demand methods CrostonOptimized, ADIDA, IMAPA and TSB(0.2, 0.2);
- AutoETS and AutoTheta only for series with enough demand to fit them (at least
  max(2 x horizon, 12) periods with sales, in at least half of their periods): they cost
  ~100x a window model and lose on sparse series anyway. Monthly series try the theta
  family (Theta, DynamicTheta, DynamicOptimizedTheta) and AutoCES instead: on M3's 1,428
  monthly series AutoETS with a season of 12 took 85-150 s on 2 cores for sMAPE 14.16, while
  DynamicOptimizedTheta took 10 s for 13.73, and the mean of the 3 best of these per series
  (chosen as in select.py) reached 13.44;
- AutoARIMA only for the 20 best-selling products (and the few aggregate series), with at
  least 3 x horizon periods and a year of weeks or two years of months, never on daily
  data: at ~0.1 s per weekly fit and ~1.5 s per fit on a year of days (season 7) it is the
  one model that would break the time budget.

Intervals never come from a model's own (normal) formula, which sparse counts break: product
bounds are built from the chosen models' held-out misses (intervals.pooled_bounds), and the
few aggregate series use statsforecast's conformal intervals (ConformalIntervals,
"conformal_distribution": the spread of the model's errors when refitted on the series' past
up to 5 times), the same rule for every model.

Seasons: ETS supports seasons up to 24 only, so weekly ETS and ARIMA are non-seasonal;
weekly AutoTheta uses 52 with two full years of history. The weekday pattern of daily data
is taken out before the models (weekdays.py); holidays are handled in holiday.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from statsforecast.models import (
    _TS,
    ADIDA,
    IMAPA,
    TSB,
    AutoARIMA,
    AutoCES,
    AutoETS,
    AutoTheta,
    CrostonOptimized,
    DynamicOptimizedTheta,
    DynamicTheta,
    Naive,
    SeasonalNaive,
    Theta,
)
from statsforecast.utils import ConformalIntervals

SEASON = {"day": 7, "week": 52, "month": 12}
MEDIAN_WINDOWS = {"day": (7, 28), "week": (4, 8, 13), "month": (3, 6)}
MEAN_WINDOWS = {"day": (7, 28), "week": (4, 8), "month": (3, 6)}
ARIMA_TOP = 20
"""AutoARIMA is tried for this many best-selling products only."""
ARIMA_MIN = {"day": 0, "week": 52, "month": 24}
"""... and only with a year (weeks) or two (months) of history."""
MAX_FIT = {"day": 26 * 7, "week": 3 * 52, "month": 10 * 12}
"""Models are fitted on at most this many recent periods: half a year of days (ETS with season 7
costs ~0.2 s per fit on a full year), three years of weeks, ten years of months."""
MONTHLY = ("Theta", "DynamicTheta", "DynamicOptimizedTheta", "AutoCES")
"""The smooth monthly series' models instead of AutoETS and AutoTheta (see the module docstring)."""
CV_HORIZON = {"day": 28, "week": 13, "month": 6}
"""Models are tested on at most this many periods ahead (see cv_horizon)."""
CONFORMAL_WINDOWS = 5
"""At most this many refits on the past calibrate each series' intervals."""
FALLBACK = "WindowAverage8"
"""Used when a model gives no number for a series (e.g. Croston on all zeros)."""
DEFAULT = {"day": "WindowAverage28", "week": "WindowAverage8", "month": "WindowAverage6"}
"""The model of young products when no product could be tested."""


class WindowStat(_TS):
    """Median or mean of the last k periods (or of the same season position over the last k seasons).

    A series shorter than the window uses what it has, so young products still get a
    forecast and conformal intervals.
    """

    def __init__(
        self,
        window_size: int,
        *,
        median: bool,
        season_length: int = 1,
        alias: str | None = None,
        prediction_intervals: ConformalIntervals | None = None,
    ) -> None:
        self.window_size = window_size
        self.median = median
        self.season_length = season_length
        self.alias = alias or ("WindowMedian" if median else "WindowAverage") + str(window_size)
        self.prediction_intervals = prediction_intervals
        self.only_conformal_intervals = True

    def _mean(self, y: np.ndarray[Any, Any], h: int) -> dict[str, np.ndarray[Any, Any]]:
        y = np.asarray(y, dtype=np.float64)
        if y.size == 0:
            return {"mean": np.full(h, np.nan)}
        stat = np.median if self.median else np.mean
        s = self.season_length
        if s == 1:
            return {"mean": np.full(h, float(stat(y[-self.window_size :])))}
        # position j of the season: the last window_size values at that position
        out = np.empty(h)
        for step in range(h):
            back = s - (step % s)
            values = y[-back::-s][: self.window_size] if back <= y.size else y[-1:]
            out[step] = float(stat(values))
        return {"mean": out}

    def fit(self, y: np.ndarray[Any, Any], X: Any = None) -> WindowStat:
        self._y = np.asarray(y, dtype=np.float64)
        self._store_cs(y=y, X=X)  # type: ignore[no-untyped-call]
        return self

    def predict(self, h: int, X: Any = None, level: list[int] | None = None) -> dict[str, Any]:
        res = self._mean(self._y, h)
        if level is None:
            return res
        return self._add_predict_conformal_intervals(res, sorted(level))  # type: ignore[no-untyped-call,no-any-return]

    def predict_in_sample(self) -> dict[str, Any]:
        raise NotImplementedError

    def forecast(
        self,
        y: np.ndarray[Any, Any],
        h: int,
        X: Any = None,
        X_future: Any = None,
        level: list[int] | None = None,
        fitted: bool = False,
    ) -> dict[str, Any]:
        if fitted:
            raise NotImplementedError("WindowStat returns no fitted values")
        res = self._mean(y, h)
        if level is None:
            return res
        return self._add_conformal_intervals(fcst=res, y=y, X=X, level=sorted(level))  # type: ignore[no-untyped-call,no-any-return]


@dataclass(frozen=True)
class Shape:
    """What one series offers the models: its length and how often it sold."""

    length: int
    nonzero: int
    top: bool = False
    aggregate: bool = False


def smooth_enough(shape: Shape, horizon: int) -> bool:
    return shape.nonzero >= max(2 * horizon, 12) and shape.nonzero * 2 >= shape.length


def candidate_names(freq: str, shape: Shape, horizon: int) -> tuple[str, ...]:
    """Aliases of the models this series tries, in a fixed order (ties go to the earlier one)."""
    season = SEASON[freq]
    seasonal = shape.length >= 2 * season
    names = [f"WindowMedian{k}" for k in MEDIAN_WINDOWS[freq]]
    names += [f"WindowAverage{k}" for k in MEAN_WINDOWS[freq]]
    if freq == "day" and shape.length >= 28:
        names.append("SeasonalWindowAverage4(7)")
    names += ["IMAPA", "ADIDA", "TSB", "CrostonOptimized", "Naive"]
    if seasonal:
        names.append(f"SeasonalNaive({season})")
    if (shape.aggregate or smooth_enough(shape, horizon)) and freq == "month":
        tag = f"({season})" if seasonal else ""
        names += [f"{base}{tag}" for base in MONTHLY]
    elif shape.aggregate or smooth_enough(shape, horizon):
        ets_season = season if seasonal and season <= 24 else 1
        theta_season = season if seasonal else 1
        names.append(f"AutoETS({ets_season})" if ets_season > 1 else "AutoETS")
        names.append(f"AutoTheta({theta_season})" if theta_season > 1 else "AutoTheta")
    if freq != "day" and (shape.aggregate or shape.top) and shape.length >= max(3 * horizon, ARIMA_MIN[freq]):
        arima_season = season if seasonal and freq != "week" else 1
        names.append(f"AutoARIMA({arima_season})" if arima_season > 1 else "AutoARIMA")
    return tuple(names)


def cv_horizon(freq: str, horizon: int) -> int:
    """Periods ahead each cross-validation window tests: the horizon, at most CV_HORIZON[freq].

    Why: on M3's monthly series (18 months ahead) choosing and pooling models on windows of 6
    months beat windows of 18 (sMAPE 13.44 against 13.73): the long windows leave the
    shortest series 30 months to fit on and have only one window, so the choice rests on
    luck. A long horizon is still forecast in full; only the test is shorter.
    """
    return min(horizon, CV_HORIZON[freq])


def make_model(name: str, horizon: int, *, intervals: bool = False) -> Any:
    """The statsforecast model for an alias of candidate_names, with conformal intervals if asked."""
    base, _, rest = name.partition("(")
    season = int(rest.rstrip(")")) if rest else 1
    pi = ConformalIntervals(n_windows=CONFORMAL_WINDOWS, h=horizon) if intervals else None
    model: Any
    if base.startswith("WindowMedian"):
        model = WindowStat(int(base.removeprefix("WindowMedian")), median=True)
    elif base.startswith("WindowAverage"):
        model = WindowStat(int(base.removeprefix("WindowAverage")), median=False)
    elif base.startswith("SeasonalWindowAverage"):
        k = int(base.removeprefix("SeasonalWindowAverage"))
        model = WindowStat(k, median=False, season_length=season)
    elif base == "Naive":
        model = Naive()
    elif base == "SeasonalNaive":
        model = SeasonalNaive(season_length=season)
    elif base == "IMAPA":
        model = IMAPA()
    elif base == "ADIDA":
        model = ADIDA()
    elif base == "TSB":
        model = TSB(alpha_d=0.2, alpha_p=0.2)
    elif base == "CrostonOptimized":
        model = CrostonOptimized()
    elif base == "AutoETS":
        model = AutoETS(season_length=season)
    elif base == "AutoTheta":
        model = AutoTheta(season_length=season)
    elif base == "Theta":
        model = Theta(season_length=season)
    elif base == "DynamicTheta":
        model = DynamicTheta(season_length=season)
    elif base == "DynamicOptimizedTheta":
        model = DynamicOptimizedTheta(season_length=season)
    elif base == "AutoCES":
        model = AutoCES(season_length=season)
    elif base == "AutoARIMA":
        model = AutoARIMA(season_length=season)
    else:
        raise ValueError(f"unknown model {name!r}")
    model.alias = name
    model.prediction_intervals = pi
    return model
