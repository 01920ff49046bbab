"""Importing an owner's files, and undoing an import: the actions behind pages, API and CLI.

Uploads are kept in the business's own folder (see BusinessStore.save_upload) until the
import job has run; the job reads them with rung.engine.ingest and stores one batch.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from rung.engine.ingest.pipeline import ConfirmedMapping, Context, Remembered, run_import
from rung.engine.progress import Progress, silent
from rung.engine.store import BusinessStore
from rung.web.accounts.models import User
from rung.web.businesses.access import Action, check, open_store
from rung.web.businesses.models import Business, ImportBatch, MappingMemory
from rung.web.quality import actions as quality
from rung.web.quality.models import QualityCheck


def context_for(business: Business) -> Context:
    return Context(currency=business.currency, country=business.country, time_zone=business.time_zone)


def save_uploads(actor: User, business: Business, files: Iterable[tuple[str, Iterable[bytes]]]) -> list[str]:
    """Keep uploaded files for an import job; returns their paths relative to the business folder.

    Refused before anything is written while another import of the business is under way,
    so refused uploads never pile up on disk.
    """
    store = open_store(actor, business, Action.EDIT)
    if business.jobs.filter(kind="import_files", status__in=("queued", "running")).exists():
        raise ValueError(_("An import is already under way for this business; wait until it has finished."))
    limit = settings.RUNG_MAX_UPLOAD_BYTES
    saved = [store.save_upload(name, chunks, max_bytes=limit) for name, chunks in files]
    return [str(path.relative_to(store.path)) for path in saved]


def remembered_mappings(business: Business) -> Remembered:
    return {
        m.fingerprint: ConfirmedMapping(m.entity or None, tuple(m.targets)) for m in business.mappings.all()
    }


def new_batch_key() -> str:
    """A key for an import, chosen when it is queued so its pages can be linked from the job."""
    return f"import-{secrets.token_hex(6)}"


def import_files(
    actor: User,
    business: Business,
    store: BusinessStore,
    progress: Progress = silent,
    *,
    files: list[str],
    batch: str | None = None,
    confirmed: bool = False,
) -> ImportBatch:
    """The import job: every uploaded file into the store as one batch, or nothing at all.

    When a table's kind or a column is uncertain and the owner has not confirmed that
    layout before, nothing is stored: the batch waits (status pending) for the owner to
    check the mapping, and the confirmed import runs this again with confirmed=True.
    """
    check(actor, business, Action.EDIT)
    if batch and business.imports.filter(batch_key=batch).exclude(status=ImportBatch.Status.PENDING).exists():
        raise ValueError(_("This import is not waiting for a check."))
    paths = [store.upload(relative) for relative in files]
    batch_key = batch or new_batch_key()
    result = run_import(
        paths,
        context_for(business),
        store=store,
        batch=batch_key,
        progress=progress,
        remembered=remembered_mappings(business),
        decide=lambda tables: confirmed or not any(t.needs_confirmation for t in tables),
    )
    rows: dict[str, int] = {}
    for table in result.tables:
        if table.entity and table.stored and result.batch:
            entity = "sale_lines" if table.entity == "orders" else table.entity
            rows[entity] = rows.get(entity, 0) + table.stored
    status = ImportBatch.Status.STORED if result.batch else ImportBatch.Status.PENDING
    try:
        saved, _created = ImportBatch.objects.update_or_create(
            business=business,
            batch_key=batch_key,
            defaults={
                "source": "upload",
                "rows": rows,
                "files": result.files,
                "report": [t.as_dict() for t in result.tables],
                "uploads": [] if result.batch else files,
                "status": status,
                "created_by": actor,
            },
        )
    except BaseException:
        store.remove_batch(batch_key)
        raise
    if result.batch:
        progress(95, gettext_noop("Cleaning up"))
        for path in paths:
            _remove_upload(path)
        quality.queue_check(actor, business, QualityCheck.Trigger.IMPORT, batch_key)
    else:
        progress(100, gettext_noop("Check how your columns were read, then import"))
    return saved


@transaction.atomic
def confirm_mapping(
    actor: User, business: Business, batch: ImportBatch, choices: list[ConfirmedMapping]
) -> None:
    """Remember the owner's mapping for each table's layout (one choice per table, in report order)."""
    check(actor, business, Action.EDIT)
    if batch.business_id != business.pk or batch.status != ImportBatch.Status.PENDING:
        raise ValueError(_("This import is not waiting for a check."))
    for table, choice in zip(batch.report, choices, strict=True):
        MappingMemory.objects.update_or_create(
            business=business,
            fingerprint=table["fingerprint"],
            defaults={
                "entity": choice.entity or "",
                "targets": list(choice.targets),
                "headers": [c["source"] for c in table["columns"]],
                "confirmed_by": actor,
            },
        )


def _remove_upload(path: Path) -> None:
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # another upload of the same request may still be there
        path.parent.rmdir()


@transaction.atomic
def undo_import(actor: User, business: Business, batch: ImportBatch) -> None:
    """Remove everything one import stored; the batch stays listed as undone."""
    store = open_store(actor, business, Action.EDIT)
    if batch.business_id != business.pk:
        raise ValueError(_("That import belongs to another business."))
    if batch.status == ImportBatch.Status.UNDONE:
        raise ValueError(_("This import was undone already."))
    if batch.status != ImportBatch.Status.STORED:
        raise ValueError(_("Nothing of this import is stored yet, so there is nothing to undo."))
    batch.status = ImportBatch.Status.UNDONE
    batch.save(update_fields=["status"])
    transaction.on_commit(lambda: store.remove_batch(batch.batch_key))
    quality.queue_check(actor, business, QualityCheck.Trigger.IMPORT)
