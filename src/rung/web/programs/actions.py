"""Setting up programs: made by the operator (CLI) or a site admin, joined by business owners.

A business joins a program only with its owner's consent (MANAGE on the business),
because joining lets the program's advisors and managers see its data.
"""

from __future__ import annotations

from django.db import transaction

from rung.web.accounts.models import User
from rung.web.businesses.access import Action, check
from rung.web.businesses.models import Business
from rung.web.programs.models import Enrollment, Program, ProgramMembership


def create_program(*, key: str, name: str, description: str = "") -> Program:
    if Program.objects.filter(key=key).exists():
        raise ValueError(f"A program with key {key!r} exists already.")
    return Program.objects.create(key=key, name=name, description=description)


def set_program_role(program: Program, user: User, role: ProgramMembership.Role) -> ProgramMembership:
    membership, _created = ProgramMembership.objects.update_or_create(
        program=program, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def join_program(actor: User, business: Business, program: Program) -> Enrollment:
    """The business's owner lets the program's advisors see the business."""
    check(actor, business, Action.MANAGE)
    enrollment, _created = Enrollment.objects.get_or_create(program=program, business=business)
    return enrollment


@transaction.atomic
def leave_program(actor: User, business: Business, program: Program) -> None:
    check(actor, business, Action.MANAGE)
    Enrollment.objects.filter(program=program, business=business).delete()
