"""The read model of implementation monitoring: every SQL query of the capability, and only them.

As-of semantics: the status of (recommendation, Member State) on date D is the assessment with the
latest ``assessed_on`` <= D (ties broken by the later-recorded row). Pairs without one are
"Not assessed". Only Member States that were members on D, and recommendations issued by D, count.
The figures computed from these tables are in ``monitoring.figures`` (pure functions).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Date, String, column, or_, select, type_coerce, values
from sqlalchemy.orm import Session

from dashboard.enums import Addressee, StatusLevel
from dashboard.store.models import (
    AssessmentRound,
    ImplementationAssessment,
    MemberState,
    Recommendation,
    ThematicArea,
    User,
)

LATEST_COLUMNS = [
    "recommendation",
    "area_id",
    "addressee",
    "deadline",
    "member_state",
    "status",
    "assessed_on",
    "evidence",
    "source",
    "by",
]


@dataclass(frozen=True)
class Lookups:
    """Code -> name of everything a table or a chart labels, each read once."""

    states: dict[str, str]  # EU code -> name, every Member State past and present, protocol order
    areas: dict[int, str]  # thematic area id -> name, report order
    recommendations: dict[str, str]  # code -> title, register order (area, then code)

    def state_label(self, code: str) -> str:
        """'Greece (EL)'."""
        return f"{self.states.get(code, code)} ({code})"

    def recommendation_label(self, code: str) -> str:
        """'P-1 Share risk-assessment tools ...'."""
        return f"{code} {self.recommendations.get(code, '')}".rstrip()


def lookups(session: Session) -> Lookups:
    """The names of Member States, thematic areas and recommendations."""
    states = session.execute(select(MemberState.code, MemberState.name).order_by(MemberState.protocol_order))
    areas = session.execute(select(ThematicArea.id, ThematicArea.name).order_by(ThematicArea.id))
    recs = session.execute(
        select(Recommendation.code, Recommendation.title).order_by(
            Recommendation.area_id, Recommendation.code
        )
    )
    return Lookups(dict(states.all()), dict(areas.all()), dict(recs.all()))


def member_states_on(session: Session, on: dt.date) -> list[str]:
    """Codes of the Member States on ``on``, in protocol order."""
    return list(
        session.scalars(
            select(MemberState.code)
            .where(MemberState.member_from <= on)
            .where(or_(MemberState.member_to.is_(None), MemberState.member_to >= on))
            .order_by(MemberState.protocol_order)
        )
    )


def latest_statuses(
    session: Session, as_of: dt.date, member_state: str | None = None, evidence: bool = True
) -> pd.DataFrame:
    """One row per (recommendation issued by ``as_of``, Member State of that date): its latest status
    as of that date with the evidence, source and author behind it (``LATEST_COLUMNS``); by
    recommendation, then Member State in protocol order.

    ``member_state`` keeps one Member State only (if it was a member on ``as_of``); without
    ``evidence`` the evidence, source and author columns are empty (the status tables of past rounds).
    """
    return statuses_at(session, {"": as_of}, member_state, evidence)[""]


def statuses_at(
    session: Session, dates: dict[str, dt.date], member_state: str | None = None, evidence: bool = True
) -> dict[str, pd.DataFrame]:
    """``latest_statuses`` as of each of several named dates (e.g. every round's), in one query."""
    if not dates:
        return {}
    a = ImplementationAssessment
    at = (
        values(column("name", String), column("on", Date), name="dates")
        .data(list(dates.items()))
        .cte("dates")
    )
    wanted = (a.evidence, a.source_url, User.name) if evidence else ()
    member = (MemberState.member_from <= at.c.on) & (
        MemberState.member_to.is_(None) | (MemberState.member_to >= at.c.on)
    )
    if member_state is not None:
        member &= MemberState.code == member_state
    query = (
        select(
            at.c.name,
            Recommendation.code,
            Recommendation.area_id,
            _raw(Recommendation.addressee),
            _raw(Recommendation.deadline),
            MemberState.code,
            _raw(a.status),
            _raw(a.assessed_on),
            *wanted,
        )
        .select_from(at)
        .join(Recommendation, Recommendation.issued_on <= at.c.on)
        .join(MemberState, member)
        .outerjoin(a, a.id == _latest_id(at.c.on))
        .order_by(at.c.on, at.c.name, Recommendation.id, MemberState.protocol_order)
    )
    if evidence:
        query = query.outerjoin(User, User.id == a.author_id)
    columns = ["at", *LATEST_COLUMNS] if evidence else ["at", *LATEST_COLUMNS[:7]]
    frame = _frame(session, query, columns).reindex(columns=["at", *LATEST_COLUMNS])
    frame["addressee"] = frame["addressee"].map(ADDRESSEES_BY_VALUE)
    frame["status"] = frame["status"].map(STATUS_BY_VALUE).fillna(StatusLevel.NOT_ASSESSED)
    frame["deadline"], frame["assessed_on"] = _dates(frame["deadline"]), _dates(frame["assessed_on"])
    names = frame.pop("at").tolist()  # rows come ordered by date and name: slice, not group
    starts = {name: names.index(name) for name in dates if name in names}
    ends = {name: len(names) - names[::-1].index(name) for name in starts}
    return {
        name: frame.iloc[starts[name] : ends[name]].reset_index(drop=True)
        if name in starts
        else frame.iloc[0:0]
        for name in dates
    }


# Row values read as the database holds them and converted a column at a time: converting each row's
# dates and categories one by one cost ~20 µs a row on SQLite, most of the time of a large table.
STATUS_BY_VALUE = {s.value: s for s in StatusLevel}
ADDRESSEES_BY_VALUE = {a.value: a for a in Addressee}


def _raw(column):
    """The column as the database returns it (SQLite: a date as 'YYYY-MM-DD', a category as its value)."""
    return type_coerce(column, String)


def _dates(values: pd.Series) -> pd.Series:
    """Dates from 'YYYY-MM-DD' text (SQLite) or date objects (PostgreSQL); None where missing.

    Each distinct value is parsed once: a table repeats few dates (a round's, a deadline's).
    """
    parsed = {
        v: dt.date.fromisoformat(v) if isinstance(v, str) else v if isinstance(v, dt.date) else None
        for v in values.dropna().unique()
    }
    return values.map(parsed).astype(object).where(values.notna(), None)


def _frame(session: Session, query, columns: list[str]) -> pd.DataFrame:
    """The rows of a query whose columns need no conversion by SQLAlchemy (see ``_raw``), as a table.

    They are read from the driver's cursor as plain tuples: making a SQLAlchemy row of each and
    turning it back into a tuple cost ~7 µs a row, three quarters of the time of 20,000 rows.
    """
    result = session.connection().execute(query)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    return pd.DataFrame.from_records(rows, columns=columns)


def _latest_id(as_of):
    """The id of the newest assessment of the outer query's (recommendation, Member State) as of a date
    (a date, or the outer query's date column).

    One index seek per pair on ix_assessment_latest (recommendation, Member State, date, id), read
    backwards: the cost grows with the number of pairs, not with the length of the history.
    """
    a = ImplementationAssessment
    return (
        select(a.id)
        .where(
            a.recommendation_id == Recommendation.id,
            a.member_state_code == MemberState.code,
            a.assessed_on <= as_of,
            a.withdrawn_at.is_(None),
        )
        .order_by(a.recommendation_id.desc(), a.member_state_code.desc(), a.assessed_on.desc(), a.id.desc())
        .limit(1)
        .correlate_except(ImplementationAssessment)
        .scalar_subquery()
    )


def rounds(session: Session, until: dt.date | None = None) -> list[tuple[str, dt.date]]:
    """Each assessment round's name and reference date, oldest first (up to ``until`` if given)."""
    query = select(AssessmentRound.name, AssessmentRound.reference_date).order_by(
        AssessmentRound.reference_date
    )
    if until is not None:
        query = query.where(AssessmentRound.reference_date <= until)
    return [(name, on) for name, on in session.execute(query)]


def round_statuses(session: Session, until: dt.date) -> list[tuple[str, dt.date, pd.DataFrame]]:
    """Each assessment round up to ``until``: its name, reference date and the latest statuses then."""
    named = rounds(session, until)
    tables = statuses_at(session, dict(named), evidence=False)
    return [(name, on, tables[name]) for name, on in named]


HISTORY_COLUMNS = [
    "recommendation",
    "area_id",
    "member_state",
    "assessed_on",
    "status",
    "evidence",
    "source",
    "by",
    "recorded",
    "correction",
    "withdrawal",
    "id",
]


def history(session: Session, member_state: str | None = None) -> pd.DataFrame:
    """Every status ever recorded (for one Member State when given), oldest first, with its
    evidence, source, who recorded it when, the reason of a correction and, for a withdrawn status,
    who withdrew it when and why (withdrawn rows are kept here and counted nowhere else)."""
    a = ImplementationAssessment
    query = (
        select(
            Recommendation.code,
            Recommendation.area_id,
            a.member_state_code,
            a.assessed_on,
            a.status,
            a.evidence,
            a.source_url,
            User.name,
            a.recorded_at,
            a.correction_reason,
            a.withdrawal,
            a.id,
        )
        .join(Recommendation, Recommendation.id == a.recommendation_id)
        .outerjoin(User, User.id == a.author_id)
        .order_by(a.assessed_on, a.id)
    )
    if member_state is not None:
        query = query.where(a.member_state_code == member_state)
    return pd.DataFrame(session.execute(query).all(), columns=HISTORY_COLUMNS)


REGISTER_COLUMNS = [
    "code",
    "title",
    "description",
    "area_id",
    "area",
    "addressee",
    "issued_on",
    "deadline",
    "priority",
    "source_document",
    "source_paragraph",
    "retired_on",
    "illustrative",
]


def register(session: Session) -> pd.DataFrame:
    """Every recommendation with its thematic area, in register order (area, then code)."""
    query = (
        select(
            Recommendation.code,
            Recommendation.title,
            Recommendation.description,
            Recommendation.area_id,
            ThematicArea.name,
            Recommendation.addressee,
            Recommendation.issued_on,
            Recommendation.deadline,
            Recommendation.priority,
            Recommendation.source_document,
            Recommendation.source_paragraph,
            Recommendation.retired_on,
            Recommendation.illustrative,
        )
        .join(ThematicArea)
        .order_by(Recommendation.area_id, Recommendation.code)
    )
    return pd.DataFrame(session.execute(query).all(), columns=REGISTER_COLUMNS)
