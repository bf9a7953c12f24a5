"""One Member State: every recommendation's current status with its evidence, and the history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.enums import STATUS, StatusLevel
from dashboard.monitoring.tracking import latest_statuses, progress_by, progress_index
from dashboard.store.models import ImplementationAssessment, MemberState, Recommendation, ThematicArea, User

NOT_COUNTED = (StatusLevel.FULL, StatusLevel.NOT_APPLICABLE)


@dataclass(frozen=True)
class Profile:
    code: str
    name: str
    as_of: dt.date
    progress: float | None  # this Member State's progress index, 0..1
    eu_progress: float | None  # the EU's, over the Member States of the date
    overdue: int
    current: pd.DataFrame  # one row per recommendation
    by_area: pd.DataFrame  # area, progress (this Member State), eu_progress; register order


def member_states(session: Session) -> dict[str, str]:
    """Code -> name of every Member State, past and present, in protocol order."""
    return dict(
        session.execute(select(MemberState.code, MemberState.name).order_by(MemberState.protocol_order)).all()
    )


def _evidence(session: Session, code: str, as_of: dt.date) -> pd.DataFrame:
    a = ImplementationAssessment
    rows = session.execute(
        select(Recommendation.code, a.assessed_on, a.id, a.evidence, a.source_url, User.name, a.recorded_at)
        .join(Recommendation, Recommendation.id == a.recommendation_id)
        .outerjoin(User, User.id == a.author_id)
        .where(a.member_state_code == code, a.assessed_on <= as_of)
        .order_by(a.assessed_on, a.id)
    ).all()
    frame = pd.DataFrame(
        rows, columns=["recommendation", "since", "id", "evidence", "source", "by", "recorded"]
    )
    return frame.groupby("recommendation").tail(1).set_index("recommendation")


def profile(session: Session, code: str, as_of: dt.date) -> Profile:
    """Current status of every recommendation in ``code`` as of a date, against the EU."""
    state = session.get(MemberState, code)
    if state is None:
        raise ValueError(f"unknown Member State '{code}'")
    eu = latest_statuses(session, as_of)
    mine = eu[eu["member_state"] == code]
    recs = pd.DataFrame(
        session.execute(
            select(Recommendation.code, Recommendation.title, ThematicArea.name, Recommendation.deadline)
            .join(ThematicArea)
            .order_by(ThematicArea.id, Recommendation.code)
        ).all(),
        columns=["recommendation", "title", "area", "deadline"],
    )
    current = recs.merge(mine[["recommendation", "status"]], on="recommendation", how="left")
    current["status"] = current["status"].where(current["status"].notna(), StatusLevel.NOT_ASSESSED)
    current = current.join(_evidence(session, code, as_of), on="recommendation")
    current["label"] = current["status"].map(lambda s: STATUS[s].label)
    current["overdue"] = (
        current["deadline"].notna() & (current["deadline"] < as_of) & ~current["status"].isin(NOT_COUNTED)
    )
    return Profile(
        code,
        state.name,
        as_of,
        progress_index(mine["status"]),
        progress_index(eu["status"]),
        int(current["overdue"].sum()),
        current.drop(columns=["id"]),
        compare_by_area(mine, eu, dict(session.execute(select(ThematicArea.id, ThematicArea.name)).all())),
    )


def compare_by_area(mine: pd.DataFrame, eu: pd.DataFrame, names: dict[int, str]) -> pd.DataFrame:
    """Progress index per thematic area: one Member State's against the EU's (NaN: nothing assessed)."""
    eu_progress = progress_by(eu, ["area_id"])["progress"]
    return pd.DataFrame(
        {
            "area_id": eu_progress.index,
            "area": [names.get(a, str(a)) for a in eu_progress.index],
            "progress": progress_by(mine, ["area_id"])["progress"].reindex(eu_progress.index).to_numpy(float),
            "eu_progress": eu_progress.to_numpy(dtype=float),
        }
    )


def history(session: Session, code: str) -> pd.DataFrame:
    """Every status ever recorded for ``code``, oldest first, with its evidence, source and who
    recorded it when."""
    a = ImplementationAssessment
    rows = session.execute(
        select(
            Recommendation.code,
            Recommendation.area_id,
            a.assessed_on,
            a.status,
            a.evidence,
            a.source_url,
            User.name,
            a.recorded_at,
        )
        .join(Recommendation, Recommendation.id == a.recommendation_id)
        .outerjoin(User, User.id == a.author_id)
        .where(a.member_state_code == code)
        .order_by(a.assessed_on, a.id)
    ).all()
    columns = ["recommendation", "area_id", "assessed_on", "status", "evidence", "source", "by", "recorded"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["label"] = frame["status"].map(lambda s: STATUS[s].label)
    frame["level"] = frame["status"].map(lambda s: STATUS[s].level)
    return frame


def status_table(current: pd.DataFrame):
    """The current-status table for display: status cells in their colour, with their label."""
    shown = current[
        ["recommendation", "title", "label", "since", "evidence", "source", "by", "overdue"]
    ].rename(
        columns={
            "recommendation": "Code",
            "title": "Recommendation",
            "label": "Status",
            "since": "Since",
            "evidence": "Evidence",
            "source": "Source",
            "by": "Recorded by",
            "overdue": "Overdue",
        }
    )
    return colour_statuses(shown)


def colour_statuses(shown: pd.DataFrame, column: str = "Status"):
    """A Styler painting each status label in its colour (the label stays: colour is never alone)."""
    colours = {
        info.label: f"background-color: {info.colour}; color: {info.text_colour}" for info in STATUS.values()
    }
    return shown.style.map(lambda label: colours.get(label, ""), subset=[column])
