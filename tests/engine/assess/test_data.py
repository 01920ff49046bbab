"""The data files match their schema, and the schema check catches broken files."""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from rung.engine.assess.data import (
    AXES,
    DIMENSIONS,
    MAX_QUESTIONS,
    OPTION_KINDS,
    catalogue,
    check_catalogue,
    check_questionnaire,
    questionnaire,
    read_raw,
    rungs,
)
from rung.engine.assess.score import validate

SECTORS = (
    "retail",
    "hospitality",
    "trades",
    "manufacturing",
    "professional_services",
    "health_beauty",
    "agriculture_food",
    "logistics",
    "creative",
)


def test_questionnaire_is_valid_short_and_covers_every_dimension_and_axis() -> None:
    assert check_questionnaire(read_raw("questions.json")) == []
    questions = questionnaire()
    assert len(questions) <= MAX_QUESTIONS
    assert {q.dimension for q in questions} == set(DIMENSIONS)
    assert {q.axis for q in questions} == set(AXES)
    for dim in DIMENSIONS:  # at least three scored questions per dimension
        assert sum(q.dimension == dim and q.weight > 0 for q in questions) >= 3, dim


def test_question_texts_avoid_jargon() -> None:
    jargon = ("machine learning", "llm", "algorithm", "api", "dataset", "kpi", "roi", "saas", "model")
    for q in questionnaire():
        words = " ".join([q.text, *(o.text for o in q.options)]).lower().replace("?", " ").split()
        assert not [j for j in jargon if j in words or (" " in j and j in " ".join(words))], q.id


def test_five_named_rungs_from_paper_to_embedded() -> None:
    names = [r.name for r in rungs()]
    assert len(names) == 5
    assert names[0] == "Paper and memory"
    assert names[-1] == "AI embedded across the business"
    assert [r.level for r in rungs()] == [0, 1, 2, 3, 4]


def test_schema_check_catches_a_broken_questionnaire() -> None:
    doc = read_raw("questions.json")
    broken = copy.deepcopy(doc)
    broken["questions"][0]["dimension"] = "vibes"
    broken["questions"][1]["options"][2]["score"] = 7
    broken["questions"].append(copy.deepcopy(doc["questions"][2]))
    caps = copy.deepcopy(doc)
    next(q for q in caps["questions"] if q["id"] == "d_records")["options"][4]["cap_level"] = 0
    problems = check_questionnaire(broken)
    assert any("unknown dimension" in p for p in problems)
    assert any("score 0..4" in p for p in problems)
    assert any("duplicate id" in p for p in problems)
    assert any("must not decrease" in p for p in check_questionnaire(caps))
    too_many = copy.deepcopy(doc)
    too_many["questions"] = too_many["questions"] * 2
    assert any("at most 35" in p for p in check_questionnaire(too_many))


def test_catalogue_is_valid_with_40_use_cases_across_all_sectors() -> None:
    assert check_catalogue(read_raw("catalogue.json")) == []
    cases = catalogue()
    assert len(cases) >= 40
    per_sector = Counter(s for u in cases for s in u.sectors)
    assert set(per_sector) == set(SECTORS)
    assert min(per_sector.values()) >= 8, per_sector
    assert len({u.id for u in cases}) == len(cases)
    for u in cases:
        assert {o.kind for o in u.options} == set(OPTION_KINDS)
        assert any(o.monthly_eur is not None for o in u.options), u.id
    # The AI Act classes are used where they apply: CV screening is high risk (Annex III).
    assert next(u for u in cases if u.id == "cv_screening").ai_act_risk == "high"
    assert {u.ai_act_risk for u in cases} >= {"minimal", "limited", "high"}


def test_schema_check_catches_a_broken_catalogue() -> None:
    doc: dict[str, Any] = copy.deepcopy(read_raw("catalogue.json"))
    first, second = doc["use_cases"][0], doc["use_cases"][1]
    first["effort"] = "trivial"
    first["options"].pop("saas")
    second["ai_act_risk"] = "scary"
    second["sectors"] = ["space"]
    second["value"]["typical_monthly_eur"] = -5
    doc["use_cases"][2]["data_needed"] = ["telepathy"]
    problems = check_catalogue(doc)
    for expected in (
        "effort",
        "options must name",
        "ai_act_risk",
        "sectors",
        "typical_monthly_eur",
        "data_needed",
    ):
        assert any(expected in p for p in problems), expected


def test_benchmark_profiles_use_real_questions_and_use_cases(profiles: list[dict[str, Any]]) -> None:
    ids = {u.id for u in catalogue()}
    assert len(profiles) == 12
    assert {p["sector"] for p in profiles} == set(SECTORS)
    for p in profiles:
        validate(p["answers"])
        assert len(p["advisor_top3"]) == 3
        assert {a["use_case"] for a in p["advisor_top3"]} <= ids, p["id"]
        assert all(a["reason"] for a in p["advisor_top3"])
