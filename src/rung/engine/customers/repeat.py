"""Will a customer buy again, how often, and for how much: BG/NBD and Gamma-Gamma, written here.

Why an own implementation: the reference package `lifetimes` had its last release in 2020
and is unmaintained; `pymc-marketing` pulls in PyMC and a compiler toolchain for what is a
four-parameter maximum-likelihood fit. The published log-likelihoods are short, so they are
written out here with scipy (gammaln, hyp2f1, L-BFGS-B on log parameters) and tested
(tests/engine/customers/test_repeat.py) by recovering known parameters from data simulated
with the published CDNOW estimates and by checking every closed form against Monte Carlo.

Models (time in any unit; core.py uses days):
- BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive a
  customer buys at rate lambda ~ Gamma(r, alpha); after each repeat purchase they drop out
  with probability p ~ Beta(a, b). Per customer the data are x (repeat purchases: purchase
  days after the first), t_x (time of the last purchase since the first) and T (time from the
  first purchase to the end of the data). Gives P(alive) (see also Fader, Hardie & Lee,
  "Computing P(alive) using the BG/NBD model") and the conditional expected purchases in
  the next t.
- 1 - P(alive) is the probability that the customer has already stopped buying for good
  (dropped out) given what they did, not the probability that they will not buy in the next
  90 days (a living customer with a low rate may well not buy either): core.py's
  churn_probability is the latter, `p_no_purchase`.
- MBG/NBD (Batislam, Denizel & Filiztekin 2007), `modified=True`: the same, except that a
  customer may drop out right after the first purchase too, so one-time buyers can be gone
  (closer to Pareto/NBD behaviour). Same fit, closed forms with x + 1 dropout chances.
- Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves"; Fader &
  Hardie 2013, "The Gamma-Gamma model of monetary value"): a customer's spend per purchase
  varies around their own mean, which varies across customers. It is fitted on repeat
  customers only (x >= 1, positive average) and assumes the spend per purchase does not
  depend on how often a customer buys; `frequency_value_correlation` measures that, and
  core.py says so when it does not hold.
- CLV over n months: the expected purchases of each month times the expected spend per
  purchase, discounted monthly.

Intervals for the expected purchases come from each customer's posterior: alive with
probability P(alive); if alive, lambda ~ Gamma(r + x, alpha + T) and p ~ Beta(a, b + x)
(independent given alive), and the expected purchases in the next t are (1 - exp(-lambda p
t)) / p. Its quantiles over a few hundred draws say how sure the model is of *this*
customer's rate; they are not a range for the count of purchases (a customer expected to
make 0.4 purchases makes 0 or 1). The draws are cheap (vectorised, fixed seed) and their
mean equals the closed form, which the tests check.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

Array = npt.NDArray[np.float64]

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class BgNbd:
    """Fitted BG/NBD parameters; alpha is in the time unit of the data it was fitted on."""

    r: float
    alpha: float
    a: float
    b: float
    log_likelihood: float
    customers: int
    standard_errors: tuple[float, float, float, float] | None = None
    """Of (r, alpha, a, b), from the numerical Hessian (delta method); None when it is singular."""
    modified: bool = False
    """MBG/NBD (Batislam, Denizel & Filiztekin 2007): a customer may also drop out right after
    the first purchase, so one-time buyers can be gone too (Pareto/NBD-like behaviour)."""

    @property
    def params(self) -> tuple[float, float, float, float]:
        return (self.r, self.alpha, self.a, self.b)


@dataclass(frozen=True)
class GammaGamma:
    """Fitted Gamma-Gamma parameters (p, q, gamma), in the currency of the data."""

    p: float
    q: float
    gamma: float
    log_likelihood: float
    customers: int

    @property
    def population_mean(self) -> float:
        """Expected spend per purchase of a customer we know nothing about."""
        return self.p * self.gamma / (self.q - 1) if self.q > 1 else math.nan


def _arrays(*values: npt.ArrayLike) -> list[Array]:
    return [np.asarray(v, dtype=np.float64) for v in values]


def bgnbd_log_likelihood(
    params: tuple[float, float, float, float],
    x: npt.ArrayLike,
    t_x: npt.ArrayLike,
    T: npt.ArrayLike,
    *,
    modified: bool = False,
) -> Array:
    """Per-customer log-likelihood of the BG/NBD (Fader, Hardie & Lee 2005), in log space;
    with `modified`, of the MBG/NBD (Batislam et al. 2007: dropout possible after every
    purchase including the first, so the x + 1 purchases are x + 1 chances to drop out)."""
    r, alpha, a, b = params
    xs, tx, tt = _arrays(x, t_x, T)
    a1 = special.gammaln(r + xs) - special.gammaln(r) + r * np.log(alpha)
    if modified:
        a2 = (
            special.gammaln(a + b)
            + special.gammaln(b + xs + 1)
            - special.gammaln(b)
            - special.gammaln(a + b + xs + 1)
        )
        a4 = np.log(a) - np.log(b + xs) - (r + xs) * np.log(alpha + tx)
        return np.asarray(a1 + a2 + np.logaddexp(-(r + xs) * np.log(alpha + tt), a4), dtype=np.float64)
    a2 = special.gammaln(a + b) + special.gammaln(b + xs) - special.gammaln(b) - special.gammaln(a + b + xs)
    a3 = -(r + xs) * np.log(alpha + tt)
    repeat = xs > 0
    a4 = np.full_like(xs, -np.inf)
    a4[repeat] = np.log(a) - np.log(b + xs[repeat] - 1) - (r + xs[repeat]) * np.log(alpha + tx[repeat])
    return np.asarray(a1 + a2 + np.logaddexp(a3, a4), dtype=np.float64)


def _compress(*columns: Array) -> tuple[Array, Array]:
    """Unique rows and their counts: customers with the same history share one likelihood term."""
    stacked = np.column_stack(columns)
    unique, counts = np.unique(stacked, axis=0, return_counts=True)
    return unique, counts.astype(np.float64)


def _hessian(fn: Callable[[Array], float], at: Array, step: float = 1e-4) -> Array:
    """Central-difference Hessian of a scalar function (4 parameters: 33 evaluations)."""
    n = at.size
    h = np.zeros((n, n))
    f0 = float(fn(at))
    for i in range(n):
        for j in range(i, n):
            ei = np.zeros(n)
            ej = np.zeros(n)
            ei[i] = step
            ej[j] = step
            if i == j:
                value = (float(fn(at + ei)) - 2 * f0 + float(fn(at - ei))) / step**2
            else:
                value = (
                    float(fn(at + ei + ej))
                    - float(fn(at + ei - ej))
                    - float(fn(at - ei + ej))
                    + float(fn(at - ei - ej))
                ) / (4 * step**2)
            h[i, j] = h[j, i] = value
    return h


def fit_bgnbd(
    x: npt.ArrayLike, t_x: npt.ArrayLike, T: npt.ArrayLike, *, modified: bool = False, polish: bool = True
) -> BgNbd:
    """Maximum-likelihood BG/NBD (or, with `modified`, MBG/NBD) parameters.

    Times are divided by a scale (the mean T) before the fit so that all four log
    parameters start near 0 whatever the time unit; alpha is scaled back afterwards. The
    optimiser works on log parameters (all four must be positive) with L-BFGS-B and
    finishes with Nelder-Mead, which is robust where the surface is flat in a and b. Without
    `polish` (a quick fit, for features: supervised.py) the Nelder-Mead step and the standard
    errors are skipped.
    """
    xs, tx, tt = _arrays(x, t_x, T)
    if xs.size == 0:
        raise ValueError("no customers to fit")
    if np.any(xs < 0) or np.any(tx < 0) or np.any(tt < tx):
        raise ValueError("need x >= 0 and 0 <= t_x <= T")
    scale = float(tt.mean()) or 1.0
    rows, weights = _compress(xs, tx / scale, tt / scale)
    ux, utx, utt = (np.ascontiguousarray(rows[:, i]) for i in range(3))
    total = float(weights.sum())

    def negative(log_params: Array) -> float:
        params = np.exp(np.clip(log_params, -30, 30))
        ll = bgnbd_log_likelihood(
            (params[0], params[1], params[2], params[3]), ux, utx, utt, modified=modified
        )
        value = -float(np.sum(weights * ll)) / total
        return value if math.isfinite(value) else 1e10

    start = np.zeros(4)
    first = optimize.minimize(negative, start, method="L-BFGS-B", bounds=[(-15.0, 15.0)] * 4)
    if not polish:
        r, alpha, a, b = (float(v) for v in np.exp(first.x))
        ll = float(np.sum(bgnbd_log_likelihood((r, alpha * scale, a, b), xs, tx, tt, modified=modified)))
        return BgNbd(r, alpha * scale, a, b, ll, int(xs.size), None, modified)
    best = optimize.minimize(
        negative, first.x, method="Nelder-Mead", options={"xatol": 1e-7, "fatol": 1e-10, "maxiter": 4000}
    )
    log_params = best.x if best.fun <= first.fun else first.x
    r, alpha, a, b = (float(v) for v in np.exp(log_params))
    errors: tuple[float, float, float, float] | None = None
    try:
        cov = np.linalg.inv(_hessian(negative, log_params) * total)
        if np.all(np.diag(cov) > 0):
            # delta method: se(theta) = theta * se(log theta)
            se = np.exp(log_params) * np.sqrt(np.diag(cov))
            se[1] *= scale
            errors = (float(se[0]), float(se[1]), float(se[2]), float(se[3]))
    except np.linalg.LinAlgError:
        errors = None
    # reported in the data's own time unit (the scaled times' likelihood differs by a constant)
    ll = float(np.sum(bgnbd_log_likelihood((r, alpha * scale, a, b), xs, tx, tt, modified=modified)))
    return BgNbd(r, alpha * scale, a, b, ll, int(xs.size), errors, modified)


def p_alive(model: BgNbd, x: npt.ArrayLike, t_x: npt.ArrayLike, T: npt.ArrayLike) -> Array:
    """P(still a customer | x, t_x, T); 1 when x = 0 (not so for the MBG/NBD).

    A customer with no repeat purchase cannot have dropped out under BG/NBD (dropout happens
    right after a repeat purchase), which is the model's known optimism about one-time buyers.
    """
    r, alpha, a, b = model.params
    xs, tx, tt = _arrays(x, t_x, T)
    if model.modified:
        log_ratio = np.log(a) - np.log(b + xs) + (r + xs) * (np.log(alpha + tt) - np.log(alpha + tx))
        return np.asarray(1.0 / (1.0 + np.exp(np.minimum(log_ratio, 700))), dtype=np.float64)
    out = np.ones_like(xs)
    repeat = xs > 0
    xr = xs[repeat]
    log_ratio = (
        np.log(a) - np.log(b + xr - 1) + (r + xr) * (np.log(alpha + tt[repeat]) - np.log(alpha + tx[repeat]))
    )
    out[repeat] = 1.0 / (1.0 + np.exp(np.minimum(log_ratio, 700)))
    return out


def _hyp2f1(a: Array, b: Array, c: Array, z: Array) -> Array:
    """Gauss hypergeometric function; falls back to the Euler transform where scipy overflows."""
    value = np.asarray(special.hyp2f1(a, b, c, z), dtype=np.float64)
    bad = ~np.isfinite(value)
    if bad.any():
        # Euler: 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z)
        ab, bb, cb, zb = a[bad], b[bad], c[bad], z[bad]
        value[bad] = np.exp((cb - ab - bb) * np.log1p(-zb)) * special.hyp2f1(cb - ab, cb - bb, cb, zb)
    return value


def expected_purchases(
    model: BgNbd, t: float, x: npt.ArrayLike, t_x: npt.ArrayLike, T: npt.ArrayLike
) -> Array:
    """Expected purchases in (T, T + t] given x, t_x, T (Fader, Hardie & Lee 2005)."""
    r, alpha, a, b = model.params
    xs, tx, tt = _arrays(x, t_x, T)
    if t <= 0:
        return np.zeros_like(xs)
    z = t / (alpha + tt + t)
    # MBG/NBD: one more dropout chance behind each customer (x + 1 instead of x)
    k = xs + 1 if model.modified else xs
    hyp = _hyp2f1(r + xs, b + k, a + b + k - 1, z)
    # (alpha + T) / (alpha + T + t) = 1 - z
    first = (a + b + k - 1) / (a - 1) * (1 - np.exp((r + xs) * np.log1p(-z)) * hyp)
    return np.asarray(first * p_alive(model, xs, tx, tt), dtype=np.float64)


def p_no_purchase(model: BgNbd, t: float, x: npt.ArrayLike, t_x: npt.ArrayLike, T: npt.ArrayLike) -> Array:
    """P(no purchase in (T, T + t] | x, t_x, T) = 1 - P(alive) (1 - ((alpha + T) / (alpha + T + t))^(r + x)).

    Given alive, dropout only follows a purchase, so "no purchase" is "no Poisson event in t",
    whose posterior probability is E[exp(-lambda t)] with lambda ~ Gamma(r + x, alpha + T).
    This is the owner's practical churn risk for the next t days: unlike 1 - P(alive) it is
    informative where the data show no dropout (P(alive) close to 1 for everyone).
    """
    r, alpha, _, _ = model.params
    xs, tx, tt = _arrays(x, t_x, T)
    quiet = np.exp((r + xs) * (np.log(alpha + tt) - np.log(alpha + tt + t)))
    return np.asarray(1.0 - p_alive(model, xs, tx, tt) * (1.0 - quiet), dtype=np.float64)


def expected_purchases_new(model: BgNbd, t: npt.ArrayLike) -> Array:
    """Expected repeat purchases in (0, t] of a customer who just made their first purchase."""
    r, alpha, a, b = model.params
    ts = np.asarray(t, dtype=np.float64)
    if model.modified:
        zero = np.zeros(1)
        return np.array([expected_purchases(model, float(v), zero, zero, zero)[0] for v in ts.flat]).reshape(
            ts.shape
        )
    z = ts / (alpha + ts)
    hyp = _hyp2f1(np.full_like(ts, r), np.full_like(ts, b), np.full_like(ts, a + b - 1), z)
    return np.asarray((a + b - 1) / (a - 1) * (1 - (alpha / (alpha + ts)) ** r * hyp), dtype=np.float64)


def purchase_intervals(
    model: BgNbd,
    t: float,
    x: npt.ArrayLike,
    t_x: npt.ArrayLike,
    T: npt.ArrayLike,
    *,
    level: float = 0.8,
    draws: int = 200,
    seed: int = 0,
    chunk: int = 20_000,
) -> tuple[Array, Array]:
    """Lower and upper `level` quantiles of each customer's expected purchases in the next t.

    Draws from the posterior described in the module docstring; customers with the same
    (x, t_x, T) share their draws, and rows are done in chunks to bound memory.
    """
    r, alpha, a, b = model.params
    xs, tx, tt = _arrays(x, t_x, T)
    rows, inverse = np.unique(np.column_stack([xs, tx, tt]), axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    alive = p_alive(model, rows[:, 0], rows[:, 1], rows[:, 2])
    lo = np.empty(rows.shape[0])
    hi = np.empty(rows.shape[0])
    rng = np.random.default_rng(seed)
    q = ((1 - level) / 2, 1 - (1 - level) / 2)
    for start in range(0, rows.shape[0], chunk):
        part = slice(start, start + chunk)
        ux, ut = rows[part, 0][:, None], rows[part, 2][:, None]
        n = ux.shape[0]
        lam = rng.gamma(r + ux, 1.0 / (alpha + ut), size=(n, draws))
        p = rng.beta(a, b + ux + (1 if model.modified else 0), size=(n, draws))
        p = np.maximum(p, 1e-12)
        value = -np.expm1(-lam * p * t) / p
        value *= rng.random((n, draws)) < alive[part][:, None]
        bounds = np.quantile(value, q, axis=1)
        lo[part], hi[part] = bounds[0], bounds[1]
    return lo[inverse], hi[inverse]


def gamma_gamma_log_likelihood(
    params: tuple[float, float, float], x: npt.ArrayLike, m_x: npt.ArrayLike
) -> Array:
    """Per-customer log-likelihood of the average spend m_x over x purchases (Fader & Hardie 2013)."""
    p, q, gamma = params
    xs, mx = _arrays(x, m_x)
    return np.asarray(
        special.gammaln(p * xs + q)
        - special.gammaln(p * xs)
        - special.gammaln(q)
        + q * np.log(gamma)
        + (p * xs - 1) * np.log(mx)
        + p * xs * np.log(xs)
        - (p * xs + q) * np.log(gamma + mx * xs),
        dtype=np.float64,
    )


def fit_gamma_gamma(x: npt.ArrayLike, m_x: npt.ArrayLike) -> GammaGamma:
    """Maximum-likelihood Gamma-Gamma on customers with x >= 1 and m_x > 0 (others are left out).

    Spend is divided by its mean before the fit (so gamma starts near 1 in any currency)
    and scaled back; q is kept above 1 so that the mean spend exists.
    """
    xs, mx = _arrays(x, m_x)
    keep = (xs >= 1) & (mx > 0) & np.isfinite(mx)
    xs, mx = xs[keep], mx[keep]
    if xs.size == 0:
        raise ValueError("no repeat customers with a positive average spend")
    scale = float(mx.mean())
    ms = mx / scale

    def negative(log_params: Array) -> float:
        p, q, g = np.exp(np.clip(log_params, -30, 30))
        value = -float(np.mean(gamma_gamma_log_likelihood((p, q, g), xs, ms)))
        return value if math.isfinite(value) else 1e10

    first = optimize.minimize(
        negative,
        np.array([0.0, 1.0, 0.0]),
        method="L-BFGS-B",
        bounds=[(-15.0, 15.0), (1e-6, 15.0), (-15.0, 15.0)],
    )
    best = optimize.minimize(negative, first.x, method="Nelder-Mead", options={"maxiter": 4000})
    log_params = best.x if best.fun <= first.fun and best.x[1] > 0 else first.x
    p, q, g = (float(v) for v in np.exp(log_params))
    ll = float(np.sum(gamma_gamma_log_likelihood((p, q, g * scale), xs, mx)))
    return GammaGamma(p, q, g * scale, ll, int(xs.size))


def expected_spend(model: GammaGamma, x: npt.ArrayLike, m_x: npt.ArrayLike) -> Array:
    """Expected spend per future purchase: a weighted mean of the customer's own average and the
    population mean, the weight of their own growing with x (Fader & Hardie 2013).
    Customers without a repeat purchase or without a positive average get the population mean."""
    xs, mx = _arrays(x, m_x)
    out = np.full_like(xs, model.population_mean)
    ok = (xs >= 1) & (mx > 0) & np.isfinite(mx)
    p, q, g = model.p, model.q, model.gamma
    out[ok] = (g + mx[ok] * xs[ok]) * p / (p * xs[ok] + q - 1)
    return out


def clv(
    purchases: BgNbd,
    spend: GammaGamma,
    x: npt.ArrayLike,
    t_x: npt.ArrayLike,
    T: npt.ArrayLike,
    m_x: npt.ArrayLike,
    *,
    months: int = 12,
    monthly_discount: float = 0.01,
    days_per_unit: float = 1.0,
) -> Array:
    """Discounted value of the next `months` months: sum over months of expected purchases in that
    month x expected spend / (1 + monthly_discount)^month. Times x, t_x, T are in units of
    `days_per_unit` days (1 for days)."""
    xs, tx, tt = _arrays(x, t_x, T)
    month = DAYS_PER_MONTH / days_per_unit
    value = expected_spend(spend, xs, m_x)
    total = np.zeros_like(xs)
    previous = np.zeros_like(xs)
    for i in range(1, months + 1):
        cumulative = expected_purchases(purchases, i * month, xs, tx, tt)
        total += (cumulative - previous) / (1 + monthly_discount) ** i
        previous = cumulative
    return total * value


def correlation(x: npt.ArrayLike, m_x: npt.ArrayLike) -> float:
    """Pearson correlation of repeat purchases and average spend among repeat customers."""
    xs, mx = _arrays(x, m_x)
    keep = (xs >= 1) & (mx > 0) & np.isfinite(mx)
    if keep.sum() < 3 or np.std(xs[keep]) == 0 or np.std(mx[keep]) == 0:
        return math.nan
    return float(np.corrcoef(xs[keep], mx[keep])[0, 1])


def simulate_bgnbd(
    params: tuple[float, float, float, float],
    T: npt.ArrayLike,
    *,
    future: float = 0.0,
    seed: int = 0,
    modified: bool = False,
) -> dict[str, Array]:
    """Customers from the BG/NBD generative process, each observed for T after a first purchase.

    Returns x, t_x, T, alive (at T) and future (purchases in (T, T + future]). Used by the
    tests and the bench to check the fit and the closed forms against what actually happens.
    """
    r, alpha, a, b = params
    tt = np.asarray(T, dtype=np.float64)
    n = tt.size
    rng = np.random.default_rng(seed)
    lam = rng.gamma(r, 1.0 / alpha, size=n)
    p = rng.beta(a, b, size=n)
    x = np.zeros(n)
    t_x = np.zeros(n)
    fut = np.zeros(n)
    alive = np.ones(n, dtype=bool)
    now = np.zeros(n)
    end = tt + future
    active = np.arange(n)
    if modified:  # MBG/NBD: the first purchase is a chance to drop out too
        alive = rng.random(n) >= p
        active = active[alive]
    while active.size:
        now[active] += rng.exponential(1.0, size=active.size) / np.maximum(lam[active], 1e-300)
        within = now[active] <= end[active]
        active = active[within]
        in_calibration = now[active] <= tt[active]
        cal, hold = active[in_calibration], active[~in_calibration]
        x[cal] += 1
        t_x[cal] = now[cal]
        fut[hold] += 1
        dies = rng.random(active.size) < p[active]
        died = active[dies]
        alive[died[now[died] <= tt[died]]] = False
        active = active[~dies]
    return {"x": x, "t_x": t_x, "T": tt, "alive": alive, "future": fut}
