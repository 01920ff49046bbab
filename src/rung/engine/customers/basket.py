"""Products bought together: association rules A → B over orders, and cross-sell suggestions.

Why it is built this way:
- An order is a basket: the distinct products on its sale lines with a positive quantity
  that are not returns (a cancelled order bought nothing). Orders without a customer count
  too: who bought does not matter for what goes together.
- Only pairs (A → B) are mined, not longer item sets: owners act on "people who buy A also
  buy B" (a shelf next to it, a suggestion at checkout), and pairs are exact and fast
  where full Apriori/FP-growth over longer sets is neither needed nor cheap.
- support(A→B) = orders with A and B / all orders; confidence = orders with A and B /
  orders with A; lift = confidence / share of orders with B (1 = no more than chance).
  A pair must be in at least max(min_count, min_support x orders) orders, and so must each
  of its products (the Apriori pruning: a pair cannot be more frequent than its products),
  which keeps the self-join small.
- The pair counts come from a sparse matrix product (see _pair_counts), with products and
  orders as integer codes. Measured (bench/customers_retail.py): 1.0 s on the 541,909 UCI
  lines (20,728 orders, 7,259 pairs at the defaults), 1.7 s on 1,000,000 lines of whole
  resampled orders (13,410 rules).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import polars as pl
from scipy import sparse

Array = npt.NDArray[np.int64]

RULE_SCHEMA = {
    "antecedent": pl.String,
    "consequent": pl.String,
    "antecedent_name": pl.String,
    "consequent_name": pl.String,
    "orders": pl.Int64,
    "support": pl.Float64,
    "confidence": pl.Float64,
    "lift": pl.Float64,
}
CROSS_SELL_SCHEMA = {
    "product_id": pl.String,
    "rank": pl.Int64,
    "suggestion": pl.String,
    "suggestion_name": pl.String,
    "orders": pl.Int64,
    "confidence": pl.Float64,
    "lift": pl.Float64,
}


def baskets(lines: pl.DataFrame) -> pl.DataFrame:
    """order_id, product_id: the distinct products bought in each order."""
    is_return = pl.col("return_flag").fill_null(False) if "return_flag" in lines.columns else pl.lit(False)
    return (
        lines.filter((pl.col("quantity") > 0) & ~is_return & pl.col("product_id").is_not_null())
        .select(pl.col("order_id").cast(pl.String), pl.col("product_id").cast(pl.String))
        .unique()
    )


def threshold(orders: int, min_support: float, min_count: int) -> int:
    """The fewest orders a product or pair must be in."""
    return max(int(min_count), math.ceil(min_support * orders), 1)


def rules(
    lines: pl.DataFrame, *, min_support: float = 0.005, min_count: int = 10
) -> tuple[pl.DataFrame, int, int]:
    """Association rules between pairs of products, both directions, sorted by lift.

    Returns (rules, orders, multi_product_orders); rules has the columns of RULE_SCHEMA
    (names from the lines' descriptions when present). See the module docstring.
    """
    items = baskets(lines)
    n_orders = items.get_column("order_id").n_unique()
    need = threshold(n_orders, min_support, min_count)
    counts = items.group_by("product_id").agg(pl.len().alias("n"))
    frequent = counts.filter(pl.col("n") >= need).sort("product_id").with_row_index("code")
    multi = items.group_by("order_id").len().filter(pl.col("len") >= 2).height
    if frequent.height < 2:
        return pl.DataFrame(schema=RULE_SCHEMA), n_orders, multi
    coded = items.join(frequent.select("product_id", "code"), on="product_id").select(
        pl.col("order_id").rank("dense").cast(pl.Int64).alias("order") - 1, pl.col("code").cast(pl.Int64)
    )
    a, b, together = _pair_counts(coded, frequent.height)
    keep = together >= need
    if not keep.any():
        return pl.DataFrame(schema=RULE_SCHEMA), n_orders, multi
    pairs = pl.DataFrame({"a": a[keep], "b": b[keep], "orders": together[keep]})
    both = pl.concat([pairs, pairs.select(pl.col("b").alias("a"), pl.col("a").alias("b"), "orders")])
    lookup = frequent.select(pl.col("code").cast(pl.Int64), "product_id", "n")
    out = (
        both.join(lookup.rename({"code": "a", "product_id": "antecedent", "n": "n_a"}), on="a")
        .join(lookup.rename({"code": "b", "product_id": "consequent", "n": "n_b"}), on="b")
        .with_columns(
            pl.col("orders").cast(pl.Int64),
            (pl.col("orders") / n_orders).alias("support"),
            (pl.col("orders") / pl.col("n_a")).alias("confidence"),
        )
        .with_columns((pl.col("confidence") / (pl.col("n_b") / n_orders)).alias("lift"))
    )
    names = _names(lines, frequent.get_column("product_id"))
    out = (
        out.join(
            names.rename({"product_id": "antecedent", "name": "antecedent_name"}), on="antecedent", how="left"
        )
        .join(
            names.rename({"product_id": "consequent", "name": "consequent_name"}), on="consequent", how="left"
        )
        .select(list(RULE_SCHEMA))
        .sort(["lift", "confidence", "antecedent", "consequent"], descending=[True, True, False, False])
    )
    return out, n_orders, multi


def _pair_counts(coded: pl.DataFrame, products: int) -> tuple[Array, Array, Array]:
    """Orders holding both products, for every pair a < b of product codes.

    The order x product incidence matrix X (sparse, 0/1) gives all pair counts at once as
    X^T X: the sum over orders of size^2 multiply-adds in compiled code, about 5 times
    faster than a self-join on the order plus a group-by (measured on the UCI sample: 0.2 s
    against 1-2.6 s for Polars and 1.7 s for DuckDB).
    """
    order = coded.get_column("order").to_numpy()
    code = coded.get_column("code").to_numpy()
    matrix = sparse.csr_matrix(
        (np.ones(order.size, dtype=np.int64), (order, code)), shape=(int(order.max()) + 1, products)
    )
    co = sparse.coo_matrix(matrix.T @ matrix)
    upper = co.row < co.col
    return (
        co.row[upper].astype(np.int64),
        co.col[upper].astype(np.int64),
        np.asarray(co.data[upper], dtype=np.int64),
    )


def _names(lines: pl.DataFrame, products: pl.Series) -> pl.DataFrame:
    """product_id, name: the most common description of each product on its lines."""
    if "description" not in lines.columns:
        return pl.DataFrame(
            {"product_id": products, "name": [None] * products.len()},
            schema={"product_id": pl.String, "name": pl.String},
        )
    return (
        lines.filter(pl.col("product_id").is_in(products.implode()) & pl.col("description").is_not_null())
        .group_by(pl.col("product_id").cast(pl.String), pl.col("description").cast(pl.String))
        .len()
        .sort(["product_id", "len", "description"], descending=[False, True, False])
        .unique("product_id", keep="first", maintain_order=True)
        .select("product_id", pl.col("description").alias("name"))
    )


def cross_sell(
    rule_frame: pl.DataFrame, *, k: int = 3, min_confidence: float = 0.1, min_lift: float = 1.0
) -> pl.DataFrame:
    """For each product, up to k products to suggest with it: the rules from it with confidence
    >= min_confidence and lift > min_lift, best lift first (columns of CROSS_SELL_SCHEMA)."""
    if rule_frame.height == 0:
        return pl.DataFrame(schema=CROSS_SELL_SCHEMA)
    return (
        rule_frame.filter((pl.col("confidence") >= min_confidence) & (pl.col("lift") > min_lift))
        .sort(["antecedent", "lift", "confidence", "consequent"], descending=[False, True, True, False])
        .with_columns(pl.int_range(1, pl.len() + 1).over("antecedent").cast(pl.Int64).alias("rank"))
        .filter(pl.col("rank") <= k)
        .select(
            pl.col("antecedent").alias("product_id"),
            "rank",
            pl.col("consequent").alias("suggestion"),
            pl.col("consequent_name").alias("suggestion_name"),
            "orders",
            "confidence",
            "lift",
        )
    )
