"""A person's own saved scenarios: named options-page links (weights, method, aggregation) that only
they see. Anyone signed in may keep them, viewers too; each save and removal is audited."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.assessment import scenario
from dashboard.errors import InvalidInput
from dashboard.store import audit
from dashboard.store.models import SavedScenario
from dashboard.text import clean

MAX_SAVED = 50  # per person: a list to pick from, not an archive


def my_scenarios(session: Session, user: CurrentUser, codes: list[str]) -> pd.DataFrame:
    """The user's scenarios, newest first: name, the link's ``s`` value, when saved, and whether it
    still fits the criteria ``codes`` (a scenario saved before the criteria changed does not)."""
    rows = session.execute(
        select(SavedScenario.name, SavedScenario.scenario, SavedScenario.saved_at)
        .where(SavedScenario.owner_id == user.user_id)
        .order_by(SavedScenario.saved_at.desc(), SavedScenario.id.desc())
    ).all()
    return pd.DataFrame(
        [(name, value, saved, _fits(value, codes)) for name, value, saved in rows],
        columns=["name", "scenario", "saved_at", "fits"],
    )


def _fits(value: str, codes: list[str]) -> bool:
    try:
        scenario.decode(value, codes)
    except InvalidInput:
        return False
    return True


def save_scenario(session: Session, user: CurrentUser, name: str, value: str, codes: list[str]) -> str:
    """Keep the scenario ``value`` (as in ``?s=``) under ``name`` for ``user``; returns the name."""
    authorize(user, Action.VIEW)
    if user.user_id is None:
        raise InvalidInput("Not saved: scenarios are kept for a signed-in person")
    name = clean(name, "the scenario's name", 120, required=True)
    scenario.decode(value, codes)  # only a scenario for the criteria as they are
    mine = session.scalars(select(SavedScenario.name).where(SavedScenario.owner_id == user.user_id)).all()
    if name in mine:
        raise InvalidInput(f"Not saved: you already have a scenario named '{name}'; choose another name")
    if len(mine) >= MAX_SAVED:
        raise InvalidInput(f"Not saved: you keep {MAX_SAVED} scenarios already; remove one first")
    row = SavedScenario(
        owner_id=user.user_id,
        name=name,
        scenario=value,
        saved_at=dt.datetime.now(dt.UTC),
        illustrative=user.illustrative,
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # the same name saved from another tab at the same moment
        raise InvalidInput(
            f"Not saved: you already have a scenario named '{name}'; choose another name"
        ) from None
    audit.record(
        session, user, "save", "scenario", f"{user.email}:{name}", None, {"scenario": value}, bump=False
    )
    return name


def remove_scenario(session: Session, user: CurrentUser, name: str) -> str:
    """Remove one of the user's own scenarios; returns its name."""
    authorize(user, Action.VIEW)
    row = session.scalar(
        select(SavedScenario).where(SavedScenario.owner_id == user.user_id, SavedScenario.name == name)
    )
    if row is None:
        raise InvalidInput(f"Not removed: you have no scenario named '{str(name)[:120]}'")
    old = {"scenario": row.scenario}
    session.delete(row)
    session.flush()
    audit.record(session, user, "remove", "scenario", f"{user.email}:{row.name}", old, None, bump=False)
    return row.name
