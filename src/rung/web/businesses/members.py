"""The people page of a business: members and their roles, and the programs it joined.

Everyone who may see the business sees who else can; only its managers (owners) may
change anything. Every change goes through rung.web.businesses.actions or
rung.web.programs.actions.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rung.web.accounts.models import User
from rung.web.businesses import actions
from rung.web.businesses.access import Action, allowed_actions, check, get_business_for
from rung.web.businesses.forms import JoinProgramForm, MemberForm
from rung.web.businesses.models import Business, Membership
from rung.web.programs import actions as program_actions
from rung.web.programs.models import Program


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.VIEW)
    member_form, join_form = MemberForm(), JoinProgramForm()
    if request.method == "POST":
        check(request.user, business, Action.MANAGE)
        assert isinstance(request.user, User)
        handler = _HANDLERS.get(request.POST.get("do", ""))
        if handler is None:
            messages.error(request, _("Unknown request."))
        else:
            try:
                done, member_form, join_form = handler(request, request.user, business)
            except ValueError as refused:
                messages.error(request, str(refused))
            else:
                if done:
                    return redirect("business-members", key=business.key)
    context = {
        "business": business,
        "memberships": business.memberships.select_related("user").order_by("role", "user__username"),
        "enrollments": business.enrollments.select_related("program"),
        "can_manage": Action.MANAGE in allowed_actions(request.user, business),
        "member_form": member_form,
        "join_form": join_form,
    }
    return render(request, "businesses/members.html", context)


Outcome = tuple[bool, MemberForm, JoinProgramForm]


def _add(request: HttpRequest, actor: User, business: Business) -> Outcome:
    form = MemberForm(request.POST)
    if not form.is_valid():
        return False, form, JoinProgramForm()
    user = actions.find_user(form.cleaned_data["person"])
    if user is None:
        form.add_error("person", _("Nobody with this username or e-mail address has a Rung login yet."))
        return False, form, JoinProgramForm()
    actions.add_member(actor, business, user, Membership.Role(form.cleaned_data["role"]))
    messages.success(request, _("%(name)s can now work with this business.") % {"name": user.get_username()})
    return True, form, JoinProgramForm()


def _remove(request: HttpRequest, actor: User, business: Business) -> Outcome:
    membership = business.memberships.filter(pk=request.POST.get("membership", "")).first()
    if membership is not None:
        actions.remove_member(actor, business, membership.user)
    return True, MemberForm(), JoinProgramForm()


def _join(request: HttpRequest, actor: User, business: Business) -> Outcome:
    form = JoinProgramForm(request.POST)
    if not form.is_valid():
        return False, MemberForm(), form
    program = Program.objects.filter(key=form.cleaned_data["program"]).first()
    if program is None:
        form.add_error("program", _("No program has this code. Check it with your advisor."))
        return False, MemberForm(), form
    program_actions.join_program(actor, business, program)
    messages.success(request, _("You joined %(program)s.") % {"program": program.name})
    return True, MemberForm(), form


def _leave(request: HttpRequest, actor: User, business: Business) -> Outcome:
    enrollment = business.enrollments.filter(pk=request.POST.get("enrollment", "")).first()
    if enrollment is not None:
        program_actions.leave_program(actor, business, enrollment.program)
    return True, MemberForm(), JoinProgramForm()


_HANDLERS = {"add": _add, "remove": _remove, "join": _join, "leave": _leave}
