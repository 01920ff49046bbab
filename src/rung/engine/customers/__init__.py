"""Customer insights: RFM segments, who will buy again (BG/NBD and a model learnt from the
owner's past), value (Gamma-Gamma, CLV), products bought together and retention by cohort.

See core.py for the steps and each module for the reasons behind it. Pure Python, Polars,
NumPy, SciPy and scikit-learn (supervised.py); never imports Django.
"""

from rung.engine.customers.core import (
    HORIZON_DAYS,
    CustomersConfig,
    CustomersResult,
    HoldoutResult,
    PredictionChoice,
    analyse,
    holdout_check,
)
from rung.engine.customers.rfm import SEGMENTS, contact_list

__all__ = [
    "HORIZON_DAYS",
    "SEGMENTS",
    "CustomersConfig",
    "CustomersResult",
    "HoldoutResult",
    "PredictionChoice",
    "analyse",
    "contact_list",
    "holdout_check",
]
