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


def gettext_noop(message: str) -> str:
    """Mark a progress message for translation without translating it here.

    The engine does not know the reader's language: the message is stored as written and
    the web app shows it translated. The name is the one xgettext already looks for, so
    `make messages` finds engine messages too.
    """
    return message
