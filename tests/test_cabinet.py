"""The cabinet overview: leading option and its robustness, headline changes, areas; and its page."""

import datetime as dt
from math import comb

import numpy as np
import pandas as pd
import pytest

from dashboard.admin import seed
from dashboard.cabinet import cabinet_view, leader, robustness_words
from dashboard.enums import StatusLevel
from dashboard.monitoring.figures import area_progress, change, headline
from dashboard.monitoring.queries import latest_statuses
from dashboard.store.db import make_engine, migrate, session_scope
from tests.apptest import texts
from tests.datasets import options_dataset

S = StatusLevel


def _engine_for(tmp_path, scores, weights):
    data = options_dataset(
        tmp_path,
        ["Baseline", "Network A", "Agency B"],
        [("Effectiveness", "benefit"), ("Reach", "benefit")],
        np.array(scores),
        weights,
    )
    engine = make_engine(f"sqlite:///{tmp_path / 'cabinet.db'}")
    migrate(engine)
    with session_scope(engine) as session:
        seed.seed_database(session, seed.load_seed(data))
    return engine


def test_a_dominating_option_leads_in_every_weight_sample(tmp_path):
    # O1 +2 on both criteria, O2 +1 on both; on the -2..+2 scale the utilities are 1 and 0.75.
    engine = _engine_for(tmp_path, [[[2, 2], [1, 1]]], [1, 1])
    with session_scope(engine) as session:
        lead = leader(session)
    assert (lead.code, lead.runner_up) == ("O1", "O2")
    assert lead.score == pytest.approx(1.0) and lead.margin == pytest.approx(0.25)
    assert lead.first_around == 1.0 and lead.first_anywhere == 1.0
    assert list(lead.acceptability["code"]) == ["O1", "O0", "O2"]  # O0, O2 never first: by code
    assert robustness_words(lead).startswith("A robust lead: first in 100% of 10,000 weight sets")


def test_a_trade_off_lead_is_as_robust_as_the_weights_say(tmp_path):
    """O1 is best on Effectiveness, O2 on Reach; the shared weights are 60:40.

    Scores: O1 = w1, O2 = 1 - w1, baseline 0.5, so O1 is first exactly when w1 > 0.5.
    Uniform weights: P(w1 > 0.5) = 1/2. Around 60:40 with concentration 30 the weights are
    Dirichlet(36, 24), so w1 ~ Beta(36, 24) and P(w1 > 0.5) = P(Binomial(59, 1/2) <= 35).
    """
    engine = _engine_for(tmp_path, [[[2, -2], [-2, 2]]], [60, 40])
    with session_scope(engine) as session:
        lead = leader(session)
    exact = sum(comb(59, k) for k in range(36)) / 2**59
    assert lead.code == "O1" and lead.margin == pytest.approx(0.1)  # 0.6 vs baseline 0.5
    assert lead.first_around == pytest.approx(exact, abs=0.01)
    assert lead.first_anywhere == pytest.approx(0.5, abs=0.015)
    assert lead.runner_up == "O0"  # the baseline (0.5) is second, O2 (0.4) third
    assert robustness_words(lead).startswith(f"A robust lead: first in {exact:.0%} of 10,000")


def test_area_progress_orders_areas_and_keeps_unassessed_ones_last():
    latest = pd.DataFrame(
        {
            "area_id": [1, 1, 2, 2, 3],
            "status": [S.FULL, S.SOME, S.LIMITED, S.NOT_APPLICABLE, S.NOT_ASSESSED],
            "deadline": [None] * 5,
        }
    )
    table = area_progress(latest, {1: "Prisons", 2: "Online", 3: "Research"})
    assert list(table["area"]) == ["Prisons", "Online", "Research"]
    assert table["progress"].iloc[0] == pytest.approx((4 + 2) / 2 / 4)
    assert table["progress"].iloc[1] == pytest.approx(1 / 4)  # not applicable left out
    assert pd.isna(table["progress"].iloc[2]) and table["assessed"].iloc[2] == 0


def test_change_is_in_percentage_points():
    assert change(0.67, 0.5) == pytest.approx(17)
    assert change(None, 0.5) is None and change(0.5, None) is None


def test_cabinet_view_compares_with_the_previous_round(demo_engine):
    today = dt.date.today()
    with session_scope(demo_engine) as session:
        view = cabinet_view(session, today)
        before = headline(latest_statuses(session, dt.date(2023, 12, 31)), dt.date(2023, 12, 31))
    assert (view.latest_round, view.previous_round) == ("2025 review", "2023 review")
    assert view.before == before
    assert len(view.states) == 27 and view.leader is not None


def test_overview_page_shows_leader_headlines_and_changes(app, seeded_sqlite):
    at = app("viewer")
    with session_scope(make_engine(seeded_sqlite)) as session:
        view = cabinet_view(session, dt.date.today())
    metrics = {m.label: m for m in at.metric}
    assert metrics["Progress index (EU)"].value == f"{view.now.progress:.0%}"
    moved = 100 * (view.now.progress - view.before.progress)
    assert metrics["Progress index (EU)"].delta == f"{moved:+.0f} pts since 2023 review"
    assert metrics["Overdue"].value == str(view.now.overdue)
    assert metrics["Coverage"].value == f"{view.now.coverage:.0%}"
    shown = texts(at)
    lead = view.leader
    assert f"{lead.code} {lead.name}" in shown and f"first in {lead.first_around:.0%} of 10,000" in shown
    top, bottom = view.areas.dropna().iloc[0], view.areas.dropna().iloc[-1]
    assert f"Most advanced: {top['area']} ({top['progress']:.0%})" in shown
    assert f"least: {bottom['area']} ({bottom['progress']:.0%})" in shown
    assert "Illustrative data." in shown
    assert len(at.get("plotly_chart")) == 3
