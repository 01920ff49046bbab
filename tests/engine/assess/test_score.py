"""Scoring: hand-built answer sets get the rung a person would give, and better answers never
lower it."""

from __future__ import annotations

import random
from typing import Any

import pytest

from rung.engine.assess.data import GATING, questionnaire
from rung.engine.assess.score import (
    DMA_MAPPING,
    Confidence,
    FeatureUse,
    Source,
    apply_evidence,
    dma_band,
    dma_export,
    level_of,
    score,
)
from rung.engine.messages import Note
from rung.engine.quality.readiness import Readiness, Verdict
from tests.engine.assess.conftest import uniform


def test_levels_follow_the_thresholds() -> None:
    assert [level_of(s) for s in (0, 19, 20, 39, 40, 59, 60, 79, 80, 100)] == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
    assert level_of(None) == 0


def test_paper_and_memory() -> None:
    # A market stall: orders in a notebook, no computer, no one has tried AI, no budget.
    # A person says: paper and memory (rung 0).
    card = score(uniform(0, d_records=0, s_goals=2, p_attitude=2))
    assert card.rung == 0
    assert card.rung_name == "Paper and memory"
    assert "data" in card.holding_back


def test_digital_shop_without_ai_is_first_tries() -> None:
    # Till and webshop for three years, customers known, comfortable staff, but no AI used.
    # A person says: digital records, nothing running yet (rung 1), held back by AI in use.
    answers = uniform(3, u_ai_use=0, u_breadth=0, u_own_data=0, p_own_use=1, p_training=1)
    card = score(answers)
    assert card.rung == 1
    assert card.holding_back == ("use",)
    assert card.dimensions["data"].level == 3


def test_someone_tried_ai_once_is_still_first_tries() -> None:
    # A salon with online booking, weak routines; the owner tried a chat assistant once.
    # A person says: rung 1 ("first tries"), not paper and memory.
    answers = uniform(2, u_ai_use=1, u_breadth=0, u_own_data=0, u_routines=0, u_measure=0, p_training=0)
    card = score(answers)
    assert card.dimensions["use"].score is not None and card.dimensions["use"].score < 20
    assert card.dimensions["use"].level == 1
    assert card.rung == 1


def test_one_ai_use_that_works() -> None:
    # Good data and people; one AI use every week in one area, checked with numbers.
    # A person says: one AI use that works (rung 2) - not 3, since it is in one area only.
    answers = uniform(3, u_ai_use=3, u_breadth=1, u_own_data=2)
    card = score(answers)
    assert card.dimensions["use"].level == 2
    assert card.rung == 2
    assert card.rung_name == "One AI use that works"


def test_ai_embedded_everywhere() -> None:
    # Every answer the best one. A person says: AI embedded across the business (rung 4).
    card = score(uniform(4))
    assert card.rung == 4
    assert {d.score for d in card.dimensions.values()} == {100}


def test_the_weakest_gating_dimension_decides_not_the_average() -> None:
    # Excellent at everything, but sales are kept on paper: the average is high, yet AI has no
    # data to work with. A person says: rung 0, held back by data.
    card = score(uniform(4, d_records=0))
    mean = sum(d.score or 0 for d in card.dimensions.values()) / 6
    assert mean > 90
    assert card.rung == 0
    assert card.holding_back == ("data",)


def test_strategy_technology_and_governance_do_not_set_the_rung() -> None:
    weak_rest = uniform(
        3, u_breadth=1, u_ai_use=3, **{q.id: 0 for q in questionnaire() if q.dimension not in GATING}
    )
    assert score(weak_rest).rung == score(uniform(3, u_breadth=1, u_ai_use=3)).rung == 2


def test_does_not_apply_is_left_out_not_scored_zero() -> None:
    with_na = score(uniform(3, d_stock="na")).dimensions["data"]
    assert with_na.score == 75
    assert with_na.asked == 5


def test_unknown_question_or_option_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown question"):
        score({"x_favourite_colour": 2})
    with pytest.raises(ValueError, match="no option"):
        score({"d_records": 9})


def _random_answers(rng: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in questionnaire():
        if rng.random() < 0.1:
            continue  # some questions left unanswered
        answers[q.id] = rng.choice(q.options).key
    return answers


def test_improving_any_single_answer_never_lowers_the_rung() -> None:
    # Property test on 250 random answer sets (fixed seed): moving any one answer one option up
    # never lowers the rung or any dimension's level. One step suffices: larger steps are chains
    # of one-step moves.
    rng = random.Random(20261123)
    checked = 0
    for _ in range(250):
        answers = _random_answers(rng)
        base = score(answers)
        for q in questionnaire():
            if q.id not in answers or q.option(answers[q.id]).score is None:
                continue
            current = q.option(answers[q.id]).score
            better = [o for o in q.scored_options if o.score == (current or 0) + 1]
            if not better:
                continue
            improved = score({**answers, q.id: better[0].key})
            assert improved.rung >= base.rung, (q.id, answers)
            for dim, d in base.dimensions.items():
                assert improved.dimensions[dim].level >= d.level, (q.id, dim, answers)
            checked += 1
    assert checked > 5000


def test_improving_one_voice_never_lowers_the_rung_of_several() -> None:
    rng = random.Random(7)
    for _ in range(60):
        sets = [_random_answers(rng) for _ in range(3)]
        base = score(sets).rung
        who = rng.randrange(3)
        for q in questionnaire():
            key = sets[who].get(q.id)
            if not isinstance(key, int) or key == 4:
                continue
            changed = [dict(s) for s in sets]
            changed[who][q.id] = key + 1
            assert score(changed).rung >= base


def test_disagreeing_voices_are_flagged_not_averaged_away() -> None:
    # The owner thinks the data is in order; the shop assistant says it is on paper and wrong.
    owner = uniform(3, u_breadth=1, u_ai_use=3)
    staff = uniform(3, u_breadth=1, u_ai_use=3, d_records=1, d_history=1, d_customers=1, d_trust=0, d_texts=1)
    card = score([owner, staff])
    data = card.dimensions["data"]
    assert data.disagreement
    assert data.confidence is Confidence.LOW
    assert data.respondents[0] is not None and data.respondents[1] is not None
    assert data.spread == data.respondents[0] - data.respondents[1] >= 25
    assert card.confidence is Confidence.LOW
    assert card.rung_range == (1, 2)
    assert any("see data differently" in n for n in data.notes)
    assert any("How much do you trust" in n for n in data.notes)  # the question they differ most on
    assert all(isinstance(n, Note) for n in card.notes)
    # Dimensions they agree on are not flagged, and agreement raises confidence.
    assert not card.dimensions["people"].disagreement
    assert card.dimensions["people"].confidence is Confidence.HIGH
    assert score(owner).dimensions["people"].confidence is Confidence.MEDIUM


def test_three_voices_use_the_median() -> None:
    low, mid, high = uniform(1), uniform(2), uniform(4)
    card = score([low, mid, high])
    assert card.dimensions["strategy"].score == 50
    assert card.dimensions["strategy"].respondents == (25, 50, 100)


def _ready(use_case: str, verdict: Verdict) -> Readiness:
    return Readiness(use_case, verdict, Note("reason"), None)


def test_measured_data_replaces_self_report_with_a_note_on_the_gap() -> None:
    # The owner says sales are partly in spreadsheets; the imported exports are in fact good.
    card = score(uniform(2, d_records=1, d_history=1, u_ai_use=3, u_breadth=2))
    assert card.dimensions["data"].level == 1
    readiness = [
        _ready("forecasting", Verdict.READY),
        _ready("customers", Verdict.READY),
        _ready("inventory", Verdict.CAVEATS),
    ]
    measured = apply_evidence(card, readiness=readiness)
    data = measured.dimensions["data"]
    assert data.source is Source.MEASURED
    assert data.measured == 87 and data.score == 87
    assert data.self_reported == card.dimensions["data"].score
    assert data.level == 4
    assert any("differ by" in n for n in data.notes)
    assert measured.dimensions["strategy"].source is Source.SELF_REPORTED
    assert measured.rung >= card.rung


def test_measured_use_and_technology_are_floors() -> None:
    card = score(uniform(1))
    usage = FeatureUse(tables_imported=3, weeks_used={"forecast": 8, "inventory": 5, "customers": 1})
    measured = apply_evidence(card, usage=usage)
    assert measured.dimensions["use"].measured == 60
    assert measured.dimensions["use"].score == 60
    assert measured.dimensions["use"].source is Source.MEASURED
    assert measured.dimensions["technology"].score == 65
    # A business that rates itself higher than Rung can see keeps its own score.
    high = apply_evidence(score(uniform(4)), usage=usage)
    assert high.dimensions["use"].score == 100
    # No regular feature use is no evidence either way.
    assert apply_evidence(card, usage=FeatureUse()).dimensions["use"].source is Source.SELF_REPORTED


def test_dma_export_uses_the_documented_mapping_and_bands() -> None:
    for parts in DMA_MAPPING.values():
        assert not parts or abs(sum(w for _, w in parts) - 1) < 1e-9
    top = dma_export(score(uniform(4)))
    assert top["dimensions"]["automation_ai"] == 100
    assert top["dimensions"]["green_digitalisation"] is None
    assert top["total"] == 100 and top["band"] == "Advanced" and top["partial"]
    assert dma_export(score(uniform(0)))["band"] == "Basic"
    mixed = dma_export(score(uniform(2, t_devices=4, t_internet=4, t_software=4, t_links=4, t_backup=4)))
    # digital readiness = 0.7 x technology (100) + 0.3 x use (50)
    assert mixed["dimensions"]["digital_readiness"] == 85
    assert [dma_band(v) for v in (0, 25, 26, 50, 51, 75, 76, 100)] == [
        "Basic",
        "Basic",
        "Average",
        "Average",
        "Moderately advanced",
        "Moderately advanced",
        "Advanced",
        "Advanced",
    ]
