"""The assessment pages: start or resume a round, the wizard (one dimension per step), the results.

Thin views over rung.web.assess.actions; every view resolves the business first with
`get_business_for`, so another business's assessment id is "not found".
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rung.engine import charts
from rung.engine.assess import texts
from rung.engine.assess.data import DIMENSIONS, catalogue, rungs
from rung.web import formatting
from rung.web.assess import actions, labels
from rung.web.assess.models import Assessment
from rung.web.businesses.access import Action, allowed_actions, get_business_for
from rung.web.businesses.models import Business


def _assessment(business: Business, assessment_id: int) -> Assessment:
    try:
        return actions.assessment_for(business, assessment_id)
    except ValueError as missing:
        raise Http404(str(missing)) from None


@login_required
def assessment_home(request: HttpRequest, key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.VIEW)
    rounds = actions.rounds(business)
    draft = next((a for a in rounds if not a.done), None)
    done = [a for a in rounds if a.done]
    answered, asked = actions.progress(request.user, draft) if draft else (0, 0)  # type: ignore[arg-type]
    return render(
        request,
        "assess/home.html",
        {
            "business": business,
            "draft": draft,
            "done": done,
            "answered": answered,
            "asked": asked,
            "draft_people": len(actions.respondents(draft)) if draft else 0,
            "can_edit": Action.EDIT in allowed_actions(request.user, business),
            "names": {r.level: r.name for r in rungs()},
        },
    )


@login_required
@require_POST
def start(request: HttpRequest, key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.EDIT)
    assessment = actions.start_or_resume(request.user, business)  # type: ignore[arg-type]
    return redirect("business-assessment-step", key=business.key, assessment_id=assessment.pk)


def _step_number(raw: str | None, last: int) -> int:
    try:
        return min(max(int(raw or 0), 0), last)
    except ValueError:
        return 0


@login_required
def wizard(request: HttpRequest, key: str, assessment_id: int) -> HttpResponse:
    business = get_business_for(request.user, key, Action.EDIT)
    assessment = _assessment(business, assessment_id)
    if assessment.done:
        return redirect("business-assessment-result", key=business.key, assessment_id=assessment.pk)
    steps = actions.steps()
    last = len(steps)  # step 0 is about the business, steps 1..6 the dimensions
    step = _step_number(
        request.POST.get("step") if request.method == "POST" else request.GET.get("step"), last
    )
    if request.method == "POST":
        questions = steps[step - 1]["questions"] if step else []
        given = {q.id: request.POST[q.id] for q in questions if request.POST.get(q.id)}
        facts = (
            {"sector": request.POST.get("sector", ""), "employees": request.POST.get("employees", "")}
            if step == 0
            else None
        )
        try:
            actions.save_answers(request.user, assessment, given, facts)  # type: ignore[arg-type]
        except ValueError as refused:
            messages.error(request, str(refused))
            return _to_step(business, assessment, step)
        go = request.POST.get("go", "next")
        if go == "later":
            messages.success(request, _("Your answers are saved. Come back any time to go on."))
            return redirect("business-assessment", key=business.key)
        if go == "finish":
            try:
                done = actions.finish(request.user, assessment)  # type: ignore[arg-type]
            except ValueError as refused:
                messages.error(request, str(refused))
                return _to_step(business, assessment, step)
            return redirect("business-assessment-result", key=business.key, assessment_id=done.pk)
        return _to_step(business, assessment, step - 1 if go == "back" else step + 1)
    assessment.refresh_from_db()
    own = actions.own_answers(request.user, assessment)  # type: ignore[arg-type]
    current = steps[step - 1] if step else None
    answered, asked = actions.progress(request.user, assessment)  # type: ignore[arg-type]
    return render(
        request,
        "assess/wizard.html",
        {
            "business": business,
            "assessment": assessment,
            "step": step,
            "last": last,
            "current": current,
            "dimension_name": current["name"] if current else None,
            "questions": [
                {"q": q, "chosen": str(own[q.id]) if q.id in own else None} for q in current["questions"]
            ]
            if current
            else [],
            "sectors": labels.SECTORS,
            "facts": assessment.facts,
            "answered": answered,
            "asked": asked,
            "others": max(len(actions.respondents(assessment)) - (1 if own else 0), 0),
        },
    )


def _to_step(business: Business, assessment: Assessment, step: int) -> HttpResponse:
    response = redirect("business-assessment-step", key=business.key, assessment_id=assessment.pk)
    response["Location"] += f"?step={step}"
    return response


@login_required
def result_page(request: HttpRequest, key: str, assessment_id: int) -> HttpResponse:
    business = get_business_for(request.user, key, Action.VIEW)
    assessment = _assessment(business, assessment_id)
    if not assessment.done:
        raise Http404(_("This round is not finished yet."))
    return render(request, "assess/result.html", result_context(business, assessment))


def result_context(business: Business, assessment: Assessment) -> dict[str, Any]:
    result = assessment.result
    names = actions.dimension_names()
    people = result.get("respondent_names") or []
    dims = []
    for dim in DIMENSIONS:
        d = result["dimensions"][dim]
        dims.append(
            d
            | {
                "name": _(names[dim]),
                "source_label": labels.SOURCES.get(d["source"], d["source"]),
                "confidence_label": labels.CONFIDENCE.get(d["confidence"], d["confidence"]),
                "people": [
                    {"name": people[i] if i < len(people) else "?", "score": s}
                    for i, s in enumerate(d.get("respondents") or [])
                ]
                if len(d.get("respondents") or []) > 1
                else [],
            }
        )
    spec = charts.assessment_scores(
        [{"dimension": d["name"], "score": d["score"] or 0, "source": str(d["source_label"])} for d in dims],
        title=_("Score per dimension (0–100)"),
        score=_("Score"),
        source=_("Source"),
        sources=[str(labels.SOURCES["self_reported"]), str(labels.SOURCES["measured"])],
    )
    by_id = {u.id: u for u in catalogue()}
    top = []
    for item in result.get("top_use_cases", []):
        use_case = by_id.get(item["id"])
        top.append(
            item
            | {
                "summary": use_case.summary if use_case else "",
                "drivers": list(use_case.value_drivers) if use_case else [],
                "option_label": labels.MODEL_OPTIONS.get(item["model_option"], item["model_option"]),
                "ai_act_label": labels.AI_ACT.get(item["ai_act_risk"], item["ai_act_risk"]),
            }
        )
    barriers = [
        b | {"help_labels": [labels.HELP.get(h, h) for h in b["help"]]} for b in result.get("barriers", [])
    ]
    holding = [n for n in result.get("notes", []) if n.get("template") == texts.HOLDING_BACK]
    earlier = actions.previous(assessment)
    movement = actions.compare(earlier, assessment) if earlier else None
    if movement:
        for row in movement["dimensions"]:
            row["name"] = _(names[row["dimension"]])
    rung = rungs()[result["rung"]]
    return {
        "business": business,
        "assessment": assessment,
        "result": result,
        "rung": rung,
        "next_rung": rungs()[rung.level + 1] if rung.level + 1 < len(rungs()) else None,
        "range": result.get("rung_range") or [result["rung"], result["rung"]],
        "dims": dims,
        "disagreements": [d for d in dims if d["disagreement"]],
        "spec": spec,
        "chart_locale": formatting.chart_locale(business.currency),
        "top": top,
        "barriers": barriers,
        "holding": holding,
        "axes": [(labels.AXES[k], v) for k, v in result.get("axes", {}).items()],
        "movement": movement,
        "confidence_label": labels.CONFIDENCE.get(result.get("confidence", ""), ""),
        "people": people,
    }
