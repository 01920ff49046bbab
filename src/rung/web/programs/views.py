"""A program's page: the businesses that joined it, for its advisors and managers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import IntegerField, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rung.web.assess.models import Assessment
from rung.web.businesses.access import Action
from rung.web.programs.access import get_program_for, program_role
from rung.web.quality.models import QualityCheck


@login_required
def program_detail(request: HttpRequest, key: str) -> HttpResponse:
    program = get_program_for(request.user, key, Action.VIEW)
    checks = QualityCheck.objects.filter(business=OuterRef("business"))
    rounds = Assessment.objects.filter(business=OuterRef("business"), status=Assessment.Status.DONE)
    enrollments = program.enrollments.select_related("business").annotate(
        first_score=Subquery(checks.order_by("created_at", "id").values("score")[:1]),
        latest_score=Subquery(checks.order_by("-created_at", "-id").values("score")[:1]),
        first_rung=Subquery(
            rounds.order_by("round", "id").values("result__rung")[:1], output_field=IntegerField()
        ),
        latest_rung=Subquery(
            rounds.order_by("-round", "-id").values("result__rung")[:1], output_field=IntegerField()
        ),
    )
    return render(
        request,
        "programs/detail.html",
        {"program": program, "enrollments": enrollments, "role": program_role(request.user, program)},
    )
