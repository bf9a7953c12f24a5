"""Seeding a new database from ``data/``: reference data plus the illustrative demo data.

``load_seed`` validates every file and every reference between files before anything is written;
``seed_database`` writes it all in the caller's transaction, only into an empty database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dashboard.admin.seedfiles import SPECS, SeedData, SeedError, SeedProblem, read_file
from dashboard.enums import SCALE_BOUNDS, Fact, Role, RoundState
from dashboard.monitoring.rounds import snapshot
from dashboard.store import audit
from dashboard.store.db import ROOT
from dashboard.store.models import (
    AssessmentRound,
    Criterion,
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

MS, AREAS, OPTIONS, CRITERIA, FACTS = (
    "reference/member_states.csv",
    "reference/thematic_areas.csv",
    "reference/options.csv",
    "reference/criteria.csv",
    "reference/option_facts.csv",
)
RECS, ROUNDS, USERS, ASSESSMENTS, SCORES, PROFILES = (
    "demo/recommendations.csv",
    "demo/rounds.csv",
    "demo/users.csv",
    "demo/assessments.csv",
    "demo/scores.csv",
    "demo/weight_profiles.csv",
)


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


def _keys(data: SeedData, path: str, column: str) -> dict:
    return {row[column]: row for row in data[path]}


def _refer(problems, path, row, column, known, what) -> bool:
    value = row[column]
    if value is not None and value not in known:
        problems.append(SeedProblem(path, row["_line"], f"column '{column}': unknown {what} '{value}'"))
        return False
    return True


def _check_member_states(data, _today, problems) -> None:
    for row in data[MS]:
        if not (len(row["code"]) == 2 and row["code"].isupper()):
            problems.append(
                SeedProblem(MS, row["_line"], f"column 'code': '{row['code']}' is not a two-letter code")
            )
        if row["member_to"] and row["member_to"] < row["member_from"]:
            problems.append(SeedProblem(MS, row["_line"], "column 'member_to': before member_from"))


def _check_options(data, _today, problems) -> None:
    for row in data[OPTIONS]:  # the catalogue is a sourced proposal: every option names its source
        if not row["anchor"].strip():
            problems.append(
                SeedProblem(
                    OPTIONS, row["_line"], "column 'anchor': empty; name the document the option comes from"
                )
            )
    baselines = [row for row in data[OPTIONS] if row["is_baseline"]]
    if len(baselines) != 1:
        problems.append(
            SeedProblem(OPTIONS, 0, f"exactly one option must be the baseline, found {len(baselines)}")
        )


def _check_facts(data, _today, problems) -> None:
    options = _keys(data, OPTIONS, "code")
    for row in data[FACTS]:
        _refer(problems, FACTS, row, "option", options, "option")
        if row["low"] > row["high"]:
            problems.append(SeedProblem(FACTS, row["_line"], "column 'low': above high"))
        if row["low"] < 0:
            problems.append(SeedProblem(FACTS, row["_line"], "column 'low': below zero"))
        if row["fact"] is Fact.LEGAL_ACT and {row["low"], row["high"]} - {0, 1}:
            problems.append(SeedProblem(FACTS, row["_line"], "a legislative act is 1 (needed) or 0 (not)"))


def _check_recommendations(data, _today, problems) -> None:
    areas = _keys(data, AREAS, "id")
    for row in data[RECS]:
        _refer(problems, RECS, row, "area", areas, "thematic area")
        if row["deadline"] and row["deadline"] < row["issued_on"]:
            problems.append(SeedProblem(RECS, row["_line"], "column 'deadline': before issued_on"))


def _check_users(data, _today, problems) -> None:
    states = _keys(data, MS, "code")
    for row in data[USERS]:
        _refer(problems, USERS, row, "member_state", states, "Member State")
        if (row["role"] is Role.MS_OFFICIAL) != (row["member_state"] is not None):
            problems.append(
                SeedProblem(USERS, row["_line"], "a Member State is required for ms_official and only for it")
            )


def _check_assessments(data, today, problems) -> None:
    recs, states = _keys(data, RECS, "code"), _keys(data, MS, "code")
    rounds, users = _keys(data, ROUNDS, "name"), _keys(data, USERS, "email")
    for row in data[ASSESSMENTS]:
        known = all(
            [
                _refer(problems, ASSESSMENTS, row, "recommendation", recs, "recommendation"),
                _refer(problems, ASSESSMENTS, row, "member_state", states, "Member State"),
                _refer(problems, ASSESSMENTS, row, "round", rounds, "round"),
                _refer(problems, ASSESSMENTS, row, "author", users, "user"),
            ]
        )
        if not known:
            continue
        on, state = row["assessed_on"], states[row["member_state"]]
        if on > today:
            problems.append(
                SeedProblem(ASSESSMENTS, row["_line"], f"column 'assessed_on': {on} is in the future")
            )
        if on < recs[row["recommendation"]]["issued_on"]:
            problems.append(
                SeedProblem(
                    ASSESSMENTS,
                    row["_line"],
                    f"column 'assessed_on': {on} is before the recommendation was issued",
                )
            )
        if on < state["member_from"] or (state["member_to"] and on > state["member_to"]):
            problems.append(
                SeedProblem(
                    ASSESSMENTS,
                    row["_line"],
                    f"column 'assessed_on': {row['member_state']} was not a Member State on {on}",
                )
            )


def _check_scores(data, _today, problems) -> None:
    options, criteria = _keys(data, OPTIONS, "code"), _keys(data, CRITERIA, "code")
    experts = {e for e, u in _keys(data, USERS, "email").items() if u["role"] is Role.EXPERT}
    for row in data[SCORES]:
        known = all(
            [
                _refer(problems, SCORES, row, "expert", experts, "expert"),
                _refer(problems, SCORES, row, "option", options, "option"),
                _refer(problems, SCORES, row, "criterion", criteria, "criterion"),
            ]
        )
        if not known:
            continue
        if options[row["option"]]["is_baseline"]:
            problems.append(
                SeedProblem(
                    SCORES, row["_line"], "column 'option': the baseline is 0 by definition and is not scored"
                )
            )
        lo, hi = SCALE_BOUNDS[criteria[row["criterion"]]["scale"]]
        if not lo <= row["value"] <= hi:
            problems.append(
                SeedProblem(
                    SCORES, row["_line"], f"column 'value': {row['value']:g} is outside the scale {lo}..{hi}"
                )
            )


def _check_profiles(data, _today, problems) -> None:
    criteria, users = _keys(data, CRITERIA, "code"), _keys(data, USERS, "email")
    covered: dict[tuple, set] = {}
    for row in data[PROFILES]:
        _refer(problems, PROFILES, row, "owner", users, "user")
        _refer(problems, PROFILES, row, "criterion", criteria, "criterion")
        if row["weight"] < 0:
            problems.append(SeedProblem(PROFILES, row["_line"], "column 'weight': must not be negative"))
        covered.setdefault((row["profile"], row["owner"]), set()).add(row["criterion"])
    for (name, _owner), codes in covered.items():
        if codes != set(criteria):
            problems.append(SeedProblem(PROFILES, 0, f"profile '{name}' does not weight every criterion"))
    if len({(r["profile"], r["owner"]) for r in data[PROFILES] if r["is_default"]}) > 1:
        problems.append(SeedProblem(PROFILES, 0, "more than one default profile"))


CHECKS: list[Callable[[SeedData, dt.date, list[SeedProblem]], None]] = [
    _check_member_states,
    _check_options,
    _check_facts,
    _check_recommendations,
    _check_users,
    _check_assessments,
    _check_scores,
    _check_profiles,
]


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
