"""Seed folders built for a test or benchmark: the shipped data/ with other options and scores."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np

from dashboard.admin.seed import DATA_DIR
from tests.inputs import WORDS


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def options_dataset(
    folder: Path,
    options: list[str],
    criteria: list[tuple[str, str]],
    scores: np.ndarray,
    weights: list[float],
) -> Path:
    """A data folder whose options (first = baseline), criteria (name, direction), expert scores
    (experts x non-baseline options x criteria, on -2..+2) and default weights are the given ones."""
    data = folder / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.db*", "*.py", "__pycache__"))
    codes = [f"C{j + 1:02d}" for j in range(len(criteria))]
    _write(
        data / "reference" / "options.csv",
        ["code", "name", "is_baseline", "anchor", "description"],
        [[f"O{i}", name, str(i == 0).lower(), "synthetic test option", ""] for i, name in enumerate(options)],
    )
    _write(
        data / "reference" / "criteria.csv",
        ["code", "name", "direction", "scale", "group", "fact", "description", "includes", "excludes"]
        + [f"point_{p}" for p in range(1, 6)],
        [
            [c, name, direction, "relative", "Group", "", f"{name}.", "-", "-", *WORDS]
            for c, (name, direction) in zip(codes, criteria, strict=True)
        ],
    )
    _write(
        data / "reference" / "option_facts.csv",
        ["option", "fact", "low", "high", "estimate", "source", "as_of"],
        [],
    )
    experts = [f"expert.{chr(ord('a') + k)}@example.com" for k in range(scores.shape[0])]
    users = data / "demo" / "users.csv"
    kept = [line for line in users.read_text().splitlines()[1:] if ",expert," not in line]
    extra = [f"{e},Expert {k + 1},expert," for k, e in enumerate(experts)]
    users.write_text("\n".join(["email,name,role,member_state", *kept, *extra]) + "\n")
    _write(
        data / "demo" / "scores.csv",
        ["expert", "option", "criterion", "value", "rationale"],
        [
            [experts[k], f"O{i + 1}", codes[j], int(scores[k, i, j]), "test"]
            for k in range(scores.shape[0])
            for i in range(scores.shape[1])
            for j in range(scores.shape[2])
        ],
    )
    _write(
        data / "demo" / "weight_profiles.csv",
        ["profile", "owner", "is_default", "criterion", "weight"],
        [["Default", "", "true", c, w] for c, w in zip(codes, weights, strict=True)],
    )
    return data


def synthetic_scores(experts: int, options: int, criteria: int, seed: int = 1) -> np.ndarray:
    """Random but plausible expert scores: a shared view per cell plus each expert's noise."""
    rng = np.random.default_rng(seed)
    consensus = rng.integers(-2, 3, size=(options, criteria))
    noise = rng.choice([-1, 0, 0, 0, 1], size=(experts, options, criteria))
    return np.clip(consensus[None] + noise, -2, 2)
