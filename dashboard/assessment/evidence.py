"""How many experts' scores each cell of the options matrix rests on: cells resting on fewer than a
configured number are named, and one nobody could score (every expert said they cannot judge it) is
said to count as the baseline's 0."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.assessment.model import OptionsModel

LOG = logging.getLogger(__name__)


MIN_SCORES_DEFAULT = 3


def min_scores() -> int:
    """How many experts' scores a cell needs before it is not marked as resting on few scores:
    ``DASHBOARD_MIN_SCORES`` (a whole number from 1), default 3."""
    raw = os.environ.get("DASHBOARD_MIN_SCORES", "").strip()
    if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= 1000:
        return int(raw)
    if raw:
        LOG.warning("DASHBOARD_MIN_SCORES=%r is not a whole number from 1; using %d", raw, MIN_SCORES_DEFAULT)
    return MIN_SCORES_DEFAULT


@dataclass(frozen=True)
class Evidence:
    """How many experts' scores each ranked cell rests on (the baseline's row left out)."""

    cells: int  # option x criterion cells ranked, the baseline's left out
    minimum: int  # the configured number of scores a cell should rest on
    thin: tuple[str, ...]  # "O3 × C05 (2)": cells with fewer than ``minimum`` scores, at least one
    empty: tuple[str, ...]  # "O3 × C05": cells nobody scored (all cannot judge): counted as 0


def evidence(model: OptionsModel, minimum: int | None = None) -> Evidence:
    minimum = min_scores() if minimum is None else minimum
    count = model.aggregate("mean").count
    thin, empty = [], []
    for i, option in enumerate(model.option_codes):
        if i == model.baseline:
            continue
        for j, criterion in enumerate(model.criterion_codes):
            n = int(count[i, j])
            if n == 0:
                empty.append(f"{option} × {criterion}")
            elif n < minimum:
                thin.append(f"{option} × {criterion} ({n})")
    cells = (len(model.option_codes) - 1) * len(model.criterion_codes)
    return Evidence(cells, minimum, tuple(thin), tuple(empty))


def evidence_sentence(found: Evidence) -> str:
    """Whether the ranking rests on enough scores, and which cells do not."""
    if not found.thin and not found.empty:
        return f"Every one of the {found.cells} cells rests on at least {found.minimum} experts' scores."
    parts = []
    if found.thin:
        parts.append(
            f"{len(found.thin)} of {found.cells} cells rest on fewer than {found.minimum} experts' scores "
            f"({', '.join(found.thin[:6])}{', …' if len(found.thin) > 6 else ''})"
        )
    if found.empty:
        parts.append(
            f"{len(found.empty)} on none, every expert saying they cannot judge it, and count as the "
            f"same as the baseline ({', '.join(found.empty[:6])}{', …' if len(found.empty) > 6 else ''})"
        )
    return "; ".join(parts) + ". Read the ranking with that in mind."
