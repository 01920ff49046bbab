"""The AI maturity assessment in the web app: wizard with save-and-resume, several respondents,
the results page, the API round trip and the movement between rounds (T0 -> T1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rung.engine.assess.data import DIMENSIONS, questionnaire
from rung.web.assess import actions
from rung.web.assess.models import Assessment
from rung.web.quality.models import QualityCheck

ROOT = Path(__file__).resolve().parents[2]


def _all(score: int) -> dict[str, int]:
    return {q.id: score for q in questionnaire()}


def _step_answers(step: int, score: int) -> dict[str, str]:
    dim = DIMENSIONS[step - 1]
    return {q.id: str(score) for q in questionnaire() if q.dimension == dim}


def _start(client, business) -> Assessment:
    response = client.post(f"/b/{business.key}/assessment/start/")
    assert response.status_code == 302
    return business.assessments.get(status="draft")


def test_owner_answers_partly_resumes_and_finishes(world):
    alice = world.client(world.alice)
    key = world.bakery.key
    assert "Start the assessment" in alice.get(f"/b/{key}/assessment/").content.decode()
    draft = _start(alice, world.bakery)
    url = f"/b/{key}/assessment/{draft.pk}/"
    page = alice.get(url).content.decode()
    assert "About your business" in page and 'name="sector"' in page
    response = alice.post(url, {"step": 0, "sector": "retail", "employees": "4", "go": "next"})
    assert response.status_code == 302 and response["Location"].endswith("?step=1")
    page = alice.get(url + "?step=1").content.decode()
    assert "Strategy and vision" in page and 'type="radio"' in page
    alice.post(url, {"step": 1, **_step_answers(1, 2), "go": "next"})
    alice.post(url, {"step": 2, **_step_answers(2, 3), "go": "later"})
    draft.refresh_from_db()
    assert draft.facts == {"sector": "retail", "employees": 4}
    assert len(draft.answers[str(world.alice.pk)]) == len(_step_answers(1, 0)) + len(_step_answers(2, 0))

    # resume: the same draft, earlier answers still ticked
    home = alice.get(f"/b/{key}/assessment/").content.decode()
    assert "Go on answering" in home
    assert _start(alice, world.bakery).pk == draft.pk
    page = alice.get(url + "?step=2").content.decode()
    assert 'value="3" checked' in page
    for step in range(3, 7):
        alice.post(url, {"step": step, **_step_answers(step, 2), "go": "next"})
    response = alice.post(url, {"step": 6, "go": "finish"})
    assert response.status_code == 302 and response["Location"].endswith(f"/assessment/{draft.pk}/result/")
    draft.refresh_from_db()
    assert draft.done and draft.label == "T0"
    assert draft.result["rung"] == 1 and draft.result["rung_name"] == "Digital records, first tries"
    result = alice.get(response["Location"]).content.decode()
    assert "Digital records, first tries" in result
    assert "Your roadmap" in result and result.count('data-testid="usecase"') == 3
    assert "Weeks 4–9" in result and "Self-reported" in result
    assert alice.get(url).status_code == 302  # a finished round is not answered again
    # the program's advisor may read the result, not answer
    ada = world.client(world.ada)
    assert ada.get(f"/b/{key}/assessment/{draft.pk}/result/").status_code == 200
    assert ada.get(url).status_code == 403


def test_second_member_answers_differently_and_the_result_says_so(world):
    draft = actions.start_or_resume(world.alice, world.bakery)
    actions.save_answers(world.alice, draft, _all(4))
    actions.save_answers(world.bob, draft, _all(1))
    assert actions.start_or_resume(world.bob, world.bakery).pk == draft.pk  # one round, two respondents
    done = actions.finish(world.bob, draft)
    assert done.result["respondents"] == 2 and done.result["respondent_names"] == ["alice", "bob"]
    assert done.result["confidence"] == "low"
    assert all(d["disagreement"] for d in done.result["dimensions"].values())
    page = (
        world.client(world.alice).get(f"/b/{world.bakery.key}/assessment/{done.pk}/result/").content.decode()
    )
    assert "Answers differ" in page and "see data differently" in page
    assert "alice: 100" in page and "bob: 25" in page
    assert 'data-testid="rung-range"' in page


def test_measured_evidence_from_the_latest_quality_check(world):
    QualityCheck.objects.create(
        business=world.bakery,
        score=90,
        report={
            "readiness": [
                {
                    "use_case": "forecasting",
                    "verdict": "ready",
                    "reason": {"template": "Enough sales history.", "params": {}},
                    "action": None,
                }
            ]
        },
    )
    draft = actions.start_or_resume(world.alice, world.bakery)
    actions.save_answers(world.alice, draft, _all(1))
    done = actions.finish(world.alice, draft)
    assert done.result["dimensions"]["data"]["source"] == "measured"
    assert done.result["dimensions"]["data"]["score"] == 100
    page = (
        world.client(world.alice).get(f"/b/{world.bakery.key}/assessment/{done.pk}/result/").content.decode()
    )
    assert 'data-testid="source-data">Measured' in page
    assert "differ by" in page  # the gap between answers and measurement is shown


def test_wrong_answers_are_refused(world):
    draft = actions.start_or_resume(world.alice, world.bakery)
    with pytest.raises(ValueError):
        actions.save_answers(world.alice, draft, {"s_goals": 9})
    with pytest.raises(ValueError):
        actions.save_answers(world.alice, draft, {"no_such_question": 1})
    with pytest.raises(ValueError):
        actions.finish(world.alice, draft)  # nobody answered


def test_api_round_trip(world):
    alice = world.client(world.alice)
    base = f"/api/businesses/{world.bakery.key}/assessments"
    questions = alice.get(base + "/questionnaire").json()
    assert [d["dimension"] for d in questions] == list(DIMENSIONS)
    assert sum(len(d["questions"]) for d in questions) == len(questionnaire())
    first = {q["id"]: q["options"][2]["key"] for q in questions[0]["questions"]}
    saved = alice.post(
        base + "/answers", data=json.dumps({"answers": first}), content_type="application/json"
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["status"] == "draft" and body["round"] == "T0" and body["my_answers"] == first
    rest = {q.id: 3 for q in questionnaire() if q.id not in first}
    again = alice.post(
        base + "/answers",
        data=json.dumps({"answers": rest, "facts": {"sector": "hospitality"}}),
        content_type="application/json",
    ).json()
    assert again["id"] == body["id"] and len(again["my_answers"]) == len(questionnaire())
    bad = alice.post(
        base + "/answers", data=json.dumps({"answers": {"s_goals": 7}}), content_type="application/json"
    )
    assert bad.status_code == 400
    done = alice.post(f"{base}/{body['id']}/finish").json()
    assert done["status"] == "done" and done["rung"] == done["result"]["rung"]
    assert len(done["result"]["top_use_cases"]) == 3
    assert alice.get(f"{base}/{body['id']}").json()["result"]["rung_name"] == done["rung_name"]
    listed = alice.get(base).json()
    assert [r["round"] for r in listed] == ["T0"] and listed[0]["result"] is None
    assert alice.get(f"{base}/999999").status_code == 404
    with_nl = alice.get(base + "/questionnaire", HTTP_ACCEPT_LANGUAGE="nl").json()
    assert with_nl[0]["name"] != "Strategy and vision"


def test_movement_from_t0_to_t1(world):
    t0 = actions.start_or_resume(world.alice, world.bakery)
    actions.save_answers(world.alice, t0, _all(1))
    actions.finish(world.alice, t0)
    t1 = actions.start_or_resume(world.alice, world.bakery)
    assert t1.pk != t0.pk and t1.label == "T1"
    actions.save_answers(world.alice, t1, _all(3))
    t1 = actions.finish(world.alice, t1)
    t0.refresh_from_db()
    movement = actions.compare(t0, t1)
    assert movement["from"] == "T0" and movement["to"] == "T1"
    assert all(d["change"] > 0 for d in movement["dimensions"] if d["change"] is not None)
    page = world.client(world.alice).get(f"/b/{world.bakery.key}/assessment/{t1.pk}/result/").content.decode()
    assert "Movement since T0" in page
    home = world.client(world.alice).get(f"/b/{world.bakery.key}/assessment/").content.decode()
    assert home.count("/result/") == 2 and "Assess again" in home
    api = world.client(world.alice).get(f"/api/businesses/{world.bakery.key}/assessments/{t1.pk}").json()
    assert api["movement"]["rung_before"] == t0.result["rung"]


def test_results_page_in_dutch(world):
    draft = actions.start_or_resume(world.alice, world.bakery)
    actions.save_answers(world.alice, draft, _all(2), {"sector": "retail"})
    done = actions.finish(world.alice, draft)
    client = world.client(world.alice)
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    page = client.get(f"/b/{world.bakery.key}/assessment/{done.pk}/result/").content.decode()
    assert done.result["rung_name"] not in page
    assert "Weeks 4–9" not in page


def test_generated_message_module_is_current():
    """The data files' English texts are extracted into a module makemessages reads."""
    import subprocess
    import sys

    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "extract_assess_messages.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_program_page_shows_first_and_latest_rung(world):
    for score in (0, 3):
        draft = actions.start_or_resume(world.alice, world.bakery)
        actions.save_answers(world.alice, draft, _all(score))
        actions.finish(world.alice, draft)
    rungs = [a.result["rung"] for a in world.bakery.assessments.order_by("round")]
    page = world.client(world.ada).get(f"/programs/{world.program.key}/").content.decode()
    assert f'data-testid="program-rung">{rungs[0]} → {rungs[1]}<' in page
