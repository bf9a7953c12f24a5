"""The EU overview's filters and their form in a link (?area=1,4&to=both&asof=2023-06-30)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dashboard.enums import Addressee
from dashboard.text import shorten, whole_number


@dataclass(frozen=True)
class Filters:
    areas: tuple[int, ...] = ()  # empty = all
    addressees: tuple[Addressee, ...] = ()  # empty = all
    as_of: dt.date = field(default_factory=dt.date.today)
    problems: tuple[str, ...] = ()  # what in the link could not be used (and was ignored)


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def parse_filters(params: dict[str, str], area_ids: list[int], today: dt.date) -> Filters:
    """Filters from query parameters; anything unusable is left out and named in ``problems``."""
    problems, areas, addressees = [], [], []
    for part in _split(params.get("area")):
        if whole_number(part) in area_ids:
            areas.append(whole_number(part))
        else:
            problems.append(f"unknown thematic area '{shorten(part)}' in the link")
    known = {a.value: a for a in Addressee}
    for part in _split(params.get("to")):
        if part in known:
            addressees.append(known[part])
        else:
            problems.append(f"unknown addressee '{part}' in the link")
    as_of = today
    if params.get("asof"):
        try:
            as_of = dt.date.fromisoformat(params["asof"])
        except ValueError:
            problems.append(f"'{params['asof']}' in the link is not a date (YYYY-MM-DD)")
        if as_of > today:
            problems.append(f"{as_of:%d %b %Y} is in the future: showing today")
            as_of = today
    return Filters(tuple(areas), tuple(addressees), as_of, tuple(problems))


def filters_to_params(areas, addressees, as_of: dt.date, today: dt.date) -> dict[str, str | None]:
    """Query parameters for a view (None removes a parameter): the inverse of ``parse_filters``."""
    return {
        "area": ",".join(str(a) for a in areas) or None,
        "to": ",".join(a.value for a in addressees) or None,
        "asof": as_of.isoformat() if as_of != today else None,
    }
