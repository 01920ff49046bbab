"""Demand forecasting per product, category, location and total, with intervals and honest accuracy.

See core.py for the steps and each module for the reasons behind it. Pure Python and
Polars on top of statsforecast; never imports Django.
"""

from rung.engine.forecast.core import ForecastConfig, ForecastResult, forecast
from rung.engine.forecast.demand import FREQS
from rung.engine.forecast.run import DaskMissing

__all__ = ["FREQS", "DaskMissing", "ForecastConfig", "ForecastResult", "forecast"]
