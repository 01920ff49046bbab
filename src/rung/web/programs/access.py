"""Who may see a program: its managers and advisors (managers may also change it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from rung.web.businesses.access import Action
from rung.web.programs.models import Program, ProgramMembership


def program_role(user: object, program: Program) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "is_superuser", False):
        return ProgramMembership.Role.MANAGER
    membership = program.memberships.filter(user=user).only("role").first()
    return membership.role if membership else None


def visible_programs(user: object) -> QuerySet[Program]:
    if not getattr(user, "is_authenticated", False):
        return Program.objects.none()
    if getattr(user, "is_superuser", False):
        return Program.objects.all()
    return Program.objects.filter(memberships__user=user).distinct()


def get_program_for(user: object, key: str, action: Action = Action.VIEW) -> Program:
    program = Program.objects.filter(key=key).first()
    role = program_role(user, program) if program else None
    if program is None or role is None:
        raise Http404("No such program.")
    if action is not Action.VIEW and role != ProgramMembership.Role.MANAGER:
        raise PermissionDenied("Only the program's managers may change it.")
    return program
