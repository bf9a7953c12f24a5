"""The checks across seed files, run after every file has parsed: references between files, and the
rules a single row cannot tell (one baseline, scores inside their scale, profiles weighting every
criterion, EU-level statuses only for recommendations addressed to the EU level)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dashboard.admin.seedfiles import SeedData, SeedProblem
from dashboard.enums import SCALE_BOUNDS, Fact, Role
from dashboard.monitoring.eu_actions import EU_LEVEL

MS, AREAS, OPTIONS, CRITERIA, FACTS = (
    "reference/member_states.csv",
    "reference/thematic_areas.csv",
    "reference/options.csv",
    "reference/criteria.csv",
    "reference/option_facts.csv",
)
RECS, ROUNDS, USERS, ASSESSMENTS, SCORES, PROFILES, EU = (
    "demo/recommendations.csv",
    "demo/rounds.csv",
    "demo/users.csv",
    "demo/assessments.csv",
    "demo/scores.csv",
    "demo/weight_profiles.csv",
    "demo/eu_assessments.csv",
)


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


def _check_eu_assessments(data, today, problems) -> None:
    recs = _keys(data, RECS, "code")
    for row in data[EU]:
        if not _refer(problems, EU, row, "recommendation", recs, "recommendation"):
            continue
        if recs[row["recommendation"]]["addressee"] not in EU_LEVEL:
            problems.append(
                SeedProblem(EU, row["_line"], "column 'recommendation': not addressed to the EU level")
            )
        if row["assessed_on"] > today or row["assessed_on"] < recs[row["recommendation"]]["issued_on"]:
            problems.append(
                SeedProblem(EU, row["_line"], "column 'assessed_on': in the future or before issue")
            )


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
    _check_eu_assessments,
    _check_assessments,
    _check_scores,
    _check_profiles,
]
