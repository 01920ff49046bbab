"""Owner-facing names for the assessment's codes (help kinds, model options, sectors, ...)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

HELP = {
    "training": _("Training"),
    "expert_advice": _("Expert advice"),
    "voucher_or_financing": _("A voucher or financing scheme"),
    "data_work": _("Data work"),
    "first_pilot": _("A first pilot"),
}
MODEL_OPTIONS = {
    "laptop_classical": _("A classical model on your laptop"),
    "local_open_model": _("An open model on your own computer"),
    "hosted_api": _("A hosted AI service (API)"),
    "saas": _("A ready-made online service"),
}
AI_ACT = {
    "minimal": _("Minimal risk"),
    "limited": _("Limited risk: tell people it is AI"),
    "high": _("High risk under the AI Act"),
    "prohibited": _("Not allowed under the AI Act"),
}
SECTORS = {
    "retail": _("Shop or webshop"),
    "hospitality": _("Restaurant, café or hotel"),
    "trades": _("Trades and construction"),
    "manufacturing": _("Manufacturing"),
    "professional_services": _("Professional services"),
    "health_beauty": _("Health and beauty"),
    "agriculture_food": _("Agriculture and food"),
    "logistics": _("Transport and logistics"),
    "creative": _("Creative work"),
}
SOURCES = {"measured": _("Measured"), "self_reported": _("Self-reported")}
CONFIDENCE = {"high": _("High confidence"), "medium": _("Medium confidence"), "low": _("Low confidence")}
AXES = {"know": _("Know"), "want": _("Want"), "can": _("Can")}
