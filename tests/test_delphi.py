"""Delphi rounds of scoring: private scores while a round is open, anonymised feedback when it
closes, earlier rounds readable, consensus round over round (Deliver 2 of the deliberation issue)."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from dashboard.access.auth import COMMAND_LINE, user_by_email
from dashboard.access.demo import demo_persona
from dashboard.admin.demo import remove_demo
from dashboard.assessment import delphi
from dashboard.assessment.model import load_model
from dashboard.assessment.scoring import CellEdit, save_scores, score_grid
from dashboard.enums import Role
from dashboard.errors import InvalidInput
from dashboard.store.db import make_engine, session_scope
from dashboard.store.models import AuditEntry, RoundScore, ScoringRound
from tests.apptest import texts

EXPERTS = [f"expert.{x}@example.com" for x in "abcde"]


def _set(s, email, cells: dict[tuple[str, str], float], rationale="Revised."):
    expert = user_by_email(s, email)
    grid = score_grid(s, expert).set_index(["option", "criterion"])
    edits = [CellEdit(o, c, v, rationale, int(grid.loc[(o, c), "version"])) for (o, c), v in cells.items()]
    return save_scores(s, expert, edits)


def _cell(model, option, criterion):
    return model.matrix()[model.option_codes.index(option), model.criterion_codes.index(criterion)]


def test_a_round_opens_keeps_new_scores_private_and_closes(seeded):
    with session_scope(seeded) as s:
        assert delphi.open_round(s, COMMAND_LINE) == 1
        with pytest.raises(InvalidInput, match="Scoring round 1 is open already; close it before"):
            delphi.open_round(s, COMMAND_LINE)
    with session_scope(seeded) as s:
        _set(s, EXPERTS[1], {("O3", "C05"): 2})  # B: −1 → +2
    with session_scope(seeded) as s:
        shown = load_model(s)
        own = score_grid(s, user_by_email(s, EXPERTS[1])).set_index(["option", "criterion"])
    assert _cell(shown, "O3", "C05") == pytest.approx(0.0)  # (0 − 1 + 1 + 0 + 0) / 5: as it opened
    assert "Scoring round 1 is open" in shown.source_note
    assert own.loc[("O3", "C05"), "score"] == 2  # the expert sees their own new score
    with session_scope(seeded) as s:
        assert delphi.close_round(s, COMMAND_LINE) == 1
        with pytest.raises(InvalidInput, match="No scoring round is open"):
            delphi.close_round(s, COMMAND_LINE)
    with session_scope(seeded) as s:
        assert _cell(load_model(s), "O3", "C05") == pytest.approx(0.6)  # (0 + 2 + 1 + 0 + 0) / 5
        assert _cell(load_model(s, 1), "O3", "C05") == pytest.approx(0.6)
        actions = s.execute(
            select(AuditEntry.action, AuditEntry.entity_key).where(AuditEntry.entity == "scoring round")
        )
        assert list(actions) == [("open", "1"), ("close", "1")]
        with pytest.raises(InvalidInput, match="There is no closed scoring round 7"):
            load_model(s, 7)


def test_the_group_is_fed_back_per_cell_with_no_names(seeded):
    with session_scope(seeded) as s:
        delphi.open_round(s, COMMAND_LINE)
        delphi.close_round(s, COMMAND_LINE)
    with session_scope(seeded) as s:
        table = delphi.feedback(s, user_by_email(s, EXPERTS[0])).set_index(["Option", "Criterion"])
    # O3 × C05 in the demo: A 0, B −1, C +1, D 0, E 0.
    cell = table.loc[("O3", "C05")]
    assert cell["Your score"] == "0" and cell["Median"] == "0"
    assert cell["The group"] == "−2: 0 · −1: 1 · 0: 3 · +1: 1 · +2: 0"
    assert cell["Others' rationales"].split("\n") == [
        "• A lighter touch than the baseline.",
        "• As light a touch as the baseline.",
        "• As light a touch as the baseline.",
        "• Goes further than needed.",
    ]
    assert len(table) == 55 and not table.astype(str).apply(lambda c: c.str.contains("Expert")).any().any()


def test_consensus_is_tracked_round_over_round(seeded):
    with session_scope(seeded) as s:
        delphi.open_round(s, COMMAND_LINE)
        delphi.close_round(s, COMMAND_LINE)
        first = load_model(s, 1)
        delphi.open_round(s, COMMAND_LINE)
        a = score_grid(s, user_by_email(s, EXPERTS[0])).set_index(["option", "criterion"])["score"]
    with session_scope(seeded) as s:
        for email in EXPERTS[1:]:  # everyone comes round to expert A's scores
            _set(s, email, {cell: float(v) for cell, v in a.items()})
    with session_scope(seeded) as s:
        delphi.close_round(s, COMMAND_LINE)
    with session_scope(seeded) as s:
        table = delphi.consensus(s).set_index("Round")
        converged, diverged = delphi.moved_cells(s, 2)
        ranks = delphi.ranks_by_round(s)
    spread = first.aggregate().dispersion[[i for i in range(6) if i != first.baseline]]
    assert table.at[2, "Kendall's W"] == pytest.approx(1.0) and table.at[2, "Mean spread"] == 0.0
    assert table.at[2, "Converged"] == int((spread >= 0.25).sum()) and table.at[2, "Diverged"] == 0
    assert 0 < table.at[1, "Kendall's W"] < 1 and np.isnan(table.at[1, "Converged"])
    assert len(converged) == table.at[2, "Converged"] and diverged == []
    assert list(ranks.columns) == ["Option", "Round 1", "Round 2", "Now (shown)"]
    with session_scope(seeded) as s:
        second = delphi.round_ranking(s, 2).set_index("code")
    assert dict(second["rank"]) == dict(ranks.set_index("Option")["Round 2"])
    assert list(second["score"]) == sorted(second["score"], reverse=True)
    assert (ranks["Round 2"] == ranks["Now (shown)"]).all()


def test_only_the_secretariat_opens_and_closes_and_the_demo_takes_its_rounds_along(seeded):
    with session_scope(seeded) as s:
        admin = demo_persona(s, Role.ADMIN)
        delphi.open_round(s, admin)
        delphi.close_round(s, admin)
    with session_scope(seeded) as s:
        counts = remove_demo(s, demo_persona(s, Role.ADMIN))
        assert counts["scoring_round"] == 1 and counts["round_score"] == 2 * 275
        assert s.scalar(select(ScoringRound.id)) is None and s.scalar(select(RoundScore.round_id)) is None


def test_the_page_opens_and_closes_rounds_for_the_secretariat(app, seeded_sqlite):
    at = app("admin", "pages/delphi.py")
    assert "No round has closed yet" in texts(at)
    at.button(key="move_scoring_round").click().run()
    assert "Scoring round 1 is open." in texts(at)
    assert at.button(key="move_scoring_round").label == "Close scoring round 1"
    at.button(key="move_scoring_round").click().run()
    assert "Scoring round 1 is closed." in texts(at)
    assert list(at.dataframe[-2].value.columns) == ["Option", "Round 1", "Now (shown)"]
    assert list(at.dataframe[-1].value.columns) == ["rank", "code", "option", "score"]
    with session_scope(make_engine(seeded_sqlite)) as s:
        assert delphi.closed_rounds(s) == [1]


def test_a_viewer_follows_the_rounds_but_cannot_move_them(app):
    at = app("viewer", "pages/delphi.py")
    assert not any(b.key == "move_scoring_round" for b in at.button)
    assert "Scoring rounds" in [t.value for t in at.title]


def test_the_expert_sees_the_groups_scores_after_a_round(app, seeded_sqlite):
    with session_scope(make_engine(seeded_sqlite)) as s:
        delphi.open_round(s, COMMAND_LINE)
    at = app("expert", "pages/scoring.py")
    assert "Scoring round 1 is open: your scores stay private until it closes." in texts(at)
    with session_scope(make_engine(seeded_sqlite)) as s:
        delphi.close_round(s, COMMAND_LINE)
    at.run()
    assert [e.label for e in at.expander] == ["How the group scored in round 1: each cell, no names"]
    assert len(at.dataframe[0].value) == 55
