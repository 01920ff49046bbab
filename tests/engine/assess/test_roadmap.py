"""The roadmap: value from the business's own numbers, feasibility, the model option, the plan,
and the top-3 on three of the written benchmark profiles."""

from __future__ import annotations

import json

from rung.engine.assess import assess
from rung.engine.assess.barriers import find_barriers
from rung.engine.assess.data import UseCase, catalogue
from rung.engine.assess.roadmap import data_held, estimate_value, rank
from rung.engine.assess.score import score
from rung.engine.messages import Note
from rung.engine.quality.readiness import Readiness, Verdict
from tests.engine.assess.conftest import load_profile, profile_facts, uniform


def _case(use_case_id: str) -> UseCase:
    return next(u for u in catalogue() if u.id == use_case_id)


def test_value_comes_from_the_business_own_numbers_when_given() -> None:
    value, own, note, basis = estimate_value(
        _case("inquiry_answers"), {"hours_inquiries_week": 10, "hourly_cost": 30}
    )
    # 10 hours a week x 40% answerable x 4.33 weeks x 30 euro
    assert value == round(10 * 0.4 * 4.33 * 30) and own
    assert basis is not None and "10 hours a week" in basis
    value, own, _, _ = estimate_value(_case("inventory_reorder"), {"stock_value": 60000})
    assert value == round(60000 * 0.15 * 0.25 / 12) and own  # capital tied up x reduction x holding cost
    typical, own, note, basis = estimate_value(_case("inquiry_answers"), {"employees": 10})
    assert not own and basis is None and typical == 700 and "typical" in note


def test_data_held_combines_facts_answers_and_readiness() -> None:
    held = data_held({"data": ["reviews"]}, {"d_records": 3, "d_history": 2, "d_customers": 1})
    assert {"reviews", "sales_history", "emails"} <= held
    assert "customer_ids" not in held
    measured = data_held({}, {}, [Readiness("customers", Verdict.CAVEATS, Note("r"), None)])
    assert "customer_ids" in measured


def test_sector_filter_and_no_use_case_more_than_one_rung_up() -> None:
    card = score(uniform(0, d_records=0))
    ranked = rank(card, find_barriers(uniform(0)), facts={"sector": "hospitality"})
    assert ranked
    assert all("hospitality" in r.use_case.sectors for r in ranked)
    assert all(r.use_case.min_rung <= card.rung + 1 for r in ranked)


def test_a_readiness_verdict_sets_the_data_fit() -> None:
    answers = uniform(2, u_ai_use=3)
    card = score(answers)
    facts = {"sector": "retail", "data": ["sales_history", "stock_counts"]}
    ready = rank(card, [], facts=facts, readiness=[Readiness("forecasting", Verdict.READY, Note("r"), None)])
    not_yet = rank(
        card, [], facts=facts, readiness=[Readiness("forecasting", Verdict.NOT_YET, Note("r"), None)]
    )
    fit = {r.use_case.id: r.fits["data"] for r in ready}
    assert fit["demand_forecast"] == 1.0
    assert {r.use_case.id: r.fits["data"] for r in not_yet}["demand_forecast"] == 0.3


def test_privacy_worry_keeps_personal_data_in_house() -> None:
    worried = uniform(3, g_worry=0)
    result = rank(score(worried), find_barriers(worried), facts={"sector": "professional_services"})
    emails = next(r for r in result if r.use_case.id == "email_drafting")
    assert emails.option.kind == "local_open_model"
    assert emails.privacy_note is not None
    relaxed = uniform(3)
    emails = next(
        r
        for r in rank(score(relaxed), [], facts={"sector": "professional_services"})
        if r.use_case.id == "email_drafting"
    )
    assert emails.privacy_note is None


def test_every_top_use_case_has_a_90_day_plan_with_who_and_a_measure() -> None:
    profile = load_profile("p03_plumbing")
    result = assess(profile["answers"], business_facts=profile_facts(profile))
    assert len(result.top) == 3
    for r in result.top:
        assert [s.weeks for s in r.plan] == ["1-3", "4-9", "10-12"]
        assert all(s.who and s.success_measure for s in r.plan)
        assert r.option.monthly_eur is not None and r.option_reason
    json.dumps(result.as_dict())  # the CLI and API can print it as it is


def test_gift_shop_starts_with_its_stock() -> None:
    # Advisor: inventory_reorder, demand_forecast, customer_segments. Rung must at least put the
    # €65k of stock first; the bench reports the full comparison.
    profile = load_profile("p01_gift_shop")
    result = assess(profile["answers"], business_facts=profile_facts(profile))
    assert result.top[0].use_case.id == "inventory_reorder"
    assert result.top[0].value_from_own_numbers


def test_courier_gets_routes_and_arrival_messages() -> None:
    profile = load_profile("p08_courier")
    result = assess(profile["answers"], business_facts=profile_facts(profile))
    top = [r.use_case.id for r in result.top]
    assert top[:2] == ["route_planning", "delivery_eta_messages"]
    assert result.rung == 1


def test_dairy_farm_on_paper_starts_with_robot_data_and_documents() -> None:
    profile = load_profile("p07_dairy_farm")
    result = assess(profile["answers"], business_facts=profile_facts(profile))
    assert result.rung == 0
    assert "data" in {b.id for b in result.barriers}
    assert [r.use_case.id for r in result.top[:2]] == ["herd_health_alerts", "document_extraction"]
