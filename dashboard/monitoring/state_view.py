"""One Member State (the "Member State profile" page): every recommendation's current status with
its evidence, its progress against the EU, and the history."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.enums import STATUS, StatusLevel
from dashboard.monitoring import basis, figures
from dashboard.monitoring.basis import Basis
from dashboard.monitoring.queries import Lookups
from dashboard.text import shorten


@dataclass(frozen=True)
class MemberStateView:
    code: str
    name: str
    as_of: dt.date
    progress: float | None  # this Member State's progress index, 0..1
    eu_progress: float | None  # the EU's, over the Member States of the date
    gap: float | None  # this Member State's progress index minus the EU's, in percentage points
    overdue: int
    current: pd.DataFrame  # one row per recommendation of the register
    by_area: pd.DataFrame  # area, progress (this Member State), eu_progress; report order
    basis: Basis | None = None  # which figures (None: built inside a report, which has its own)


def member_state_view(session: Session, code: str, when: Basis | dt.date) -> MemberStateView:
    """Status of every recommendation in ``code`` (live as of a date, or as a round was published),
    against the EU."""
    on = basis.of(session, when)
    names = basis.lookups(session, on)
    if code not in names.states:
        raise ValueError(f"unknown Member State '{code}'")
    view = view_of(code, on.as_of, basis.statuses(session, on), basis.register(session, on), names)
    return dataclasses.replace(view, basis=on)


def view_of(
    code: str, as_of: dt.date, eu: pd.DataFrame, recs: pd.DataFrame, names: Lookups
) -> MemberStateView:
    """The view built from the EU's latest statuses and the register (what the workbook reuses)."""
    mine = eu[eu["member_state"] == code]
    status = mine[["recommendation", "status", "assessed_on", "evidence", "source", "by"]]
    current = recs[["code", "title", "area", "deadline"]].rename(columns={"code": "recommendation"})
    current = current.merge(status.rename(columns={"assessed_on": "since"}), on="recommendation", how="left")
    current["status"] = current["status"].where(current["status"].notna(), StatusLevel.NOT_ASSESSED)
    current["label"] = current["status"].map(figures.LABELS)
    current["overdue"] = figures.overdue(current, as_of)
    progress, eu_progress = figures.progress_index(mine["status"]), figures.progress_index(eu["status"])
    return MemberStateView(
        code,
        names.states[code],
        as_of,
        progress,
        eu_progress,
        figures.change(progress, eu_progress),
        int(current["overdue"].sum()),
        current,
        figures.compare_by_area(mine, eu, names.areas),
    )


def recording_choices(current: pd.DataFrame, published: bool = False) -> dict[str, str]:
    """Each recommendation for the recording form: its code, its status in the figures shown and
    its title (shortened), e.g. "P-2 (now Some progress, since 3 Jun 2021) · Train prison and…"."""
    where = "as published" if published else "now"
    choices = {}
    for row in current.itertuples(index=False):
        since = f", since {row.since:%d %b %Y}".replace(" 0", " ") if pd.notna(row.since) else ""
        title = shorten(row.title, 70)
        choices[row.recommendation] = f"{row.recommendation} ({where} {row.label}{since}) · {title}"
    return choices


def status_table(current: pd.DataFrame):
    """The current-status table for display: status cells in their colour, with their label."""
    columns = ["recommendation", "title", "label", "since", "evidence", "source", "by", "overdue"]
    if "own" in current and current["own"].astype(bool).any():
        columns.insert(3, "own")
    shown = current[columns].rename(
        columns={
            "recommendation": "Code",
            "title": "Recommendation",
            "label": "Status",
            "since": "Since",
            "evidence": "Evidence",
            "source": "Source",
            "by": "Recorded by",
            "overdue": "Overdue",
            "own": "Member State's own status",
        }
    )
    return colour_statuses(shown)


def colour_statuses(shown: pd.DataFrame, column: str = "Status"):
    """A Styler painting each status label in its colour (the label stays: colour is never alone)."""
    colours = {
        info.label: f"background-color: {info.colour}; color: {info.text_colour}" for info in STATUS.values()
    }
    return shown.style.map(lambda label: colours.get(label, ""), subset=[column])
