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

from dashboard.access.auth import Action, CurrentUser, authorize, can
from dashboard.enums import RoundState, StatusLevel, label_of
from dashboard.errors import InvalidInput
from dashboard.monitoring.rounds import Round, all_rounds, covering
from dashboard.store import audit
from dashboard.store.db import bump_revision
from dashboard.store.models import ImplementationAssessment, MemberState, Recommendation
from dashboard.text import clean

EVIDENCE_MAX = 4000  # characters
URL_MAX = 500  # the column's length
REASON_MAX = 1000
# (field, what it is called, length limit, may hold paragraphs): the text rule of each free-text field.
TEXT_FIELDS = [
    ("evidence", "the evidence", EVIDENCE_MAX, True),
    ("source_url", "the source", URL_MAX, False),
    ("correction_reason", "the reason for the correction", REASON_MAX, True),
]


@dataclass(frozen=True)
class StatusEntry:
    recommendation: str  # code
    member_state: str  # EU code
    status: StatusLevel
    assessed_on: dt.date
    evidence: str
    source_url: str = ""
    correction_reason: str = ""  # given: a correction dated inside a published round (secretariat only)
    corrects: int | None = None  # the assessed row this one corrects (``corrections``)


@dataclass(frozen=True)
class _Rec:
    id: int
    issued_on: dt.date
    retired_on: dt.date | None


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
    rounds: list[Round]
    history: dict[tuple[int, str], list[tuple[dt.date, StatusLevel, str]]] = field(default_factory=dict)

    def round_for(self, on: dt.date) -> Round | None:
        """The round a status dated ``on`` belongs to; None after the last round."""
        return covering(self.rounds, on)

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
        code: _Rec(rec_id, issued, retired)
        for code, rec_id, issued, retired in session.execute(
            select(
                Recommendation.code, Recommendation.id, Recommendation.issued_on, Recommendation.retired_on
            )
        )
    }
    states = {
        code: _State(name, start, end)
        for code, name, start, end in session.execute(
            select(MemberState.code, MemberState.name, MemberState.member_from, MemberState.member_to)
        )
    }
    found = Ledger(recs, states, all_rounds(session))
    pairs = {(recs[e.recommendation].id, e.member_state) for e in entries if e.recommendation in recs}
    if pairs:
        a = ImplementationAssessment
        rows = session.execute(
            select(a.recommendation_id, a.member_state_code, a.assessed_on, a.status, a.evidence)
            .where(tuple_(a.recommendation_id, a.member_state_code).in_(sorted(pairs)))
            .where(a.withdrawn_at.is_(None))
            .order_by(a.assessed_on, a.id)
        )
        for rec_id, state, on, status, evidence in rows:
            found.history.setdefault((rec_id, state), []).append((on, status, evidence or ""))
    return found


def problems(
    book: Ledger, entry: StatusEntry, today: dt.date, may_correct: bool = False
) -> list[tuple[str, str]]:
    """What is wrong with ``entry``, as (field, message) pairs; fields are StatusEntry's names.

    The evidence rule compares with the latest status recorded on or before the entry's date,
    including entries added to ``book`` earlier in the same transaction. ``may_correct``: the
    person may record a correction into a published round (the secretariat).
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
    if rec is not None and rec.retired_on is not None and on >= rec.retired_on:
        found.append(("recommendation", f"{entry.recommendation} was retired on {rec.retired_on:%d %b %Y}"))
    found += _round_problems(book.round_for(on), entry, may_correct)
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


def _round_problems(found: Round | None, entry: StatusEntry, may_correct: bool) -> list[tuple[str, str]]:
    """A status dated inside a closed round is refused; inside a published one it can only be a
    correction, by the secretariat, with its reason; a correction anywhere else is not one."""
    on, reason = entry.assessed_on, entry.correction_reason.strip()
    if found is not None and found.state is RoundState.CLOSED:
        return [("assessed_on", f"the round '{found.name}' is closed: no new status may be {found.period}")]
    if found is not None and found.state is RoundState.PUBLISHED:
        name = found.name
        if not may_correct:
            return [("assessed_on", f"the round '{name}' is published: statuses {found.period} can only "
                     "be corrected by the secretariat")]  # fmt: skip
        if not reason:
            return [("correction_reason", f"a status {found.period} corrects the published round '{name}': "
                     "give the reason for the correction")]  # fmt: skip
    elif reason and entry.corrects is None:
        return [("correction_reason", f"the date {on:%d %b %Y} is in no published round: nothing to correct")]
    return []


def is_web_address(url: str) -> bool:
    """An http(s) address with a host, no spaces, within the column's length."""
    parsed = urlparse(url)
    return (
        parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in url and len(url) <= URL_MAX
    )


def _text_problems(entry: StatusEntry) -> list[tuple[str, str]]:
    found = []
    for field_name, what, limit, multiline in TEXT_FIELDS:
        try:
            clean(getattr(entry, field_name), what, limit, multiline=multiline)
        except InvalidInput as exc:
            found.append((field_name, str(exc)))
    url = entry.source_url.strip()
    if url and not is_web_address(url):
        found.append(("source_url", f"'{url}' is not a web address (http:// or https://)"))
    return found


def record_assessment(
    session: Session, user: CurrentUser, entry: StatusEntry, today: dt.date | None = None
) -> int:
    """Append one dated, assessed status with its evidence (the secretariat's voice; a Member State's
    own is ``review.submit_status``); returns the new row's id. Never updates a row."""
    authorize(user, Action.RECORD_STATUS, entry.member_state)
    authorize(user, Action.ASSESS_STATUS)
    book = ledger(session, [entry])
    found = problems(book, entry, today or dt.date.today(), may_correct=can(user, Action.MANAGE))
    if found:
        raise InvalidInput("Not recorded: " + "; ".join(message for _, message in found) + ".")
    return write_assessments(session, user, book, [entry])[0]


def write_assessments(
    session: Session, user: CurrentUser, book: Ledger, entries: list[StatusEntry], action: str = "record"
) -> list[int]:
    """Append assessed statuses ``problems`` found nothing wrong with, each audited (as ``action``).
    Returns the new rows' ids. Checks the permissions itself, whoever calls it."""
    authorize(user, Action.ASSESS_STATUS)
    for state in sorted({e.member_state for e in entries}):
        authorize(user, Action.IMPORT_DATA if action == "import" else Action.RECORD_STATUS, state)
    rows = [
        ImplementationAssessment(
            recommendation_id=book.recommendations[e.recommendation].id,
            member_state_code=e.member_state,
            round_id=_round_id(book, e.assessed_on),
            assessed_on=e.assessed_on,
            status=e.status,
            evidence=clean(e.evidence, "the evidence", EVIDENCE_MAX, multiline=True),
            source_url=e.source_url.strip() or None,
            author_id=user.user_id,
            correction=bool(e.correction_reason.strip()) or e.corrects is not None,
            corrects_id=e.corrects,
            correction_reason=clean(e.correction_reason, "the reason", REASON_MAX, multiline=True),
            illustrative=user.illustrative,
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
        } | ({"correction": row.correction_reason} if row.correction else {})
        key = f"{e.recommendation}:{e.member_state}"
        audit.record(session, user, action, "implementation_assessment", key, None, new, bump=False)
    bump_revision(session, by=len(rows))  # one statement for the whole batch, a step per row
    return [row.id for row in rows]


def _round_id(book: Ledger, on: dt.date) -> int | None:
    found = book.round_for(on)
    return found.id if found is not None else None
