"""The one access check for a business's data, used by every view, API call and job.

`allowed_actions` is the single place that decides who may do what with a business;
everything else (`get_business_for`, `open_store`, the job and API helpers) calls it.
A user who may not even see a business gets "not found", never "forbidden", so ids
cannot be probed.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from rung.engine.store import BusinessStore, Grant
from rung.web.accounts.models import User
from rung.web.businesses.models import Business, Membership


class Action(StrEnum):
    VIEW = "view"  # see dashboards and results
    EDIT = "edit"  # change the data: imports, jobs
    MANAGE = "manage"  # members, settings, deleting the business


_ALL = frozenset(Action)
_BY_ROLE = {
    Membership.Role.OWNER: _ALL,
    Membership.Role.STAFF: frozenset({Action.VIEW, Action.EDIT}),
}
_PROGRAM_STAFF = frozenset({Action.VIEW})


Actor = User | AnonymousUser


def allowed_actions(user: Actor, business: Business) -> frozenset[Action]:
    """What user may do with business: by membership, program role, or site admin."""
    if not isinstance(user, User) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return _ALL
    membership = Membership.objects.filter(business=business, user=user).only("role").first()
    if membership is not None:
        return _BY_ROLE[Membership.Role(membership.role)]
    if business.enrollments.filter(program__memberships__user=user).exists():
        return _PROGRAM_STAFF
    return frozenset()


def visible_businesses(user: Actor) -> QuerySet[Business]:
    """Every business user may at least view."""
    if not isinstance(user, User) or not user.is_active:
        return Business.objects.none()
    if user.is_superuser:
        return Business.objects.all()
    return Business.objects.filter(
        Q(memberships__user=user) | Q(enrollments__program__memberships__user=user)
    ).distinct()


def check(user: Actor, business: Business, action: Action) -> None:
    """Raise unless user may do action: 404 when they may not even see it, else 403."""
    allowed = allowed_actions(user, business)
    if Action.VIEW not in allowed:
        raise Http404("No such business.")
    if action not in allowed:
        raise PermissionDenied(f"You may not {action.value} this business.")


def get_business_for(user: Actor, key: str, action: Action = Action.VIEW) -> Business:
    """The business with this key, if user may do action on it; call first in every view."""
    business = Business.objects.filter(key=key).first()
    if business is None:
        raise Http404("No such business.")
    check(user, business, action)
    return business


def open_store(user: Actor, business: Business, action: Action = Action.VIEW) -> BusinessStore:
    """The business's data store, with write access only if the action needs it."""
    check(user, business, action)
    grant = Grant(business_key=business.key, actor=user.get_username(), can_write=action is not Action.VIEW)
    return BusinessStore(settings.RUNG_DATA_DIR, grant)
