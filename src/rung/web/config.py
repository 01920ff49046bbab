"""Typed settings from environment variables that fail loudly on a bad value.

A misspelt port or a half-set database URL should stop Rung at start-up with a message
naming the variable, not surface later as a confusing error in a page.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value; use 1 or 0.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def home_dir() -> Path:
    """Where Rung keeps its state on this machine: RUNG_HOME, else ~/.local/share/rung."""
    raw = os.environ.get("RUNG_HOME")
    base = Path(raw) if raw else Path.home() / ".local" / "share" / "rung"
    try:
        # Business data and the database live here: readable by this user only.
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(f"RUNG_HOME={base} cannot be created: {exc}") from exc
    return base


def secret_key(home: Path) -> str:
    """RUNG_SECRET_KEY, else a key generated once and kept in RUNG_HOME (zero set-up)."""
    given = os.environ.get("RUNG_SECRET_KEY")
    if given is not None:
        if len(given) < 32:
            raise ImproperlyConfigured("RUNG_SECRET_KEY must be at least 32 characters long.")
        return given
    path = home / "secret_key"
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another Rung process made it a moment ago
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()
