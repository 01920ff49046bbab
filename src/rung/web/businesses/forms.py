"""The new-business form, with countries and currencies named in the reader's language."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from zoneinfo import available_timezones

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import get_currency_name, get_territory_currencies
from django import forms
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rung.web.businesses.models import Membership


def _locale() -> Locale:
    return Locale.parse((get_language() or "en").replace("-", "_"))


def _territories() -> list[str]:
    codes = [str(code) for code in _locale().territories]
    return [code for code in codes if len(code) == 2 and code.isalpha() and code != "ZZ"]


@lru_cache(maxsize=8)
def _countries_for(locale: str) -> list[tuple[str, str]]:
    names = Locale.parse(locale).territories
    return sorted(((code, names[code]) for code in _territories()), key=lambda item: item[1])


@lru_cache(maxsize=8)
def _currencies_for(locale: str) -> list[tuple[str, str]]:
    """Currencies legal tender somewhere today (not ones withdrawn long ago)."""
    today = date.today()  # noqa: DTZ011 - a calendar day is all that matters here
    codes = {c for t in _territories() for c in get_territory_currencies(t, start_date=today, tender=True)}
    return sorted((code, f"{code} — {get_currency_name(code, locale=locale)}") for code in codes)


def _countries() -> list[tuple[str, str]]:
    return _countries_for(str(_locale()))


def _currencies() -> list[tuple[str, str]]:
    return _currencies_for(str(_locale()))


def guess_country(request: HttpRequest) -> str | None:
    """The country of the browser's first language with a region (pt-PT -> PT, nl -> NL)."""
    for part in request.headers.get("Accept-Language", "").split(","):
        tag = part.split(";")[0].strip().replace("-", "_")
        if not tag or tag == "*":
            continue
        try:
            locale = Locale.parse(tag)
        except (ValueError, UnknownLocaleError):
            continue
        likely = str(get_global("likely_subtags").get(locale.language, ""))
        territory = locale.territory or (likely.rsplit("_", 1)[-1] if likely.count("_") >= 1 else None)
        if territory and territory.isalpha() and len(territory) == 2:
            return territory
    return None


@lru_cache(maxsize=1)
def _time_zones() -> list[tuple[str, str]]:
    return [
        (zone, zone.replace("_", " "))
        for zone in sorted(available_timezones())
        if "/" in zone or zone == "UTC"
    ]


def guess_time_zone(country: str | None) -> str:
    """The country's zone when it has only one; otherwise the browser fills it in (see new.html)."""
    zones = get_global("territory_zones").get(country or "", [])
    return str(zones[0]) if len(zones) == 1 else "UTC"


class BusinessForm(forms.Form):
    name = forms.CharField(label=_("Business name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=_countries)
    currency = forms.ChoiceField(label=_("Currency"), choices=_currencies)
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=_time_zones, help_text=_("Decides which day and month a sale falls in.")
    )

    @classmethod
    def for_request(cls, request: HttpRequest) -> BusinessForm:
        if request.method == "POST":
            return cls(request.POST)
        country = guess_country(request)
        currencies = get_territory_currencies(country, tender=True) if country else []
        return cls(
            initial={
                "country": country,
                "currency": currencies[0] if currencies else "EUR",
                "time_zone": guess_time_zone(country),
            }
        )


class MemberForm(forms.Form):
    person = forms.CharField(label=_("Username or e-mail address"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.STAFF)


class JoinProgramForm(forms.Form):
    program = forms.SlugField(
        label=_("Program code"), max_length=64, help_text=_("The code your program gave you.")
    )
