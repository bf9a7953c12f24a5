"""Honest missing scores: "cannot judge" and a score taken back are left out of the aggregation,
never read as 0; cells resting on few or no scores are named (Deliver 1 of the deliberation issue)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from dashboard.access.auth import COMMAND_LINE, user_by_email
from dashboard.assessment.evidence import evidence, evidence_sentence
from dashboard.assessment.model import load_model
from dashboard.assessment.report import options_report
from dashboard.assessment.scoring import (
    CellEdit,
    cannot_judge,
    changed_cells,
    remaining,
    save_scores,
    score_grid,
)
from dashboard.charts.assessment import performance_heatmap
from dashboard.errors import InvalidInput
from dashboard.excel.assessment import render
from dashboard.store.db import session_scope
from dashboard.store.models import AuditEntry
from tests.apptest import texts

EXPERTS = [f"expert.{x}@example.com" for x in "abcde"]


def _edit(s, email, option, criterion, value=None, **flags):
    expert = user_by_email(s, email)
    grid = score_grid(s, expert).set_index(["option", "criterion"])
    version = int(grid.loc[(option, criterion), "version"])
    return save_scores(s, expert, [CellEdit(option, criterion, value, "Cannot say.", version, **flags)])


def _cell(engine, option, criterion):
    with session_scope(engine) as s:
        model = load_model(s)
    i, j = model.option_codes.index(option), model.criterion_codes.index(criterion)
    return model, model.matrix()[i, j], int(model.aggregate().count[i, j])


def test_cannot_judge_is_left_out_of_the_mean_not_read_as_zero(seeded):
    # O1 × C01 in the demo: experts A, B, C, E score +1, D +2; mean 6/5 = 1.2.
    assert _cell(seeded, "O1", "C01")[1:] == (pytest.approx(1.2), 5)
    with session_scope(seeded) as s:
        assert _edit(s, EXPERTS[3], "O1", "C01", cannot_judge=True) == 1  # D cannot judge
    # Left out: the four +1 remain, mean 1.0 over 4 (as a 0 it would be 4/5 = 0.8).
    assert _cell(seeded, "O1", "C01")[1:] == (pytest.approx(1.0), 4)
    with session_scope(seeded) as s:
        grid = score_grid(s, user_by_email(s, EXPERTS[3])).set_index(["option", "criterion"])
        assert grid.loc[("O1", "C01"), "meaning"] == "Cannot judge" and cannot_judge(grid) == 1
        assert remaining(grid) == 0  # considered: not waiting to be scored
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "option_score")).all()[-1]
        assert '"cannot_judge": true' in entry.new_value and '"value": 2.0' in entry.old_value


def test_a_score_taken_back_is_not_scored_again_and_left_out(seeded):
    # O3 × C05: A 0, B −1, C +1, D 0, E 0; B takes the −1 back: mean of 0, 1, 0, 0 = 0.25.
    with session_scope(seeded) as s:
        assert _edit(s, EXPERTS[1], "O3", "C05", clear=True) == 1
    assert _cell(seeded, "O3", "C05")[1:] == (pytest.approx(0.25), 4)
    with session_scope(seeded) as s:
        grid = score_grid(s, user_by_email(s, EXPERTS[1]))
        assert remaining(grid) == 1  # the cell waits for a score again


def test_a_cell_nobody_could_judge_is_named_and_counts_as_the_baseline(seeded, monkeypatch):
    with session_scope(seeded) as s:
        for email in EXPERTS:
            _edit(s, email, "O4", "C09", cannot_judge=True)
        _edit(s, EXPERTS[0], "O5", "C10", cannot_judge=True)
        _edit(s, EXPERTS[1], "O5", "C10", cannot_judge=True)
        _edit(s, EXPERTS[2], "O5", "C10", clear=True)
    model, value, count = _cell(seeded, "O4", "C09")
    assert (value, count) == (0.0, 0)  # in the ranking as the baseline's 0, and said so:
    found = evidence(model, minimum=3)
    assert (found.cells, found.thin, found.empty) == (55, ("O5 × C10 (2)",), ("O4 × C09",))
    assert evidence_sentence(found) == (
        "1 of 55 cells rest on fewer than 3 experts' scores (O5 × C10 (2)); 1 on none, every expert "
        "saying they cannot judge it, and count as the same as the baseline (O4 × C09). Read the "
        "ranking with that in mind."
    )
    monkeypatch.setenv("DASHBOARD_MIN_SCORES", "5")
    assert evidence(model).thin == ("O5 × C10 (2)",)  # every other cell has 5 scores
    monkeypatch.setenv("DASHBOARD_MIN_SCORES", "6")
    assert len(evidence(model).thin) == 54  # the 53 cells with five scores, and O5 × C10
    monkeypatch.setenv("DASHBOARD_MIN_SCORES", "many")
    assert evidence(model).minimum == 3  # not a number: the default, with a warning in the log
    figure = performance_heatmap(
        list(model.option_codes), list(model.criterion_names), list(model.directions), model.matrix(),
        model.aggregate(), model.meanings(), 3,
    )  # fmt: skip
    text = figure.data[0].text
    i, j = model.option_codes.index("O4"), model.criterion_codes.index("C09")
    k, m = model.option_codes.index("O5"), model.criterion_codes.index("C10")
    assert text[i][j] == "?" and text[k][m].endswith("*") and not text[0][0].endswith("*")
    with session_scope(seeded) as s:
        book = load_workbook(io.BytesIO(render(options_report(s, COMMAND_LINE))))
    about = [r for r in book["About"].iter_rows(values_only=True) if r[0] == "Evidence"]
    assert about[0][1].startswith("1 of 55 cells rest on fewer than 3 experts' scores (O5 × C10 (2))")
    judged = [r for r in book["Scores"].iter_rows(min_row=2, values_only=True) if r[:2] == ("O4", "C09")]
    assert [(r[3], r[4]) for r in judged] == [(None, "Yes")] * 5


def test_the_demo_rests_on_every_experts_score(demo_engine):
    with session_scope(demo_engine) as s:
        found = evidence(load_model(s), minimum=3)
    assert evidence_sentence(found) == "Every one of the 55 cells rests on at least 3 experts' scores."


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (CellEdit("O1", "C01", 1, "", 1, cannot_judge=True), "either a score or 'cannot judge', not both"),
        (CellEdit("O1", "C01", None, "", 1), "a score is required .*or mark it 'cannot judge'"),
    ],
)
def test_a_score_and_cannot_judge_together_or_neither_is_refused(seeded, edit, message):
    with pytest.raises(InvalidInput, match=message), session_scope(seeded) as s:
        save_scores(s, user_by_email(s, EXPERTS[0]), [edit])


def test_the_grid_turns_a_tick_into_cannot_judge_and_an_emptied_score_into_taking_it_back(demo_engine):
    with session_scope(demo_engine) as s:
        grid = score_grid(s, user_by_email(s, EXPERTS[0]))
    edited = grid.copy()
    edited.loc[0, "cannot_judge"] = True  # O1 × C01: the +1 stays in the score column, the tick wins
    edited.loc[1, "score"] = np.nan  # O1 × C02: emptied
    edits = changed_cells(grid, edited)
    assert [(e.option, e.criterion, e.value, e.cannot_judge, e.clear) for e in edits] == [
        ("O1", "C01", None, True, False),
        ("O1", "C02", None, False, True),
    ]


def test_the_scoring_page_counts_what_the_expert_cannot_judge(app, seeded_sqlite):
    at = app("expert", "pages/scoring.py")
    assert [m.label for m in at.metric] == ["Cells still to score", "Scored", "Cannot judge", "To re-score"]
    assert at.metric[2].value == "0"
    assert "Tick 'Cannot judge' rather than guess" in texts(at)
