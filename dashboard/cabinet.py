"""The cabinet overview: the point of the whole dashboard on one screen.

Which option leads under the shared default weights and how robust that lead is; the EU headline
figures and how they moved since the previous assessment round; progress by Member State and by
thematic area.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.assessment.model import load_model, ranking
from dashboard.assessment.sensitivity import robustness
from dashboard.monitoring import basis
from dashboard.monitoring.basis import Basis
from dashboard.monitoring.figures import Headline, area_progress, by_member_state, change, headline
from dashboard.text import literal

SAMPLES = 10_000
SEED = 2017
# How tightly SMAA's weights gather around the shared profile (Dirichlet concentration); the same
# value the Sensitivity page uses for "sample around the current weights".
CONCENTRATION = 30


@dataclass(frozen=True)
class Leader:
    code: str
    name: str
    score: float
    runner_up: str | None
    margin: float | None  # score lead over the runner-up (weighted sum, 0..1 scale)
    profile: str  # the shared weight profile it leads under
    first_around: float  # share of weight samples around the profile that rank it first
    first_anywhere: float  # the same with weights drawn uniformly (no preference at all)
    first_with_scores: float  # around the profile, each cell's score drawn from the experts' scores
    acceptability: pd.DataFrame  # option code, name, first_around, first_anywhere; best first
    n_samples: int
    seed: int


@dataclass(frozen=True)
class CabinetView:
    basis: Basis  # which implementation figures: live as of a date, or a round as published
    latest_round: str | None
    previous_round: str | None
    now: Headline
    before: Headline | None  # as of the previous round's reference date
    overdue_change: int | None  # overdue items now minus at the previous round
    states: pd.DataFrame  # by_member_state of the latest statuses
    areas: pd.DataFrame  # area, progress, assessed, applicable; most advanced first
    leader: Leader | None


def leader(session: Session, n_samples: int = SAMPLES, seed: int = SEED) -> Leader | None:
    """The option ranked first by weighted sum under the shared default profile, with SMAA."""
    model = load_model(session)
    if not model.rankable or not model.default_weights.sum() > 0:
        return None
    weights = model.default_weights / model.default_weights.sum()
    table = ranking(model, weights)
    around = robustness(model, n_samples, seed, weights=weights, concentration=CONCENTRATION)
    anywhere = robustness(model, n_samples, seed)
    scores = robustness(model, n_samples, seed, weights=weights, concentration=CONCENTRATION, scores_too=True)
    accept = pd.DataFrame(
        {
            "code": list(model.option_codes),
            "option": list(model.option_names),
            "first_around": around.acceptability["#1"].to_numpy(),
            "first_anywhere": anywhere.acceptability["#1"].to_numpy(),
        }
    ).sort_values(["first_around", "first_anywhere", "code"], ascending=[False, False, True])
    first, second = table.iloc[0], table.iloc[1]
    tied = first["score"] == second["score"]
    return Leader(
        code=first["code"],
        name=first["option"],
        score=float(first["score"]),
        runner_up=second["code"],
        margin=None if tied else float(first["score"] - second["score"]),
        profile=model.default_profile,
        first_around=float(around.acceptability.loc[first["code"], "#1"]),
        first_anywhere=float(anywhere.acceptability.loc[first["code"], "#1"]),
        first_with_scores=float(scores.acceptability.loc[first["code"], "#1"]),
        acceptability=accept.reset_index(drop=True),
        n_samples=around.n_samples,
        seed=around.seed,
    )


def lead_words(lead: Leader) -> str:
    """'**O2 …** leads under the shared weights, 0.021 ahead of O1.' (Markdown; names escaped)."""
    ahead = f"{lead.margin:.3f} ahead of" if lead.margin else "tied with"
    name, runner_up = literal(f"{lead.code} {lead.name}"), literal(lead.runner_up)
    return f"**{name}** leads under the shared weights, {ahead} {runner_up}."


def extremes_words(areas: pd.DataFrame) -> str:
    """The most and the least advanced thematic area of an ``area_progress`` table."""
    known = areas.dropna(subset=["progress"])
    if known.empty:
        return "No thematic area has assessed items yet."
    top, bottom = known.iloc[0], known.iloc[-1]
    return (
        f"Most advanced: {top['area']} ({top['progress']:.0%}); "
        f"least: {bottom['area']} ({bottom['progress']:.0%})."
    )


@dataclass(frozen=True)
class Metric:
    """One headline figure as st.metric shows it."""

    label: str
    value: str | int
    delta: str | None
    delta_color: str = "normal"
    help: str | None = None


def basis_words(view: CabinetView) -> str:
    """The caption under the title: which figures, the latest round, what changes are measured from."""
    since = f" · changes since {view.previous_round}" if view.previous_round else ""
    return f"{view.basis.describe()} · latest assessment round: {view.latest_round or 'none yet'}{since}"


def headline_metrics(view: CabinetView) -> list[Metric]:
    """The five headline figures with their change in points since the previous round."""
    now, before = view.now, view.before
    since = f"since {view.previous_round}" if view.previous_round else ""

    def pct(value: float | None) -> str:
        return f"{value:.0%}" if value is not None else "—"

    def points(name: str) -> str | None:
        moved = change(getattr(now, name), getattr(before, name) if before else None)
        return None if moved is None else f"{moved:+.0f} pts {since}"

    overdue = None if view.overdue_change is None else f"{view.overdue_change:+d} {since}"
    return [
        Metric("Progress index (EU)", pct(now.progress), points("progress"),
               help="Mean status level ÷ 4 over applicable, assessed recommendation × Member State pairs "
               "(0 % = no progress anywhere, 100 % = fully implemented everywhere)"),
        Metric("At least some progress", pct(now.some_or_more), points("some_or_more")),
        Metric("Substantial or full", pct(now.substantial_or_full), points("substantial_or_full")),
        Metric("Coverage", pct(now.coverage), points("coverage"),
               help=f"{now.assessed} of {now.applicable} applicable pairs assessed. "
               "'Not applicable' and 'Not assessed' are never counted as 'No progress'."),
        Metric("Overdue", now.overdue, overdue, "inverse",
               "Applicable pairs whose deadline has passed and that are not fully implemented"),
    ]  # fmt: skip


def empty_words(now: Headline) -> str | None:
    """What to say instead of the map and the areas when there is nothing to draw; None otherwise."""
    if now.assessed:
        return None
    if now.applicable:
        return (
            "No status has been recorded yet: the map and the thematic areas appear with the first statuses."
        )
    return "The register holds no recommendation yet."


def robustness_words(lead: Leader) -> str:
    """How robust the lead is, in a cabinet's words."""
    share = lead.first_around
    if share >= 0.9:
        verdict = "a robust lead"
    elif share >= 0.6:
        verdict = "a fairly robust lead"
    elif share >= 0.4:
        verdict = "a fragile lead"
    else:
        verdict = "no clear lead"
    return (
        f"{verdict.capitalize()}: first in {share:.0%} of {lead.n_samples:,} weight sets around "
        f"'{lead.profile}', {lead.first_anywhere:.0%} with no weight preference, "
        f"{lead.first_with_scores:.0%} with the experts' scores varying."
    )


def cabinet_view(session: Session, when: Basis | dt.date) -> CabinetView:
    """Everything the cabinet overview shows: live as of a date, or as a round was published; the
    change is against the round before the latest one."""
    on = basis.of(session, when)
    latest = basis.statuses(session, on)
    rounds = basis.round_statuses(session, on)
    previous = rounds[-2] if len(rounds) >= 2 else None
    before = headline(previous[2], previous[1]) if previous else None
    now = headline(latest, on.as_of)
    return CabinetView(
        basis=on,
        latest_round=rounds[-1][0] if rounds else None,
        previous_round=previous[0] if previous else None,
        now=now,
        before=before,
        overdue_change=None if before is None else now.overdue - before.overdue,
        states=by_member_state(latest),
        areas=area_progress(latest, basis.lookups(session, on).areas),
        leader=leader(session),
    )
