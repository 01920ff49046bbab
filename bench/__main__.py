"""Run every benchmark: `make bench` (or `python -m bench`)."""

from bench import (
    ingest_dialect,
    ingest_mapping,
    ingest_throughput,
    ingest_values,
    quality_dedupe,
    quality_errors,
    store_overview,
)

if __name__ == "__main__":
    store_overview.main()
    ingest_dialect.main()
    ingest_values.main()
    ingest_mapping.main()
    ingest_throughput.main()
    quality_errors.main([])
    quality_dedupe.main()
