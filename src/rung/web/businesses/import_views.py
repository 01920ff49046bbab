"""Pages for importing files: upload, then a summary per import with its quarantine and undo."""

from __future__ import annotations

import io
from typing import Any

import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rung.engine.ingest.mapping import ORDER_FIELDS, ORDERS
from rung.engine.ingest.pipeline import ConfirmedMapping
from rung.engine.schema import ENTITIES
from rung.web.businesses import imports
from rung.web.businesses.access import Action, allowed_actions, get_business_for, open_store
from rung.web.businesses.models import Business, ImportBatch
from rung.web.jobs.actions import start_job


def uploaded(files: list[UploadedFile]) -> list[tuple[str, object]]:
    return [(f.name or "upload", f.chunks()) for f in files]


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.EDIT)
    if request.method == "POST":
        here = reverse("business-import", kwargs={"key": business.key})
        files = request.FILES.getlist("files")
        if not files:
            messages.error(request, _("Choose one or more files to import."))
            return _go(request, here)
        try:
            saved = imports.save_uploads(request.user, business, uploaded(files))  # type: ignore[arg-type]
            params = {"files": saved, "batch": imports.new_batch_key()}
            job = start_job(request.user, business, "import_files", params)  # type: ignore[arg-type]
        except ValueError as refused:
            messages.error(request, str(refused))
            return _go(request, here)
        return _go(request, reverse("job-detail", kwargs={"job_id": job.pk}))
    return render(
        request, "businesses/import.html", {"business": business, "imports": business.imports.all()[:20]}
    )


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """Redirect; an htmx upload (which shows upload progress) is told where to go instead."""
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


def _batch(business: Business, batch_key: str) -> ImportBatch:
    batch = business.imports.filter(batch_key=batch_key).first()
    if batch is None:
        raise Http404("No such import.")
    return batch


@login_required
def import_detail(request: HttpRequest, key: str, batch_key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.VIEW)
    batch = _batch(business, batch_key)
    quarantine = _quarantine(request, business, batch_key)
    context = {
        "business": business,
        "batch": batch,
        "quarantine": quarantine.head(100).to_dicts(),
        "quarantined": quarantine.height,
        "can_edit": Action.EDIT in allowed_actions(request.user, business),
    }
    return render(request, "businesses/import_detail.html", context)


def _quarantine(request: HttpRequest, business: Business, batch_key: str) -> pl.DataFrame:
    rows = open_store(request.user, business, Action.VIEW).read_quarantine()
    return rows.filter(pl.col("batch") == batch_key).drop("batch")


def spreadsheet_safe(rows: pl.DataFrame) -> pl.DataFrame:
    """Text that a spreadsheet would run as a formula (= + - @ first) kept as text with a quote."""
    risky = r"^[=+\-@\t\r]"
    return rows.with_columns(
        pl.when(pl.col(c).str.contains(risky)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in rows.columns
        if rows.schema[c] == pl.String
    )


@login_required
def quarantine_csv(request: HttpRequest, key: str, batch_key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.VIEW)
    _batch(business, batch_key)
    buffer = io.BytesIO()
    spreadsheet_safe(_quarantine(request, business, batch_key)).write_csv(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="quarantine-{batch_key}.csv"'
    return response


@login_required
@require_POST
def undo(request: HttpRequest, key: str, batch_key: str) -> HttpResponse:
    business = get_business_for(request.user, key, Action.EDIT)
    batch = _batch(business, batch_key)
    try:
        imports.undo_import(request.user, business, batch)  # type: ignore[arg-type]
    except ValueError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("The import was undone: its rows are no longer in your data."))
    return redirect("business-import-detail", key=business.key, batch_key=batch.batch_key)


def _targets_by_entity() -> dict[str, list[str]]:
    choices = {name: entity.field_names for name, entity in ENTITIES.items()}
    choices[ORDERS] = list(ORDER_FIELDS)
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, key: str, batch_key: str) -> HttpResponse:
    """The owner checks what Rung made of each table, adjusts it, and the import goes ahead."""
    business = get_business_for(request.user, key, Action.EDIT)
    batch = _batch(business, batch_key)
    if batch.status != ImportBatch.Status.PENDING:
        return redirect("business-import-detail", key=business.key, batch_key=batch.batch_key)
    targets = _targets_by_entity()
    problems: list[str] = []
    if request.method == "POST":
        choices, problems = _read_choices(request, batch.report, targets)
        if not problems:
            imports.confirm_mapping(request.user, business, batch, choices)  # type: ignore[arg-type]
            params = {"files": batch.uploads, "batch": batch.batch_key, "confirmed": True}
            try:
                job = start_job(request.user, business, "import_files", params)  # type: ignore[arg-type]
            except ValueError as refused:
                messages.error(request, str(refused))
                return redirect("business-import", key=business.key)
            return redirect("job-detail", job_id=job.pk)
    context = {"business": business, "batch": batch, "targets": targets, "problems": problems}
    return render(request, "businesses/import_confirm.html", context)


def _read_choices(
    request: HttpRequest, tables: list[dict[str, Any]], targets: dict[str, list[str]]
) -> tuple[list[ConfirmedMapping], list[str]]:
    choices: list[ConfirmedMapping] = []
    problems: list[str] = []
    for i, table in enumerate(tables):
        entity = request.POST.get(f"t{i}-entity") or None
        if entity is not None and entity not in targets:
            problems.append(
                _("%(file)s: choose what the table holds from the list.") % {"file": table["file"]}
            )
            entity = None
        chosen: list[str | None] = []
        for j, _column in enumerate(table["columns"]):
            target = request.POST.get(f"t{i}-c{j}") or None
            if target is not None and (entity is None or target not in targets[entity]):
                problems.append(
                    _("%(file)s: %(target)s is not a field of what the table holds.")
                    % {"file": table["file"], "target": target}
                )
                target = None
            chosen.append(target)
        repeated = {t for t in chosen if t is not None and chosen.count(t) > 1}
        if repeated:
            problems.append(
                _("%(file)s: each field can come from one column only (%(fields)s).")
                % {"file": table["file"], "fields": ", ".join(sorted(repeated))}
            )
        choices.append(ConfirmedMapping(entity, tuple(chosen)))
    return choices, problems
