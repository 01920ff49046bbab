"""Run every benchmark: `make bench` (or `python -m bench`)."""

from bench import (
    assess_profiles,
    customers_retail,
    feedback_sentiment,
    forecast_m3,
    forecast_retail,
    forecast_walmart,
    ingest_dialect,
    ingest_mapping,
    ingest_throughput,
    ingest_values,
    inquiries_banking,
    inventory_policy,
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
    forecast_retail.main()
    forecast_m3.main()
    forecast_walmart.main()
    inventory_policy.main()
    customers_retail.main()
    assess_profiles.main()
    feedback_sentiment.main()
    inquiries_banking.main()
