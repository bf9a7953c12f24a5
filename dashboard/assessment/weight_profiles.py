"""Named weight profiles: personal (one expert's) or shared (everyone's), saved with a version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dashboard.access.auth import Action, CurrentUser, authorize
from dashboard.assessment.model import ranked_criteria
from dashboard.assessment.weights import SLIDER_TOP, Weights
from dashboard.errors import ConcurrentEdit
from dashboard.store import audit
from dashboard.store.models import Criterion, ProfileWeight, User, WeightProfile
from dashboard.text import clean

NAME_MAX = 120


def list_profiles(session: Session, user: CurrentUser) -> pd.DataFrame:
    """The shared profiles and the user's own: one row each, a column of weights per criterion."""
    criteria = dict(
        session.execute(select(Criterion.id, Criterion.code).order_by(Criterion.display_order)).all()
    )
    profiles = session.execute(
        select(
            WeightProfile.id,
            WeightProfile.name,
            WeightProfile.owner_id,
            WeightProfile.is_default,
            WeightProfile.version,
            User.name,
        )
        .outerjoin(User, User.id == WeightProfile.owner_id)
        .where(or_(WeightProfile.owner_id.is_(None), WeightProfile.owner_id == user.user_id))
        .order_by(
            WeightProfile.is_default.desc(), WeightProfile.owner_id.is_(None).desc(), WeightProfile.name
        )
    ).all()
    weights = session.execute(
        select(ProfileWeight.profile_id, ProfileWeight.criterion_id, ProfileWeight.weight)
    )
    by_profile: dict[int, dict[str, float]] = {}
    for profile_id, criterion_id, weight in weights:
        by_profile.setdefault(profile_id, {})[criteria[criterion_id]] = weight
    rows = [
        {
            "id": p.id,
            "name": p.name,
            "owner": p[5] or "Shared",
            "default": p.is_default,
            "version": p.version,
            **{code: by_profile.get(p.id, {}).get(code, 0.0) for code in criteria.values()},
        }
        for p in profiles
    ]
    table = pd.DataFrame(rows, columns=["id", "name", "owner", "default", "version", *criteria.values()])
    table.insert(1, "label", table["name"] + " · " + table["owner"])
    return table


def profile_points(profile: pd.Series, codes: list[str]) -> Weights:
    """A profile's weights (a row of ``list_profiles``) as slider points, the largest at 100."""
    return Weights.of({c: float(profile[c]) for c in codes}, codes).scaled(SLIDER_TOP)


def loaded_version(profiles: pd.DataFrame, name: str, shared: bool) -> int | None:
    """The version of the profile a save would overwrite, as listed when the page loaded."""
    match = profiles[(profiles["name"] == name.strip()) & ((profiles["owner"] == "Shared") == shared)]
    return int(match["version"].iloc[0]) if len(match) else None


def save_profile(
    session: Session,
    user: CurrentUser,
    name: str,
    weights: Mapping[str, float],
    shared: bool = False,
    version_seen: int | None = None,
) -> int:
    """Create or overwrite a profile; overwriting needs the version that was loaded. Returns its id."""
    authorize(user, Action.SAVE_WEIGHTS)
    name = clean(name, "the profile's name", NAME_MAX, required=True)
    criteria = dict(
        session.execute(
            select(Criterion.code, Criterion.id).where(~Criterion.retired).order_by(Criterion.display_order)
        ).all()
    )
    # Every criterion the ranking uses needs a weight; one not ranked yet (not scored) may be left
    # out and then weighs 0 until it is set.
    ranked = list(ranked_criteria(session))
    codes = ranked + [c for c in weights if c in criteria and c not in ranked]
    checked = Weights.of(weights, codes, complete=True)
    checked.shares()  # refuses weights that are all zero
    weights = {code: checked.get(code, 0.0) for code in criteria}
    owner = None if shared else user.user_id
    profile = session.scalars(
        select(WeightProfile).where(
            WeightProfile.name == name,
            WeightProfile.owner_id.is_(None) if owner is None else WeightProfile.owner_id == owner,
        )
    ).first()
    if profile is not None:
        return _overwrite(session, user, profile, weights, criteria, version_seen)
    profile = WeightProfile(
        name=name,
        owner_id=owner,
        is_default=False,
        illustrative=user.illustrative,
        weights=[ProfileWeight(criterion_id=criteria[c], weight=float(w)) for c, w in weights.items()],
    )
    try:
        with session.begin_nested():  # a profile of that name saved meanwhile: refused, not lost
            session.add(profile)
            session.flush()
    except IntegrityError:
        kind = "shared" if shared else "personal"
        raise ConcurrentEdit(
            f"Not saved: a {kind} profile named '{name}' was saved by someone else a moment ago. "
            "Load it, or save under a new name."
        ) from None
    audit.record(session, user, "add", "weight_profile", _key(name, shared), None, weights)
    return profile.id


def _overwrite(session, user, profile: WeightProfile, weights, criteria, version_seen) -> int:
    if profile.is_default:
        authorize(user, Action.MANAGE)
    if version_seen != profile.version:
        who = "its owner" if profile.owner_id else "another user"
        raise ConcurrentEdit(
            f"Not saved: '{profile.name}' was changed by {who} on "
            f"{profile.updated_at:%d %b %Y %H:%M UTC} after you loaded it. Load it again, "
            "or save under a new name."
        )
    by_id = {w.criterion_id: w for w in profile.weights}
    old = {c: by_id[criteria[c]].weight if criteria[c] in by_id else None for c in sorted(criteria)}
    for code, value in weights.items():
        if criteria[code] in by_id:
            by_id[criteria[code]].weight = float(value)
        else:  # a criterion added since the profile was saved
            profile.weights.append(ProfileWeight(criterion_id=criteria[code], weight=float(value)))
    profile.updated_at = dt.datetime.now(dt.UTC)
    session.flush()
    audit.record(
        session, user, "update", "weight_profile", _key(profile.name, profile.owner_id is None), old, weights
    )
    return profile.id


def _key(name: str, shared: bool) -> str:
    return f"{'shared' if shared else 'personal'}:{name}"
