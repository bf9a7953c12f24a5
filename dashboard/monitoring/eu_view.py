"""The EU overview: every Member State's implementation as of a date, for some areas and addressees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.enums import Addressee
from dashboard.monitoring import figures, queries


@dataclass(frozen=True)
class EUView:
    as_of: dt.date
    figures: figures.Headline
    states: pd.DataFrame  # by_member_state: progress and coverage per Member State (the map)
    trend: pd.DataFrame  # progress, coverage and "at least some" at each round's date
    by_area: pd.DataFrame  # pairs per thematic area and status
    matrix: pd.DataFrame  # Member States x recommendations, status labels


def eu_view(
    session: Session, as_of: dt.date, areas: Sequence[int] = (), addressees: Sequence[Addressee] = ()
) -> EUView:
    """The figures of the recommendations of ``areas`` and ``addressees`` (all when empty)."""
    latest = figures.filtered(queries.latest_statuses(session, as_of), areas, addressees)
    return EUView(
        as_of,
        figures.headline(latest, as_of),
        figures.by_member_state(latest),
        figures.trend(queries.round_statuses(session, dt.date.max), areas, addressees),
        figures.counts_by_area(latest, queries.lookups(session).areas),
        figures.matrix(latest),
    )
