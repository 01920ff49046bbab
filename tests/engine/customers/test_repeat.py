"""BG/NBD and Gamma-Gamma: parameter recovery on simulated customers, closed forms against Monte Carlo.

CDNOW cannot be downloaded in the tests, so customers are simulated from the BG/NBD
generative process with the published CDNOW estimates (Fader, Hardie & Lee 2005: r = 0.243,
alpha = 4.414, a = 0.793, b = 2.426, time in weeks, observed 27-39 weeks after their first
purchase as in CDNOW) and the fit must find those parameters again.
"""

from __future__ import annotations

import numpy as np
import pytest

from rung.engine.customers import repeat
from rung.engine.customers.core import roc_auc

CDNOW = (0.243, 4.414, 0.793, 2.426)
CDNOW_SPEND = (6.25, 3.74, 15.44)  # Gamma-Gamma p, q, gamma (Fader, Hardie & Lee 2005, iso-value curves)


@pytest.fixture(scope="module")
def simulated() -> dict[str, np.ndarray]:
    T = np.random.default_rng(11).uniform(27, 39, size=20_000)
    return repeat.simulate_bgnbd(CDNOW, T, future=39.0, seed=12)


@pytest.fixture(scope="module")
def truth() -> repeat.BgNbd:
    return repeat.BgNbd(*CDNOW, log_likelihood=0.0, customers=0)


def test_fit_recovers_cdnow_parameters(simulated: dict[str, np.ndarray]) -> None:
    # in whole days, as CDNOW records them (and so that equal histories share a likelihood term)
    x, t_x, T = simulated["x"], np.floor(simulated["t_x"] * 7) / 7, np.floor(simulated["T"] * 7) / 7
    model = repeat.fit_bgnbd(x, t_x, T)
    assert model.standard_errors is not None
    for name, est, true, se, tol in zip(
        ("r", "alpha", "a", "b"),
        model.params,
        CDNOW,
        model.standard_errors,
        (0.1, 0.1, 0.25, 0.25),
        strict=True,
    ):
        assert abs(est - true) < 3 * se, f"{name}: {est:.3f} vs {true} (se {se:.3f})"
        assert abs(est - true) / true < tol, f"{name}: {est:.3f} vs {true}"
    # the maximum is a maximum: the true parameters fit the sample no better
    ll_true = repeat.bgnbd_log_likelihood(CDNOW, x, t_x, T)
    assert model.log_likelihood >= float(ll_true.sum())


def test_fit_does_not_depend_on_time_unit(simulated: dict[str, np.ndarray]) -> None:
    x, t_x, T = simulated["x"][:3000], simulated["t_x"][:3000], simulated["T"][:3000]
    weeks = repeat.fit_bgnbd(x, t_x, T)
    days = repeat.fit_bgnbd(x, t_x * 7, T * 7)
    assert days.r == pytest.approx(weeks.r, rel=1e-3)
    assert days.alpha == pytest.approx(weeks.alpha * 7, rel=1e-3)
    assert days.a == pytest.approx(weeks.a, rel=1e-2)


def test_p_alive_matches_simulation(simulated: dict[str, np.ndarray], truth: repeat.BgNbd) -> None:
    x, alive = simulated["x"], simulated["alive"]
    p = repeat.p_alive(truth, x, simulated["t_x"], simulated["T"])
    assert np.all((p >= 0) & (p <= 1))
    assert np.all(p[x == 0] == 1.0)  # BG/NBD: no dropout before the first repeat purchase
    assert p.mean() == pytest.approx(alive.mean(), abs=0.01)
    for low, high in ((1, 2), (2, 4), (4, 1000)):
        group = (x >= low) & (x < high)
        assert p[group].mean() == pytest.approx(alive[group].mean(), abs=0.03), (low, high)


def test_expected_purchases_match_simulation(simulated: dict[str, np.ndarray], truth: repeat.BgNbd) -> None:
    x, future = simulated["x"], simulated["future"]
    expected = repeat.expected_purchases(truth, 39.0, x, simulated["t_x"], simulated["T"])
    assert expected.sum() == pytest.approx(future.sum(), rel=0.05)
    for low, high in ((0, 1), (1, 2), (2, 4), (4, 1000)):
        group = (x >= low) & (x < high)
        assert expected[group].mean() == pytest.approx(future[group].mean(), rel=0.1), (low, high)
    quiet = repeat.p_no_purchase(truth, 39.0, x, simulated["t_x"], simulated["T"])
    assert quiet.mean() == pytest.approx((future == 0).mean(), abs=0.01)


def test_expected_purchases_of_a_new_customer_match_simulation() -> None:
    truth = repeat.BgNbd(*CDNOW, log_likelihood=0.0, customers=0)
    sim = repeat.simulate_bgnbd(CDNOW, np.full(40_000, 52.0), seed=3)
    assert float(repeat.expected_purchases_new(truth, 52.0)) == pytest.approx(sim["x"].mean(), rel=0.05)
    assert float(repeat.expected_purchases_new(truth, 0.0)) == 0.0


def test_posterior_draws_agree_with_the_closed_form(truth: repeat.BgNbd) -> None:
    """The interval's draws have the closed form as their mean (checked with a 1-level 'interval')."""
    x, t_x, T = np.array([0.0, 2.0, 10.0]), np.array([0.0, 20.0, 36.0]), np.array([30.0, 38.0, 38.0])
    closed = repeat.expected_purchases(truth, 39.0, x, t_x, T)
    lo, hi = repeat.purchase_intervals(truth, 39.0, x, t_x, T, level=0.8, draws=40_000, seed=1)
    assert np.all(lo <= hi) and np.all(lo >= 0)
    # the mean of the draws is the closed form: compare with a wide set of draws' mean
    rng = np.random.default_rng(5)
    r, alpha, a, b = CDNOW
    alive = repeat.p_alive(truth, x, t_x, T)
    lam = rng.gamma(r + x[:, None], 1 / (alpha + T[:, None]), size=(3, 200_000))
    p = rng.beta(a, b + x[:, None], size=(3, 200_000))
    mean = (-np.expm1(-lam * p * 39.0) / p).mean(axis=1) * alive
    assert mean == pytest.approx(closed, rel=0.03)
    # a customer with a long, regular history is known better than one with a single purchase
    width = (hi - lo) / closed
    assert width[2] < width[0]


def test_gamma_gamma_recovers_parameters_and_shrinks() -> None:
    p, q, gamma = CDNOW_SPEND
    rng = np.random.default_rng(7)
    n = 6000
    x = 1 + rng.poisson(3, size=n)
    nu = rng.gamma(q, 1 / gamma, size=n)
    m_x = np.array([rng.gamma(p, 1 / nu_i, size=k).mean() for nu_i, k in zip(nu, x, strict=True)])
    model = repeat.fit_gamma_gamma(x, m_x)
    assert model.p == pytest.approx(p, rel=0.2)
    assert model.q == pytest.approx(q, rel=0.2)
    assert model.gamma == pytest.approx(gamma, rel=0.3)
    assert model.population_mean == pytest.approx(m_x.mean(), rel=0.1)
    spend = repeat.expected_spend(model, x, m_x)
    # the estimate lies between the customer's own average and the population mean
    lo, hi = np.minimum(m_x, model.population_mean), np.maximum(m_x, model.population_mean)
    assert np.all((spend >= lo - 1e-9) & (spend <= hi + 1e-9))
    # without a repeat purchase: the population mean
    assert repeat.expected_spend(model, [0.0], [50.0])[0] == pytest.approx(model.population_mean)
    assert abs(repeat.correlation(x, m_x)) < 0.1  # simulated independent


def test_clv_is_discounted_expected_purchases_times_spend(truth: repeat.BgNbd) -> None:
    spend = repeat.GammaGamma(*CDNOW_SPEND, log_likelihood=0.0, customers=0)
    x, t_x, T, m_x = np.array([3.0]), np.array([30.0]), np.array([38.0]), np.array([40.0])
    undiscounted = repeat.clv(truth, spend, x, t_x, T, m_x, months=12, monthly_discount=0.0, days_per_unit=7)
    year = repeat.expected_purchases(truth, 12 * repeat.DAYS_PER_MONTH / 7, x, t_x, T)
    assert undiscounted == pytest.approx(year * repeat.expected_spend(spend, x, m_x))
    discounted = repeat.clv(truth, spend, x, t_x, T, m_x, months=12, monthly_discount=0.02, days_per_unit=7)
    assert 0 < discounted[0] < undiscounted[0]


def test_fit_rejects_impossible_histories() -> None:
    with pytest.raises(ValueError, match="t_x <= T"):
        repeat.fit_bgnbd([1.0], [10.0], [5.0])
    with pytest.raises(ValueError, match="no customers"):
        repeat.fit_bgnbd([], [], [])


def test_roc_auc_counts_pairs() -> None:
    rng = np.random.default_rng(0)
    labels = rng.random(300) < 0.4
    scores = np.round(rng.random(300) + labels * 0.5, 1)  # rounded: ties
    pos, neg = scores[labels], scores[~labels]
    pairs = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    assert roc_auc(labels, scores) == pytest.approx(pairs / (pos.size * neg.size))


def test_mbgnbd_closed_forms_match_its_simulation_and_fit_recovers_it() -> None:
    """MBG/NBD (dropout also right after the first purchase): expected purchases, P(alive) and
    P(no purchase) against its own simulation, and the fit finds the parameters again."""
    T = np.random.default_rng(21).uniform(27, 39, size=30_000)
    sim = repeat.simulate_bgnbd(CDNOW, T, future=39.0, seed=22, modified=True)
    truth = repeat.BgNbd(*CDNOW, log_likelihood=0.0, customers=0, modified=True)
    x, t_x = sim["x"], sim["t_x"]
    expected = repeat.expected_purchases(truth, 39.0, x, t_x, T)
    assert expected.sum() == pytest.approx(sim["future"].sum(), rel=0.05)
    alive = repeat.p_alive(truth, x, t_x, T)
    assert alive.mean() == pytest.approx(sim["alive"].mean(), abs=0.01)
    assert alive[x == 0].max() < 1  # one-time buyers can be gone, unlike BG/NBD
    quiet = repeat.p_no_purchase(truth, 39.0, x, t_x, T)
    assert quiet.mean() == pytest.approx((sim["future"] == 0).mean(), abs=0.01)
    model = repeat.fit_bgnbd(x, np.floor(t_x * 7) / 7, np.floor(T * 7) / 7, modified=True)
    assert model.modified
    for est, true in zip(model.params, CDNOW, strict=True):
        assert est == pytest.approx(true, rel=0.2)
    assert float(repeat.expected_purchases_new(truth, 52.0)) == pytest.approx(
        repeat.simulate_bgnbd(CDNOW, np.full(20_000, 52.0), seed=3, modified=True)["x"].mean(), rel=0.05
    )
