"""Who may see a program: its managers and advisors (managers may also change it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from rung.web.accounts.models import User
from rung.web.businesses.access import Action, Actor
from rung.web.programs.models import Program, ProgramMembership


def program_role(user: Actor, program: Program) -> str | None:
    if not isinstance(user, User) or not user.is_active:
        return None
    if user.is_superuser:
        return str(ProgramMembership.Role.MANAGER)
    membership = program.memberships.filter(user=user).only("role").first()
    return membership.role if membership else None


def visible_programs(user: Actor) -> QuerySet[Program]:
    if not isinstance(user, User) or not user.is_active:
        return Program.objects.none()
    if user.is_superuser:
        return Program.objects.all()
    return Program.objects.filter(memberships__user=user).distinct()


def get_program_for(user: Actor, key: str, action: Action = Action.VIEW) -> Program:
    program = Program.objects.filter(key=key).first()
    role = program_role(user, program) if program else None
    if program is None or role is None:
        raise Http404("No such program.")
    if action is not Action.VIEW and role != ProgramMembership.Role.MANAGER:
        raise PermissionDenied("Only the program's managers may change it.")
    return program
