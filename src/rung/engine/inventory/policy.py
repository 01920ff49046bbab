"""The reorder policy: settings and the textbook formulas behind the advice.

The policy is the periodic-review (R, s, S) system of Silver, Pyke & Peterson (SPP),
*Inventory and Production Management in Supply Chains* (4th ed., 2017: the chapters on
forecast errors, order quantities and individual items under probabilistic demand), because
a small business looks at its stock on a fixed day (every week), not after every sale:

- the protection interval is lead time L plus review period R: an order placed now
  arrives after L, and the next chance to order again is R later, so stock on hand plus
  on order must cover demand over L + R;
- the reorder point is s = x̂(L+R) + SS: forecast demand over that interval plus safety
  stock;
- safety stock is SS = z · σ(L+R), with z the standard normal quantile of the service level
  (the chance of no stockout in a replenishment cycle, the "cycle service level" P1) and σ
  the standard deviation of the *forecast error* over L + R, not of demand: demand that
  moves in a pattern the forecast already follows needs no buffer;
- σ(L+R) = σ₁ · sqrt((L+R) / period), the one-period error scaled as if errors were
  independent from period to period (SPP's σ_L = σ₁ L^c with c = 0.5). σ₁ comes from the
  forecast's own prediction intervals (a normal approximation: the half-width from the
  point forecast to the upper 80% bound is 1.2816 σ, to the upper 95% bound 1.96 σ; the
  upper side is used because running out is about demand above the forecast, and lower
  bounds are often cut off at zero) and, when the forecast was also scored on held-out
  periods, from that measured error if it is larger: σ ≈ 1.25 × mean absolute error
  (exact for normal errors), the mean absolute error being the held-out WAPE times the mean demand of
  the latest periods (WAPE is units wrong / units sold over the tested periods).
  Intervals a model reports about itself can be optimistic; held-out error is measured;
- when the unit cost is known, each order brings the position up to S = s + Q with Q the
  economic order quantity sqrt(2 A D / (r v)) (Harris 1913): ordering cost A,
  annual demand D, holding cost rate r and unit cost v. Without a unit cost there is no
  cost trade-off to make, and the policy is the plain order-up-to (R, S) system with
  S = s: every review orders s − position.

Everything here is plain Python: the Polars plumbing is in `advice`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from statistics import NormalDist

_NORMAL = NormalDist()

Z_80 = _NORMAL.inv_cdf(0.90)
"""The upper bound of an 80% central interval lies this many σ above the mean."""
Z_95 = _NORMAL.inv_cdf(0.975)
"""The upper bound of a 95% central interval lies this many σ above the mean."""
MAD_TO_SIGMA = 1.25
"""σ ≈ 1.25 × mean absolute error for normally distributed errors (sqrt(π/2))."""
DAYS_PER_YEAR = 365.0

_OFFSETS = {"day": "1d", "week": "1w", "month": "1mo"}


@dataclass(frozen=True)
class InventorySettings:
    """How cautious and how frugal the advice is; the defaults suit a small shop.

    `service_level` is the cycle service level: the chance that stock lasts until the next
    delivery. The fill rate (the share of units sold from stock) is higher than it,
    because a cycle that does run short usually misses only a few units.
    """

    service_level: float = 0.95
    default_lead_time_days: float = 7.0
    review_period_days: float = 7.0  # periodic review (order every week)
    holding_cost_rate: float = 0.25  # per year, share of unit cost, for EOQ
    order_cost: Decimal = Decimal("10")  # per order, in the business's currency, for EOQ
    overstock_days: float = 90.0  # cover beyond this is overstock

    def __post_init__(self) -> None:
        if not 0.5 <= self.service_level < 1.0:
            raise ValueError("service_level must be at least 0.5 and below 1 (0.95 means 95%).")
        if self.default_lead_time_days < 0 or self.review_period_days <= 0:
            raise ValueError("Lead time must not be negative and the review period must be positive.")
        if self.holding_cost_rate <= 0 or self.order_cost < 0 or self.overstock_days <= 0:
            raise ValueError(
                "Holding cost rate and overstock days must be positive; order cost must not be negative."
            )

    @property
    def z(self) -> float:
        """Safety factor k: the standard normal quantile of the service level."""
        return z_value(self.service_level)


def z_value(service_level: float) -> float:
    return _NORMAL.inv_cdf(service_level)


def normal_tail(x: float) -> float:
    """P(Z > x) for a standard normal Z."""
    return 1.0 - _NORMAL.cdf(x)


def period_offset(freq: str) -> str:
    """The Polars duration of one forecast period ("week" → "1w")."""
    try:
        return _OFFSETS[freq]
    except KeyError:
        raise ValueError(f"freq must be one of {', '.join(_OFFSETS)}, not {freq!r}.") from None


def economic_order_quantity(
    daily_demand: float, unit_cost: float, order_cost: float, holding_cost_rate: float
) -> float | None:
    """Harris's EOQ, sqrt(2 A D / (r v)); None when it is not defined (no demand or cost)."""
    annual = daily_demand * DAYS_PER_YEAR
    if annual <= 0 or unit_cost <= 0 or holding_cost_rate <= 0:
        return None
    return math.sqrt(2.0 * order_cost * annual / (holding_cost_rate * unit_cost))


def stockout_probability(position: float, demand: float, sigma: float) -> float:
    """Chance that demand over the protection interval exceeds the stock position.

    Demand over L + R is taken as normal with mean `demand` (the forecast) and standard
    deviation `sigma` (the forecast error over that interval): the same approximation the
    safety stock rests on, so a product exactly at its reorder point shows a risk of
    1 − service level.
    """
    if sigma <= 0:
        return 1.0 if demand > position else 0.0
    return normal_tail((position - demand) / sigma)
