"""Cut the committed demo sample from the full UCI Online Retail file in ../shared/datasets.

The demo must run on a fresh clone where ../shared does not exist, so a documented sample
is committed (CC BY 4.0, attribution in src/rung/engine/demo_data/README.md). The cut keeps
whole invoices, so orders, baskets and customer histories stay intact:
- every invoice of a customer whose CustomerID is divisible by 4, and
- every invoice without a customer whose invoice number is divisible by 4.
Rows are written unchanged, in file order.

Usage: python scripts/make_demo_sample.py [path/to/online_retail.csv.gz]
"""

import gzip
import sys
from pathlib import Path

import polars as pl

root = Path(__file__).resolve().parents[1]
source = (
    Path(sys.argv[1])
    if len(sys.argv) > 1
    else root.parent / "shared/datasets/uci-online-retail/online_retail.csv.gz"
)
target = root / "src/rung/engine/demo_data/online_retail_sample.csv.gz"

raw = pl.read_csv(source, infer_schema=False)
customer = pl.col("CustomerID").str.replace(r"\.0$", "").cast(pl.Int64, strict=False)
invoice = pl.col("InvoiceNo").str.replace(r"^[A-Z]", "").cast(pl.Int64, strict=False)
sample = raw.filter(pl.when(customer.is_not_null()).then(customer % 4 == 0).otherwise(invoice % 4 == 0))
with open(target, "wb") as raw_fh, gzip.GzipFile(fileobj=raw_fh, mode="wb", compresslevel=9, mtime=0) as fh:
    sample.write_csv(fh)
print(f"{sample.height} of {raw.height} lines, {sample['InvoiceNo'].n_unique()} invoices -> {target}")
