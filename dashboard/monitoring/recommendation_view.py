"""One recommendation across every Member State (the "Recommendation profile" page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.enums import label_of
from dashboard.monitoring import basis, figures
from dashboard.monitoring.basis import Basis
from dashboard.monitoring.state_view import colour_statuses


@dataclass(frozen=True)
class RecommendationView:
    code: str
    title: str
    description: str
    area: str
    addressee: str
    deadline: dt.date | None
    figures: figures.Headline
    states: pd.DataFrame  # per Member State: progress (level / 4), assessed, applicable (for the map)
    current: pd.DataFrame  # per Member State: status label, since, evidence, source, by
    basis: Basis  # which figures: live as of a date, or a round as published


def recommendation_view(session: Session, code: str, when: Basis | dt.date) -> RecommendationView:
    """One recommendation in every Member State, live as of a date or as a round was published."""
    on = basis.of(session, when)
    as_of = on.as_of
    recs = basis.register(session, on).set_index("code")
    if code not in recs.index:
        raise ValueError(f"unknown recommendation '{code}'")
    rec = recs.loc[code]
    latest = basis.statuses(session, on)
    mine = latest[latest["recommendation"] == code]
    current = mine[["member_state", "status", "assessed_on", "evidence", "source", "by"]].rename(
        columns={"assessed_on": "since"}
    )
    current.insert(1, "name", current["member_state"].map(basis.lookups(session, on).states))
    current["label"] = current["status"].map(figures.LABELS)
    return RecommendationView(
        code,
        rec["title"],
        rec["description"],
        rec["area"],
        label_of(rec["addressee"]),
        None if pd.isna(rec["deadline"]) else rec["deadline"],
        figures.headline(mine, as_of),
        figures.by_member_state(mine),
        current.reset_index(drop=True),
        on,
    )


def status_table(current: pd.DataFrame):
    """Per Member State, the status cell in its colour with its label."""
    columns = ["name", "label", "since", "evidence", "source", "by"]
    if "own" in current and current["own"].astype(bool).any():
        columns.insert(2, "own")
    shown = current[columns].rename(
        columns={
            "name": "Member State",
            "label": "Status",
            "since": "Since",
            "evidence": "Evidence",
            "source": "Source",
            "by": "Recorded by",
            "own": "Member State's own status",
        }
    )
    return colour_statuses(shown)
