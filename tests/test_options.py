"""Options services on the seeded database: the model, rankings, scoring, profiles, AHP, sensitivity."""

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from dashboard import mcda
from dashboard.access.demo import demo_persona
from dashboard.assessment import elicitation as weighting
from dashboard.assessment import model as options
from dashboard.assessment import sensitivity
from dashboard.assessment.scoring import CellEdit, changed_cells, remaining, save_scores, score_grid
from dashboard.assessment.weight_profiles import list_profiles, loaded_version, save_profile
from dashboard.enums import Role
from dashboard.errors import ConcurrentEdit, InvalidInput, PermissionDenied
from dashboard.store.db import current_revision, session_scope
from dashboard.store.models import AuditEntry, OptionScore


def _model(seeded) -> options.OptionsModel:
    with session_scope(seeded) as s:
        return options.load_model(s)


def test_model_holds_every_expert_score_and_a_zero_baseline(demo_engine):
    model = _model(demo_engine)
    assert model.stack.shape == (5, 6, 11)
    assert model.option_codes[model.baseline] == "O0"
    assert np.all(model.stack[:, model.baseline, :] == 0)
    assert not np.isnan(model.stack).any()
    assert model.default_profile == "Equal weights"
    np.testing.assert_allclose(model.default_weights, np.ones(11))
    assert model.bounds == ((-2, 2),) * 11
    assert model.directions[1] == "cost"


@pytest.mark.parametrize("method", list(mcda.Method))
def test_ranking_is_the_engine_on_the_mean_matrix(demo_engine, method):
    model = _model(demo_engine)
    w = np.arange(1, 12, dtype=float)
    mean = model.stack.mean(axis=0)
    expected = {
        "weighted_sum": lambda: mcda.weighted_sum(mean, w, model.directions, "scale", model.bounds),
        "topsis": lambda: mcda.topsis(mean + 2, w, model.directions),
        "promethee_ii": lambda: mcda.promethee_ii(mean, w, model.directions),
    }[method]()
    table = options.ranking(model, w, method)
    got = table.set_index("code")["score"].reindex(model.option_codes).to_numpy()
    np.testing.assert_allclose(got, expected)
    assert list(table["rank"]) == sorted(mcda.rank(expected))
    if method != "topsis":  # additive methods: the contributions add up to the score
        np.testing.assert_allclose(table[list(model.criterion_names)].sum(axis=1), table["score"])


def test_expert_rankings_and_kendalls_w(demo_engine):
    model = _model(demo_engine)
    ranks, w = options.expert_rankings(model, model.default_weights)
    per_expert = [
        mcda.weighted_sum(m, model.default_weights, model.directions, "scale", model.bounds)
        for m in model.stack
    ]
    assert w == pytest.approx(mcda.kendalls_w(per_expert))
    assert list(ranks.columns) == list(model.expert_names)
    assert list(ranks["Expert A"]) == list(mcda.rank(per_expert[0]))


def test_leader_sentence_and_shares():
    table = pd.DataFrame({"code": ["O2", "O1"], "option": ["Two", "One"], "score": [0.7, 0.5]})
    assert options.leader_sentence(table) == "**O2 Two** leads with 0.700, 0.200 ahead of O1."
    assert options.shares({"a": 0, "b": 0}) is None
    np.testing.assert_allclose(options.shares({"a": 30, "b": 10}), [0.75, 0.25])


# --- scoring ------------------------------------------------------------------------------------


def _expert(s):
    return demo_persona(s, Role.EXPERT)  # Expert A


def test_score_grid_lists_every_non_baseline_cell(demo_engine):
    with session_scope(demo_engine) as s:
        grid = score_grid(s, _expert(s))
    assert len(grid) == 5 * 11 and remaining(grid) == 0
    assert set(grid["option"]) == {"O1", "O2", "O3", "O4", "O5"}
    assert (grid["version"] == 1).all()


def test_saving_a_score_is_audited_and_versioned(seeded):
    with session_scope(seeded) as s:
        expert = _expert(s)
        grid = score_grid(s, expert)
        before = current_revision(s)
    edited = grid.copy()
    edited.loc[0, ["score", "rationale"]] = [2, "Much more effective: evaluation of 2023."]
    edits = changed_cells(grid, edited)
    assert edits == [CellEdit("O1", "C01", 2.0, "Much more effective: evaluation of 2023.", 1)]
    with session_scope(seeded) as s:
        assert save_scores(s, expert, edits) == 1
    with session_scope(seeded) as s:
        row = score_grid(s, expert).iloc[0]
        assert (row["score"], row["version"]) == (2.0, 2)
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.entity_key) == ("score", "expert.a@example.com:O1:C01")
        assert '"value": 1.0' in entry.old_value and '"value": 2.0' in entry.new_value
        assert current_revision(s) == before + 1


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (CellEdit("O1", "C01", 3, "", 1), r"O1 × C01: 3 is outside the scale -2..\+2"),
        (CellEdit("O1", "C01", 0.5, "", 1), "O1 × C01: 0.5 is not a whole step"),
        (CellEdit("O1", "C01", None, "", 1), "O1 × C01: a score is required"),
        (CellEdit("O0", "C01", 1, "", 0), "the baseline is 0 by definition"),
        (CellEdit("O9", "C01", 1, "", 0), "O9 × C01: not a scorable option"),
        (CellEdit("O1", "C01", 1, "x" * 2001, 1), "longer than 2000 characters"),
    ],
)
def test_bad_scores_are_refused_and_nothing_is_saved(seeded, edit, message):
    good = CellEdit("O2", "C02", -2, "fine", 1)
    with pytest.raises(InvalidInput, match=message), session_scope(seeded) as s:
        save_scores(s, _expert(s), [good, edit])
    with session_scope(seeded) as s:
        assert score_grid(s, _expert(s)).set_index(["option", "criterion"]).loc[("O2", "C02"), "version"] == 1


def test_a_concurrent_edit_is_refused_naming_who_and_when(seeded):
    with session_scope(seeded) as s:
        expert = _expert(s)
        first = second = score_grid(s, expert)  # two browser tabs load the same cells
    with session_scope(seeded) as s:
        save_scores(s, expert, [CellEdit("O1", "C01", 2, "tab one", int(first.iloc[0]["version"]))])
    stale = [
        CellEdit("O1", "C01", -1, "tab two", int(second.iloc[0]["version"])),
        CellEdit("O1", "C03", 2, "tab two", int(second.iloc[2]["version"])),
    ]
    with (
        pytest.raises(ConcurrentEdit, match=r"O1 × C01 was changed by Expert A on \d\d \w+ \d{4}"),
        session_scope(seeded) as s,
    ):
        save_scores(s, expert, stale)
    with session_scope(seeded) as s:
        values = {r.criterion: (r.score, r.rationale) for r in score_grid(s, expert).head(3).itertuples()}
    assert values["C01"] == (2.0, "tab one") and values["C03"][1] != "tab two"


def test_only_experts_and_admins_score(seeded):
    with pytest.raises(PermissionDenied, match="Viewers may not score options"), session_scope(seeded) as s:
        save_scores(s, demo_persona(s, Role.VIEWER), [CellEdit("O1", "C01", 1, "", 1)])


def test_a_new_expert_starts_with_everything_to_score(seeded):
    with session_scope(seeded) as s:
        admin = demo_persona(s, Role.ADMIN)
        grid = score_grid(s, admin)
        assert remaining(grid) == 55
        save_scores(s, admin, [CellEdit("O3", "C07", 1, "takes 3.5 years", 0)])
        assert s.query(OptionScore).filter_by(expert_id=admin.user_id).count() == 1


# --- weight profiles ----------------------------------------------------------------------------

CODES = [f"C{i:02d}" for i in range(1, 13) if i != 6]  # C06 merged into C07


def test_profiles_save_list_and_overwrite_with_versions(seeded):
    weights = dict.fromkeys(CODES, 1.0) | {"C01": 4.0}
    with session_scope(seeded) as s:
        expert = _expert(s)
        save_profile(s, expert, "Effectiveness first", weights)
        table = list_profiles(s, expert)
    assert list(table["label"][:2]) == ["Equal weights · Shared", "Feasibility first · Shared"]
    mine = table.set_index("label").loc["Effectiveness first · Expert A"]
    assert (mine["C01"], mine["C02"], mine["version"]) == (4.0, 1.0, 1)
    assert "Outcomes first · Expert A" in set(table["label"])
    version = loaded_version(table, "Effectiveness first", shared=False)
    with session_scope(seeded) as s:
        save_profile(s, expert, "Effectiveness first", weights | {"C01": 5.0}, version_seen=version)
    with pytest.raises(ConcurrentEdit, match="'Effectiveness first' was changed"), session_scope(seeded) as s:
        save_profile(s, expert, "Effectiveness first", weights, version_seen=version)  # stale version
    with session_scope(seeded) as s:
        row = list_profiles(s, expert).set_index("label").loc["Effectiveness first · Expert A"]
    assert (row["C01"], row["version"]) == (5.0, 2)


def test_personal_profiles_stay_personal(seeded):
    with session_scope(seeded) as s:
        other = demo_persona(s, Role.ADMIN)
        assert "Outcomes first · Expert A" not in set(list_profiles(s, other)["label"])


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        (dict.fromkeys(CODES[:10], 1.0), "missing: C12"),
        (dict.fromkeys(CODES, 1.0) | {"C99": 1.0}, "unknown: C99"),
        (dict.fromkeys(CODES, 1.0) | {"C03": -1.0}, r"non-negative numbers \(C03 are not\)"),
        (dict.fromkeys(CODES, 0.0), "at least one weight must be positive"),
    ],
)
def test_bad_profiles_are_refused(seeded, weights, message):
    with pytest.raises(InvalidInput, match=message), session_scope(seeded) as s:
        save_profile(s, _expert(s), "Broken", weights)


def test_only_an_admin_changes_the_shared_default(seeded):
    with session_scope(seeded) as s:
        table = list_profiles(s, _expert(s))
        version = loaded_version(table, "Equal weights", shared=True)
    with pytest.raises(PermissionDenied), session_scope(seeded) as s:
        save_profile(s, _expert(s), "Equal weights", dict.fromkeys(CODES, 2.0), True, version)
    with session_scope(seeded) as s:
        save_profile(
            s, demo_persona(s, Role.ADMIN), "Equal weights", dict.fromkeys(CODES, 2.0), True, version
        )


# --- AHP elicitation and profile comparison -----------------------------------------------------


def test_elicit_consistent_judgements_gives_the_implied_weights():
    table = weighting.judgement_table(["A", "B", "C"])
    table["Judgement"] = ["Left 2× more important", "Left 4× more important", "Left 2× more important"]
    result = weighting.elicit(table)
    np.testing.assert_allclose(result.weights, [4 / 7, 2 / 7, 1 / 7])
    assert result.consistent and result.advice == ""
    points = weighting.elicited_points(result, ["c1", "c2", "c3", "c4"], ["A", "B", "C", "D"])
    assert points == pytest.approx({"c1": 100, "c2": 50, "c3": 25, "c4": 0})


def test_elicit_names_the_contradicting_judgement():
    table = weighting.judgement_table(["A", "B", "C", "D"])
    table["Judgement"] = ["Left 2× more important"] * 6
    table.loc[2, "Judgement"] = "Right 9× more important"  # A vs D contradicts A > B > C > D
    result = weighting.elicit(table)
    assert not result.consistent
    assert result.advice.startswith(f"Inconsistent: the consistency ratio is {result.cr:.2f}, above 0.10.")
    assert "Reconsider first: A vs D (you said 1/9.0×" in result.advice


def test_compare_profiles_names_each_profiles_leader(demo_engine):
    model = _model(demo_engine)
    with session_scope(demo_engine) as s:
        table = list_profiles(s, _expert(s))
    comparison = weighting.compare_profiles(model, table)
    for row in comparison.itertuples():
        w = table.set_index("name").loc[row.profile, CODES].to_numpy(dtype=float)
        assert row.leader.startswith(options.ranking(model, w).iloc[0]["code"])


# --- sensitivity --------------------------------------------------------------------------------


def test_one_way_sentence_and_lines_follow_the_engine(demo_engine):
    model = _model(demo_engine)
    w = model.default_weights / 11
    result = sensitivity.one_way(model, w, 0)
    found = mcda.break_even_weight(
        model.matrix(), w, model.directions, 0, normalization="scale", bounds=model.bounds
    )
    assert result.found == found
    lo, hi = found.stable
    leader = model.option_codes[found.leader]
    assert result.sentence.startswith(
        f"{leader} stays first while the weight of Effectiveness is between {100 * lo:.0f} % and "
        f"{100 * hi:.0f} % (now 9 %); from {100 * found.points[0]:.0f} %"
    )
    at_one = options.scores(model, model.matrix(), np.eye(11)[0], "weighted_sum")
    np.testing.assert_allclose(result.lines["at_one"], at_one)


def test_stability_table_has_every_criterion(demo_engine):
    model = _model(demo_engine)
    table = sensitivity.stability(model, model.default_weights)
    assert len(table) == 11
    assert (table["low"] <= table["current"]).all() and (table["current"] <= table["high"]).all()


def test_robustness_rows_sum_to_one_and_report_samples(demo_engine):
    model = _model(demo_engine)
    result = sensitivity.robustness(model, 2000, seed=5)
    np.testing.assert_allclose(result.acceptability.sum(axis=1), 1)
    assert (result.n_samples, result.seed, result.around_current) == (2000, 5, False)
    assert list(result.acceptability.columns) == [f"#{r}" for r in range(1, 7)]


def test_methods_side_by_side_rank_with_the_engine_and_mark_where_they_disagree(demo_engine):
    model = _model(demo_engine)
    weights = np.linspace(1.0, 3.0, len(model.criterion_codes))  # unequal, so ranks can differ
    table = options.methods_compared(model, weights)
    assert list(table.columns) == [
        "Code",
        "Option",
        "Weighted sum",
        "TOPSIS",
        "PROMETHEE II",
        "Methods agree",
    ]
    matrix = model.matrix("mean")
    for label, method in (
        ("Weighted sum", "weighted_sum"),
        ("TOPSIS", "topsis"),
        ("PROMETHEE II", "promethee_ii"),
    ):
        expected = mcda.rank(mcda.score(matrix, weights, model.directions, method, model.options))
        by_code = dict(zip(model.option_codes, expected, strict=True))
        assert list(table[label]) == [by_code[c] for c in table["Code"]]
    assert list(table["Weighted sum"]) == sorted(table["Weighted sum"])
    assert list(table["Methods agree"]) == [
        len({row["Weighted sum"], row["TOPSIS"], row["PROMETHEE II"]}) == 1 for _, row in table.iterrows()
    ]
