"""Data quality and readiness: how good a business's data is, what it is good enough for,
and the few cheap fixes that would unlock more."""
