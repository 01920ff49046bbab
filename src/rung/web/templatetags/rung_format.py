"""Template filters for locale-aware numbers, money and dates: {{ x|money:"EUR" }}."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from django import template
from django.utils.translation import gettext, gettext_lazy

from rung.engine.schema import ENTITIES
from rung.web import formatting

register = template.Library()
register.filter("money", formatting.money)
register.filter("number", formatting.number)
register.filter("percent", formatting.percent)
register.filter("day", formatting.day)
register.filter("duration", formatting.duration)


@register.filter
def entity_label(name: str) -> str:
    from rung.web.businesses.labels import ENTITY_LABELS

    return str(ENTITY_LABELS.get(name, name))


@register.filter
def source_label(name: str) -> str:
    from rung.web.businesses.labels import SOURCE_LABELS

    return str(SOURCE_LABELS.get(name, name))


@register.filter
def field_label(name: str | None) -> str:
    """A canonical field as an owner reads it ("unit_price" -> "Unit price"); empty for none."""
    from rung.web.businesses.field_labels import FIELD_LABELS

    return str(FIELD_LABELS.get(name, name)) if name else ""


@register.filter
def notes(table: dict[str, Any]) -> list[str]:
    """An import table's notes in the reader's language (see rung.engine.messages).

    Older reports kept only the English text; those notes are shown as written.
    """
    messages = table.get("messages") or [{"template": n, "params": {}} for n in table.get("notes", [])]
    return [_translated(m["template"], m.get("params") or {}) for m in messages]


_ENTITY_KEYS = {e.title.lower(): name for name, e in ENTITIES.items()}


def _localised(value: Any) -> Any:
    """Counts with the reader's digit grouping, ISO dates in the reader's date format."""
    if isinstance(value, int) and not isinstance(value, bool):
        return formatting.number(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        with contextlib.suppress(ValueError):
            return formatting.day(date.fromisoformat(value))
    return value


@register.filter
def message(data: dict[str, Any] | None) -> str:
    """One engine message ({"template", "params"}) in the reader's language."""
    if not data:
        return ""
    return _translated(str(data["template"]), data.get("params") or {})


def _translated(template_: str, params: dict[str, Any]) -> str:
    values = {k: _localised(v) for k, v in params.items()}
    if "why" in values:  # a quality finding's consequence, marked for translation in the engine
        values["why"] = gettext(str(values["why"]))
    if "field" in values:
        values["field"] = field_label(str(values["field"])).lower()
    if "reason" in values:  # the engine's own reason words ("totals line"), marked for translation
        values["reason"] = gettext(str(values["reason"]))
    for name in ("churn", "purchases"):  # which model a customer prediction came from (customers.texts)
        if name in values:
            values[name] = gettext(str(values[name]))
    for name in ("question", "pilot", "measure", "what"):  # assessment texts from its data files
        if name in values:
            values[name] = gettext(str(values[name]))
    if "dimension" in values:  # an assessment dimension's English name, as the engine wrote it
        values["dimension"] = _dimension(str(values["dimension"]))
    if "dimensions" in values:
        values["dimensions"] = ", ".join(_dimension(d.strip()) for d in str(values["dimensions"]).split(","))
    if "data" in values and isinstance(values["data"], str):  # data keys the plan still needs
        values["data"] = ", ".join(gettext(d.strip()) for d in values["data"].split(","))
    if "entity" in values:  # an entity's key, or its English title as the engine writes it in text
        name = str(values["entity"])
        values["entity"] = entity_label(_ENTITY_KEYS.get(name, name)).lower()
    if "fields" in values:
        values["fields"] = ", ".join(field_label(f.strip()) for f in str(values["fields"]).split(","))
    text = gettext(template_)
    try:  # a template without values may still escape a percent sign ("100%%")
        return text % values if values or "%%" in text else text
    except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder
        return template_ % params if params or "%%" in template_ else template_


def _dimension(name: str) -> str:
    """An assessment dimension named in a sentence ("data", "People and skills", "Ai in use and
    processes") in the reader's language, lower case except at the start of the sentence."""
    from rung.engine.assess.score import DIMENSION_NAMES
    from rung.web.assess.actions import dimension_names

    titles = dimension_names()
    by_lower = {text.lower(): titles[key] for key, text in DIMENSION_NAMES.items()}
    title = by_lower.get(name.lower())
    if title is None:
        return name
    text = gettext(title)
    if name[:1].isupper() or text[1:2].isupper():  # sentence start, or an acronym ("AI")
        return text
    return text[:1].lower() + text[1:]


@register.filter
def tr(text: str | None) -> str:
    """A text from the assessment's data files (its English is the message id) in the reader's language."""
    return gettext(str(text)) if text else ""


_ADVICE = {
    "order": gettext_lazy("Order now"),
    "no_count": gettext_lazy("No stock count"),
    "overstock": gettext_lazy("Overstocked"),
    "ok": gettext_lazy("Enough stock"),
    "no_forecast": gettext_lazy("Not sold lately"),
}


@register.filter
def advice_status(code: str | None) -> str:
    """A reorder advice status (rung.engine.inventory.STATUSES) in the reader's language."""
    return str(_ADVICE.get(code or "", code or ""))
