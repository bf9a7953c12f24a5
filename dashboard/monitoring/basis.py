"""Which figures a view shows: the live data as of a date, or a published round as it was published.

Every page and workbook with implementation figures reads its tables through a ``Basis``: live, the
latest statuses as of a date (``monitoring.queries``); published, the round's snapshot and the
register as they were at publication, so its figures never move whatever is recorded or edited later.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.enums import Addressee, Priority, RoundState, StatusLevel
from dashboard.errors import InvalidInput
from dashboard.monitoring import queries
from dashboard.store.db import current_revision
from dashboard.store.models import AssessmentRound, MemberState, RoundSnapshot


@dataclass(frozen=True)
class Basis:
    as_of: dt.date
    revision: int  # the data revision the figures are read at (a published round's: at publication)
    round_id: int | None = None  # a published round, as published; None: live
    round_name: str | None = None
    published_at: dt.datetime | None = None

    @property
    def published(self) -> bool:
        return self.round_id is not None

    def describe(self) -> str:
        """What the figures are, in one line for a caption."""
        if self.published:
            return (
                f"As published: {self.round_name} (reference date {self.as_of:%d %b %Y}, published "
                f"{self.published_at:%d %b %Y}, data revision {self.revision})"
            )
        return f"Live: as of {self.as_of:%d %b %Y}, data revision {self.revision}"


def live(session: Session, as_of: dt.date) -> Basis:
    return Basis(as_of, current_revision(session))


def of(session: Session, when: Basis | dt.date) -> Basis:
    """``when`` itself, or the live basis of a date."""
    return when if isinstance(when, Basis) else live(session, when)


def published(session: Session, round_id: int) -> Basis:
    """A published round's basis; InvalidInput when there is no such published round."""
    row = session.get(AssessmentRound, round_id)
    if row is None or row.state is not RoundState.PUBLISHED:
        raise InvalidInput(f"there is no published round {round_id}")
    return Basis(row.reference_date, row.published_revision or 0, row.id, row.name, row.published_at)


def statuses(session: Session, basis: Basis, member_state: str | None = None) -> pd.DataFrame:
    """The latest statuses of the basis, with evidence (``queries.LATEST_COLUMNS``)."""
    if not basis.published:
        return queries.latest_statuses(session, basis.as_of, member_state)
    return _snapshot(session, basis.round_id, member_state)


def register(session: Session, basis: Basis) -> pd.DataFrame:
    """The register of the basis (``queries.REGISTER_COLUMNS``): as published, for a published round."""
    if not basis.published:
        return queries.register(session)
    return _published_register(session, basis.round_id)


def round_statuses(session: Session, basis: Basis) -> list[tuple[str, dt.date, pd.DataFrame]]:
    """Each round up to the basis's date with its statuses then; for a published basis, the
    published rounds up to it, each as published."""
    if not basis.published:
        return queries.round_statuses(session, basis.as_of)
    rounds = session.execute(
        select(AssessmentRound.id, AssessmentRound.name, AssessmentRound.reference_date)
        .where(AssessmentRound.state == RoundState.PUBLISHED, AssessmentRound.reference_date <= basis.as_of)
        .order_by(AssessmentRound.reference_date)
    ).all()
    return [(name, on, _snapshot(session, round_id, None, evidence=False)) for round_id, name, on in rounds]


def lookups(session: Session, basis: Basis) -> queries.Lookups:
    """Names of the basis: a published round's thematic areas and titles as published."""
    names = queries.lookups(session)
    if not basis.published:
        return names
    recs = _published_register(session, basis.round_id)
    areas = dict(zip(recs["area_id"], recs["area"], strict=True))
    return queries.Lookups(
        names.states, names.areas | areas, dict(zip(recs["code"], recs["title"], strict=True))
    )


def illustrative(session: Session, basis: Basis) -> bool | None:
    """Whether a published round held illustrative data when published (None: live, ask the database)."""
    if not basis.published:
        return None
    return bool(_published(session, basis.round_id).get("illustrative"))


def eu_level(session: Session, basis: Basis) -> pd.DataFrame | None:
    """The EU-level statuses (``eu_actions.eu_statuses``): live as of the date, or as the round was
    published; None for a round published before EU-level statuses were kept with it."""
    from dashboard.monitoring.eu_actions import eu_statuses

    if not basis.published:
        return eu_statuses(session, basis.as_of)
    rows = _published(session, basis.round_id).get("eu_level")
    if rows is None:
        return None
    frame = pd.DataFrame(rows, columns=EU_COLUMNS)
    for column in ("deadline", "since"):
        frame[column] = [
            dt.date.fromisoformat(v) if isinstance(v, str) and v else None for v in frame[column]
        ]
    frame["status"] = frame["status"].map(StatusLevel)
    return frame


EU_COLUMNS = [
    "recommendation",
    "title",
    "addressee",
    "deadline",
    "status",
    "since",
    "evidence",
    "source",
    "by",
]


def _published(session: Session, round_id: int) -> dict:
    return json.loads(session.get(AssessmentRound, round_id).published_register or "{}")


def _published_register(session: Session, round_id: int) -> pd.DataFrame:
    rows = _published(session, round_id).get("register", [])
    frame = pd.DataFrame(rows, columns=queries.REGISTER_COLUMNS)
    for column in ("issued_on", "deadline", "retired_on"):
        frame[column] = [
            dt.date.fromisoformat(v) if isinstance(v, str) and v else None for v in frame[column]
        ]
    frame["addressee"] = frame["addressee"].map(Addressee)
    frame["priority"] = frame["priority"].map(Priority)
    return frame


def _snapshot(
    session: Session, round_id: int, member_state: str | None, evidence: bool = True
) -> pd.DataFrame:
    """A published round's statuses in the columns and order of ``queries.latest_statuses``."""
    s = RoundSnapshot
    query = (
        select(
            s.recommendation,
            s.member_state_code,
            s.status,
            s.assessed_on,
            s.evidence,
            s.source_url,
            s.recorded_by,
        )
        .join(MemberState, MemberState.code == s.member_state_code)
        .where(s.round_id == round_id)
        .order_by(MemberState.protocol_order)
    )
    if member_state is not None:
        query = query.where(s.member_state_code == member_state)
    columns = ["recommendation", "member_state", "status", "assessed_on", "evidence", "source", "by"]
    frame = pd.DataFrame(session.execute(query).all(), columns=columns)
    if not evidence:
        frame[["evidence", "source", "by"]] = None
    recs = _published_register(session, round_id).set_index("code")
    rank = {code: i for i, code in enumerate(recs.index)}
    frame = frame.iloc[frame["recommendation"].map(rank).argsort(kind="stable")].reset_index(drop=True)
    frame["status"] = frame["status"].fillna(StatusLevel.NOT_ASSESSED)
    frame["assessed_on"] = frame["assessed_on"].astype(object).where(frame["assessed_on"].notna(), None)
    for column in ("area_id", "addressee", "deadline"):
        frame[column] = frame["recommendation"].map(recs[column])
    return frame[queries.LATEST_COLUMNS]
