"""Named actions on a business's data health: check it, fix it, merge duplicates, undo.

Views, the API, jobs and the CLI call these; each opens the store through the access
check first. Fixes are rules the store applies on read (rung.engine.quality.fixes), so a
fix or an undo changes nothing on disk but a small JSON file, and a fresh check (a job,
since duplicate matching may take a while) shows the new score.
"""

from __future__ import annotations

import contextlib
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.utils import timezone
from django.utils.translation import gettext as _

from rung.engine.progress import Progress, silent
from rung.engine.quality import fixes
from rung.engine.quality.report import check as check_tables
from rung.engine.quality.tables import usual_names
from rung.engine.schema import ENTITIES
from rung.engine.store import BusinessStore
from rung.web.accounts.models import User
from rung.web.businesses.access import Action, check, open_store
from rung.web.businesses.models import Business
from rung.web.jobs.models import Job
from rung.web.quality.models import QualityCheck

JOB = "quality_check"


def business_today(business: Business) -> Any:
    return timezone.now().astimezone(ZoneInfo(business.time_zone)).date()


def run_check(
    actor: User,
    business: Business,
    store: BusinessStore,
    progress: Progress = silent,
    *,
    trigger: str = QualityCheck.Trigger.RECHECK,
    batch: str | None = None,
) -> QualityCheck:
    """The quality job: check every table of the business and keep the report."""
    check(actor, business, Action.VIEW)
    tables = {name: store.read(name) for name in ENTITIES if store.has(name)}
    report = check_tables(
        tables,
        today=business_today(business),
        rejected=store.decisions().rejected,
        quarantined=store.read_quarantine(),
        progress=progress,
    )
    return QualityCheck.objects.create(
        business=business,
        batch=business.imports.filter(batch_key=batch).first() if batch else None,
        trigger=trigger,
        score=report.score,
        dimensions=report.dimensions,
        report=report.as_dict(),
        created_by=actor,
    )


def queue_check(actor: User, business: Business, trigger: str, batch: str | None = None) -> Job | None:
    """Queue a fresh check; None when one is already waiting (it will read the latest data anyway)."""
    from rung.web.jobs.actions import start_job  # jobs' registry imports this module: import at call time

    params: dict[str, Any] = {"trigger": trigger}
    if batch:
        params["batch"] = batch
    with contextlib.suppress(ValueError):
        return start_job(actor, business, JOB, params)
    return None


def latest(business: Business) -> QualityCheck | None:
    return business.quality_checks.first()


def _offered_fix(business: Business, kind: str, entity: str, field: str) -> None:
    """Only fixes the latest report offers can be made: the report is what the owner saw."""
    last = latest(business)
    offered = [f.get("fix") for f in (last.report.get("findings", []) if last else [])]
    if {"kind": kind, "entity": entity, "field": field} not in offered:
        raise ValueError(_("That fix is not offered for this business's data; check the data again."))


def make_fix(actor: User, business: Business, *, kind: str, entity: str, field: str) -> fixes.Fix:
    store = open_store(actor, business, Action.EDIT)
    _offered_fix(business, kind, entity, field)
    mapping: dict[str, str] = {}
    if kind == "names":
        names = usual_names(store.read("sale_lines")).filter(pl.col("names") > 1)
        mapping = dict(zip(names.get_column("product_id"), names.get_column("name"), strict=True))
    fix = store.add_fix(fixes.new_fix(kind, entity, field, actor.get_username(), mapping))
    queue_check(actor, business, QualityCheck.Trigger.FIX)
    return fix


def _suggestion(business: Business, key: str) -> dict[str, Any]:
    last = latest(business)
    for merge in last.report.get("merges", []) if last else []:
        if merge["key"] == key:
            return dict(merge)
    raise ValueError(_("That merge suggestion is no longer open; check the data again."))


def accept_merge(actor: User, business: Business, key: str, keep: str | None = None) -> fixes.Fix:
    """Merge the records of a suggestion into one id (the owner may pick which id stays)."""
    store = open_store(actor, business, Action.EDIT)
    merge = _suggestion(business, key)
    keep = keep or merge["keep"]
    if keep not in merge["ids"]:
        raise ValueError(_("Keep one of the ids of this suggestion."))
    mapping = {i: keep for i in merge["ids"] if i != keep}
    fix = store.add_fix(
        fixes.new_fix(
            "merge", merge["entity"], fixes.MERGE_KEYS[merge["entity"]], actor.get_username(), mapping
        )
    )
    _close_suggestion(business, key)
    queue_check(actor, business, QualityCheck.Trigger.FIX)
    return fix


def reject_merge(actor: User, business: Business, key: str) -> None:
    """The owner says these records are different: never suggest them again."""
    store = open_store(actor, business, Action.EDIT)
    _suggestion(business, key)
    store.reject_merge(key)
    _close_suggestion(business, key)


def _close_suggestion(business: Business, key: str) -> None:
    """Take an answered suggestion off the shown report at once, without waiting for a new check."""
    last = latest(business)
    if last is not None:
        last.report["merges"] = [m for m in last.report.get("merges", []) if m["key"] != key]
        last.save(update_fields=["report"])


def undo_fix(actor: User, business: Business, fix_id: str) -> None:
    store = open_store(actor, business, Action.EDIT)
    try:
        store.undo_fix(fix_id)
    except fixes.FixError as exc:
        raise ValueError(str(exc)) from exc
    queue_check(actor, business, QualityCheck.Trigger.FIX)


def fix_list(actor: User, business: Business) -> list[fixes.Fix]:
    """Every fix made, newest first, undone ones too (the record of who changed what)."""
    store = open_store(actor, business, Action.VIEW)
    return list(reversed(store.decisions().fixes))
