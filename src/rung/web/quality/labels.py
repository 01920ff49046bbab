"""Names of quality dimensions, AI use cases and verdicts as owners read them, translated."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DIMENSIONS = {
    "completeness": _("Completeness"),
    "validity": _("Validity"),
    "uniqueness": _("No duplicates"),
    "consistency": _("Consistency"),
    "timeliness": _("Up to date"),
    "coverage": _("Coverage"),
}
USE_CASES = {
    "forecasting": _("Sales forecasts"),
    "inventory": _("Reorder advice"),
    "customers": _("Customer segments and lifetime value"),
    "feedback": _("Review and survey analysis"),
    "inquiries": _("Answering customer questions"),
    "quotations": _("Quotations"),
    "planning": _("Staff planning"),
}
VERDICTS = {"ready": _("Ready"), "caveats": _("Ready, with caveats"), "not_yet": _("Not yet")}


def dimension_label(code: str) -> str:
    return str(DIMENSIONS.get(code, code))


def use_case_label(code: str) -> str:
    return str(USE_CASES.get(code, code))


def verdict_label(code: str) -> str:
    return str(VERDICTS.get(code, code))
