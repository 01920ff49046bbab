"""The feedback messages for the owner: one whole sentence per aspect, so translations stay whole."""

from __future__ import annotations

from rung.engine.progress import gettext_noop as _

SUMMARY = _(
    "%(comments)s comments analysed: %(positive)s positive, %(neutral)s neutral and %(negative)s negative."
)
SUMMARY_NONE = _("There are no comments to analyse.")
RATING_ONLY = _("%(count)s comments had no text; their sentiment comes from their rating.")
UNSCORED = _("%(count)s comments had neither text nor a rating and were left without a sentiment.")
UNTESTED_LANGUAGES = _(
    "%(count)s comments are in languages the sentiment model was not tested on (%(languages)s); "
    "read their sentiment with more care."
)
TOP_COMPLAINT = {
    "price": _("The most frequent complaint is the price: %(count)s negative mentions."),
    "quality": _("The most frequent complaint is product quality: %(count)s negative mentions."),
    "delivery": _("The most frequent complaint is delivery: %(count)s negative mentions."),
    "service": _("The most frequent complaint is the service or staff: %(count)s negative mentions."),
    "waiting": _("The most frequent complaint is waiting time: %(count)s negative mentions."),
    "cleanliness": _("The most frequent complaint is cleanliness: %(count)s negative mentions."),
    "stock": _("The most frequent complaint is products not in stock: %(count)s negative mentions."),
    "website": _("The most frequent complaint is the website or app: %(count)s negative mentions."),
    "product": _("The most frequent complaint is about one of your products: %(count)s negative mentions."),
}
PROGRESS_LANGUAGE = _("Recognising the language of each comment")
PROGRESS_EMBED = _("Reading the comments")
PROGRESS_ASPECTS = _("Finding what the comments are about")
PROGRESS_DONE = _("Feedback analysed")
