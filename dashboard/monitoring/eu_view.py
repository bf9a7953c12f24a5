"""The EU overview: every Member State's implementation as of a date, for some areas and addressees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.enums import Addressee
from dashboard.monitoring import basis, figures
from dashboard.monitoring.basis import Basis
from dashboard.monitoring.eu_actions import with_eu_row


@dataclass(frozen=True)
class EUView:
    basis: Basis  # which figures: live as of a date, or a round as published
    figures: figures.Headline
    states: pd.DataFrame  # by_member_state: progress and coverage per Member State (the map)
    trend: pd.DataFrame  # progress, coverage and "at least some" at each round's date
    by_area: pd.DataFrame  # pairs per thematic area and status
    matrix: pd.DataFrame  # Member States x recommendations, status labels; the EU row on top

    @property
    def matrix_title(self) -> str:
        if self.basis.published:  # a published round is shown as published: its Member States only
            return "Every recommendation in every Member State"
        return "Every recommendation at EU level and in every Member State"


def eu_view(
    session: Session, when: Basis | dt.date, areas: Sequence[int] = (), addressees: Sequence[Addressee] = ()
) -> EUView:
    """The figures of the recommendations of ``areas`` and ``addressees`` (all when empty), live as
    of a date or as a round was published."""
    on = basis.of(session, when)
    latest = figures.filtered(basis.statuses(session, on), areas, addressees)
    return EUView(
        on,
        figures.headline(latest, on.as_of),
        figures.by_member_state(latest),
        figures.trend(basis.round_statuses(session, on), areas, addressees),
        figures.counts_by_area(latest, basis.lookups(session, on).areas),
        _with_eu_level(session, figures.matrix(latest), on),
    )


def _with_eu_level(session: Session, matrix: pd.DataFrame, on: Basis) -> pd.DataFrame:
    """The matrix with the EU row on top: the EU-level statuses as of the date, or as the round was
    published (a round published before they were kept with it has no EU row)."""
    found = basis.eu_level(session, on)
    return matrix if found is None else with_eu_row(matrix, found)
