"""The catalogue the options are assessed on: options and criteria as display tables, and the
secretariat's edits (add, edit, retire: nothing scored is ever deleted), each audited."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import (
    RELATIVE_SYMBOLS,
    SCALE_POINTS,
    Direction,
    Fact,
    ScoreScale,
    label_of,
    point_label,
)
from dashboard.errors import ConcurrentEdit, InvalidInput
from dashboard.store import audit
from dashboard.store.models import Criterion, Option, OptionScore
from dashboard.text import clean


def options_table(session: Session) -> pd.DataFrame:
    rows = session.execute(
        select(
            Option.code, Option.name, Option.is_baseline, Option.anchor, Option.description, Option.retired
        ).order_by(Option.display_order)
    ).all()
    return pd.DataFrame(rows, columns=["Code", "Option", "Baseline", "Source", "Description", "Retired"])


def option_choices(session: Session) -> dict[str, str]:
    """{code: "O1 name"} of the options assessed now, in catalogue order."""
    rows = session.execute(
        select(Option.code, Option.name).where(~Option.retired).order_by(Option.display_order)
    ).all()
    return {code: f"{code} {name}" for code, name in rows}


# The criteria as a reader takes them in: what each means and says, then how it is classified.
CRITERIA_COLUMNS = [
    "Code",
    "Criterion",
    "Direction",
    "Definition",
    "−2",
    "−1",
    "0",
    "+1",
    "+2",
    "Includes",
    "Excludes",
    "Checked against",
    "Group",
    "Scale",
]


def criteria_table(session: Session) -> pd.DataFrame:
    """Every criterion with its definition and what each point of its scale means in words."""
    rows = session.execute(
        select(
            Criterion.code,
            Criterion.name,
            Criterion.group,
            Criterion.direction,
            Criterion.scale,
            Criterion.description,
            Criterion.includes,
            Criterion.excludes,
            Criterion.scale_words,
            Criterion.fact,
            Criterion.retired,
        ).order_by(Criterion.display_order)
    ).all()
    frame = pd.DataFrame(
        rows,
        columns=[
            "Code",
            "Criterion",
            "Group",
            "Direction",
            "Scale",
            "Definition",
            "Includes",
            "Excludes",
            "Words",
            "Checked against",
            "Retired",
        ],
    )
    scales = list(frame["Scale"])
    frame["Direction"] = frame["Direction"].map(label_of)
    frame["Scale"] = frame["Scale"].map(label_of)
    frame["Checked against"] = frame["Checked against"].map(lambda f: label_of(f) if f else "")
    for place, point in enumerate(SCALE_POINTS[ScoreScale.RELATIVE]):
        frame[point_label(point)] = [
            _word(words, scale, place) for words, scale in zip(frame["Words"], scales, strict=True)
        ]
    retired = frame.pop("Retired")
    return frame.drop(columns="Words").assign(Retired=retired)


def _word(words: list[str] | None, scale: ScoreScale, place: int) -> str:
    """The words of a scale's ``place``-th point; on the absolute scale with the point they describe."""
    if not words or place >= len(words):
        return ""
    if scale is ScoreScale.RELATIVE:
        return words[place]
    return f"{point_label(SCALE_POINTS[scale][place], scale)}: {words[place]}"


def scale_words(session: Session) -> dict[str, dict[float, str]]:
    """{criterion code: {scale point: its words}} for every criterion with words."""
    return {
        code: dict(zip(SCALE_POINTS[scale], words, strict=False))
        for code, scale, words in session.execute(
            select(Criterion.code, Criterion.scale, Criterion.scale_words)
        ).all()
        if words
    }


@dataclass(frozen=True)
class CriterionWords:
    code: str
    name: str
    direction: str  # its label
    definition: str
    includes: str
    excludes: str
    scale: pd.DataFrame  # Score, What it means


def criterion_words(session: Session, code: str) -> CriterionWords:
    """One criterion as the experts score it: its definition and every scale point in words."""
    row = session.scalar(select(Criterion).where(Criterion.code == code))
    if row is None:
        raise InvalidInput(f"no criterion '{code[:20]}'")
    points = SCALE_POINTS[row.scale]
    scale = pd.DataFrame(
        {"Score": [point_label(p, row.scale) for p in points], "What it means": list(row.scale_words or [])}
        if row.scale_words
        else {"Score": [], "What it means": []}
    )
    return CriterionWords(
        row.code, row.name, label_of(row.direction), row.description, row.includes, row.excludes, scale
    )


def criterion_choices(session: Session) -> dict[str, str]:
    """{code: "C01 name"} of the criteria assessed now, in catalogue order."""
    rows = session.execute(
        select(Criterion.code, Criterion.name).where(~Criterion.retired).order_by(Criterion.display_order)
    ).all()
    return {code: f"{code} {name}" for code, name in rows}


def relative_scale_legend() -> str:
    """The symbols of the relative scale in one line, e.g. '−− = −2 · − = −1 · ...'."""
    return " · ".join(
        f"{symbol} = {value:+d}" if value else "0 = baseline" for value, symbol in RELATIVE_SYMBOLS.items()
    )


@dataclass(frozen=True)
class OptionInput:
    code: str
    name: str
    description: str = ""
    anchor: str = ""  # where the option comes from, e.g. "Decision of 9 Aug 2018"


@dataclass(frozen=True)
class CriterionInput:
    code: str
    name: str
    direction: Direction
    scale: ScoreScale = ScoreScale.RELATIVE
    group: str = ""
    description: str = ""  # the definition: what the criterion measures
    includes: str = ""
    excludes: str = ""  # what it leaves to other criteria, so nothing is counted twice
    scale_words: tuple[str, ...] = ()  # a sentence per point of the scale, lowest first
    fact: Fact | None = None  # scores must be ordered like this fact of the options
    redefined: bool = False  # what it measures changed: scores saved before need re-scoring


CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-]{0,15}$")


def add_option(session: Session, user: CurrentUser, entry: OptionInput) -> int:
    """Add an option; until an expert scores it, it is "not scored yet" (never the baseline)."""
    authorize(user, Action.MANAGE)
    values = _option_values(entry)
    _unique(session, Option, values["code"])
    order = (session.scalar(select(func.max(Option.display_order))) or 0) + 1
    row = Option(**values, is_baseline=False, display_order=order, illustrative=user.illustrative)
    session.add(row)
    session.flush()
    audit.record(session, user, "add", "option", row.code, None, values)
    return row.id


def edit_option(session: Session, user: CurrentUser, code: str, entry: OptionInput, version_seen: int) -> int:
    authorize(user, Action.MANAGE)
    row = _item(session, Option, code, user)
    if row.retired:
        raise InvalidInput(f"Not saved: {code} is retired; reinstate it first")
    values = _option_values(entry)
    if values["code"] != code:
        _unique(session, Option, values["code"])
    return _apply(session, user, row, "option", code, values, version_seen)


def add_criterion(session: Session, user: CurrentUser, entry: CriterionInput) -> int:
    """Add a criterion; until experts score it, it is "not scored yet" and weighs nothing."""
    authorize(user, Action.MANAGE)
    values = _criterion_values(entry)
    _unique(session, Criterion, values["code"])
    order = (session.scalar(select(func.max(Criterion.display_order))) or 0) + 1
    row = Criterion(**values, display_order=order, illustrative=user.illustrative)
    session.add(row)
    session.flush()
    audit.record(session, user, "add", "criterion", row.code, None, _plain(values))
    return row.id


def edit_criterion(
    session: Session, user: CurrentUser, code: str, entry: CriterionInput, version_seen: int
) -> int:
    authorize(user, Action.MANAGE)
    row = _item(session, Criterion, code, user)
    if row.retired:
        raise InvalidInput(f"Not saved: {code} is retired; reinstate it first")
    values = _criterion_values(entry)
    if values["code"] != code:
        _unique(session, Criterion, values["code"])
    if values["scale"] is not row.scale and session.scalar(
        select(OptionScore.id).where(OptionScore.criterion_id == row.id).limit(1)
    ):
        raise InvalidInput(f"{code} has scores on its scale; retire it and add a new criterion instead")
    if entry.redefined:  # every score saved before now is flagged for re-scoring
        values["defined_at"] = dt.datetime.now(dt.UTC)
    return _apply(session, user, row, "criterion", code, values, version_seen)


def retire(session: Session, user: CurrentUser, kind: str, code: str, retired: bool) -> bool:
    """Retire an option or a criterion (no longer assessed; its scores stay), or bring it back."""
    authorize(user, Action.MANAGE)
    model = {"option": Option, "criterion": Criterion}[kind]
    row = _item(session, model, code, user)
    if kind == "option" and row.is_baseline and retired:
        raise InvalidInput(f"{code} is the baseline every option is scored against; it cannot be retired")
    row.retired = retired
    audit.record(
        session,
        user,
        "retire" if retired else "reinstate",
        kind,
        code,
        {"retired": not retired},
        {"retired": retired},
    )
    return retired


def catalogue_item(session: Session, kind: str, code: str) -> tuple[OptionInput | CriterionInput, int, bool]:
    """An option or criterion as the edit form shows it: its fields, version and whether retired."""
    model = {"option": Option, "criterion": Criterion}[kind]
    row = session.scalar(select(model).where(model.code == code))
    if row is None:
        raise InvalidInput(f"no {kind} '{code}'")
    if kind == "option":
        return OptionInput(row.code, row.name, row.description, row.anchor), row.version, row.retired
    entry = CriterionInput(
        row.code,
        row.name,
        row.direction,
        row.scale,
        row.group or "",
        row.description,
        row.includes,
        row.excludes,
        tuple(row.scale_words or ()),
        row.fact,
    )
    return entry, row.version, row.retired


def _option_values(entry: OptionInput) -> dict:
    return {
        "code": _code(entry.code),
        "name": clean(entry.name, "the option's name", 200, required=True),
        "description": clean(entry.description, "the description", 4000, multiline=True),
        "anchor": clean(entry.anchor, "the anchor", 1000, multiline=True),
    }


def _criterion_values(entry: CriterionInput) -> dict:
    if not isinstance(entry.direction, Direction):
        raise InvalidInput(f"'{entry.direction}' is not a direction (benefit or cost)")
    if not isinstance(entry.scale, ScoreScale):
        raise InvalidInput(f"'{entry.scale}' is not a scale")
    return {
        "code": _code(entry.code),
        "name": clean(entry.name, "the criterion's name", 120, required=True),
        "direction": entry.direction,
        "scale": entry.scale,
        "group": clean(entry.group, "the group", 80) or None,
        "description": clean(entry.description, "the definition", 4000, multiline=True, required=True),
        "includes": clean(entry.includes, "what it includes", 2000, multiline=True),
        "excludes": clean(entry.excludes, "what it excludes", 2000, multiline=True),
        "scale_words": _words(entry),
        "fact": _fact(entry.fact),
    }


def _words(entry: CriterionInput) -> list[str]:
    points = SCALE_POINTS[entry.scale]
    words = [
        clean(text, f"the words for {point_label(point, entry.scale)}", 200)
        for point, text in zip(points, [*entry.scale_words, *[""] * len(points)], strict=False)
    ]
    missing = [point_label(p, entry.scale) for p, w in zip(points, words, strict=True) if not w]
    if missing:
        raise InvalidInput(
            f"Not saved: say in words what a score of {', '.join(missing)} means on this criterion"
        )
    return words


def _fact(fact) -> Fact | None:
    if fact is not None and not isinstance(fact, Fact):
        raise InvalidInput(f"'{fact}' is not a fact of the options")
    return fact


def _code(code: str) -> str:
    code = (code or "").strip().upper()
    if not CODE.match(code):
        raise InvalidInput(f"'{code[:20]}' is not a code: up to 16 letters, digits, '.' or '-'")
    return code


def _unique(session: Session, model, code: str) -> None:
    if session.scalar(select(model.id).where(model.code == code)) is not None:
        raise InvalidInput(f"the code {code} is already taken")


def _item(session: Session, model, code: str, user: CurrentUser):
    row = session.scalar(select(model).where(model.code == code))
    if row is None:
        raise InvalidInput(f"no {model.__tablename__} '{code}'")
    if user.illustrative and not row.illustrative:
        raise InvalidInput("in demo mode the catalogue as seeded cannot be changed; add an item to try it")
    return row


def _apply(
    session: Session, user: CurrentUser, row, kind: str, code: str, values: dict, version_seen: int
) -> int:
    if row.version != version_seen:
        entry = audit.latest(session, kind, code)
        who = f" by {entry[0]} on {entry[1]:%d %b %Y %H:%M} UTC" if entry else ""
        raise ConcurrentEdit(
            f"Not saved: {code} was changed{who} after you opened it. Reload it, then change it again."
        )
    old = _plain({field: getattr(row, field) for field in values})
    for field, value in values.items():
        setattr(row, field, value)
    session.flush()
    audit.record(session, user, "edit", kind, code, old, _plain(values))
    return row.version


def _plain(values: dict) -> dict:
    return {k: getattr(v, "value", v) for k, v in values.items()}
