"""RFM: who bought recently, often and for much, scored 1-5 and named in segments.

Why it is built this way:
- Recency is the days from the customer's last purchase to `today`; frequency the distinct
  orders (returns and cancellations are not orders); monetary what they spent net of
  returns, in the business's currency. These three are what owners already reason with,
  and they need no model.
- Scores are quintiles over the business's own customers (5 = best: most recent, most
  orders, most spent). Ties share a score: scores come from the average rank, so the 40 %
  of customers with exactly one order all get the same frequency score rather than being
  split at random across two scores as a rank-"first" cut would do.
- Segments follow the widely used grid of the recency score against the mean of the
  frequency and monetary scores (FM, rounded half up), with the nine names of the usual map:

      R \\ FM  1            2            3                4          5
      5        new          promising    promising        champions  champions
      4        promising    promising    loyal            loyal      loyal
      3        needs att.   needs att.   needs attention  loyal      loyal
      2        hibernating  hibernating  at risk          at risk    can't lose
      1        lost         lost         at risk          at risk    can't lose

  ("about to sleep" and "potential loyalists" of the eleven-name variant are folded into
  needs attention and promising; R5/FM3 is promising rather than loyal because one
  recent order of average size says little yet).
- Contact lists respect marketing consent when the business's customer list records it:
  if the marketing_opt_in column exists and has any value, only customers with True are
  listed (False and unknown are left out: consent must be given, not assumed). If the column
  is missing or entirely empty the business does not track consent and everyone is listed,
  with a note telling the owner to check consent first.
"""

from __future__ import annotations

import polars as pl

from rung.engine.customers.texts import ACTIONS, NO_CUSTOMER_LIST, OPT_IN_UNKNOWN, OPT_IN_USED, SEGMENT_NAMES
from rung.engine.messages import Note

SEGMENTS = tuple(SEGMENT_NAMES)
"""Segment keys, best first."""

_GRID = {
    5: ("new", "promising", "promising", "champions", "champions"),
    4: ("promising", "promising", "loyal", "loyal", "loyal"),
    3: ("needs_attention", "needs_attention", "needs_attention", "loyal", "loyal"),
    2: ("hibernating", "hibernating", "at_risk", "at_risk", "cant_lose"),
    1: ("lost", "lost", "at_risk", "at_risk", "cant_lose"),
}
GRID = {(r, fm + 1): name for r, names in _GRID.items() for fm, name in enumerate(names)}
"""(recency score, FM score) → segment key."""

CONTACT_COLUMNS = ("name", "email", "phone", "company", "city", "country", "language")


def segment_of(r_score: int, fm_score: int) -> str:
    return GRID[(r_score, fm_score)]


def _quintile(column: pl.Expr) -> pl.Expr:
    """1-5 by the average rank: higher value, higher score; equal values, equal score."""
    return (column.rank("average") * 5 / pl.len()).ceil().clip(1, 5).cast(pl.Int8)


def score(table: pl.DataFrame) -> pl.DataFrame:
    """Add r_score, f_score, m_score, fm_score (Int8) and segment to a table with recency_days,
    frequency and monetary (one row per customer)."""
    if table.height == 0:
        return table.with_columns(
            *(pl.lit(None, pl.Int8).alias(c) for c in ("r_score", "f_score", "m_score", "fm_score")),
            pl.lit(None, pl.String).alias("segment"),
        )
    scored = table.with_columns(
        _quintile(-pl.col("recency_days")).alias("r_score"),
        _quintile(pl.col("frequency")).alias("f_score"),
        _quintile(pl.col("monetary")).alias("m_score"),
    ).with_columns(
        ((pl.col("f_score").cast(pl.Int32) + pl.col("m_score") + 1) // 2).cast(pl.Int8).alias("fm_score")
    )
    grid = pl.DataFrame(
        {
            "r_score": [k[0] for k in GRID],
            "fm_score": [k[1] for k in GRID],
            "segment": list(GRID.values()),
        },
        schema={"r_score": pl.Int8, "fm_score": pl.Int8, "segment": pl.String},
    )
    return scored.join(grid, on=["r_score", "fm_score"], how="left")


def segments(scored: pl.DataFrame) -> pl.DataFrame:
    """One row per segment (all nine, empty ones with 0): segment, name, customers,
    customer_share, revenue, revenue_share, mean recency_days / frequency / monetary, action.

    name and action are the English message ids (texts.SEGMENT_NAMES, texts.ACTIONS)."""
    total_customers = scored.height
    total_revenue = float(scored.get_column("monetary").sum()) if scored.height else 0.0
    agg = scored.group_by("segment").agg(
        pl.len().alias("customers"),
        pl.col("monetary").sum().alias("revenue"),
        pl.col("recency_days").mean().alias("mean_recency_days"),
        pl.col("frequency").mean().alias("mean_frequency"),
        pl.col("monetary").mean().alias("mean_monetary"),
    )
    base = pl.DataFrame(
        {
            "segment": list(SEGMENTS),
            "name": [SEGMENT_NAMES[s] for s in SEGMENTS],
            "action": [ACTIONS[s] for s in SEGMENTS],
            "order": list(range(len(SEGMENTS))),
        }
    )
    out = base.join(agg, on="segment", how="left").with_columns(
        pl.col("customers").fill_null(0).cast(pl.Int64),
        pl.col("revenue").fill_null(0.0),
    )
    return (
        out.with_columns(
            (pl.col("customers") / total_customers if total_customers else pl.lit(0.0)).alias(
                "customer_share"
            ),
            (pl.col("revenue") / total_revenue if total_revenue else pl.lit(0.0)).alias("revenue_share"),
        )
        .sort("order")
        .select(
            "segment",
            "name",
            "customers",
            "customer_share",
            "revenue",
            "revenue_share",
            "mean_recency_days",
            "mean_frequency",
            "mean_monetary",
            "action",
        )
    )


def consent_known(customers: pl.DataFrame | None) -> bool:
    """True when the customer list records marketing consent for at least one customer."""
    return (
        customers is not None
        and "marketing_opt_in" in customers.columns
        and customers.get_column("marketing_opt_in").null_count() < customers.height
    )


def contacts(scored: pl.DataFrame, customers: pl.DataFrame | None) -> tuple[pl.DataFrame, Note]:
    """Everyone who may be contacted, with their segment and contact details, and a note on consent.

    Columns: segment, customer_id, the contact columns of the customer list that exist
    (name, email, phone, company, city, country, language), recency_days, frequency,
    monetary, plus clv_12m and p_alive when `scored` has them; sorted by segment (best
    first) then by value. See the module docstring for the consent rule.
    """
    extra = [c for c in ("p_alive", "clv_12m") if c in scored.columns]
    base = scored.select("segment", "customer_id", "recency_days", "frequency", "monetary", *extra)
    order = pl.DataFrame({"segment": list(SEGMENTS), "_order": list(range(len(SEGMENTS)))})
    if customers is None or "customer_id" not in customers.columns:
        note = Note(NO_CUSTOMER_LIST)
        listed = base
    else:
        have = [c for c in CONTACT_COLUMNS if c in customers.columns]
        info = customers.select(pl.col("customer_id").cast(pl.String), *have).unique(
            "customer_id", keep="first"
        )
        if consent_known(customers):
            allowed = customers.filter(pl.col("marketing_opt_in").fill_null(False)).select(
                pl.col("customer_id").cast(pl.String)
            )
            listed = base.join(allowed.unique(), on="customer_id", how="semi")
            note = Note(OPT_IN_USED, allowed=listed.height, excluded=base.height - listed.height)
        else:
            listed = base
            note = Note(OPT_IN_UNKNOWN)
        listed = listed.join(info, on="customer_id", how="left").select(
            "segment", "customer_id", *have, "recency_days", "frequency", "monetary", *extra
        )
    value = "clv_12m" if "clv_12m" in listed.columns else "monetary"
    listed = (
        listed.join(order, on="segment", how="left")
        .sort(["_order", value, "customer_id"], descending=[False, True, False], nulls_last=True)
        .drop("_order")
    )
    return listed, note


def contact_list(contacts_frame: pl.DataFrame, segment: str) -> pl.DataFrame:
    """The contacts of one segment (see contacts())."""
    if segment not in GRID.values():
        raise ValueError(f"segment must be one of {', '.join(SEGMENTS)}, not {segment!r}")
    return contacts_frame.filter(pl.col("segment") == segment)
