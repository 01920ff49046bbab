"""Barriers are recognised from the answers and each comes with the help that removes it."""

from __future__ import annotations

from rung.engine.assess.barriers import RULES, Help, barrier_ids, find_barriers
from tests.engine.assess.conftest import uniform


def test_a_confident_business_has_no_barriers() -> None:
    assert find_barriers(uniform(4)) == []


def test_each_barrier_is_raised_by_the_answer_that_names_it() -> None:
    cases = {
        "not_knowing": {"s_ideas": 0},
        "uncertain_value": {"s_value": 1},
        "no_vision": {"s_goals": 0},
        "skills": {"p_training": 0},
        "data": {"d_records": 0},
        "cost": {"s_budget": 0},
        "job_fear": {"p_attitude": 0},
        "privacy": {"g_worry": 0},
    }
    assert set(cases) == {r.id for r in RULES}
    for barrier, answer in cases.items():
        found = find_barriers(uniform(4, **answer))
        assert barrier_ids(found) == {barrier}, barrier
        assert found[0].evidence == tuple(answer), barrier


def test_barriers_map_to_help_and_to_what_rung_offers() -> None:
    found = {b.id: b for b in find_barriers(uniform(0))}
    assert len(found) == len(RULES)
    assert Help.FINANCING in found["cost"].help
    assert Help.DATA_WORK in found["data"].help
    assert Help.TRAINING in found["job_fear"].help
    assert Help.PILOT in found["uncertain_value"].help
    assert all(b.rung_offers for b in found.values())
    assert found["privacy"].as_dict()["help"] == ["expert_advice", "data_work"]


def test_one_worried_voice_is_enough() -> None:
    owner, staff = uniform(4), uniform(4, p_attitude=0)
    assert barrier_ids(find_barriers([owner, staff])) == {"job_fear"}
