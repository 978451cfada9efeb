"""The API's event filters, checked: a value that matches nothing by construction is an error, not an empty list.

``since`` / ``until`` are dates (YYYY, YYYY-MM or YYYY-MM-DD, real calendar dates) turned into the first and last
day they cover, so a month-dated event counts for every day of its month ("until=2017-04" keeps April's events);
``type`` is a PLOVER type and ``status`` an event status (any case); ``country`` is an ISO3 code or a country
name ("Syria" -> SYR).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from polemos.coding.ontology import PLOVER_TYPES
from polemos.errors import PolemosError
from polemos.records import EVENT_STATUSES

__all__ = ["check_filters", "window"]

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def window(value: str, name: str) -> tuple[str, str]:
    """The first and last day (ISO) that ``value`` (YYYY, YYYY-MM, YYYY-MM-DD) covers; E422 if it is no date."""
    parts = value.split("-") if _DATE.fullmatch(value) else []
    try:
        if len(parts) == 1 and len(value) == 4:
            y = int(value)
            return date(y, 1, 1).isoformat(), date(y, 12, 31).isoformat()
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return date(y, m, 1).isoformat(), date(y, m, calendar.monthrange(y, m)[1]).isoformat()
        if len(parts) == 3:
            d = date(int(parts[0]), int(parts[1]), int(parts[2]))
            return d.isoformat(), d.isoformat()
    except ValueError:
        pass
    raise PolemosError("E422", f"{name}={value!r} is not a date", "write YYYY, YYYY-MM or YYYY-MM-DD (a real date)")


def _country(value: str) -> str:
    if len(value) == 3 and value.isalpha():
        return value.upper()
    import pycountry

    try:
        return str(pycountry.countries.lookup(value).alpha_3)
    except LookupError:
        try:
            return str(pycountry.countries.search_fuzzy(value)[0].alpha_3)
        except LookupError:
            raise PolemosError("E422", f"country={value!r} is no ISO3 code or country name",
                               "give an ISO 3166 alpha-3 code such as SYR") from None


def check_filters(f: dict[str, Any]) -> dict[str, Any]:
    out = dict(f)
    if f.get("since"):
        out["since"] = window(f["since"], "since")[0]
    if f.get("until"):
        out["until"] = window(f["until"], "until")[1]
    if f.get("type"):
        if f["type"].upper() not in PLOVER_TYPES:
            raise PolemosError("E422", f"type={f['type']!r} is not a PLOVER event type",
                               f"use one of {', '.join(PLOVER_TYPES)}")
        out["type"] = f["type"].upper()
    if f.get("status"):
        if f["status"].lower() not in EVENT_STATUSES:
            raise PolemosError("E422", f"status={f['status']!r} is not an event status",
                               f"use one of {', '.join(EVENT_STATUSES)}")
        out["status"] = f["status"].lower()
    if f.get("country"):
        out["country"] = _country(f["country"])
    return out
