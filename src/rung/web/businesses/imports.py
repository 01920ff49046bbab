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

from rung.engine.ingest.pipeline import Context, run_import
from rung.engine.progress import Progress, silent
from rung.engine.store import BusinessStore
from rung.web.accounts.models import User
from rung.web.businesses.access import Action, check, open_store
from rung.web.businesses.models import Business, ImportBatch


def context_for(business: Business) -> Context:
    return Context(currency=business.currency, country=business.country, time_zone=business.time_zone)


def save_uploads(actor: User, business: Business, files: Iterable[tuple[str, Iterable[bytes]]]) -> list[str]:
    """Keep uploaded files for an import job; returns their paths relative to the business folder."""
    store = open_store(actor, business, Action.EDIT)
    limit = settings.RUNG_MAX_UPLOAD_BYTES
    saved = [store.save_upload(name, chunks, max_bytes=limit) for name, chunks in files]
    return [str(path.relative_to(store.path)) for path in saved]


def import_files(
    actor: User, business: Business, store: BusinessStore, progress: Progress = silent, *, files: list[str]
) -> ImportBatch:
    """The import job: every uploaded file into the store as one batch, or nothing at all."""
    check(actor, business, Action.EDIT)
    paths = [store.upload(relative) for relative in files]
    batch_key = f"import-{secrets.token_hex(6)}"
    result = run_import(paths, context_for(business), store=store, batch=batch_key, progress=progress)
    rows: dict[str, int] = {}
    for table in result.tables:
        if table.entity and table.stored:
            entity = "sale_lines" if table.entity == "orders" else table.entity
            rows[entity] = rows.get(entity, 0) + table.stored
    try:
        batch = ImportBatch.objects.create(
            business=business,
            batch_key=batch_key,
            source="upload",
            rows=rows,
            files=result.files,
            report=[t.as_dict() for t in result.tables],
            created_by=actor,
        )
    except BaseException:
        store.remove_batch(batch_key)
        raise
    progress(95, gettext_noop("Cleaning up"))
    for path in paths:
        _remove_upload(path)
    return batch


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
    batch.status = ImportBatch.Status.UNDONE
    batch.save(update_fields=["status"])
    transaction.on_commit(lambda: store.remove_batch(batch.batch_key))
