"""The decision model's content: criteria defined in words, facts with sources, the consistency check
of scores against the facts, re-scoring after a redefinition, and the migration of an earlier
catalogue (data/reference/criteria_review.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import pytest
from alembic import command
from openpyxl import load_workbook
from sqlalchemy import func, select, text

from dashboard.access.auth import COMMAND_LINE, user_by_email
from dashboard.assessment import catalogue, facts
from dashboard.assessment.model import load_model
from dashboard.assessment.report import options_report
from dashboard.assessment.scoring import CellEdit, changed_cells, save_scores, score_grid
from dashboard.charts.assessment import performance_heatmap
from dashboard.cli import main
from dashboard.enums import SCALE_POINTS, Fact
from dashboard.errors import ConcurrentEdit, InvalidInput
from dashboard.excel.assessment import render
from dashboard.store.db import _alembic_config, make_engine, migrate, session_scope
from dashboard.store.models import AuditEntry, Criterion, Option, OptionFact, OptionScore, ProfileWeight
from tests.apptest import texts

TODAY = dt.date.today()


def _persona(s, email):
    return user_by_email(s, email)


def _set(s, expert, option, criterion, value):
    grid = score_grid(s, expert).set_index(["option", "criterion"])
    version = int(grid.loc[(option, criterion), "version"])
    save_scores(s, expert, [CellEdit(option, criterion, value, "Test.", version)])


# --- the catalogue as seeded ----------------------------------------------------------------------


def test_every_criterion_is_defined_in_words_and_every_option_names_its_source(seeded):
    with session_scope(seeded) as s:
        criteria = s.scalars(select(Criterion).where(~Criterion.retired)).all()
        options = s.scalars(select(Option)).all()
    assert len(criteria) == 11 and "C06" not in {c.code for c in criteria}
    for c in criteria:
        assert c.description and c.includes and c.excludes, c.code
        assert len(c.scale_words) == len(SCALE_POINTS[c.scale]) and all(w.strip() for w in c.scale_words), (
            c.code
        )
        assert len(set(c.scale_words)) == len(c.scale_words), c.code  # five different sentences
    assert all(o.anchor.strip() for o in options)
    o5 = next(o for o in options if o.code == "O5")
    assert "German-French" in o5.name and "27 Mar 2017" in o5.anchor and "2 Jun 2017" in o5.anchor
    cost = {c.code: c for c in criteria}
    assert (
        cost["C02"].scale_words[-1] == "Much costlier than the baseline"
    )  # + on a cost criterion: more cost
    assert (cost["C02"].fact, cost["C07"].fact) == (Fact.BUDGET, Fact.SET_UP)


def test_the_demo_scores_pass_the_consistency_check(seeded):
    with session_scope(seeded) as s:
        assert facts.check_scores(s, COMMAND_LINE) == []


# --- the consistency check -------------------------------------------------------------------------


def test_a_score_ordered_against_the_months_is_found(seeded):
    with session_scope(seeded) as s:
        _set(s, _persona(s, "expert.b@example.com"), "O2", "C07", 2)  # O2: 3 months; O1: 6-12; O3: 42
    with session_scope(seeded) as s:
        found = facts.check_scores(s, COMMAND_LINE)
    # Expert B's C07 scores now: O1 0, O2 +2, O3 +2, O4 +1, O5 +2 (the demo's consensus, no spread).
    # O2 (3 months) lies wholly below O1 (6-12) and O4 (24-48), and is scored above both.
    assert {(f.expert, f.options) for f in found} == {
        ("Expert B", "O2 above O1"),
        ("Expert B", "O2 above O4"),
    }
    first = next(f for f in found if f.options == "O2 above O1")
    assert first.kind == "contradicts the facts" and first.criterion == "C07 Time and procedure to set up"
    assert first.message == (
        "Expert B scores O2 +2 and O1 0 on C07, although O2's time to set up (3 months) is below "
        "O1's (6–12 months)."
    )


def test_overlapping_ranges_leave_the_experts_free_and_the_baseline_counts_as_zero(seeded):
    with session_scope(seeded) as s:
        expert = _persona(s, "expert.c@example.com")
        _set(s, expert, "O3", "C07", 2)  # O3 42 months, O5 36-60: they overlap, any order is fine
        _set(s, expert, "O5", "C07", 1)
        _set(s, expert, "O1", "C02", -1)  # O1 costs EUR 7-9 m a year, the baseline 6.25: not cheaper
    with session_scope(seeded) as s:
        found = facts.check_scores(s, COMMAND_LINE)
    assert [(f.expert, f.criterion[:3], f.options) for f in found] == [("Expert C", "C02", "O0 above O1")]


# --- re-scoring after a redefinition ------------------------------------------------------------------


def test_redefining_a_criterion_flags_its_scores_until_each_is_saved_again(seeded):
    with session_scope(seeded) as s:
        entry, version, _ = catalogue.catalogue_item(s, "criterion", "C09")
        changed = dataclasses.replace(entry, description="Trust of the public only.", redefined=True)
        catalogue.edit_criterion(s, COMMAND_LINE, "C09", changed, version)
    with session_scope(seeded) as s:
        stale = [f for f in facts.check_scores(s, COMMAND_LINE) if f.kind == "re-score"]
        expert = _persona(s, "expert.a@example.com")
        grid = score_grid(s, expert)
    assert len(stale) == 5 * 5  # five experts x five options, all scored before the change
    assert stale[0].message.startswith("Expert A's score of O1 on C09 was given before C09 was redefined on ")
    flagged = grid[grid["rescore"]]
    assert list(flagged["criterion"].unique()) == ["C09"] and len(flagged) == 5
    edited = grid.copy()
    edited.loc[flagged.index[0], "rescore"] = False  # the expert confirms O1's score as it is
    edits = changed_cells(grid, edited)
    assert [(e.option, e.criterion, e.value) for e in edits] == [
        ("O1", "C09", grid.at[flagged.index[0], "score"])
    ]
    with session_scope(seeded) as s:
        assert save_scores(s, expert, edits) == 1
    with session_scope(seeded) as s:
        left = [f for f in facts.check_scores(s, COMMAND_LINE) if f.expert == "Expert A"]
        assert [f.options for f in left] == ["O2", "O3", "O4", "O5"]


def test_the_scoring_grid_says_each_score_in_the_criterions_words(demo_engine):
    with session_scope(demo_engine) as s:
        grid = score_grid(s, _persona(s, "expert.a@example.com")).set_index(["option", "criterion"])
    cell = grid.loc[("O3", "C07")]
    assert (cell["score"], cell["meaning"]) == (2, "Takes much longer (years; a legislative act)")
    assert cell["scale_words"].startswith("−2 Much quicker to have working than the baseline · −1 Quicker")
    assert not grid["rescore"].any()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"description": ""}, "the definition is required"),
        (
            {"scale_words": ("A", "B", "", "D", "")},
            r"say in words what a score of 0, \+2 means on this criterion",
        ),
        ({"scale_words": ("A", "B", "C", "D", "x" * 201)}, r"the words for \+2 is longer than 200"),
        ({"excludes": "a\x07b"}, "what it excludes contains a control character"),
        ({"fact": "months"}, "'months' is not a fact of the options"),
    ],
)
def test_a_criterion_without_its_words_is_refused(seeded, change, message):
    with session_scope(seeded) as s:
        entry, version, _ = catalogue.catalogue_item(s, "criterion", "C01")
        with pytest.raises(InvalidInput, match=message):
            catalogue.edit_criterion(s, COMMAND_LINE, "C01", dataclasses.replace(entry, **change), version)


# --- facts -------------------------------------------------------------------------------------------


def test_a_fact_is_recorded_corrected_and_audited_with_conflicts_refused(seeded):
    entry = facts.FactInput("O4", Fact.STAFF, 20, 40, "Host agency's establishment plan", dt.date(2026, 1, 5))
    with session_scope(seeded) as s:
        _, version = facts.fact_entry(s, "O4", Fact.STAFF)
        assert facts.save_fact(s, COMMAND_LINE, entry, version) == version + 1
    with session_scope(seeded) as s:
        table = facts.facts_table(s, "O4").set_index("Fact")
        assert table.at["Staff", "Value"] == "20–40 full-time equivalents"
        assert table.at["Staff", "Basis"] == "published"
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (last.entity, last.entity_key, json.loads(last.old_value)["low"]) == (
            "option_fact",
            "O4 staff",
            "15.0",
        )
        with pytest.raises(ConcurrentEdit, match="Not saved: this fact was changed by cli on "):
            facts.save_fact(s, COMMAND_LINE, entry, version)  # the version read before the save


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"low": 9, "high": 3}, "the lowest value is above the highest"),
        ({"low": -1}, "the lowest value must be between 0 and 1,000,000"),
        ({"high": float("nan")}, "the highest must be between 0 and 1,000,000"),
        ({"fact": Fact.LEGAL_ACT, "low": 1, "high": 2}, r"a legislative act is 1 \(needed\) or 0"),
        ({"as_of": TODAY + dt.timedelta(days=1)}, "give the date of the source, not later than today"),
        ({"as_of": None}, "give the date of the source"),
        ({"source": " "}, "the source is required"),
        ({"option": "O99"}, "no option 'O99'"),
    ],
)
def test_a_bad_fact_is_refused_and_nothing_changes(seeded, change, message):
    entry = facts.FactInput("O1", Fact.SET_UP, 6, 12, "Source", dt.date(2021, 1, 1))
    with session_scope(seeded) as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
        _, version = facts.fact_entry(s, "O1", Fact.SET_UP)
        with pytest.raises(InvalidInput, match=message):
            facts.save_fact(s, COMMAND_LINE, dataclasses.replace(entry, **change), version)
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before


# --- the workbook and the pages --------------------------------------------------------------------------


def test_the_options_workbook_defines_the_criteria_and_lists_the_facts(demo_engine):
    with session_scope(demo_engine) as s:
        book = load_workbook(io.BytesIO(render(options_report(s, COMMAND_LINE))))
    criteria = list(book["Criteria"].iter_rows(values_only=True))
    assert criteria[0][-5:] == ("Score −2", "Score −1", "Score 0", "Score +1", "Score +2")
    c07 = next(r for r in criteria if r[0] == "C07")
    assert c07[1] == "Time and procedure to set up" and c07[6] == "Time to set up"
    assert c07[-1] == "Takes much longer (years; a legislative act)"
    assert len(criteria) == 1 + 11
    rows = {(r[0], r[2]): r for r in book["Facts"].iter_rows(min_row=2, values_only=True)}
    assert rows[("O3", "Annual budget")][3:5] == ("EUR 15 m a year", "published")
    assert rows[("O5", "Time to set up")][3:5] == ("36–60 months", "estimate")


def test_the_catalogue_page_shows_words_facts_and_an_option_profile(app):
    at = app("viewer", "pages/catalogue.py")
    facts_shown, criteria = at.dataframe[1].value, at.dataframe[2].value
    assert facts_shown.set_index("Code").loc["O5", "Time to set up"] == "36–60 months (estimate)"
    assert facts_shown.set_index("Code").loc["O3", "Annual budget"] == "EUR 15 m a year"
    scale = at.dataframe[3].value  # "Read a criterion in full", C01 first
    assert list(scale["What it means"])[-1] == "Much more effective than the baseline"
    c02 = criteria.set_index("Code").loc["C02"]
    assert (c02["−2"], c02["+2"], c02["Checked against"]) == (
        "Much cheaper than the baseline",
        "Much costlier than the baseline",
        "Annual budget",
    )
    at.selectbox(key="profile_option").set_value("O3").run()
    assert "Source: launched 17 Jun 2024, ~EUR 60 m / 4 years" in texts(at)
    profile = at.dataframe[-1].value.set_index("Criterion")
    assert (
        profile.at["C07 Time and procedure to set up", "In words"]
        == "Takes much longer (years; a legislative act)"
    )


def test_the_facts_page_runs_the_check_for_the_secretariat(app):
    at = app("admin", "pages/option_facts.py")
    assert "No score contradicts the facts, and none waits for re-scoring." in texts(at)
    at.selectbox(key="fact_option").set_value("O1")
    at.selectbox(key="fact_kind").set_value(Fact.SET_UP).run()
    assert at.text_input(key="fact_O1_set_up_source").value.startswith("Modelling estimate")


# --- the migration of an earlier catalogue ---------------------------------------------------------------

OLD = [
    ("C01", "Effectiveness", "benefit"),
    ("C04", "EU added value and subsidiarity", "benefit"),
    ("C05", "Proportionality", "benefit"),
    ("C06", "Legal basis and procedure burden", "cost"),
    ("C07", "Time to set up", "cost"),
]


def test_migration_0004_maps_an_earlier_catalogue(engine):
    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
        for i, (code, name, direction) in enumerate(OLD):
            connection.execute(
                text(
                    "INSERT INTO criterion (code, name, description, direction, scale, display_order, "
                    "retired, illustrative, version) "
                    "VALUES (:c, :n, '', :d, 'relative', :i, false, false, 1)"
                ),
                {"c": code, "n": name, "d": direction, "i": i},
            )
        connection.execute(
            text(
                "INSERT INTO option (code, name, description, anchor, is_baseline, display_order, "
                "retired, illustrative, version) VALUES "
                "('O0', 'Baseline: RAN network plus ad-hoc expert groups', '', 'RAN', true, 0, "
                "false, false, 1), ('O3', 'Commission-managed Knowledge Hub delivered by contract', '', "
                "'hub', false, 1, false, false, 1), "
                "('O7', 'Another option', '', 'x', false, 2, false, false, 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO app_user (email, name, role, active, illustrative, created_at) "
                "VALUES ('e@x.eu', 'E', 'expert', true, false, :at)"
            ),
            {"at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)},
        )
        connection.execute(
            text(
                "INSERT INTO option_score (expert_id, option_id, criterion_id, value, rationale, version, "
                "updated_at, illustrative) SELECT u.id, o.id, c.id, 1, '', 1, :at, false "
                "FROM app_user u, option o, criterion c WHERE o.code = 'O3'"
            ),
            {"at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)},
        )
        connection.execute(
            text("INSERT INTO weight_profile (name, is_default, version, updated_at, illustrative) "
                 "VALUES ('Feasibility first', true, 1, :at, false)"),
            {"at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)},
        )  # fmt: skip
        connection.execute(
            text(
                "INSERT INTO profile_weight (profile_id, criterion_id, weight) SELECT p.id, c.id, "
                "CASE c.code WHEN 'C06' THEN 2 WHEN 'C07' THEN 3 ELSE 1 END "
                "FROM weight_profile p, criterion c"
            )
        )
    migrate(engine)
    with session_scope(engine) as s:
        criteria = {c.code: c for c in s.scalars(select(Criterion))}
        weights = {
            code: w
            for code, w in s.execute(
                select(Criterion.code, ProfileWeight.weight).join(
                    ProfileWeight, ProfileWeight.criterion_id == Criterion.id
                )
            )
        }
        o3_facts = s.scalars(select(OptionFact).join(Option).where(Option.code == "O3")).all()
        o7_facts = s.scalars(select(OptionFact).join(Option).where(Option.code == "O7")).all()
        stale = [f for f in facts.check_scores(s, COMMAND_LINE) if f.kind == "re-score"]
        rescore = s.scalar(select(AuditEntry).where(AuditEntry.action == "rescore"))
        scores_kept = s.scalar(select(func.count()).select_from(OptionScore))
    assert criteria["C06"].retired and not criteria["C07"].retired
    assert (criteria["C04"].name, criteria["C05"].name, criteria["C07"].name) == (
        "EU added value",
        "Subsidiarity and proportionality",
        "Time and procedure to set up",
    )
    assert criteria["C01"].name == "Effectiveness" and criteria["C01"].defined_at is None
    assert criteria["C01"].scale_words[0] == "Much less effective than the baseline"
    assert criteria["C07"].fact is Fact.SET_UP
    assert weights == {"C01": 1, "C04": 1, "C05": 1, "C06": 2, "C07": 5}  # C06's weight added to C07's
    assert {f.fact for f in o3_facts} == {Fact.BUDGET, Fact.SET_UP, Fact.LEGAL_ACT} and o7_facts == []
    assert sorted({f.criterion[:3] for f in stale}) == ["C04", "C05", "C07"] and len(stale) == 3
    assert json.loads(rescore.new_value) == {"C04": 1, "C05": 1, "C07": 1} and scores_kept == 5


def test_the_check_on_the_command_line_fails_with_what_it_found(seeded_sqlite, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite)
    assert main(["catalogue", "check"]) == 0
    assert capsys.readouterr().out == "No score contradicts the facts, and none waits for re-scoring.\n"
    with session_scope(make_engine(seeded_sqlite)) as s:
        _set(s, _persona(s, "expert.d@example.com"), "O5", "C02", 0)  # EUR 10-20 m: as cheap as RAN?
    assert main(["catalogue", "check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "contradicts the facts: Expert D scores O1 +1 and O5 0 on C02, although O1's annual budget "
        "(EUR 7–9 m a year) is below O5's (EUR 10–20 m a year).",
        "contradicts the facts: Expert D scores O2 +1 and O5 0 on C02, although O2's annual budget "
        "(EUR 6.5–8 m a year) is below O5's (EUR 10–20 m a year).",
        "2 finding(s).",
    ]
    assert main(["catalogue", "facts"]) == 0
    assert "O3 Annual budget: EUR 15 m a year (published; Knowledge Hub contract" in capsys.readouterr().out


def test_the_matrix_hover_says_each_cell_in_its_criterions_words(demo_engine):
    with session_scope(demo_engine) as s:
        model = load_model(s)
    figure = performance_heatmap(
        list(model.option_codes),
        list(model.criterion_names),
        list(model.directions),
        model.matrix(),
        model.aggregate(),
        model.meanings(),
    )
    o5, c07 = model.option_codes.index("O5"), model.criterion_codes.index("C07")
    assert model.matrix()[o5, c07] == 2  # every expert: O5 takes 36-60 months
    assert figure.data[0].hovertext[o5][c07] == "Takes much longer (years; a legislative act)"
    assert "%{hovertext}" in figure.data[0].hovertemplate
