"""Recording implementation status: append-only, audited, refused with a reason when wrong."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlparse

from sqlalchemy import select
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


def _latest_before(session: Session, rec_id: int, ms: str, on: dt.date) -> StatusLevel | None:
    a = ImplementationAssessment
    return session.scalar(
        select(a.status)
        .where(a.recommendation_id == rec_id, a.member_state_code == ms, a.assessed_on <= on)
        .order_by(a.assessed_on.desc(), a.id.desc())
        .limit(1)
    )


def problems(
    session: Session,
    entry: StatusEntry,
    today: dt.date,
) -> list[tuple[str, str]]:
    """What is wrong with ``entry``, as (field, message) pairs; fields are StatusEntry's names.

    The evidence rule compares with the latest status recorded on or before the entry's date,
    including rows added earlier in the same transaction.
    """
    found: list[tuple[str, str]] = []
    rec = session.scalar(select(Recommendation).where(Recommendation.code == entry.recommendation))
    state = session.get(MemberState, entry.member_state)
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
        found.append(
            (
                "assessed_on",
                f"the date {on:%d %b %Y} is before {rec.code} was issued ({rec.issued_on:%d %b %Y})",
            )
        )
    if state is not None and (on < state.member_from or (state.member_to and on > state.member_to)):
        found.append(("assessed_on", f"{state.name} was not a Member State on {on:%d %b %Y}"))
    url = entry.source_url.strip()
    parsed = urlparse(url)
    if url and (
        parsed.scheme not in ("http", "https") or not parsed.netloc or " " in url or len(url) > URL_MAX
    ):
        found.append(("source_url", f"'{url}' is not a web address (http:// or https://)"))
    if len(entry.evidence) > EVIDENCE_MAX:
        found.append(("evidence", f"the evidence is longer than {EVIDENCE_MAX} characters"))
    if rec is not None and state is not None and isinstance(entry.status, StatusLevel) and not found:
        before = _latest_before(session, rec.id, state.code, on)
        if before is not entry.status and not entry.evidence.strip():
            was = label_of(before) if before else "not assessed"
            found.append(
                (
                    "evidence",
                    f"evidence is required for a change of status ({was} → {label_of(entry.status)})",
                )
            )
    return found


def record_assessment(
    session: Session, user: CurrentUser, entry: StatusEntry, today: dt.date | None = None
) -> int:
    """Append one dated status with its evidence; returns the new row's id. Never updates a row."""
    authorize(user, Action.RECORD_STATUS, entry.member_state)
    found = problems(session, entry, today or dt.date.today())
    if found:
        raise InvalidInput("Not recorded: " + "; ".join(message for _, message in found) + ".")
    return add_assessment(session, user, entry)


def add_assessment(session: Session, user: CurrentUser, entry: StatusEntry, action: str = "record") -> int:
    """Append a checked entry (see ``problems``) and audit it; returns the new row's id."""
    rec = session.scalar(select(Recommendation).where(Recommendation.code == entry.recommendation))
    state = session.get(MemberState, entry.member_state)
    round_id = session.scalar(  # the open round this status feeds, if any; frozen rounds stay as they are
        select(AssessmentRound.id)
        .where(AssessmentRound.reference_date >= entry.assessed_on, AssessmentRound.state == RoundState.OPEN)
        .order_by(AssessmentRound.reference_date)
        .limit(1)
    )
    row = ImplementationAssessment(
        recommendation_id=rec.id,
        member_state_code=state.code,
        round_id=round_id,
        assessed_on=entry.assessed_on,
        status=entry.status,
        evidence=entry.evidence.strip(),
        source_url=entry.source_url.strip() or None,
        author_id=user.user_id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        user,
        action,
        "implementation_assessment",
        f"{rec.code}:{state.code}",
        None,
        {
            "status": entry.status.value,
            "assessed_on": entry.assessed_on.isoformat(),
            "evidence": row.evidence,
            "source_url": row.source_url,
        },
    )
    return row.id
