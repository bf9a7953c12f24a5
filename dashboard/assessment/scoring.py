"""An expert's own scores: read them for editing, save edits in one audited transaction.

Concurrent edits are detected with each score's version: a save carries the version the editor
saw; if anyone saved the same cell since, the whole save is refused and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.enums import SCALE_BOUNDS, SCALE_POINTS, ScoreScale, point_label, words_for
from dashboard.errors import ConcurrentEdit, InvalidInput
from dashboard.store import audit
from dashboard.store.models import Criterion, Option, OptionScore, User
from dashboard.text import clean

RATIONALE_MAX = 2000  # characters; a paragraph, not a report
GRID_COLUMNS = [
    "option",
    "criterion",
    "criterion_name",
    "direction",
    "score",
    "cannot_judge",  # considered, and the expert cannot say: no score (never read as 0)
    "meaning",  # the criterion's words for the saved score
    "rationale",
    "rescore",  # saved before the criterion was redefined; cleared by saving the cell again
    "scale_words",  # the whole scale in the criterion's words
    "version",
]


@dataclass(frozen=True)
class CellEdit:
    option: str  # option code
    criterion: str  # criterion code
    value: float | None  # None only with ``cannot_judge`` or ``clear``
    rationale: str
    version_seen: int  # 0 for a cell that had no score when loaded
    cannot_judge: bool = False  # the expert considered the cell and cannot say: no score, not a 0
    clear: bool = False  # take the score back: the cell is "not scored" again (the audit keeps it)


def score_grid(session: Session, user: CurrentUser) -> pd.DataFrame:
    """One row per (non-baseline option, criterion), retired ones left out: the user's score,
    rationale and version (no score: not scored yet), what the score means in the criterion's words,
    the scale in words, and whether the score predates the criterion's last redefinition."""
    cells = session.execute(
        select(
            Option.code,
            Criterion.code,
            Criterion.name,
            Criterion.direction,
            Criterion.scale,
            Criterion.scale_words,
            Criterion.defined_at,
        )
        .select_from(Option)
        .join(Criterion, true())
        .where(~Option.is_baseline, ~Option.retired, ~Criterion.retired)
        .order_by(Option.display_order, Criterion.display_order)
    ).all()
    mine = {
        (o, c): (v, r, ver, stale, unsure)
        for o, c, v, r, ver, stale, unsure in session.execute(
            select(
                Option.code,
                Criterion.code,
                OptionScore.value,
                OptionScore.rationale,
                OptionScore.version,
                (Criterion.defined_at.is_not(None) & (OptionScore.updated_at < Criterion.defined_at)),
                OptionScore.cannot_judge,
            )
            .join(Option, Option.id == OptionScore.option_id)
            .join(Criterion, Criterion.id == OptionScore.criterion_id)
            .where(OptionScore.expert_id == user.user_id)
        )
    }
    rows = []
    for option, criterion, name, direction, scale, words, _ in cells:
        value, rationale, version, stale, unsure = mine.get((option, criterion), (None, "", 0, False, False))
        meaning = dict(zip(SCALE_POINTS[scale], words or (), strict=False))
        in_words = " · ".join(f"{point_label(p, scale)} {w}" for p, w in meaning.items())
        said = words_for(meaning, value) if value is not None else ("Cannot judge" if unsure else "")
        stale = bool(stale) and (value is not None or unsure)
        rows.append(
            (
                option,
                criterion,
                name,
                direction.value,
                value,
                bool(unsure),
                said,
                rationale,
                stale,
                in_words,
                version,
            )
        )
    return pd.DataFrame(rows, columns=GRID_COLUMNS)


def remaining(grid: pd.DataFrame) -> int:
    """Cells the expert has neither scored nor said they cannot judge."""
    return int((grid["score"].isna() & ~grid["cannot_judge"].astype(bool)).sum())


def cannot_judge(grid: pd.DataFrame) -> int:
    """Cells the expert said they cannot judge."""
    return int(grid["cannot_judge"].astype(bool).sum())


def scored(grid: pd.DataFrame) -> int:
    """Cells the expert has scored."""
    return int(grid["score"].notna().sum())


def shown_columns(grid: pd.DataFrame) -> list[str]:
    """The grid's columns as the expert sees them; "Re-score" only while a cell waits for it."""
    flag = ["rescore"] if to_rescore(grid) else []
    return ["option", "criterion_name", "score", "cannot_judge", "meaning", *flag, "rationale", "scale_words"]


def to_rescore(grid: pd.DataFrame) -> int:
    """Cells scored before their criterion was redefined."""
    return int(grid["rescore"].sum())


def _validate(edit: CellEdit, scale: ScoreScale | None, label: str) -> list[str]:
    if scale is None:
        return [f"{label}: not a scorable option and criterion (the baseline is 0 by definition)"]
    problems = []
    lo, hi = SCALE_BOUNDS[scale]
    value = edit.value
    if edit.cannot_judge or edit.clear:
        if value is not None:
            problems.append(f"{label}: either a score or 'cannot judge', not both")
    elif value is None or not isinstance(value, int | float) or math.isnan(value):
        problems.append(
            f"{label}: a score is required (a number from {lo:+d} to {hi:+d}), or mark it 'cannot judge'"
        )
    elif not lo <= value <= hi:
        problems.append(f"{label}: {value:g} is outside the scale {lo:+d}..{hi:+d}")
    elif scale is ScoreScale.RELATIVE and not float(value).is_integer():
        problems.append(f"{label}: {value:g} is not a whole step of the scale (−2, −1, 0, +1, +2)")
    try:
        clean(edit.rationale, "the rationale", RATIONALE_MAX, multiline=True)
    except InvalidInput as exc:
        problems.append(f"{label}: {exc}")
    return problems


def save_scores(session: Session, user: CurrentUser, edits: list[CellEdit]) -> int:
    """Save the user's edited cells; returns how many changed. All or nothing, audited per cell."""
    authorize(user, Action.SCORE_OPTIONS)
    options = dict(
        session.execute(select(Option.code, Option.id).where(~Option.is_baseline, ~Option.retired)).all()
    )
    criteria = {c.code: c for c in session.scalars(select(Criterion).where(~Criterion.retired))}
    problems = []
    for e in edits:
        known = e.option in options and e.criterion in criteria
        scale = criteria[e.criterion].scale if known else None
        problems += _validate(e, scale, f"{e.option} × {e.criterion}")
    if problems:
        raise InvalidInput("Nothing was saved:\n" + "\n".join(problems))
    current, bind = _current(session, user), session.get_bind()
    _refuse_conflicts(session, edits, current, options, criteria)
    try:
        return sum(_apply(session, user, e, current, options, criteria) for e in edits)
    except (StaleDataError, IntegrityError):  # saved by another session since we read it
        # This session's transaction has failed: read who saved the cells on a session of its own,
        # and refuse with the same words as a conflict found before writing.
        with Session(bind=bind) as fresh:
            again = {c.code: c for c in fresh.scalars(select(Criterion))}
            _refuse_conflicts(fresh, edits, _current(fresh, user), options, again)
        raise


def _current(session: Session, user: CurrentUser) -> dict:
    """The user's scores by (option id, criterion id)."""
    return {
        (s.option_id, s.criterion_id): s
        for s in session.scalars(select(OptionScore).where(OptionScore.expert_id == user.user_id))
    }


STALE = (
    "Not saved: these cells changed since you opened them. Your edits are "
    "still on screen; reload to see the newer scores, then save again."
)


def _refuse_conflicts(session, edits, current, options, criteria) -> None:
    stale = []
    for e in edits:
        row = current.get((options[e.option], criteria[e.criterion].id))
        if (row.version if row else 0) != e.version_seen:
            if row is None:  # the score seen is gone (or was never this user's)
                stale.append(f"{e.option} × {e.criterion} no longer holds the score you saw")
                continue
            who = session.get(User, row.updated_by_id).name if row.updated_by_id else "someone"
            stale.append(
                f"{e.option} × {e.criterion} was changed by {who} on {row.updated_at:%d %b %Y %H:%M UTC}"
            )
    if stale:
        raise ConcurrentEdit(STALE + "\n" + "\n".join(stale))


def _apply(session, user, e: CellEdit, current, options, criteria) -> int:
    key = (options[e.option], criteria[e.criterion].id)
    row = current.get(key)
    new = {
        "value": None if e.cannot_judge or e.clear else float(e.value),
        "cannot_judge": bool(e.cannot_judge),
        "rationale": clean(e.rationale, "the rationale", RATIONALE_MAX, multiline=True),
    }
    if row is None and e.clear:
        return 0  # nothing to take back
    defined = criteria[e.criterion].defined_at
    stale = row is not None and defined is not None and row.updated_at < defined
    same = row is not None and (row.value, row.cannot_judge, row.rationale) == tuple(new.values())
    if same and not stale:
        return 0  # saving an unchanged cell confirms it only when it was flagged for re-scoring
    now = dt.datetime.now(dt.UTC)
    if row is None:
        session.add(
            OptionScore(
                expert_id=user.user_id,
                option_id=key[0],
                criterion_id=key[1],
                updated_by_id=user.user_id,
                updated_at=now,
                illustrative=user.illustrative,
                **new,
            )
        )
        old = None
    else:
        old = {"value": row.value, "cannot_judge": row.cannot_judge, "rationale": row.rationale}
        row.value, row.cannot_judge, row.rationale = new["value"], new["cannot_judge"], new["rationale"]
        row.updated_at, row.updated_by_id = now, user.user_id
        row.illustrative = user.illustrative  # what a demo persona writes is illustrative, a real edit real
    session.flush()
    audit.record(session, user, "score", "option_score", f"{user.email}:{e.option}:{e.criterion}", old, new)
    return 1


def changed_cells(original: pd.DataFrame, edited: pd.DataFrame) -> list[CellEdit]:
    """The cells whose score, "cannot judge" or rationale differ between the loaded grid and the
    edited one (a score emptied is taken back), and the cells flagged for re-scoring whose flag the
    expert cleared (the cell confirmed as it is)."""
    edits = []
    for before, after in zip(original.itertuples(index=False), edited.itertuples(index=False), strict=True):
        unsure = bool(after.cannot_judge)
        value = None if unsure or pd.isna(after.score) else float(after.score)
        old_value = None if pd.isna(before.score) else float(before.score)
        rationale = "" if pd.isna(after.rationale) else str(after.rationale)
        was = (old_value, bool(before.cannot_judge), (before.rationale or "").strip())
        now = (value, unsure, rationale.strip())
        had_something = old_value is not None or bool(before.cannot_judge)
        cleared = value is None and not unsure and had_something
        confirmed = bool(before.rescore) and not bool(after.rescore) and (value is not None or unsure)
        if confirmed or now != was:
            edits.append(
                CellEdit(
                    before.option, before.criterion, value, rationale, int(before.version), unsure, cleared
                )
            )
    return edits
