"""Seeding a new database from ``data/``: reference data plus the illustrative demo data.

``load_seed`` validates every file and every reference between files before anything is written;
``seed_database`` writes it all in the caller's transaction, only into an empty database.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.admin.seedchecks import (
    AREAS,
    ASSESSMENTS,
    CHECKS,
    CRITERIA,
    EU,
    FACTS,
    MS,
    OPTIONS,
    PROFILES,
    RECS,
    ROUNDS,
    SCORES,
    USERS,
)
from dashboard.admin.seedfiles import SPECS, SeedData, SeedError, SeedProblem, read_file
from dashboard.enums import RoundState
from dashboard.monitoring.rounds import snapshot
from dashboard.store import audit
from dashboard.store.db import ROOT
from dashboard.store.models import (
    AssessmentRound,
    Criterion,
    EuAssessment,
    ImplementationAssessment,
    MemberState,
    Option,
    OptionFact,
    OptionScore,
    ProfileWeight,
    Recommendation,
    ThematicArea,
    User,
    WeightProfile,
)

DATA_DIR = ROOT / "data"


def load_seed(data_dir: Path = DATA_DIR, today: dt.date | None = None) -> SeedData:
    """Every seed file parsed and cross-checked; raises SeedError listing all problems."""
    problems: list[SeedProblem] = []
    data = SeedData({path: read_file(data_dir, spec, problems) for path, spec in SPECS.items()})
    if not problems:
        for check in CHECKS:
            check(data, today or dt.date.today(), problems)
    if problems:
        raise SeedError(problems)
    return data


def is_empty(session: Session) -> bool:
    """True when the database holds no reference data yet."""
    return session.scalar(select(MemberState.code).limit(1)) is None


def seed_database(session: Session, data: SeedData, demo: bool = True) -> dict[str, int]:
    """Write validated seed data into an empty database; returns row counts per table.

    Without ``demo`` only the reference data (Member States, areas, options, criteria) is written.
    """
    counts = {"member_state": _add_reference(session, data)}
    if not demo:
        audit.record(session, "seed", "seed", "database", "reference", None, counts)
        return counts
    counts["recommendation"] = _add_register(session, data)
    users = _add_users(session, data)
    counts["app_user"] = len(users)
    counts["implementation_assessment"] = _add_assessments(session, data, users)
    counts["eu_assessment"] = _add_eu_assessments(session, data)
    counts["option_score"] = _add_scores(session, data, users)
    counts["weight_profile"] = _add_profiles(session, data, users)
    session.flush()
    for round_id in session.scalars(
        select(AssessmentRound.id)
        .where(AssessmentRound.state == RoundState.PUBLISHED)
        .order_by(AssessmentRound.reference_date)
    ):
        snapshot(session, round_id)  # the demo's published rounds, frozen as published rounds are
    audit.record(session, "seed", "seed", "database", "all", None, counts)
    return counts


def _add_reference(session: Session, data: SeedData) -> int:
    session.add_all(MemberState(**{k: v for k, v in row.items() if k != "_line"}) for row in data[MS])
    session.add_all(ThematicArea(id=r["id"], name=r["name"], verified=r["verified"]) for r in data[AREAS])
    session.add_all(
        Option(
            code=r["code"],
            name=r["name"],
            is_baseline=r["is_baseline"],
            anchor=r["anchor"],
            description=r["description"],
            display_order=i,
        )
        for i, r in enumerate(data[OPTIONS])
    )
    session.add_all(
        Criterion(
            code=r["code"],
            name=r["name"],
            direction=r["direction"],
            scale=r["scale"],
            group=r["group"],
            fact=r["fact"],
            description=r["description"],
            includes=r["includes"],
            excludes=r["excludes"],
            scale_words=[r[f"point_{p}"] for p in range(1, 6)],
            display_order=i,
        )
        for i, r in enumerate(data[CRITERIA])
    )
    session.flush()
    options = _ids(session, Option, Option.code)
    session.add_all(
        OptionFact(
            option_id=options[r["option"]], **{k: v for k, v in r.items() if k not in ("option", "_line")}
        )
        for r in data[FACTS]
    )
    return len(data[MS])


def _add_register(session: Session, data: SeedData) -> int:
    session.add_all(
        Recommendation(
            code=r["code"],
            area_id=r["area"],
            title=r["title"],
            addressee=r["addressee"],
            issued_on=r["issued_on"],
            deadline=r["deadline"],
            priority=r["priority"],
            description=r["description"],
            source_document=r["source_document"],
            source_paragraph=r["source_paragraph"],
            illustrative=True,
        )
        for r in data[RECS]
    )
    session.add_all(
        AssessmentRound(
            name=r["name"], reference_date=r["reference_date"], state=r["state"], illustrative=True
        )
        for r in data[ROUNDS]
    )
    session.flush()
    return len(data[RECS])


def _add_users(session: Session, data: SeedData) -> dict[str, int]:
    users = [
        User(
            email=r["email"],
            name=r["name"],
            role=r["role"],
            member_state_code=r["member_state"],
            illustrative=True,
        )
        for r in data[USERS]
    ]
    session.add_all(users)
    session.flush()
    return {u.email: u.id for u in users}


def _ids(session: Session, model, column) -> dict:
    return dict(session.execute(select(column, model.id)).all())


def _add_eu_assessments(session: Session, data: SeedData) -> int:
    recs = _ids(session, Recommendation, Recommendation.code)
    session.add_all(
        EuAssessment(
            recommendation_id=recs[r["recommendation"]],
            assessed_on=r["assessed_on"],
            status=r["status"],
            evidence=r["evidence"],
            source_url=r["source_url"],
            illustrative=True,
        )
        for r in data[EU]
    )
    return len(data[EU])


def _add_assessments(session: Session, data: SeedData, users: dict[str, int]) -> int:
    recs = _ids(session, Recommendation, Recommendation.code)
    rounds = _ids(session, AssessmentRound, AssessmentRound.name)
    session.add_all(
        ImplementationAssessment(
            recommendation_id=recs[r["recommendation"]],
            member_state_code=r["member_state"],
            round_id=rounds.get(r["round"]),
            assessed_on=r["assessed_on"],
            status=r["status"],
            evidence=r["evidence"],
            source_url=r["source_url"],
            author_id=users.get(r["author"]),
            illustrative=True,
        )
        for r in data[ASSESSMENTS]
    )
    return len(data[ASSESSMENTS])


def _add_scores(session: Session, data: SeedData, users: dict[str, int]) -> int:
    options = _ids(session, Option, Option.code)
    criteria = _ids(session, Criterion, Criterion.code)
    session.add_all(
        OptionScore(
            expert_id=users[r["expert"]],
            option_id=options[r["option"]],
            criterion_id=criteria[r["criterion"]],
            value=r["value"],
            rationale=r["rationale"],
            updated_by_id=users[r["expert"]],
            illustrative=True,
        )
        for r in data[SCORES]
    )
    return len(data[SCORES])


def _add_profiles(session: Session, data: SeedData, users: dict[str, int]) -> int:
    criteria = _ids(session, Criterion, Criterion.code)
    profiles: dict[tuple, WeightProfile] = {}
    for r in data[PROFILES]:
        key = (r["profile"], r["owner"])
        if key not in profiles:
            profiles[key] = WeightProfile(
                name=r["profile"],
                owner_id=users.get(r["owner"]),
                is_default=r["is_default"],
                illustrative=True,
            )
        profiles[key].weights.append(ProfileWeight(criterion_id=criteria[r["criterion"]], weight=r["weight"]))
    session.add_all(profiles.values())
    return len(profiles)
