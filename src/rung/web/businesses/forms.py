from __future__ import annotations

from babel import Locale
from babel.numbers import list_currencies
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _countries() -> list[tuple[str, str]]:
    names = Locale.parse((get_language() or "en").replace("-", "_")).territories
    return sorted(
        ((code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()),
        key=lambda item: item[1],
    )


def _currencies() -> list[tuple[str, str]]:
    return [(code, code) for code in sorted(list_currencies())]


class BusinessForm(forms.Form):
    name = forms.CharField(label=_("Business name"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), choices=_countries)
    currency = forms.ChoiceField(label=_("Currency"), choices=_currencies, initial="EUR")
