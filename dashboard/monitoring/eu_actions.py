"""EU-level actions: recommendations addressed to the Commission or an EU agency, tracked at EU level
with the same status scale, evidence and history as a Member State's, recorded by the secretariat.

Their statuses live in a table of their own (``eu_assessment``), so they never enter a Member
State's figures; the EU row of the matrix and the EU-level headline read them. A recommendation
addressed to both the Commission and the Member States has an EU-level status and Member States'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import Addressee, StatusLevel, label_of
from dashboard.errors import InvalidInput
from dashboard.monitoring.figures import Headline, headline
from dashboard.monitoring.recording import is_web_address
from dashboard.store import audit
from dashboard.store.models import EuAssessment, Recommendation, User
from dashboard.text import clean

EU_LEVEL = (Addressee.COMMISSION, Addressee.EU_AGENCIES, Addressee.COUNCIL, Addressee.BOTH)
EU_ROW = "EU"  # the matrix row of the EU-level statuses


@dataclass(frozen=True)
class EuEntry:
    recommendation: str  # code
    status: StatusLevel
    assessed_on: dt.date
    evidence: str
    source_url: str = ""


def record_eu_status(
    session: Session, user: CurrentUser, entry: EuEntry, today: dt.date | None = None
) -> int:
    """Add a dated EU-level status (the secretariat); every problem is listed and nothing is saved."""
    authorize(user, Action.MANAGE)
    today = today or dt.date.today()
    rec = session.scalar(select(Recommendation).where(Recommendation.code == entry.recommendation))
    found = _problems(session, rec, entry, today)
    if found:
        raise InvalidInput("Not saved:\n" + "\n".join(found))
    row = EuAssessment(
        recommendation_id=rec.id,
        assessed_on=entry.assessed_on,
        status=entry.status,
        evidence=clean(entry.evidence, "the evidence", 4000, multiline=True),
        source_url=entry.source_url.strip() or None,
        author_id=user.user_id,
        recorded_at=dt.datetime.now(dt.UTC),
        illustrative=user.illustrative,
    )
    session.add(row)
    session.flush()
    new = {
        "status": entry.status.value,
        "assessed_on": entry.assessed_on.isoformat(),
        "evidence": row.evidence,
    }
    audit.record(session, user, "record", "eu status", entry.recommendation, None, new)
    return row.id


def _problems(session: Session, rec: Recommendation | None, entry: EuEntry, today: dt.date) -> list[str]:
    code = str(entry.recommendation)[:20]
    if rec is None:
        return [f"unknown recommendation '{code}'"]
    if rec.addressee not in EU_LEVEL:
        return [f"{code} is addressed to the Member States only: it has no EU-level status"]
    found = []
    if not isinstance(entry.status, StatusLevel):
        found.append(f"'{entry.status}' is not a status")
    on = entry.assessed_on
    if not isinstance(on, dt.date):
        return [*found, "give the date the status holds from"]
    if on > today:
        found.append(f"the date {on:%d %b %Y} is in the future")
    if on < rec.issued_on:
        found.append(f"the date {on:%d %b %Y} is before {code} was issued ({rec.issued_on:%d %b %Y})")
    if rec.retired_on is not None and on >= rec.retired_on:
        found.append(f"{code} was retired on {rec.retired_on:%d %b %Y}")
    try:
        clean(entry.evidence, "the evidence", 4000, multiline=True)
    except InvalidInput as exc:
        found.append(str(exc))
    url = (entry.source_url or "").strip()
    if url and not is_web_address(url):
        found.append(f"'{url[:80]}' is not a web address (http:// or https://)")
    if not found:
        before = _latest(session, rec.id, on)
        if before is not entry.status and not entry.evidence.strip():
            was = label_of(before) if before else "not assessed"
            found.append(f"evidence is required for a change of status ({was} → {label_of(entry.status)})")
    return found


def _latest(session: Session, rec_id: int, on: dt.date) -> StatusLevel | None:
    return session.scalar(
        select(EuAssessment.status)
        .where(EuAssessment.recommendation_id == rec_id, EuAssessment.assessed_on <= on)
        .order_by(EuAssessment.assessed_on.desc(), EuAssessment.id.desc())
        .limit(1)
    )


def eu_recommendations(session: Session) -> dict[str, str]:
    """{code: "C-1 title"} of the recommendations with an EU-level status to record, register order."""
    rows = session.execute(
        select(Recommendation.code, Recommendation.title)
        .where(Recommendation.addressee.in_(EU_LEVEL), Recommendation.retired_on.is_(None))
        .order_by(Recommendation.area_id, Recommendation.code)
    ).all()
    return {code: f"{code} {title}" for code, title in rows}


def eu_statuses(session: Session, as_of: dt.date) -> pd.DataFrame:
    """Every recommendation addressed to the EU level, issued by ``as_of`` and not retired by then,
    with its EU-level status as of that date (Not assessed where none is recorded)."""
    recs = session.execute(
        select(
            Recommendation.id,
            Recommendation.code,
            Recommendation.title,
            Recommendation.addressee,
            Recommendation.deadline,
        )
        .where(
            Recommendation.addressee.in_(EU_LEVEL),
            Recommendation.issued_on <= as_of,
            (Recommendation.retired_on.is_(None)) | (Recommendation.retired_on > as_of),
        )
        .order_by(Recommendation.area_id, Recommendation.code)
    ).all()
    rows = []
    for rec_id, code, title, addressee, deadline in recs:
        latest = session.execute(
            select(EuAssessment, User.name)
            .outerjoin(User, User.id == EuAssessment.author_id)
            .where(EuAssessment.recommendation_id == rec_id, EuAssessment.assessed_on <= as_of)
            .order_by(EuAssessment.assessed_on.desc(), EuAssessment.id.desc())
            .limit(1)
        ).first()
        a, by = latest if latest else (None, None)
        rows.append(
            (
                code,
                title,
                label_of(addressee),
                deadline,
                a.status if a else StatusLevel.NOT_ASSESSED,
                a.assessed_on if a else None,
                a.evidence if a else "",
                a.source_url if a else None,
                by or "",
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "recommendation",
            "title",
            "addressee",
            "deadline",
            "status",
            "since",
            "evidence",
            "source",
            "by",
        ],
    )


def shown(table: pd.DataFrame) -> pd.DataFrame:
    """The EU-level statuses as the page shows them: labels, titled columns."""
    out = table.assign(status=table["status"].map(label_of))
    return out.rename(
        columns={
            "recommendation": "Code",
            "title": "Recommendation",
            "addressee": "Addressed to",
            "deadline": "Deadline",
            "status": "Status",
            "since": "Since",
            "evidence": "Evidence",
            "source": "Source",
            "by": "Recorded by",
        }
    )


def eu_headline(table: pd.DataFrame, as_of: dt.date) -> Headline:
    """The EU level's own headline figures (progress index, shares, overdue) over its statuses."""
    return headline(table, as_of)


def eu_history(session: Session, code: str) -> pd.DataFrame:
    """Every EU-level status of one recommendation, newest first, with who recorded it and when."""
    rows = session.execute(
        select(
            EuAssessment.assessed_on,
            EuAssessment.status,
            EuAssessment.evidence,
            EuAssessment.source_url,
            User.name,
            EuAssessment.recorded_at,
        )
        .join(Recommendation, Recommendation.id == EuAssessment.recommendation_id)
        .outerjoin(User, User.id == EuAssessment.author_id)
        .where(Recommendation.code == code)
        .order_by(EuAssessment.assessed_on.desc(), EuAssessment.id.desc())
    ).all()
    frame = pd.DataFrame(
        rows, columns=["Since", "Status", "Evidence", "Source", "Recorded by", "Recorded at"]
    )
    frame["Status"] = frame["Status"].map(label_of)
    return frame


def with_eu_row(matrix: pd.DataFrame, table: pd.DataFrame) -> pd.DataFrame:
    """The Member States x recommendations matrix of status labels with the EU row on top, its
    EU-level statuses under the recommendations it has (blank under the others)."""
    if table.empty:
        return matrix
    labels = dict(zip(table["recommendation"], table["status"].map(label_of), strict=True))
    row = pd.DataFrame([[labels.get(c) for c in matrix.columns]], index=[EU_ROW], columns=matrix.columns)
    return pd.concat([row, matrix])
