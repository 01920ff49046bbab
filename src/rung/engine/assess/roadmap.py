"""The next rung: the three use cases worth starting with, each with a 90-day plan.

The instruments this builds on stop at a level and a paragraph of advice per band; owners need
to know which one job to start with and what it costs. So every catalogue use case that fits
the business's sector and is at most one rung above it is scored as

    priority = max(value − cost, 0) × rung fit × data fit × effort fit × risk fit

- value: euro a month, from the business's own numbers where given (hours a week × share that
  can be taken over × hourly cost; stock value × reduction × 25% yearly holding cost; waste ×
  reduction; sales × uplift × margin; appointments × no-show rate × reduction × ticket), else the
  catalogue's typical figure for a five-person business scaled by head count (0.5×–3×);
- cost: the monthly cost of the recommended model option (see `choose_option`);
- rung fit: 1 at or above the use case's minimum rung, 0.6 one rung below (the next step);
  use cases two or more rungs up are not proposed at all;
- data fit: the readiness verdict for the use case where Rung has measured it (ready 1, caveats
  0.7, not yet 0.3), else 0.3 + 0.7 × the share of the needed data the business has;
- effort fit: low 1, medium 0.8, high 0.55 (0.7 and 0.4 when people and skills are at level 0-1);
- risk fit: EU AI Act class minimal 1, limited 0.9, high 0.4, prohibited 0; × 0.8 more when the
  use needs personal data, the owner worries about privacy and no local option exists.

The weights are judgement, written down so they can be argued with; docs/assessment.md repeats
them. They were set before the benchmark profiles were scored and not tuned on them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rung.engine.assess import texts
from rung.engine.assess.barriers import Barrier, barrier_ids
from rung.engine.assess.data import ModelOption, UseCase, catalogue
from rung.engine.assess.score import Scorecard
from rung.engine.messages import Note
from rung.engine.quality.readiness import Readiness, Verdict

TOP = 3
WEEKS_PER_MONTH = 4.33
DEFAULT_HOURLY_COST = 30.0
DEFAULT_MARGIN = 0.3
HOLDING_COST_YEAR = 0.25
SELL_OUT_UPLIFT = 0.01
TYPICAL_EMPLOYEES = 5
RUNG_FIT = {0: 1.0, 1: 0.6}
VERDICT_FIT = {Verdict.READY: 1.0, Verdict.CAVEATS: 0.7, Verdict.NOT_YET: 0.3}
EFFORT_FIT = {"low": 1.0, "medium": 0.8, "high": 0.55}
EFFORT_FIT_LOW_SKILLS = {"low": 1.0, "medium": 0.7, "high": 0.4}
RISK_FIT = {"minimal": 1.0, "limited": 0.9, "high": 0.4, "prohibited": 0.0}
PRIVACY_FIT = 0.8
LOCAL = ("laptop_classical", "local_open_model")
TIE_ORDER = ("laptop_classical", "local_open_model", "saas", "hosted_api")

# Data every business has in some form: e-mails, photos on a phone, incoming invoices.
ALWAYS_HELD = frozenset({"emails", "photos", "invoices_docs"})
READINESS_DATA = {
    "forecasting": ("sales_history", "product_catalogue"),
    "inventory": ("stock_counts",),
    "customers": ("customer_ids",),
    "feedback": ("reviews",),
    "inquiries": ("faq_texts", "documents"),
    "quotations": ("past_quotes", "price_list"),
    "planning": ("rosters",),
}


@dataclass(frozen=True)
class PlanStep:
    weeks: str
    step: Note
    who: str
    success_measure: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "weeks": self.weeks,
            "step": self.step.as_dict(),
            "step_text": str(self.step),
            "who": self.who,
            "success_measure": self.success_measure,
        }


@dataclass(frozen=True)
class RankedUseCase:
    use_case: UseCase
    priority: float
    value_eur: int
    value_from_own_numbers: bool
    value_note: Note
    value_basis: Note | None  # how a value from the business's own numbers was computed
    option: ModelOption
    option_reason: Note
    privacy_note: Note | None  # why data stays in house, when that decided the option
    fits: dict[str, float]
    missing_data: tuple[str, ...]
    plan: tuple[PlanStep, ...]

    def as_dict(self) -> dict[str, Any]:
        u = self.use_case
        return {
            "id": u.id,
            "title": u.title,
            "priority": round(self.priority, 1),
            "value_eur_month": self.value_eur,
            "value_from_own_numbers": self.value_from_own_numbers,
            "value_note": self.value_note.as_dict(),
            "value_text": str(self.value_note),
            "value_basis": self.value_basis.as_dict() if self.value_basis else None,
            "value_basis_text": str(self.value_basis) if self.value_basis else None,
            "monthly_cost_eur": self.option.monthly_eur,
            "model_option": self.option.kind,
            "model_option_note": self.option.note,
            "model_option_reason": self.option_reason.as_dict(),
            "model_option_reason_text": str(self.option_reason),
            "privacy_note": self.privacy_note.as_dict() if self.privacy_note else None,
            "privacy_note_text": str(self.privacy_note) if self.privacy_note else None,
            "fits": {k: round(v, 2) for k, v in self.fits.items()},
            "missing_data": list(self.missing_data),
            "ai_act_risk": u.ai_act_risk,
            "ai_act_note": u.ai_act_note,
            "risks": list(u.risks),
            "rung_feature": u.rung_feature,
            "plan": [s.as_dict() for s in self.plan],
        }


def data_held(
    facts: Mapping[str, Any],
    answers: Mapping[str, Any] | None = None,
    readiness: Sequence[Readiness] | None = None,
) -> set[str]:
    """The data keys the business has: stated in facts["data"], implied by answers, or measured."""
    held = set(ALWAYS_HELD) | set(facts.get("data", ()))
    a = answers or {}

    def at_least(qid: str, value: int) -> bool:
        answer = a.get(qid)
        return isinstance(answer, int) and answer >= value

    if at_least("d_records", 2) and at_least("d_history", 1):
        held |= {"sales_history", "product_catalogue"}
    if at_least("d_customers", 3):
        held.add("customer_ids")
    if at_least("d_stock", 2):
        held.add("stock_counts")
    if at_least("d_texts", 2):
        held |= {"faq_texts", "price_list"}
    for r in readiness or ():
        if r.verdict is not Verdict.NOT_YET:
            held |= set(READINESS_DATA.get(r.use_case, ()))
    return held


def _number(facts: Mapping[str, Any], key: str) -> float | None:
    value = facts.get(key)
    return (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else None
    )


def estimate_value(u: UseCase, facts: Mapping[str, Any]) -> tuple[int, bool, Note, Note | None]:
    """Euro a month the use case is worth to this business, whether from its own numbers, and how."""
    v = u.value
    kind = v["kind"]
    rate = _number(facts, "hourly_cost") or DEFAULT_HOURLY_COST
    margin = _number(facts, "gross_margin") or DEFAULT_MARGIN
    revenue = _number(facts, "monthly_revenue")
    value: float | None = None
    basis: Note | None = None
    if kind == "hours" and (hours := _number(facts, v["hours_fact"])):
        value = hours * v["share"] * WEEKS_PER_MONTH * rate
        if revenue and v.get("extra_revenue_share"):
            value += revenue * v["extra_revenue_share"] * margin
        basis = Note(texts.BASIS_HOURS, hours=_fmt(hours), share=round(100 * v["share"]), rate=_fmt(rate))
    elif kind == "stock" and (stock := _number(facts, "stock_value")):
        value = stock * v["reduction"] * HOLDING_COST_YEAR / 12 + (revenue or 0) * SELL_OUT_UPLIFT * margin
        basis = Note(texts.BASIS_STOCK, stock=_fmt(stock), reduction=round(100 * v["reduction"]))
    elif kind == "waste" and (waste := _number(facts, "monthly_waste_value")):
        value = waste * v["reduction"]
        basis = Note(texts.BASIS_WASTE, waste=_fmt(waste), reduction=round(100 * v["reduction"]))
    elif kind == "revenue" and revenue:
        value = revenue * v["uplift"] * margin
        basis = Note(
            texts.BASIS_REVENUE,
            revenue=_fmt(revenue),
            uplift=f"{100 * v['uplift']:g}",
            margin=round(100 * margin),
        )
    elif kind == "no_show" and (
        (appointments := _number(facts, "appointments_month"))
        and (no_show := _number(facts, "no_show_rate"))
        and (ticket := _number(facts, "avg_ticket"))
    ):
        value = appointments * no_show * v["reduction"] * ticket
        basis = Note(
            texts.BASIS_NO_SHOW,
            appointments=_fmt(appointments),
            rate=f"{100 * no_show:g}",
            reduction=round(100 * v["reduction"]),
            ticket=_fmt(ticket),
        )
    if value is not None and basis is not None:
        euros = round(value)
        return euros, True, Note(texts.VALUE_OWN, value=euros), basis
    employees = _number(facts, "employees") or TYPICAL_EMPLOYEES
    scale = min(3.0, max(0.5, employees / TYPICAL_EMPLOYEES))
    euros = round(v["typical_monthly_eur"] * scale)
    return euros, False, Note(texts.VALUE_TYPICAL, value=euros), None


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


def choose_option(
    u: UseCase, card: Scorecard, barriers: Sequence[Barrier]
) -> tuple[ModelOption, Note, Note | None]:
    """The model option for this business: the lowest monthly cost after penalties for what it
    cannot manage (a local open model needs a capable computer and some skill; a hosted API some
    skill to wire up) or does not want (personal data sent out while worried about privacy)."""
    ids = barrier_ids(barriers)
    private = u.personal_data and "privacy" in ids
    low_tech = card.dimensions["technology"].level <= 1 or card.dimensions["people"].level <= 1
    best: tuple[float, int, ModelOption] | None = None
    for option in u.options:
        if option.monthly_eur is None:
            continue
        cost = float(option.monthly_eur)
        if option.kind == "local_open_model" and low_tech:
            cost += 40
        if option.kind == "hosted_api" and card.dimensions["people"].level <= 1:
            cost += 30
        if private and option.kind not in LOCAL:
            cost += 150
        key = (cost, TIE_ORDER.index(option.kind), option)
        if best is None or key[:2] < best[:2]:
            best = key
    assert best is not None  # the schema demands one realistic option
    option = best[2]
    what = "personal data" if u.personal_data else "your data"
    reason = {
        "laptop_classical": Note(texts.WHY_LAPTOP),
        "local_open_model": Note(texts.WHY_LOCAL, what=what, cost=option.monthly_eur or 0),
        "hosted_api": Note(texts.WHY_API, cost=option.monthly_eur or 0),
        "saas": Note(texts.WHY_SAAS, cost=option.monthly_eur or 0),
    }[option.kind]
    privacy = Note(texts.WHY_PRIVATE) if private and option.kind in LOCAL else None
    return option, reason, privacy


def _plan(u: UseCase, missing: Sequence[str]) -> tuple[PlanStep, ...]:
    measure = u.success_measure
    prepare = (
        Note(texts.STEP_PREPARE, data=", ".join(m.replace("_", " ") for m in missing), measure=measure)
        if missing
        else Note(texts.STEP_PREPARE_NONE, measure=measure)
    )
    return (
        PlanStep("1-3", prepare, str(texts.WHO_DATA), measure),
        PlanStep("4-9", Note(texts.STEP_PILOT, pilot=u.pilot), u.lead, measure),
        PlanStep("10-12", Note(texts.STEP_DECIDE, measure=measure), str(texts.WHO_DECIDE), measure),
    )


def rank(
    card: Scorecard,
    barriers: Sequence[Barrier],
    *,
    facts: Mapping[str, Any] | None = None,
    answers: Mapping[str, Any] | None = None,
    readiness: Sequence[Readiness] | None = None,
    typical_weight: float = 1.0,
) -> list[RankedUseCase]:
    """Every realistic use case for the business, best first.

    typical_weight scales values that rest on a catalogue's typical figure rather than the
    business's own numbers; 1.0 (no discount) is the model as designed. The benchmark also
    reports 0.5 as a diagnostic, see bench/assess_profiles.py.
    """
    facts = facts or {}
    sector = facts.get("sector")
    held = data_held(facts, answers, readiness)
    verdicts = {r.use_case: r.verdict for r in readiness or ()}
    low_skills = card.dimensions["people"].level <= 1
    privacy = "privacy" in barrier_ids(barriers)
    ranked: list[RankedUseCase] = []
    for u in catalogue():
        if sector and sector not in u.sectors:
            continue
        gap = u.min_rung - card.rung
        if gap > 1:
            continue  # not a realistic next step
        rung_fit = RUNG_FIT[max(gap, 0)]
        missing = tuple(d for d in u.data_needed if d not in held)
        if u.readiness_use_case in verdicts:
            data_fit = VERDICT_FIT[verdicts[u.readiness_use_case]]
        elif u.data_needed:
            data_fit = 0.3 + 0.7 * (1 - len(missing) / len(u.data_needed))
        else:
            data_fit = 1.0
        effort_fit = (EFFORT_FIT_LOW_SKILLS if low_skills else EFFORT_FIT)[u.effort]
        has_local = any(o.monthly_eur is not None for o in u.options if o.kind in LOCAL)
        risk_fit = RISK_FIT[u.ai_act_risk] * (
            PRIVACY_FIT if u.personal_data and privacy and not has_local else 1.0
        )
        value, own, value_note, basis = estimate_value(u, facts)
        option, reason, privacy_note = choose_option(u, card, barriers)
        net = max(value * (1.0 if own else typical_weight) - (option.monthly_eur or 0), 0)
        priority = net * rung_fit * data_fit * effort_fit * risk_fit
        ranked.append(
            RankedUseCase(
                use_case=u,
                priority=priority,
                value_eur=value,
                value_from_own_numbers=own,
                value_note=value_note,
                value_basis=basis,
                option=option,
                option_reason=reason,
                privacy_note=privacy_note,
                fits={"rung": rung_fit, "data": data_fit, "effort": effort_fit, "risk": risk_fit},
                missing_data=missing,
                plan=_plan(u, missing),
            )
        )
    ranked.sort(key=lambda r: (-r.priority, -r.value_eur, r.use_case.id))
    return ranked
