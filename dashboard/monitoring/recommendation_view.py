"""One recommendation across every Member State: its status, evidence and history in each."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.enums import STATUS, label_of
from dashboard.monitoring.headline import Headline, by_member_state, headline
from dashboard.monitoring.state_view import colour_statuses
from dashboard.monitoring.tracking import latest_statuses
from dashboard.store.models import ImplementationAssessment, MemberState, Recommendation, ThematicArea, User


@dataclass(frozen=True)
class RecommendationProfile:
    code: str
    title: str
    description: str
    area: str
    addressee: str
    deadline: dt.date | None
    figures: Headline
    states: pd.DataFrame  # per Member State: progress (level / 4), assessed, applicable (for the map)
    current: pd.DataFrame  # per Member State: status label, since, evidence, source, by


def recommendations(session: Session) -> dict[str, str]:
    """Code -> 'CODE title' in register order."""
    rows = session.execute(
        select(Recommendation.code, Recommendation.title)
        .join(ThematicArea)
        .order_by(ThematicArea.id, Recommendation.code)
    )
    return {code: f"{code} {title}" for code, title in rows}


def recommendation_profile(session: Session, code: str, as_of: dt.date) -> RecommendationProfile:
    rec = session.scalar(select(Recommendation).where(Recommendation.code == code))
    if rec is None:
        raise ValueError(f"unknown recommendation '{code}'")
    latest = latest_statuses(session, as_of)
    mine = latest[latest["recommendation"] == code]
    a = ImplementationAssessment
    rows = session.execute(
        select(a.member_state_code, a.assessed_on, a.evidence, a.source_url, User.name)
        .outerjoin(User, User.id == a.author_id)
        .where(a.recommendation_id == rec.id, a.assessed_on <= as_of)
        .order_by(a.assessed_on, a.id)
    ).all()
    evidence = pd.DataFrame(rows, columns=["member_state", "since", "evidence", "source", "by"])
    evidence = evidence.groupby("member_state").tail(1).set_index("member_state")
    names = dict(session.execute(select(MemberState.code, MemberState.name)).all())
    current = mine[["member_state", "status"]].join(evidence, on="member_state")
    current.insert(1, "name", current["member_state"].map(names))
    current["label"] = current["status"].map(lambda s: STATUS[s].label)
    return RecommendationProfile(
        rec.code,
        rec.title,
        rec.description,
        rec.area.name,
        label_of(rec.addressee),
        rec.deadline,
        headline(mine, as_of),
        by_member_state(mine),
        current.reset_index(drop=True),
    )


def status_table(current: pd.DataFrame):
    """Per Member State, the status cell in its colour with its label."""
    shown = current[["name", "label", "since", "evidence", "source", "by"]].rename(
        columns={
            "name": "Member State",
            "label": "Status",
            "since": "Since",
            "evidence": "Evidence",
            "source": "Source",
            "by": "Recorded by",
        }
    )
    return colour_statuses(shown)
