"""Template filters for locale-aware numbers, money and dates: {{ x|money:"EUR" }}."""

from __future__ import annotations

from django import template

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
