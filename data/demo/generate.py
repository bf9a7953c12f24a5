"""Write the illustrative demo files (users, assessments, scores, weight profiles).

The files are committed; run this only to change them:  python data/demo/generate.py
Everything here is invented for demonstration and is flagged illustrative when seeded.
Deterministic: the same seed writes the same files.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent / "reference"
SEED = 2017_07_27  # the date of the decision setting up the HLCEG-R
LEVELS = ["no_progress", "limited", "some", "substantial", "full"]
EVIDENCE = {
    "no_progress": "No national measure identified for: {title}.",
    "limited": "Plans announced but not adopted for: {title}.",
    "some": "First measures adopted; roll-out under way for: {title}.",
    "substantial": "Measures adopted and largely in place for: {title}.",
    "full": "Fully in place and evaluated for: {title}.",
    "not_applicable": "Recommendation addressed to the Commission; no national action expected.",
    "not_assessed": "Not assessed in this round: no reply received.",
}
# Consensus judgement of each option against the baseline, one value per criterion of
# reference/criteria.csv in its order (C01..C05, C07..C12). Scores on a criterion linked to a fact
# (C02 budget, C07 set-up months) follow reference/option_facts.csv and get no random spread, so the
# demo passes the consistency check (python -m dashboard catalogue check).
CONSENSUS = {
    "O1": [1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1],
    "O2": [1, 1, 1, 1, 0, 0, 2, 0, 0, 1, 1],
    "O3": [2, 2, 1, 1, 0, 2, 0, 1, 1, 2, 1],
    "O4": [1, 1, 0, 1, -1, 1, 1, -2, -2, 0, 2],
    "O5": [2, 2, -1, 2, -1, 2, 1, 1, 1, 1, 2],
}
EXPERTS = ["A", "B", "C", "D", "E"]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def users(states: list[dict]) -> list[dict]:
    rows = [{"email": "viewer@example.com", "name": "Cabinet reader", "role": "viewer", "member_state": ""}]
    rows += [
        {
            "email": f"expert.{x.lower()}@example.com",
            "name": f"Expert {x}",
            "role": "expert",
            "member_state": "",
        }
        for x in EXPERTS
    ]
    rows += [
        {
            "email": f"official.{s['code'].lower()}@example.com",
            "name": f"{s['name']} official",
            "role": "ms_official",
            "member_state": s["code"],
        }
        for s in states
    ]
    rows.append(
        {"email": "secretariat@example.com", "name": "Secretariat", "role": "admin", "member_state": ""}
    )
    return rows


def _level(rng: random.Random, capacity: float, difficulty: float, step: int, previous: int) -> int:
    expected = (step + 1) * capacity * (1.3 - 0.7 * difficulty)
    level = round(min(4.0, max(0.0, expected + rng.gauss(0, 0.5))))
    if level < previous and rng.random() > 0.08:  # regressions happen, but rarely
        level = previous
    return level


def assessments(rng: random.Random, states: list[dict], recs: list[dict], rounds: list[dict]) -> list[dict]:
    rows = []
    no_returnees = set(rng.sample([s["code"] for s in states], 4))
    for state in states:
        capacity = rng.uniform(0.35, 1.05)
        left = dt.date.fromisoformat(state["member_to"]) if state["member_to"] else dt.date.max
        for rec in recs:
            difficulty, previous = rng.random(), 0
            for step, rnd in enumerate(rounds):
                on = dt.date.fromisoformat(rnd["reference_date"])
                if on > left or rng.random() < 0.06:  # left the EU, or no reply this round
                    continue
                if rec["addressee"] == "commission" or (
                    rec["code"] == "K-1" and state["code"] in no_returnees
                ):
                    status = "not_applicable"
                elif rng.random() < 0.02:
                    status = "not_assessed"
                else:
                    previous = _level(rng, capacity, difficulty, step, previous)
                    status = LEVELS[previous]
                rows.append(
                    {
                        "recommendation": rec["code"],
                        "member_state": state["code"],
                        "round": rnd["name"],
                        "assessed_on": (on - dt.timedelta(days=rng.randint(0, 60))).isoformat(),
                        "status": status,
                        "evidence": EVIDENCE[status].format(title=rec["title"].lower()),
                        "source_url": f"https://example.com/illustrative/{state['code'].lower()}/{rec['code'].lower()}/{on.year}",
                        "author": f"official.{state['code'].lower()}@example.com",
                    }
                )
    return rows


def scores(rng: random.Random, criteria: list[dict]) -> list[dict]:
    rows = []
    for expert in EXPERTS:
        for option, values in CONSENSUS.items():
            for criterion, base in zip(criteria, values, strict=True):
                spread = not criterion["fact"] and rng.random() < 0.3
                value = max(-2, min(2, base + (rng.choice([-1, 1]) if spread else 0)))
                rows.append(
                    {
                        "expert": f"expert.{expert.lower()}@example.com",
                        "option": option,
                        "criterion": criterion["code"],
                        "value": value,
                        "rationale": f"{criterion[f'point_{value + 3}']}.",
                    }
                )
    return rows


def profiles(criteria: list[dict]) -> list[dict]:
    feasibility = {"C02": 2, "C07": 4}  # C07 carries the weight of the retired C06 too
    outcome = {"C01": 3, "C04": 2, "C12": 2}
    rows = []
    for name, owner, default, weights in [
        ("Equal weights", "", "true", {}),
        ("Feasibility first", "", "false", feasibility),
        ("Outcomes first", "expert.a@example.com", "false", outcome),
    ]:
        rows += [
            {
                "profile": name,
                "owner": owner,
                "is_default": default,
                "criterion": c["code"],
                "weight": weights.get(c["code"], 1),
            }
            for c in criteria
        ]
    return rows


def main() -> None:
    rng = random.Random(SEED)
    states = _read(REFERENCE / "member_states.csv")
    criteria = _read(REFERENCE / "criteria.csv")
    recs = _read(HERE / "recommendations.csv")
    rounds = _read(HERE / "rounds.csv")
    _write(HERE / "users.csv", ["email", "name", "role", "member_state"], users(states))
    _write(
        HERE / "assessments.csv",
        [
            "recommendation",
            "member_state",
            "round",
            "assessed_on",
            "status",
            "evidence",
            "source_url",
            "author",
        ],
        assessments(rng, states, recs, rounds),
    )
    _write(
        HERE / "scores.csv", ["expert", "option", "criterion", "value", "rationale"], scores(rng, criteria)
    )
    _write(
        HERE / "weight_profiles.csv",
        ["profile", "owner", "is_default", "criterion", "weight"],
        profiles(criteria),
    )


if __name__ == "__main__":
    main()
