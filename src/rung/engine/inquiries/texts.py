"""The inquiry engine's messages for the owner and staff: one whole sentence per reason, so
translations stay whole (see rung.engine.messages)."""

from __future__ import annotations

from rung.engine.progress import gettext_noop as _

LOW_CONFIDENCE = _(
    "Not sure enough to answer: the confidence is %(confidence)s%%, below your threshold of %(threshold)s%%."
)
NO_MATCH = _("Nothing in your knowledge base matches this question.")
EMPTY = _("The inquiry is empty.")
EMPTY_KB = _("The knowledge base is empty: add your FAQ or documents first.")
SENSITIVE = {
    "complaint": _("This looks like a complaint: a person should answer it."),
    "refund": _("This looks like a request for a refund or money back: a person should answer it."),
    "cancellation": _("This looks like a cancellation: a person should answer it."),
    "legal": _("This looks like a legal matter: a person should answer it."),
    "personal_data": _(
        "This is about personal data (access, correction or deletion): a person should answer it."
    ),
}
THRESHOLD_CHOSEN = _(
    "At a confidence of %(threshold)s%% or more, %(coverage)s%% of the test questions from your own FAQ "
    "would be answered automatically, and %(precision)s%% of those answers would be right."
)
THRESHOLD_NONE = _(
    "No threshold reaches %(precision)s%% right answers on your own FAQ: every inquiry goes to a person "
    "until the FAQ has more questions."
)
UNCALIBRATED = _(
    "Your FAQ has too few questions per answer to test the confidence on; add other ways customers "
    "ask the same question to make it reliable."
)
