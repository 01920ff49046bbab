"""The import endpoints of the API: upload files, list imports, undo one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from rung.web.businesses import imports
from rung.web.businesses.access import Action, get_business_for
from rung.web.businesses.models import ImportBatch
from rung.web.jobs.actions import start_job

router = Router(tags=["imports"])


class ImportOut(Schema):
    batch: str
    created_at: datetime
    status: str
    files: dict[str, str]
    rows: dict[str, int]
    tables: list[dict[str, Any]]


def _out(batch: ImportBatch) -> ImportOut:
    return ImportOut(
        batch=batch.batch_key,
        created_at=batch.created_at,
        status=batch.status,
        files=batch.files,
        rows=batch.rows,
        tables=batch.report,
    )


class QueuedOut(Schema):
    job: str
    batch: str


@router.post("/businesses/{key}/imports", response={202: QueuedOut})
def upload(request: HttpRequest, key: str, files: File[list[UploadedFile]]) -> Status[QueuedOut]:
    """Queue an import of the uploaded files; follow it at /api/jobs/{job}, then see
    /api/businesses/{key}/imports/{batch}."""
    business = get_business_for(request.user, key, Action.EDIT)
    saved = imports.save_uploads(request.user, business, [(f.name or "upload", f.chunks()) for f in files])  # type: ignore[arg-type]
    batch = imports.new_batch_key()
    job = start_job(request.user, business, "import_files", {"files": saved, "batch": batch})  # type: ignore[arg-type]
    return Status(202, QueuedOut(job=str(job.pk), batch=batch))


@router.get("/businesses/{key}/imports", response=list[ImportOut])
def list_imports(request: HttpRequest, key: str) -> list[ImportOut]:
    business = get_business_for(request.user, key, Action.VIEW)
    return [_out(b) for b in business.imports.all()[:100]]


@router.get("/businesses/{key}/imports/{batch}", response=ImportOut)
def get_import(request: HttpRequest, key: str, batch: str) -> ImportOut:
    """One import: its files, the tables found, how each column was read, the rows stored."""
    business = get_business_for(request.user, key, Action.VIEW)
    found = business.imports.filter(batch_key=batch).first()
    if found is None:
        raise Http404("No such import for this business.")
    return _out(found)


@router.post("/businesses/{key}/imports/{batch}/undo", response=ImportOut)
def undo(request: HttpRequest, key: str, batch: str) -> ImportOut:
    business = get_business_for(request.user, key, Action.EDIT)
    found = business.imports.filter(batch_key=batch).first()
    if found is None:
        raise ValueError("No such import for this business.")
    imports.undo_import(request.user, business, found)  # type: ignore[arg-type]
    found.refresh_from_db()
    return _out(found)
