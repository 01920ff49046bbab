"""The forecast's messages for the owner, one template per period unit so translations stay whole."""

from __future__ import annotations

from rung.engine.progress import gettext_noop as _

SUMMARY = {
    "day": _(
        "For your top %(top)s products the forecast was off by %(error)s%% over the %(periods)s days it "
        "was tested on; copying the day before was off by %(naive)s%%. (Off by: units forecast too many "
        "or too few, as a share of the units sold.)"
    ),
    "week": _(
        "For your top %(top)s products the forecast was off by %(error)s%% over the %(periods)s weeks it "
        "was tested on; copying the last week was off by %(naive)s%%. (Off by: units forecast too many "
        "or too few, as a share of the units sold.)"
    ),
    "month": _(
        "For your top %(top)s products the forecast was off by %(error)s%% over the %(periods)s months "
        "it was tested on; copying the last month was off by %(naive)s%%. (Off by: units forecast too "
        "many or too few, as a share of the units sold.)"
    ),
}
SUMMARY_SEASONAL = {
    "day": _(
        "For your top %(top)s products the forecast was off by %(error)s%% over the %(periods)s days it "
        "was tested on; copying the day before was off by %(naive)s%% and copying the same weekday of "
        "the week before by %(seasonal)s%%. (Off by: units forecast too many or too few, as a share of "
        "the units sold.)"
    ),
    "week": _(
        "For your top %(top)s products the forecast was off by %(error)s%% over the %(periods)s weeks it "
        "was tested on; copying the last week was off by %(naive)s%% and copying the same week a year "
        "earlier by %(seasonal)s%%. (Off by: units forecast too many or too few, as a share of the units "
        "sold.)"
    ),
    "month": _(
        "For your top %(top)s products the forecast was off by %(error)s%% over the %(periods)s months "
        "it was tested on; copying the last month was off by %(naive)s%% and copying the same month a "
        "year earlier by %(seasonal)s%%. (Off by: units forecast too many or too few, as a share of the "
        "units sold.)"
    ),
}
SUMMARY_NONE = {
    "day": _(
        "There is not enough sales history to test the forecast yet: a product needs %(need)s days of "
        "sales for that."
    ),
    "week": _(
        "There is not enough sales history to test the forecast yet: a product needs %(need)s weeks of "
        "sales for that."
    ),
    "month": _(
        "There is not enough sales history to test the forecast yet: a product needs %(need)s months of "
        "sales for that."
    ),
}
LAST_PARTIAL = {
    "week": _(
        "The last week in the data (from %(start)s) is not complete yet, so it is forecast rather than "
        "used as history."
    ),
    "month": _(
        "The last month in the data (from %(start)s) is not complete yet, so it is forecast rather than "
        "used as history."
    ),
}
FIRST_PARTIAL = {
    "week": _("The first week in the data (from %(start)s) is only partly covered, so it was left out."),
    "month": _("The first month in the data (from %(start)s) is only partly covered, so it was left out."),
}
NEW_CATEGORY = {
    "day": _(
        "%(count)s new products with under %(need)s days of sales were forecast from their category's "
        "profile, scaled to their own sales so far."
    ),
    "week": _(
        "%(count)s new products with under %(need)s weeks of sales were forecast from their category's "
        "profile, scaled to their own sales so far."
    ),
    "month": _(
        "%(count)s new products with under %(need)s months of sales were forecast from their category's "
        "profile, scaled to their own sales so far."
    ),
}
NEW_ALL = {
    "day": _(
        "%(count)s new products with under %(need)s days of sales were forecast from the profile of all "
        "products, scaled to their own sales so far."
    ),
    "week": _(
        "%(count)s new products with under %(need)s weeks of sales were forecast from the profile of all "
        "products, scaled to their own sales so far."
    ),
    "month": _(
        "%(count)s new products with under %(need)s months of sales were forecast from the profile of all "
        "products, scaled to their own sales so far."
    ),
}
DEFAULT = {
    "day": _(
        "%(count)s products with %(low)s to %(high)s days of sales use %(model)s, the model that did best "
        "across your other products: they are too young to test models on."
    ),
    "week": _(
        "%(count)s products with %(low)s to %(high)s weeks of sales use %(model)s, the model that did best "
        "across your other products: they are too young to test models on."
    ),
    "month": _(
        "%(count)s products with %(low)s to %(high)s months of sales use %(model)s, the model that did "
        "best across your other products: they are too young to test models on."
    ),
}
POOLED = _(
    "Products follow the trend of their group (%(groups)s): on your history that made the product "
    "forecasts more accurate than each product on its own."
)
POOLED_ALL = _(
    "Products follow the trend of all your products together: on your history that made the product "
    "forecasts more accurate than each product on its own."
)
RETURNS = _(
    "Left out %(count)s line(s) that were returns, cancellations or without a positive quantity: the "
    "forecast is of what customers buy."
)
HOLIDAYS = _(
    "The forecast period includes public holidays in %(country)s: %(days)s. The models do not adjust "
    "for them; check those periods."
)
CLOSED = _(
    "You sold nothing on %(days)s the last time those holidays came round, so the forecast for them is 0."
)
NO_CALENDAR = _("Rung has no holiday calendar for the country %(country)s.")
NO_SALES = _("There are no sales to forecast: no sale lines with a positive quantity.")
