"""Import: any small business's exports into the canonical store, with no mapping to write.

Stages, each its own module:
- `read`: files (CSV/TSV/TXT in any common encoding and dialect, XLSX/XLS/ODS, JSON/NDJSON,
  ZIP) -> `RawTable`s of text cells with the header found;
- `mapping`: which canonical entity a table holds and which column is which field;
- `values`: vectorised parsing of text cells into typed values, with a reason per failure;
- `pipeline`: the above end to end, quarantine, de-duplication and the dry-run report.
"""
