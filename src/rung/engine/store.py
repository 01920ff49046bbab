"""The one door to a business's data: Parquet datasets in the business's own folder.

Layout: ``<root>/<business key>/<entity>/<batch>.parquet``. Each import writes its rows as
one part named after its batch, so an import is undone by removing its part, and a
failed import leaves nothing behind (parts are written to a temporary file and renamed
into place, which is atomic on one file system).

Nobody opens a business folder by path. A :class:`BusinessStore` is made from a
:class:`Grant`, and grants are issued only by the host's access check (the web app's
``rung.web.businesses.access``; the CLI's local mode, where the files are the user's own).
The store then refuses writes the grant does not allow.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from rung.engine.quality import fixes as fix_rules
from rung.engine.schema import ENTITIES, SCHEMA_VERSION, entity

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def _check_batch(batch: str) -> None:
    """Batch ids become file names (and glob patterns), so only plain keys are allowed."""
    if not _KEY.fullmatch(batch):
        raise ValueError(f"Invalid batch id {batch!r}.")


UPLOADS = "_uploads"
"""Folder of uploaded files waiting to be imported."""
QUARANTINE = "_quarantine"
"""Folder of rows imports could not use; not an entity, so never read as data."""
RESULTS = "_results"
"""Folder of what capabilities computed from the data (forecasts, advice), kept per run."""
FIXES = "_fixes.json"
"""The owner's fixes (rules applied when data is read) and rejected merge suggestions."""
QUARANTINE_COLUMNS = {
    "file": pl.String(),
    "sheet": pl.String(),
    "row": pl.Int64(),
    "reason": pl.String(),
    "cells": pl.String(),
}


def _safe_file_name(name: str) -> str:
    """The last path component of an uploaded name, without characters a file system dislikes."""
    base = re.split(r"[\\/]", name)[-1].strip().lstrip(".")
    cleaned = re.sub(r"[^\w.\- ()]+", "_", base)[:120]
    return cleaned or "upload"


class AccessDenied(PermissionError):
    """The grant does not allow this operation."""


@dataclass(frozen=True)
class Grant:
    """Permission, issued by an access check, for one actor on one business's data."""

    business_key: str
    actor: str
    can_write: bool

    def __post_init__(self) -> None:
        if not _KEY.fullmatch(self.business_key):
            raise ValueError(
                f"Invalid business key {self.business_key!r}: use lower-case letters, digits, - or _."
            )


class BusinessStore:
    """Read and write one business's canonical datasets."""

    def __init__(self, root: Path, grant: Grant) -> None:
        self.grant = grant
        self.path = Path(root) / grant.business_key

    # -- reading -------------------------------------------------------------------------

    def _parts(self, name: str) -> list[Path]:
        """The finished parts of an entity (temporary files of a write under way are not parts)."""
        folder = self.path / entity(name).name
        return (
            sorted(p for p in folder.glob("*.parquet") if not p.name.startswith("."))
            if folder.is_dir()
            else []
        )

    def has(self, name: str) -> bool:
        return bool(self._parts(name))

    def scan(self, name: str, *, raw: bool = False) -> pl.LazyFrame:
        """All rows of an entity, lazily, as the owner's fixes say they read (raw: as imported)."""
        return self._scan(name, [] if raw else self.decisions().active)

    def _scan(self, name: str, fixes: list[fix_rules.Fix]) -> pl.LazyFrame:
        parts = self._parts(name)
        if not parts:
            frame = entity(name).empty().lazy()
        else:
            frame = pl.scan_parquet([str(p) for p in parts], schema=entity(name).polars_schema())
        return fix_rules.apply(entity(name).name, frame, fixes) if fixes else frame

    def read(self, name: str) -> pl.DataFrame:
        return self.scan(name).collect()

    def row_counts(self) -> dict[str, int]:
        """Rows stored per entity, for entities that have any."""
        counts: dict[str, int] = {}
        fixes = self.decisions().active
        for name in ENTITIES:
            if self._parts(name):
                counts[name] = self._scan(name, fixes).select(pl.len()).collect().item()
        return counts

    def batches(self, name: str) -> list[str]:
        return [p.stem for p in self._parts(name)]

    def sql(self, query: str) -> pl.DataFrame:
        """Run DuckDB SQL where every stored entity is a table of the same name.

        The query runs sandboxed: the business's parts are loaded into the in-memory
        database first, then DuckDB's file access is switched off and locked, so the query
        can neither read another file (another business's, /etc/...) nor write one (not
        even this business's own parts under a read-only grant).
        """
        con = duckdb.connect(":memory:")
        fixes = self.decisions().active  # read once for every table
        try:
            for name in ENTITIES:
                files = [str(p) for p in self._parts(name)]
                if files and fixes:  # fixes apply in Polars, so the fixed rows are handed over
                    con.from_arrow(self._scan(name, fixes).collect().to_arrow()).create(name)
                elif files:
                    # A relation, not SQL text: the paths are data, so a quote in the folder name is harmless.
                    con.read_parquet(files, union_by_name=True).create(name)
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
            result: pl.DataFrame = con.sql(query).pl()
            return result
        finally:
            con.close()

    def read_result(self, kind: str, run: str, name: str) -> pl.DataFrame | None:
        """A frame a capability computed and kept (see write_result); None when there is none."""
        for part in (kind, run, name):
            _check_batch(part)
        path = self.path / RESULTS / kind / run / f"{name}.parquet"
        return pl.read_parquet(path) if path.is_file() else None

    def decisions(self) -> fix_rules.Decisions:
        """The owner's fixes and rejected merge suggestions."""
        return fix_rules.load(self.path / FIXES)

    # -- writing -------------------------------------------------------------------------

    def write_result(self, kind: str, run: str, frames: dict[str, pl.DataFrame]) -> None:
        """Keep what a capability computed (e.g. kind "forecast", one run) beside the data.

        Results are derived, so they never count as data: not an entity, not read by
        `scan` or `sql`, and deleted with the business.
        """
        self._require_write()
        for part in (kind, run, *frames):
            _check_batch(part)
        folder = self.path / RESULTS / kind / run
        for name, frame in frames.items():
            self._write_part(folder, name, frame)

    def add_fix(self, fix: fix_rules.Fix) -> fix_rules.Fix:
        self._require_write()
        decisions = self.decisions()
        decisions.fixes.append(fix)
        fix_rules.save(self.path / FIXES, decisions)
        return fix

    def undo_fix(self, fix_id: str) -> None:
        self._require_write()
        fix_rules.save(self.path / FIXES, fix_rules.undo(self.decisions(), fix_id, self.grant.actor))

    def reject_merge(self, key: str, *, rejected: bool = True) -> None:
        """Remember that a merge suggestion is wrong (or, rejected=False, forget that)."""
        self._require_write()
        decisions = self.decisions()
        decisions.rejected = [k for k in decisions.rejected if k != key] + ([key] if rejected else [])
        fix_rules.save(self.path / FIXES, decisions)

    def _require_write(self) -> None:
        if not self.grant.can_write:
            raise AccessDenied(f"{self.grant.actor} may read but not change this business's data.")

    def write(self, name: str, df: pl.DataFrame, *, batch: str) -> Path:
        """Store df as the part of entity name written by batch (replacing that batch's part)."""
        self._require_write()
        _check_batch(batch)
        ent = entity(name)
        data = ent.conform(df)
        target = self._write_part(self.path / ent.name, batch, data)
        self._write_manifest(ent.name, ent.version)
        return target

    @staticmethod
    def _write_part(folder: Path, batch: str, data: pl.DataFrame) -> Path:
        """Write data as folder/<batch>.parquet via a temporary file and an atomic rename."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{batch}.parquet"
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
        os.close(fd)
        try:
            data.write_parquet(tmp, compression="zstd")
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def _write_manifest(self, name: str, version: int) -> None:
        manifest = self.path / "manifest.json"
        data = json.loads(manifest.read_text()) if manifest.exists() else {}
        data["schema_version"] = SCHEMA_VERSION
        data.setdefault("entities", {})[name] = {"version": version}
        fd, tmp = tempfile.mkstemp(dir=self.path, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w") as fh:
            json.dump(data, fh, indent=2, sort_keys=True)
        os.replace(tmp, manifest)

    def write_quarantine(self, rows: pl.DataFrame, *, batch: str) -> Path:
        """Keep the rows an import could not use, with their reasons, beside the batch's data."""
        self._require_write()
        _check_batch(batch)
        return self._write_part(self.path / QUARANTINE, batch, rows)

    def read_quarantine(self) -> pl.DataFrame:
        """Every quarantined row with its batch; empty when nothing was quarantined."""
        folder = self.path / QUARANTINE
        parts = (
            sorted(p for p in folder.glob("*.parquet") if not p.name.startswith("."))
            if folder.is_dir()
            else []
        )
        if not parts:
            return pl.DataFrame(schema={"batch": pl.String(), **QUARANTINE_COLUMNS})
        return pl.concat(
            [pl.read_parquet(p).with_columns(batch=pl.lit(p.stem)) for p in parts], how="diagonal"
        )

    def save_upload(self, name: str, chunks: Iterable[bytes], *, max_bytes: int) -> Path:
        """Keep an uploaded file (streamed, never whole in memory) until its import has run.

        Uploads live in the business's folder, so deleting the business deletes them too.
        """
        self._require_write()
        safe = _safe_file_name(name)
        folder = self.path / UPLOADS / secrets.token_hex(8)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / safe
        written = 0
        with target.open("wb") as fh:
            for chunk in chunks:
                written += len(chunk)
                if written > max_bytes:
                    fh.close()
                    shutil.rmtree(folder)
                    raise ValueError(
                        f"{safe} is larger than the upload limit of {max_bytes // 1_000_000} MB."
                    )
                fh.write(chunk)
        return target

    def upload(self, relative: str) -> Path:
        """An uploaded file by the path save_upload returned (relative to the business folder)."""
        path = (self.path / relative).resolve()
        if not path.is_relative_to((self.path / UPLOADS).resolve()) or not path.is_file():
            raise AccessDenied("That upload does not belong to this business.")
        return path

    def remove_batch(self, batch: str) -> int:
        """Undo an import: remove the parts batch wrote in every entity; returns parts removed."""
        self._require_write()
        _check_batch(batch)
        removed = 0
        for part in self.path.glob(f"*/{batch}.parquet") if self.path.is_dir() else []:
            part.unlink()
            removed += 1
        return removed

    def destroy(self) -> None:
        """Delete every dataset of the business (used when the business itself is deleted)."""
        self._require_write()
        if self.path.exists():
            shutil.rmtree(self.path)
