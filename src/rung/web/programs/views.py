"""A program's page: the businesses that joined it, for its advisors and managers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rung.web.businesses.access import Action
from rung.web.programs.access import get_program_for, program_role


@login_required
def program_detail(request: HttpRequest, key: str) -> HttpResponse:
    program = get_program_for(request.user, key, Action.VIEW)
    enrollments = program.enrollments.select_related("business")
    return render(
        request,
        "programs/detail.html",
        {"program": program, "enrollments": enrollments, "role": program_role(request.user, program)},
    )
