"""The data health page: thin views over rung.web.quality.actions."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rung.web.businesses.access import Action, allowed_actions, get_business_for
from rung.web.businesses.models import Business
from rung.web.jobs.actions import under_way
from rung.web.quality import actions
from rung.web.quality.labels import dimension_label, use_case_label, verdict_label


@login_required
def quality_page(request: HttpRequest, key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.VIEW)
    latest = actions.latest(business)
    report = latest.report if latest else {}
    history = list(business.quality_checks.only("score", "created_at", "trigger", "dimensions")[:12])
    context = {
        "business": business,
        "check": latest,
        "dimensions": [(dimension_label(d), v) for d, v in report.get("dimensions", {}).items()],
        "findings": report.get("findings", []),
        "readiness": [
            {**r, "label": use_case_label(r["use_case"]), "verdict_label": verdict_label(r["verdict"])}
            for r in report.get("readiness", [])
        ],
        "merges": report.get("merges", []),
        "history": list(reversed(history)),
        "fixes": actions.fix_list(request.user, business),  # type: ignore[arg-type]
        "can_edit": Action.EDIT in allowed_actions(request.user, business),
        "running": under_way(business, actions.JOB),
    }
    return render(request, "quality/report.html", context)


def _post_action(
    request: HttpRequest, key: str, act: Callable[[Business], object], done: str
) -> HttpResponse:
    business = get_business_for(request.user, key, Action.EDIT)
    try:
        act(business)
    except ValueError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
    return redirect("business-quality", key=business.key)


@login_required
@require_POST
def recheck(request: HttpRequest, key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.EDIT)
    job = actions.queue_check(request.user, business, "recheck")  # type: ignore[arg-type]
    if job is None:
        messages.info(request, _("A check is already under way."))
        return redirect("business-quality", key=business.key)
    return redirect("job-detail", job_id=job.pk)


@login_required
@require_POST
def fix(request: HttpRequest, key: str) -> HttpResponse:
    spec = {name: request.POST.get(name, "") for name in ("kind", "entity", "field")}
    return _post_action(
        request,
        key,
        lambda b: actions.make_fix(request.user, b, **spec),  # type: ignore[arg-type]
        _("Fixed. The score is being checked again; you can undo the fix below."),
    )


@login_required
@require_POST
def undo_fix(request: HttpRequest, key: str, fix_id: str) -> HttpResponse:
    return _post_action(
        request,
        key,
        lambda b: actions.undo_fix(request.user, b, fix_id),  # type: ignore[arg-type]
        _("The fix was undone."),
    )


@login_required
@require_POST
def merge(request: HttpRequest, key: str) -> HttpResponse:
    suggestion = request.POST.get("suggestion", "")
    if request.POST.get("answer") == "reject":
        return _post_action(
            request,
            key,
            lambda b: actions.reject_merge(request.user, b, suggestion),  # type: ignore[arg-type]
            _("Noted: these are different. They will not be suggested again."),
        )
    keep = request.POST.get("keep") or None
    return _post_action(
        request,
        key,
        lambda b: actions.accept_merge(request.user, b, suggestion, keep),  # type: ignore[arg-type]
        _("Merged. You can undo the merge below."),
    )
