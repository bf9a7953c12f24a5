"""Recording implementation status: append-only, audited, refused with a reason when wrong.

The rules are checked against a ``Ledger``: the register, the Member States and the recorded
history of the pairs concerned, read once. One status (the form) and a whole file (the import)
are checked by the same rules, the file without a query per row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlparse

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import RoundState, StatusLevel, label_of
from dashboard.errors import InvalidInput
from dashboard.store import audit
from dashboard.store.models import AssessmentRound, ImplementationAssessment, MemberState, Recommendation

EVIDENCE_MAX = 4000  # characters
URL_MAX = 500


@dataclass(frozen=True)
class StatusEntry:
    recommendation: str  # code
    member_state: str  # EU code
    status: StatusLevel
    assessed_on: dt.date
    evidence: str
    source_url: str = ""


@dataclass(frozen=True)
class _Rec:
    id: int
    issued_on: dt.date


@dataclass(frozen=True)
class _State:
    name: str
    member_from: dt.date
    member_to: dt.date | None


@dataclass
class Ledger:
    """What the rules need to know, read once: recommendations and Member States by code, and the
    recorded statuses of the pairs concerned as (date, status, evidence), kept in date order and
    extended as entries are added in the same transaction."""

    recommendations: dict[str, _Rec]
    states: dict[str, _State]
    open_rounds: list[tuple[dt.date, int]]  # (reference date, id) of the rounds open for entries
    history: dict[tuple[int, str], list[tuple[dt.date, StatusLevel, str]]] = field(default_factory=dict)

    def round_for(self, on: dt.date) -> int | None:
        """The open round a status dated ``on`` feeds (the first whose reference date is not before
        it); none when that round is closed: a closed round stays as it is."""
        return next((round_id for reference, round_id in self.open_rounds if reference >= on), None)

    def before(self, rec_id: int, state: str, on: dt.date) -> StatusLevel | None:
        """The latest status recorded on or before ``on`` (the later-recorded of a same-day pair)."""
        found = [status for day, status, _ in self.history.get((rec_id, state), []) if day <= on]
        return found[-1] if found else None

    def holds(self, rec_id: int, entry: StatusEntry) -> bool:
        """The same status, date and evidence is already recorded for the pair."""
        same = (entry.assessed_on, entry.status, entry.evidence.strip())
        return same in self.history.get((rec_id, entry.member_state), [])

    def add(self, rec_id: int, entry: StatusEntry) -> None:
        rows = self.history.setdefault((rec_id, entry.member_state), [])
        rows.append((entry.assessed_on, entry.status, entry.evidence.strip()))
        rows.sort(key=lambda row: row[0])  # stable: a same-day entry stays after the earlier ones


def ledger(session: Session, entries: list[StatusEntry]) -> Ledger:
    """The register, the Member States, the open rounds and the history of every pair in ``entries``:
    four queries, however many entries."""
    recs = {
        code: _Rec(rec_id, issued)
        for code, rec_id, issued in session.execute(
            select(Recommendation.code, Recommendation.id, Recommendation.issued_on)
        )
    }
    states = {
        code: _State(name, start, end)
        for code, name, start, end in session.execute(
            select(MemberState.code, MemberState.name, MemberState.member_from, MemberState.member_to)
        )
    }
    rounds = session.execute(
        select(AssessmentRound.reference_date, AssessmentRound.id)
        .where(AssessmentRound.state == RoundState.OPEN)
        .order_by(AssessmentRound.reference_date)
    )
    found = Ledger(recs, states, [(on, round_id) for on, round_id in rounds])
    pairs = {(recs[e.recommendation].id, e.member_state) for e in entries if e.recommendation in recs}
    if pairs:
        a = ImplementationAssessment
        rows = session.execute(
            select(a.recommendation_id, a.member_state_code, a.assessed_on, a.status, a.evidence)
            .where(tuple_(a.recommendation_id, a.member_state_code).in_(sorted(pairs)))
            .order_by(a.assessed_on, a.id)
        )
        for rec_id, state, on, status, evidence in rows:
            found.history.setdefault((rec_id, state), []).append((on, status, evidence or ""))
    return found


def problems(book: Ledger, entry: StatusEntry, today: dt.date) -> list[tuple[str, str]]:
    """What is wrong with ``entry``, as (field, message) pairs; fields are StatusEntry's names.

    The evidence rule compares with the latest status recorded on or before the entry's date,
    including entries added to ``book`` earlier in the same transaction.
    """
    found: list[tuple[str, str]] = []
    rec, state = book.recommendations.get(entry.recommendation), book.states.get(entry.member_state)
    if rec is None:
        found.append(("recommendation", f"unknown recommendation '{entry.recommendation}'"))
    if state is None:
        found.append(("member_state", f"unknown Member State '{entry.member_state}'"))
    if not isinstance(entry.status, StatusLevel):
        found.append(("status", f"'{entry.status}' is not a status"))
    on = entry.assessed_on
    if on > today:
        found.append(("assessed_on", f"the date {on:%d %b %Y} is in the future"))
    if rec is not None and on < rec.issued_on:
        issued = f"{entry.recommendation} was issued ({rec.issued_on:%d %b %Y})"
        found.append(("assessed_on", f"the date {on:%d %b %Y} is before {issued}"))
    if state is not None and (on < state.member_from or (state.member_to and on > state.member_to)):
        found.append(("assessed_on", f"{state.name} was not a Member State on {on:%d %b %Y}"))
    found += _text_problems(entry)
    if rec is not None and state is not None and isinstance(entry.status, StatusLevel) and not found:
        before = book.before(rec.id, entry.member_state, on)
        if before is not entry.status and not entry.evidence.strip():
            was = label_of(before) if before else "not assessed"
            found.append(
                (
                    "evidence",
                    f"evidence is required for a change of status ({was} → {label_of(entry.status)})",
                )
            )
    return found


def _text_problems(entry: StatusEntry) -> list[tuple[str, str]]:
    found = []
    url = entry.source_url.strip()
    parsed = urlparse(url)
    if url and (
        parsed.scheme not in ("http", "https") or not parsed.netloc or " " in url or len(url) > URL_MAX
    ):
        found.append(("source_url", f"'{url}' is not a web address (http:// or https://)"))
    if len(entry.evidence) > EVIDENCE_MAX:
        found.append(("evidence", f"the evidence is longer than {EVIDENCE_MAX} characters"))
    return found


def record_assessment(
    session: Session, user: CurrentUser, entry: StatusEntry, today: dt.date | None = None
) -> int:
    """Append one dated status with its evidence; returns the new row's id. Never updates a row."""
    authorize(user, Action.RECORD_STATUS, entry.member_state)
    book = ledger(session, [entry])
    found = problems(book, entry, today or dt.date.today())
    if found:
        raise InvalidInput("Not recorded: " + "; ".join(message for _, message in found) + ".")
    return write_assessments(session, user, book, [entry])[0]


def write_assessments(
    session: Session, user: CurrentUser, book: Ledger, entries: list[StatusEntry], action: str = "record"
) -> list[int]:
    """Append entries ``problems`` found nothing wrong with, each audited. Returns the new rows' ids.
    The caller has checked the permission for every entry."""
    rows = [
        ImplementationAssessment(
            recommendation_id=book.recommendations[e.recommendation].id,
            member_state_code=e.member_state,
            round_id=book.round_for(e.assessed_on),
            assessed_on=e.assessed_on,
            status=e.status,
            evidence=e.evidence.strip(),
            source_url=e.source_url.strip() or None,
            author_id=user.user_id,
        )
        for e in entries
    ]
    session.add_all(rows)
    session.flush()
    for e, row in zip(entries, rows, strict=True):
        new = {
            "status": e.status.value,
            "assessed_on": e.assessed_on.isoformat(),
            "evidence": row.evidence,
            "source_url": row.source_url,
        }
        key = f"{e.recommendation}:{e.member_state}"
        audit.record(session, user, action, "implementation_assessment", key, None, new)
    return [row.id for row in rows]
