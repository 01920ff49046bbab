"""Named actions on customer insights: run them (the job), read the latest, the contact lists.

Each opens the store through the access check first; the engine does the work
(`rung.engine.customers`), this layer only picks the business's data and keeps the result.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

import polars as pl
from django.utils.translation import gettext as _

from rung.engine.customers import SEGMENTS, analyse, contact_list
from rung.engine.messages import Note, as_dict
from rung.engine.progress import Progress, silent
from rung.engine.store import BusinessStore
from rung.web.accounts.models import User
from rung.web.businesses.access import Action, check, open_store
from rung.web.businesses.models import Business
from rung.web.customers.models import CustomersRun
from rung.web.jobs.models import Job

JOB = "customers"
FRAMES = ("customers", "segments", "rules", "cross_sell", "cohorts", "contacts", "at_risk")
AT_RISK_SEGMENTS = ("at_risk", "cant_lose", "needs_attention")
AT_RISK_SHOWN = 20
_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+$|^-?\d+$")


def _optional(store: BusinessStore, name: str) -> pl.DataFrame | None:
    return store.read(name) if store.has(name) else None


def _localisable(note: Note) -> dict[str, Any]:
    """A note as {"template", "params"}, whole numbers the engine wrote as text ("1,133") made
    numbers again, so the page shows them with the reader's digit grouping."""
    data = as_dict(note)
    params = data["params"]
    for name, value in params.items():
        if isinstance(value, str) and _GROUPED.match(value):
            params[name] = int(value.replace(",", ""))
    return data


def at_risk(customers: pl.DataFrame, people: pl.DataFrame | None, limit: int = AT_RISK_SHOWN) -> pl.DataFrame:
    """The valuable customers who have gone quiet: at risk, can't lose and needs attention,
    highest value over the next 12 months first (then most spent), with their name if known."""
    shown = customers.filter(pl.col("segment").is_in(AT_RISK_SEGMENTS)).sort(
        ["clv_12m", "monetary", "customer_id"], descending=[True, True, False], nulls_last=True
    )
    shown = shown.head(limit).select(
        "customer_id",
        "segment",
        "recency_days",
        "frequency",
        "monetary",
        "churn_probability",
        "clv_12m",
    )
    if people is not None and {"customer_id", "name"} <= set(people.columns):
        names = people.select(pl.col("customer_id").cast(pl.String), pl.col("name").cast(pl.String))
        shown = shown.join(names.unique("customer_id", keep="first"), on="customer_id", how="left")
    else:
        shown = shown.with_columns(pl.lit(None, pl.String).alias("name"))
    return shown


def run_customers(
    actor: User, business: Business, store: BusinessStore, progress: Progress = silent
) -> CustomersRun:
    """The customer insights job: segments, who buys again, value, baskets and cohorts, as one run."""
    check(actor, business, Action.EDIT)
    lines = store.read("sale_lines")
    if not lines.height:
        raise ValueError(_("There are no sales to analyse yet. Import your sales first."))
    people = _optional(store, "customers")
    result = analyse(lines, people, progress=progress)
    run_key = f"cu-{secrets.token_hex(6)}"
    risky = at_risk(result.customers, people)
    store.write_result(
        "customers",
        run_key,
        {
            "customers": result.customers,
            "segments": result.segments,
            "rules": result.rules,
            "cross_sell": result.cross_sell,
            "cohorts": result.cohorts,
            "contacts": result.contacts,
            "at_risk": risky,
        },
    )
    counts = dict(
        zip(result.segments.get_column("segment"), result.segments.get_column("customers"), strict=True)
    )
    return CustomersRun.objects.create(
        business=business,
        run_key=run_key,
        summary={
            "summary": _localisable(result.summary),
            "notes": [_localisable(n) for n in result.notes],
            "customers": result.customers.height,
            "segments": {s: int(counts.get(s, 0)) for s in SEGMENTS},
            "currency": result.currency,
            "today": result.today.isoformat() if result.today else None,
            "modelled": result.purchase_model is not None,
        },
        created_by=actor,
    )


def queue_customers(actor: User, business: Business) -> Job:
    """Queue the customer insights job (refused while one is waiting or running)."""
    from rung.web.jobs.actions import start_job  # jobs.actions -> registry -> this module

    return start_job(actor, business, JOB)


def latest(business: Business) -> CustomersRun | None:
    return business.customers_runs.first()


def run_for(business: Business, run_key: str) -> CustomersRun:
    run = business.customers_runs.filter(run_key=run_key).first()
    if run is None:
        raise ValueError(_("No such customer analysis for this business."))
    return run


def frames(actor: User, business: Business, run: CustomersRun) -> dict[str, pl.DataFrame]:
    """The run's kept frames, read through the access check."""
    store = open_store(actor, business, Action.VIEW)
    kept = {name: store.read_result("customers", run.run_key, name) for name in FRAMES}
    return {name: frame for name, frame in kept.items() if frame is not None}


def contacts(actor: User, business: Business, run: CustomersRun, segment: str) -> pl.DataFrame:
    """Who in one segment may be contacted (the engine left out those without marketing consent)."""
    kept = frames(actor, business, run).get("contacts")
    if kept is None:
        raise ValueError(_("This analysis has no contact lists."))
    return contact_list(kept, segment)


def top_pairs(rules: pl.DataFrame, limit: int = 10) -> pl.DataFrame:
    """Products most often bought together (each pair once), with how much more than by chance."""
    if rules.height == 0:
        return rules
    pairs = rules.filter(pl.col("antecedent") < pl.col("consequent"))
    return pairs.sort(["orders", "lift"], descending=True).head(limit)


def retention(cohort_frame: pl.DataFrame, months: int = 12) -> list[dict[str, Any]]:
    """Rows for the retention table: cohort, size and the share still buying in months 0..months-1
    (None where the month has not come yet)."""
    rows = []
    for (cohort,), group in cohort_frame.sort("cohort").group_by("cohort", maintain_order=True):
        shares = dict(zip(group.get_column("month_offset"), group.get_column("share_active"), strict=True))
        rows.append(
            {
                "cohort": cohort,
                "size": int(group.get_column("size")[0]),
                "shares": [shares.get(m) for m in range(months)],
            }
        )
    return rows
