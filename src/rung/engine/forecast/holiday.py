"""Public holidays: what the forecast does with them, and what it does not.

Used (from the `holidays` package, for ForecastConfig.country):
- every forecast lists the public holidays that fall in its periods, so the owner knows
  which weeks to look at twice;
- daily forecasts are set to 0 on a holiday the business did not sell on the last time it
  came round (seen in the history on a weekday it normally sells): a baker closed on Christmas
  Day stays closed in the forecast, and its bounds are 0 too.
Not used: holidays as model features (no statsforecast model here takes them; a global model
such as mlforecast/LightGBM with holiday features is left out to keep the engine small), the
extra sales before a holiday, and school holidays. Day-of-week patterns are handled by the
models (season 7) and the pooled group profile, not here.
"""

from __future__ import annotations

import datetime as dt

import holidays as holiday_calendars


def calendar(country: str, years: list[int]) -> dict[dt.date, str] | None:
    """Public holidays of country in years; None when the package has no calendar for it."""
    try:
        found = holiday_calendars.country_holidays(country.upper(), years=years)
    except (NotImplementedError, KeyError, AttributeError):
        return None
    return {day: str(name) for day, name in sorted(found.items())}


def in_range(days: dict[dt.date, str], first: dt.date, last: dt.date) -> dict[dt.date, str]:
    return {d: n for d, n in days.items() if first <= d <= last}


def closed_days(
    days: dict[dt.date, str],
    horizon: list[dt.date],
    history: dict[dt.date, float],
    selling_weekdays: set[int],
) -> list[dt.date]:
    """Holidays in horizon on whose last past occurrence (a normal selling weekday) nothing sold."""
    if not history:
        return []
    first, last = min(history), max(history)
    out = []
    for day in horizon:
        name = days.get(day)
        if name is None:
            continue
        past = [
            d for d, n in days.items() if n == name and first <= d <= last and d.weekday() in selling_weekdays
        ]
        if past and history.get(max(past), 0.0) <= 0:
            out.append(day)
    return out
