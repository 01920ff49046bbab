"""Named actions that change businesses; views, the API, jobs and the CLI call these.

Each takes the acting user and checks access through rung.web.businesses.access
before it touches anything.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from rung.engine import sample_data
from rung.engine.progress import Progress, silent
from rung.engine.store import BusinessStore
from rung.web.accounts.models import User
from rung.web.businesses.access import Action, check, open_store
from rung.web.businesses.models import Business, ImportBatch, Membership, new_business_key
from rung.web.quality import actions as quality
from rung.web.quality.models import QualityCheck

# Progress messages are stored untranslated and shown in each reader's language.
STORING = {
    "sale_lines": gettext_noop("Storing the sale lines"),
    "customers": gettext_noop("Storing the customers"),
    "products": gettext_noop("Storing the products"),
}


@transaction.atomic
def create_business(
    owner: User, *, name: str, country: str, currency: str, time_zone: str = "UTC"
) -> Business:
    business = Business.objects.create(
        key=new_business_key(name),
        name=name,
        country=country.upper(),
        currency=currency.upper(),
        time_zone=time_zone,
    )
    Membership.objects.create(business=business, user=owner, role=Membership.Role.OWNER)
    return business


def find_user(identifier: str) -> User | None:
    """An active user by username or e-mail address (either is what an owner knows)."""
    identifier = identifier.strip()
    if not identifier:
        return None
    field = "email__iexact" if "@" in identifier else "username__iexact"
    return User.objects.filter(**{field: identifier}, is_active=True).order_by("pk").first()


def _keep_an_owner(business: Business, leaving: User) -> None:
    owners = business.memberships.filter(role=Membership.Role.OWNER).exclude(user=leaving)
    if not owners.exists():
        raise ValueError(_("A business needs at least one owner. Make someone else owner first."))


@transaction.atomic
def add_member(actor: User, business: Business, user: User, role: Membership.Role) -> Membership:
    """Give user a role in business (or change it); only the business's managers may."""
    check(actor, business, Action.MANAGE)
    current = business.memberships.filter(user=user).first()
    if current is not None and current.role == Membership.Role.OWNER and role != Membership.Role.OWNER:
        _keep_an_owner(business, user)
    membership, _created = Membership.objects.update_or_create(
        business=business, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def remove_member(actor: User, business: Business, user: User) -> None:
    check(actor, business, Action.MANAGE)
    _keep_an_owner(business, user)
    business.memberships.filter(user=user).delete()


def delete_business(actor: User, business: Business) -> None:
    """Delete the business, its rows and its data folder; the folder goes only if the rows did.

    Refused while a job is waiting or running: it would write the folder again afterwards.
    """
    store = open_store(actor, business, Action.MANAGE)
    with transaction.atomic():
        Business.objects.select_for_update().filter(pk=business.pk).first()
        if business.jobs.filter(status__in=("queued", "running")).exists():
            raise ValueError(
                _("Work is still under way for this business. Delete it once that has finished.")
            )
        business.delete()
        transaction.on_commit(store.destroy)


def load_sample_data(
    actor: User, business: Business, store: BusinessStore, progress: Progress = silent
) -> ImportBatch:
    """Import the bundled sample shop's sales into business, as one undoable batch."""
    check(actor, business, Action.EDIT)
    if business.imports.filter(source="sample_data", status=ImportBatch.Status.STORED).exists():
        raise ValueError(_("The sample shop's sales are loaded already."))
    progress(5, gettext_noop("Reading the sample shop's sales"))
    tables = sample_data.to_canonical(sample_data.read_sample(), progress)
    batch_key = f"sample-{secrets.token_hex(6)}"
    rows: dict[str, int] = {}
    try:
        for step, (name, df) in enumerate(tables.items()):
            progress(60 + 10 * step, STORING.get(name, gettext_noop("Storing the data")))
            store.write(name, df, batch=batch_key)
            rows[name] = df.height
        saved = ImportBatch.objects.create(
            business=business, batch_key=batch_key, source="sample_data", rows=rows, created_by=actor
        )
    except BaseException:
        store.remove_batch(batch_key)
        raise
    quality.queue_check(actor, business, QualityCheck.Trigger.IMPORT, batch_key)
    return saved
