"""Messages for a person, written in English here and shown in the reader's language.

The engine never imports Django and does not know who reads its messages. A `Note` is a
plain `str` (the English text, so code and the CLI use it as any string) that also
keeps its template and values; the web app translates the template and fills the values
in. Templates are marked with `gettext_noop` where they are written, so `make messages`
extracts them, and use named placeholders ("%(rows)s") so translations may reorder them.
"""

from __future__ import annotations

from typing import Any


class Note(str):
    """A message: its English text, plus `template` and `params` to translate it later."""

    template: str
    params: dict[str, str | int]

    def __new__(cls, template: str, **params: str | int) -> Note:
        escaped = params or "%%" in template  # "100%%" is a format string even without values
        note = super().__new__(cls, template % params if escaped else template)
        note.template = template
        note.params = params
        return note

    def as_dict(self) -> dict[str, Any]:
        return {"template": self.template, "params": dict(self.params)}


def as_dict(message: str) -> dict[str, Any]:
    """A message as {"template", "params"}; a plain string is its own template."""
    return message.as_dict() if isinstance(message, Note) else {"template": message, "params": {}}


def from_dict(data: dict[str, Any]) -> Note:
    return Note(str(data["template"]), **data.get("params", {}))
