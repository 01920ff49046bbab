"""The customer insights' messages for the owner: segment names, suggested actions, notes.

Written once here with gettext_noop so `make messages` finds them; the frames carry the
English text (the message id) and the web app shows it translated.
"""

from __future__ import annotations

from rung.engine.progress import gettext_noop as _

SEGMENT_NAMES = {
    "champions": _("Champions"),
    "loyal": _("Loyal"),
    "promising": _("Promising"),
    "new": _("New"),
    "needs_attention": _("Needs attention"),
    "at_risk": _("At risk"),
    "cant_lose": _("Can't lose"),
    "hibernating": _("Hibernating"),
    "lost": _("Lost"),
}
ACTIONS = {
    "champions": _(
        "Thank them: early access to new products, a loyalty perk, ask for a review or a referral. "
        "No discounts needed."
    ),
    "loyal": _("Recommend more of your range (see the products bought together) and invite them to reviews."),
    "promising": _("Help them come back: a follow-up message with products that go with what they bought."),
    "new": _(
        "Welcome them: a thank-you and a reason to buy a second time soon, such as a small next-order offer."
    ),
    "needs_attention": _("Remind them you are there: a limited-time offer based on what they bought before."),
    "at_risk": _("Win them back with a personal message and an offer; ask whether something went wrong."),
    "cant_lose": _(
        "They used to buy the most and have gone quiet: contact them personally (call or write) "
        "before they are gone."
    ),
    "hibernating": _("A low-cost reminder at most: a newsletter or a seasonal offer."),
    "lost": _("Do not spend much on them; include them in a general campaign only."),
}

SUMMARY = _(
    "%(customers)s customers bought from you. %(likely_buyers)s of them will probably buy again in the "
    "next %(days)s days; together your customers are expected to make about %(expected)s purchases worth "
    "about %(value)s %(currency)s in that time. Your %(champions)s champions bring %(champions_share)s%% "
    "of your revenue; %(at_risk)s customers who used to buy a lot have not bought for a while (at risk "
    "or can't lose)."
)
SUMMARY_NO_MODEL = _(
    "%(customers)s customers bought from you. Your %(champions)s champions bring %(champions_share)s%% "
    "of your revenue; %(at_risk)s customers who used to buy a lot have not bought for a while (at risk "
    "or can't lose). There are too few repeat buyers to predict who will buy again."
)
NO_CUSTOMERS = _(
    "There is nothing to analyse yet: no sales with a customer. Customer insights need sale lines "
    "that say who bought."
)
NO_CUSTOMER_ID = _(
    "%(lines)s sale line(s) (%(share)s%% of revenue) have no customer and are left out of the "
    "customer figures; they still count for products bought together."
)
MIXED_CURRENCY = _(
    "The figures are in %(currency)s; %(lines)s line(s) in other currencies (%(others)s) are left out."
)
RETURNS = _(
    "%(lines)s return or cancellation line(s) worth %(value)s %(currency)s are subtracted from what "
    "those customers spent; they do not count as purchases."
)
UNPRICED = _("%(lines)s sale line(s) have no price: they count as purchases but add nothing to spending.")
FEW_REPEAT = _(
    "Only %(repeat)s customer(s) bought more than once (%(need)s are needed), so there are no "
    "predictions of who will buy again or of customer value."
)
FIT_FAILED = _("The model of repeat purchases could not be fitted on your data, so there are no predictions.")
CHURN_MEANING = _(
    "Churn probability is the chance that a customer makes no purchase in the next 90 days, judged "
    "from how often they bought and how long ago. The chance of having stopped for good is shown "
    "separately (chance still a customer)."
)
NO_DROPOUT = _(
    "In your history customers hardly ever seem to stop buying for good: the model puts everyone's "
    "chance of still being a customer near 100%%. The churn probability (no purchase in the next 90 "
    "days) is what tells your customers apart."
)
ONE_TIME_BUYERS = _(
    "%(count)s customers bought only once; the model cannot tell yet whether they will come back, "
    "so their chance of having stopped shows as 0%% and their expected purchases come from "
    "customers like them."
)
SPEND_CORRELATED = _(
    "How often customers buy and how much they spend per purchase are related (correlation "
    "%(correlation)s), which the value model assumes they are not: treat customer values as rough."
)
FEW_SPEND = _(
    "Too few repeat buyers with a positive spend (%(count)s) to model spending per purchase: "
    "customer values are left out."
)
HISTORY_SHORT = _(
    "Your sales history covers only %(days)s days; predictions get better with at least a few months."
)
MODEL_NAMES = {
    "bgnbd": _("the repeat-purchase model (BG/NBD)"),
    "supervised": _("the model learnt from your past"),
}
SUPERVISED_CHOICE = _(
    "To choose the predictions, both models were tested on your own past: as of %(origin)s, who "
    "bought in the following 90 days. Telling apart who does not buy (1 = perfect, 0.5 = chance): "
    "learnt from your past %(auc_supervised)s, repeat-purchase model %(auc_bgnbd)s. Average miss "
    "of the number of purchase days: %(mae_supervised)s and %(mae_bgnbd)s. The churn probability "
    "comes from %(churn)s, the expected purchases from %(purchases)s."
)
SUPERVISED_TOO_LITTLE = _(
    "Predictions come from the repeat-purchase model alone: learning from your own past needs at "
    "least %(need_days)s days of history and %(need_customers)s customers before the last 90 days "
    "(you have %(days)s days and %(customers)s customers)."
)
OPT_IN_USED = _(
    "Contact lists only include the %(allowed)s customers who agreed to marketing messages; "
    "%(excluded)s others (no or unknown consent) are left out."
)
OPT_IN_UNKNOWN = _(
    "Your customer list does not say who agreed to marketing messages, so the contact lists include "
    "everyone: check consent before you send anything."
)
NO_CUSTOMER_LIST = _(
    "There is no customer list with contact details, so the contact lists have customer ids only."
)
FEW_ORDERS = _(
    "Products bought together need at least %(need)s orders with two or more products; there are %(orders)s."
)
RULES_FOUND = _(
    "%(rules)s product pairs are bought together more often than by chance (in at least %(count)s orders)."
)
NO_RULES = _(
    "No two products were bought together in %(count)s or more orders (%(orders)s orders in all), so "
    "there are no suggestions of products that go together yet."
)

PROGRESS_PREPARE = _("Preparing sale lines")
PROGRESS_RFM = _("Scoring customers")
PROGRESS_MODEL = _("Predicting repeat purchases")
PROGRESS_SUPERVISED = _("Learning from your past who bought again")
PROGRESS_VALUE = _("Estimating customer value")
PROGRESS_BASKET = _("Finding products bought together")
PROGRESS_COHORTS = _("Counting returning customers per month")
PROGRESS_DONE = _("Done")
