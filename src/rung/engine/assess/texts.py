"""The assessment's own messages for the owner, marked for translation where they are written.

Questions, rungs and use cases are data (their English text is the message id, see data.py);
the sentences the engine composes from results — disagreement, measured evidence, the reason
for a model choice — are templates here, so `make messages` extracts them like every other
engine message and translations can reorder the named placeholders.
"""

from __future__ import annotations

from rung.engine.progress import gettext_noop as _

DISAGREE = _(
    "The %(count)s people who answered see %(dimension)s differently: their scores run from %(low)s "
    "to %(high)s out of 100. The result shows the middle and lower confidence; talk it through."
)
DISAGREE_QUESTION = _("Answers differ most on: “%(question)s”")
FEW_ANSWERS = _("Only %(answered)s of %(asked)s questions on %(dimension)s were answered.")
MEASURED_DATA = _(
    "Data is measured from what you imported: %(measured)s out of 100, where your answers said %(self)s."
)
MEASURED_FLOOR = _(
    "%(dimension)s is at least %(measured)s out of 100, measured from how you use Rung; your answers "
    "said %(self)s."
)
MEASURED_GAP = _(
    "Your answers and the measurement differ by %(gap)s points on %(dimension)s; the measured value is used."
)
HOLDING_BACK = _("What holds the business on this rung: %(dimensions)s.")
DMA_PARTIAL = _(
    "Green digitalisation is not part of this assessment, so the DMA total is the mean of the "
    "other five dimensions."
)

WHY_LAPTOP = _("It runs on your own laptop at no monthly cost, and nothing leaves the business.")
WHY_LOCAL = _(
    "An open model on your own computer keeps %(what)s in the business and costs about %(cost)s euro a month."
)
WHY_API = _(
    "A hosted model gives the best quality for about %(cost)s euro a month; only send data you may share."
)
WHY_SAAS = _(
    "A ready-made service for about %(cost)s euro a month needs the least set-up, which suits the "
    "time and skills you have now."
)
WHY_PRIVATE = _("You are worried about data leaving the business, and this use involves personal data.")

VALUE_OWN = _("About %(value)s euro a month, estimated from your own numbers.")
VALUE_TYPICAL = _(
    "About %(value)s euro a month, a typical figure for a business of your size; give your own "
    "numbers for a better estimate."
)
BASIS_HOURS = _("%(hours)s hours a week × %(share)s%% that can be taken over × %(rate)s euro an hour")
BASIS_STOCK = _(
    "%(stock)s euro in stock × %(reduction)s%% less stock × 25%% yearly holding cost, plus fewer sell-outs"
)
BASIS_WASTE = _("%(waste)s euro thrown away a month × %(reduction)s%% less")
BASIS_REVENUE = _("%(revenue)s euro sales a month × %(uplift)s%% more × %(margin)s%% margin")
BASIS_NO_SHOW = _(
    "%(appointments)s appointments × %(rate)s%% no-shows × %(reduction)s%% fewer × %(ticket)s euro"
)

STEP_PREPARE = _("Weeks 1–3: get the data ready — %(data)s — and write down today's number for: %(measure)s.")
STEP_PREPARE_NONE = _("Weeks 1–3: write down today's number for: %(measure)s; choose who runs the pilot.")
STEP_PILOT = _("Weeks 4–9: %(pilot)s")
STEP_DECIDE = _(
    "Weeks 10–12: compare %(measure)s with the start; keep it, change it or stop, and decide on the next use."
)
WHO_DATA = _("owner, with the bookkeeper or whoever exports the data")
WHO_DECIDE = _("owner")
