"""The recommendation register: its display table, and the secretariat's edits (add, edit, retire;
thematic areas too), each checked by the same rules as an imported register and audited.

Nothing referenced is ever deleted: a recommendation is retired from a date (statuses dated from
then on are refused; its history stays) and an area is retired (it takes no new recommendations).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import Addressee, Priority, label_of
from dashboard.errors import ConcurrentEdit, InvalidInput
from dashboard.monitoring import queries
from dashboard.store import audit
from dashboard.store.models import Recommendation, ThematicArea
from dashboard.text import clean

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-/]{0,15}$")  # fits the column (16); no spaces
TEXT_RULES = {  # field: (what it is called, limit, required, may hold paragraphs)
    "title": ("the title", 200, True, False),
    "description": ("the description", 4000, False, True),
    "source_document": ("the source document", 200, True, False),
    "source_paragraph": ("the paragraph", 40, True, False),
}
FIELD_COLUMNS = {  # field -> the register template's column
    "code": "Code",
    "area_id": "Thematic area",
    "title": "Title",
    "description": "Description",
    "addressee": "Addressed to",
    "issued_on": "Issued on",
    "deadline": "Deadline",
    "priority": "Priority",
    "source_document": "Source document",
    "source_paragraph": "Paragraph",
}


@dataclass(frozen=True)
class RecommendationInput:
    code: str
    area_id: int
    title: str
    addressee: Addressee
    issued_on: dt.date
    priority: Priority
    source_document: str
    source_paragraph: str
    deadline: dt.date | None = None
    description: str = ""


def recommendations_table(session: Session) -> pd.DataFrame:
    """Every recommendation with its area, addressee, dates, priority and source, in register order."""
    recs = queries.register(session)
    return pd.DataFrame(
        {
            "Code": recs["code"],
            "Thematic area": recs["area"],
            "Recommendation": recs["title"],
            "Addressee": recs["addressee"].map(label_of),
            "Issued": recs["issued_on"],
            "Deadline": recs["deadline"],
            "Priority": recs["priority"].map(label_of),
            "Source": recs["source_document"] + " " + recs["source_paragraph"],
            "Retired": recs["retired_on"],
            "Illustrative": recs["illustrative"],
        }
    )


def search_caption(shown: int, total: int, words: str) -> str:
    """'5 of 16 recommendations match the search'."""
    return f"{shown} of {total} recommendations" + (" match the search" if words.strip() else "")


def descriptions(session: Session) -> pd.Series:
    """Each recommendation's description, by code (what the search also looks in)."""
    recs = queries.register(session)
    return pd.Series(recs["description"].fillna("").tolist(), index=recs["code"].tolist())


def search(table: pd.DataFrame, words: str, descriptions: pd.Series | None = None) -> pd.DataFrame:
    """The rows of ``recommendations_table`` holding every one of ``words`` (case- and accent-
    insensitive) in their code, title, area, addressee or source (or ``descriptions``, by code)."""
    wanted = [_folded(w) for w in words.split() if w.strip()]
    if not wanted:
        return table
    columns = ["Code", "Recommendation", "Thematic area", "Addressee", "Source"]
    text = table[columns].astype(str).agg(" ".join, axis=1)
    if descriptions is not None:
        text = text + " " + table["Code"].map(descriptions).fillna("")
    folded = text.map(_folded)
    keep = pd.Series(True, index=table.index)
    for word in wanted:
        keep &= folded.str.contains(word, regex=False)
    return table[keep]


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def problems(
    entry: RecommendationInput, areas: dict[int, tuple[str, bool]], today: dt.date
) -> list[tuple[str, str]]:
    """What is wrong with ``entry``, as (field, message) pairs. ``areas``: id -> (name, retired)."""
    found = []
    if not CODE.match(entry.code or ""):
        found.append(
            ("code", f"'{entry.code[:20]}' is not a code: up to 16 letters, digits, '.', '-' or '/'")
        )
    if entry.area_id not in areas:
        found.append(("area_id", f"unknown thematic area '{entry.area_id}'"))
    elif areas[entry.area_id][1]:
        found.append(("area_id", f"the thematic area '{areas[entry.area_id][0]}' is retired"))
    for field, (what, limit, required, multiline) in TEXT_RULES.items():
        try:
            clean(getattr(entry, field), what, limit, required=required, multiline=multiline)
        except InvalidInput as exc:
            found.append((field, str(exc)))
    if not isinstance(entry.addressee, Addressee):
        found.append(("addressee", f"'{entry.addressee}' is not an addressee"))
    if not isinstance(entry.priority, Priority):
        found.append(("priority", f"'{entry.priority}' is not a priority"))
    if not isinstance(entry.issued_on, dt.date):
        found.append(("issued_on", "the date of issue is required"))
    elif entry.issued_on > today:
        found.append(("issued_on", f"the date of issue {entry.issued_on:%d %b %Y} is in the future"))
    elif entry.deadline is not None and entry.deadline < entry.issued_on:
        found.append(("deadline", f"the deadline {entry.deadline:%d %b %Y} is before the date of issue"))
    return found


def area_rules(session: Session) -> dict[int, tuple[str, bool]]:
    return {a.id: (a.name, a.retired) for a in session.scalars(select(ThematicArea))}


def add_recommendation(
    session: Session, user: CurrentUser, entry: RecommendationInput, today: dt.date | None = None
) -> int:
    """Add a recommendation to the register (real, or illustrative when a demo persona adds it)."""
    authorize(user, Action.MANAGE)
    found = problems(entry, area_rules(session), today or dt.date.today())
    if session.scalar(select(Recommendation.id).where(Recommendation.code == entry.code)) is not None:
        found.append(("code", f"{entry.code} is already in the register"))
    _refuse(found)
    row = Recommendation(**_stored(entry), illustrative=user.illustrative)
    session.add(row)
    session.flush()
    audit.record(session, user, "add", "recommendation", entry.code, None, _audited(entry))
    return row.id


def edit_recommendation(
    session: Session,
    user: CurrentUser,
    code: str,
    entry: RecommendationInput,
    version_seen: int,
    today: dt.date | None = None,
) -> int:
    """Change a recommendation (its code too); refused if someone changed it since ``version_seen``."""
    authorize(user, Action.MANAGE)
    row = _recommendation(session, code)
    if row.retired_on is not None:
        since = f"{row.retired_on:%d %b %Y}"
        raise InvalidInput(f"Not saved: {code} is retired (since {since}); reinstate it first")
    found = problems(entry, area_rules(session), today or dt.date.today())
    taken = session.scalar(select(Recommendation.id).where(Recommendation.code == entry.code))
    if taken is not None and taken != row.id:
        found.append(("code", f"{entry.code} is already in the register"))
    _refuse(found)
    if row.version != version_seen:
        raise ConcurrentEdit(_changed_since(session, "recommendation", code))
    old = _audited(_as_input(row))
    for field, value in _stored(entry).items():
        setattr(row, field, value)
    session.flush()
    audit.record(session, user, "edit", "recommendation", code, old, _audited(entry))
    return row.version


def retire_recommendation(session: Session, user: CurrentUser, code: str, on: dt.date | None) -> str:
    """Retire a recommendation from ``on`` (None: follow it again); its history stays. Returns its code."""
    authorize(user, Action.MANAGE)
    row = _recommendation(session, code)
    if on is not None and on < row.issued_on:
        raise InvalidInput(f"{code} cannot be retired before it was issued ({row.issued_on:%d %b %Y})")
    old = row.retired_on.isoformat() if row.retired_on else None
    row.retired_on = on
    audit.record(session, user, "retire" if on else "reinstate", "recommendation", code, {"retired_on": old},
                 {"retired_on": on.isoformat() if on else None})  # fmt: skip
    return code


def recommendation_record(session: Session, code: str) -> tuple[RecommendationInput, int, dt.date | None]:
    """A recommendation as the edit form shows it: its fields, version, and retirement date."""
    row = _recommendation(session, code)
    return _as_input(row), row.version, row.retired_on


def add_area(session: Session, user: CurrentUser, name: str) -> int:
    """Add a thematic area (numbered after the last one)."""
    authorize(user, Action.MANAGE)
    name = clean(name, "the area's name", 120, required=True)
    if session.scalar(select(ThematicArea.id).where(ThematicArea.name == name)) is not None:
        raise InvalidInput(f"a thematic area '{name}' already exists")
    number = (session.scalar(select(ThematicArea.id).order_by(ThematicArea.id.desc()).limit(1)) or 0) + 1
    session.add(ThematicArea(id=number, name=name, verified=True, illustrative=user.illustrative))
    session.flush()
    audit.record(session, user, "add", "thematic_area", str(number), None, {"name": name})
    return number


def rename_area(session: Session, user: CurrentUser, area_id: int, name: str, retired: bool) -> str:
    """Rename a thematic area, or retire it (it then takes no new recommendations), or both."""
    authorize(user, Action.MANAGE)
    area = session.get(ThematicArea, area_id)
    if area is None:
        raise InvalidInput(f"unknown thematic area {area_id}")
    name = clean(name, "the area's name", 120, required=True)
    clash = session.scalar(
        select(ThematicArea.id).where(ThematicArea.name == name, ThematicArea.id != area_id)
    )
    if clash is not None:
        raise InvalidInput(f"a thematic area '{name}' already exists")
    old = {"name": area.name, "retired": area.retired}
    area.name, area.retired = name, retired
    audit.record(
        session, user, "edit", "thematic_area", str(area_id), old, {"name": name, "retired": retired}
    )
    return name


def _recommendation(session: Session, code: str) -> Recommendation:
    row = session.scalar(select(Recommendation).where(Recommendation.code == code))
    if row is None:
        raise InvalidInput(f"no recommendation '{code}' in the register")
    return row


def _refuse(found: list[tuple[str, str]]) -> None:
    if found:
        raise InvalidInput("Not saved: " + "; ".join(message for _, message in found) + ".")


def _stored(entry: RecommendationInput) -> dict:
    values = asdict(entry)
    for field, (what, limit, required, multiline) in TEXT_RULES.items():
        values[field] = clean(values[field], what, limit, required=required, multiline=multiline)
    return values


def _audited(entry: RecommendationInput) -> dict:
    return {k: v.value if hasattr(v, "value") else v for k, v in asdict(entry).items()}


def _as_input(row: Recommendation) -> RecommendationInput:
    return RecommendationInput(
        row.code, row.area_id, row.title, row.addressee, row.issued_on, row.priority,
        row.source_document, row.source_paragraph, row.deadline, row.description,
    )  # fmt: skip


def _changed_since(session: Session, entity: str, key: str) -> str:
    """'… was changed by X on 2 Dec 2026 10:30 UTC; reload …': who changed it last, from the audit log."""
    entry = audit.latest(session, entity, key)
    who = f" by {entry[0]} on {entry[1]:%d %b %Y %H:%M} UTC" if entry else ""
    return f"Not saved: {key} was changed{who} after you opened it. Reload it, then make your change again."


def area_choices(session: Session) -> dict[int, str]:
    """The thematic areas a recommendation may be put in (not retired), in report order."""
    return dict(
        session.execute(
            select(ThematicArea.id, ThematicArea.name).where(~ThematicArea.retired).order_by(ThematicArea.id)
        ).all()
    )


def areas_table(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(ThematicArea.id, ThematicArea.name, ThematicArea.retired).order_by(ThematicArea.id)
    ).all()
    return pd.DataFrame(rows, columns=["Number", "Thematic area", "Retired"])
