"""How long-running engine functions report progress without knowing who listens.

The web app's jobs store it in the database (pages poll it); the CLI draws a rich
progress bar. Engine code only calls the function it was given.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, str], None]
"""Called with a percentage (0-100) and a short message for a person."""


def silent(percent: int, message: str) -> None:
    """The default listener: nobody is watching."""
