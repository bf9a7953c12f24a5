"""The scoring engine against hand-computed cases, published examples and properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from dashboard import mcda

B, C = "benefit", "cost"


# --- hand-computed cases ------------------------------------------------------------------------


def test_minmax_normalisation_reverses_costs_and_centres_constant_columns():
    x = [[3, 100, 7], [5, 300, 7], [4, 200, 7]]
    got = mcda.normalize(x, [B, C, B])
    # benefit (x-3)/2; cost (300-x)/200; a constant criterion separates nobody: 0.5
    np.testing.assert_allclose(got, [[0, 1, 0.5], [1, 0, 0.5], [0.5, 0.5, 0.5]])


def test_vector_and_scale_normalisation():
    np.testing.assert_allclose(mcda.normalize([[3, 3], [4, 4]], [B, C], "vector"), [[0.6, 0.4], [0.8, 0.2]])
    got = mcda.normalize([[-2, 0], [1, 2]], [B, C], "scale", bounds=[(-2, 2), (-2, 2)])
    np.testing.assert_allclose(got, [[0, 0.5], [0.75, 0]])


def test_weighted_sum_hand_computed():
    # normalised: option 0 (0, 1), option 1 (1, 0), option 2 (0.5, 0.5); weights 2:1 -> 2/3, 1/3
    scores = mcda.weighted_sum([[3, 100], [5, 300], [4, 200]], [2, 1], [B, C])
    np.testing.assert_allclose(scores, [1 / 3, 2 / 3, 1 / 2])
    assert list(mcda.rank(scores)) == [3, 1, 2]


def test_topsis_published_example_tzeng_huang_2011():
    """Tzeng, G.-H. & Huang, J.-J. (2011), Multiple Attribute Decision Making: Methods and
    Applications, CRC Press, TOPSIS example: closeness 0.5037, 0.6581, 0.7482, 0.3340."""
    x = [[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]]
    closeness = mcda.topsis(x, [0.3, 0.4, 0.3], [B, B, B])
    np.testing.assert_allclose(closeness, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)
    assert list(mcda.rank(closeness)) == [3, 2, 1, 4]


def test_topsis_hand_computed_with_a_cost():
    # r = x/||x||: c1 (0.6, 0.8), c2 cost (0.8, 0.6); equal weights -> v = r/2
    # ideal (0.4, 0.3), anti (0.3, 0.4): option 1 is the ideal itself -> C = 1, option 0 -> C = 0
    np.testing.assert_allclose(mcda.topsis([[3, 4], [4, 3]], [1, 1], [B, C]), [0, 1], atol=1e-12)


def test_promethee_usual_hand_computed():
    # single-criterion flows: c1 (-1, 0, 1), c2 (1, 0, -1); 0.75 / 0.25 -> (-0.5, 0, 0.5)
    flows = mcda.promethee_ii([[1, 3], [2, 2], [3, 1]], [0.75, 0.25], [B, B])
    np.testing.assert_allclose(flows, [-0.5, 0, 0.5])


def test_promethee_published_example_zhao_peng_li_2013():
    """Zhao, H., Peng, Y. & Li, W. (2013), Revised PROMETHEE II for improving efficiency in
    emergency response, Procedia Computer Science 17, 181-188: three alternatives, three benefit
    criteria weighted 0.5 / 0.3 / 0.2, usual preference function; net flows 0.1, -0.3, 0.2
    (the case pymcdm's test suite reproduces)."""
    flows = mcda.promethee_ii([[4, 3, 2], [3, 2, 4], [5, 1, 3]], [0.5, 0.3, 0.2], [B, B, B])
    np.testing.assert_allclose(flows, [0.1, -0.3, 0.2], atol=1e-12)
    assert list(mcda.rank(flows)) == [2, 3, 1]


def test_promethee_linear_hand_computed():
    # q = 0.5, p = 1.5: P(1) = 0.5, P(2) = P(3) = 1; flows divided by m - 1 = 2
    flows = mcda.promethee_ii([[0], [1], [3]], [1], [B], "linear", q=0.5, p=1.5)
    np.testing.assert_allclose(flows, [-0.75, -0.25, 1.0])
    # as a cost the differences reverse: option 0 beats 1 by 1 (0.5) and 2 by 3 (1); 1 beats 2 (1)
    np.testing.assert_allclose(
        mcda.promethee_ii([[0], [1], [3]], [1], [C], "linear", q=0.5, p=1.5), [0.75, 0.25, -1.0]
    )


def test_rank_ties_share_the_best_rank():
    assert list(mcda.rank([3, 1, 3, 2])) == [1, 4, 1, 3]
    assert list(mcda.rank([0.1 + 0.2, 0.3])) == [1, 1]  # float noise is a tie


# --- AHP ------------------------------------------------------------------------------------------


def test_ahp_consistent_matrix_returns_its_weights():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    result = mcda.ahp_weights(w[:, None] / w[None, :])
    np.testing.assert_allclose(result.weights, w)
    assert result.lambda_max == pytest.approx(4)
    assert result.cr == pytest.approx(0, abs=1e-12) and result.consistent


def test_ahp_three_by_three_closed_form():
    """For n = 3, λmax = 1 + (b/(ac))^(1/3) + (ac/b)^(1/3) with a = a12, b = a13, c = a23, and the
    eigenvector is the row geometric mean (Saaty 1980; Crawford & Williams 1985)."""
    a, b, c = 2.0, 4.0, 3.0
    m = [[1, a, b], [1 / a, 1, c], [1 / b, 1 / c, 1]]
    result = mcda.ahp_weights(m)
    lam = 1 + (b / (a * c)) ** (1 / 3) + (a * c / b) ** (1 / 3)
    geo = np.array([(a * b) ** (1 / 3), (c / a) ** (1 / 3), (1 / (b * c)) ** (1 / 3)])
    assert result.lambda_max == pytest.approx(lam)
    assert result.ci == pytest.approx((lam - 3) / 2)
    assert result.cr == pytest.approx((lam - 3) / 2 / 0.58)
    np.testing.assert_allclose(result.weights, geo / geo.sum())


def test_ahp_names_the_judgement_that_breaks_consistency():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    m = w[:, None] / w[None, :]
    m[0, 3], m[3, 0] = 1 / 4, 4  # reversed: "criterion 3 is 4x as important as 0"
    result = mcda.ahp_weights(m)
    assert not result.consistent and result.cr > 0.1
    worst = mcda.inconsistent_judgements(m, top=2)
    assert (worst[0].i, worst[0].j, worst[0].given) == (0, 3, 0.25)
    assert worst[0].deviation > worst[1].deviation


def test_ahp_published_example_saaty_2008_drinks():
    """Saaty, T. L. (2008), Decision making with the analytic hierarchy process, Int. J. Services
    Sciences 1(1), 83-98, table 2: relative consumption of drinks in the United States. Published
    eigenvector 0.177 0.019 0.042 0.116 0.190 0.129 0.327 (coffee, wine, tea, beer, sodas, milk,
    water) and consistency ratio 0.022."""
    m = [
        [1, 9, 5, 2, 1, 1, 1 / 2],
        [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
        [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
        [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
        [1, 9, 4, 2, 1, 2, 1 / 2],
        [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
        [2, 9, 9, 3, 2, 3, 1],
    ]
    result = mcda.ahp_weights(m)
    np.testing.assert_allclose(result.weights, [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327], atol=5e-4)
    assert result.cr == pytest.approx(0.022, abs=5e-4) and result.consistent


def test_ahp_two_criteria_is_always_consistent():
    result = mcda.ahp_weights([[1, 3], [1 / 3, 1]])
    np.testing.assert_allclose(result.weights, [0.75, 0.25])
    assert result.cr == 0


# --- break-even and SMAA -------------------------------------------------------------------------


def test_break_even_is_the_exact_crossing():
    # scores: option 0 = t, option 1 = 1 - t; they cross at t = 0.5
    found = mcda.break_even_weight([[1, 0], [0, 1]], [0.3, 0.7], [B, B], 0)
    assert found.points == (0.5,)
    assert found.leaders == (1, 0) and found.leader == 1
    assert found.stable == (0.0, 0.5)
    assert (found.before, found.after) == (None, 0)  # option 0 takes over above 50 %


def test_break_even_none_when_one_option_dominates():
    assert mcda.break_even_weight([[2, 2], [1, 1]], [0.5, 0.5], [B, B], 0) is None


def test_break_even_for_promethee_uses_its_linear_flows():
    found = mcda.break_even_weight([[1, 3], [2, 2], [3, 1]], [0.3, 0.7], [B, B], 0, method="promethee_ii")
    assert found.points == pytest.approx((0.5,))
    assert found.leaders == (0, 2)


def test_stability_intervals_hold_every_criterion():
    got = mcda.stability_intervals([[1, 0], [0, 1]], [0.3, 0.7], [B, B])
    np.testing.assert_allclose(got, [[0, 0.5], [0.5, 1]])


def test_smaa_matches_the_analytic_acceptability():
    # Option 0 leads iff w1 > w2 + w3, i.e. w1 > 1/2; uniform on the simplex w1 ~ Beta(1, 2),
    # so P = (1 - 1/2)^2 = 0.25. Three standard errors at 100,000 samples: 0.0041.
    x = [[1, 0, 0], [0, 1, 1]]
    result = mcda.smaa(x, [B, B, B], 100_000, seed=7, normalization="scale", bounds=[(0, 1)] * 3)
    assert result.first_rank[0] == pytest.approx(0.25, abs=0.0041)
    np.testing.assert_allclose(result.acceptability.sum(axis=1), 1)
    assert result.central_weights[0, 0] > 0.5 > result.central_weights[1, 0]


def test_smaa_is_reproducible_and_converges():
    x = [[1, 0, 0], [0, 1, 1]]
    kw = {"normalization": "scale", "bounds": [(0, 1)] * 3}
    a = mcda.smaa(x, [B, B, B], 2000, seed=3, **kw)
    b = mcda.smaa(x, [B, B, B], 2000, seed=3, **kw)
    np.testing.assert_array_equal(a.acceptability, b.acceptability)
    errors = [
        np.mean([abs(mcda.smaa(x, [B, B, B], n, seed=s, **kw).first_rank[0] - 0.25) for s in range(20)])
        for n in (100, 10_000)
    ]
    assert errors[1] < errors[0] / 4  # error shrinks like 1/sqrt(n): 10x expected


def test_smaa_around_given_weights_stays_near_them():
    result = mcda.smaa([[1, 0], [0, 1]], [B, B], 5000, seed=1, weights=[0.8, 0.2], concentration=200)
    assert result.first_rank[0] > 0.99


# --- experts -------------------------------------------------------------------------------------


def test_aggregate_mean_and_median_with_missing_scores():
    stack = np.array([[[1.0, 2.0]], [[3.0, np.nan]], [[2.0, np.nan]], [[2.0, np.nan]]])
    mean = mcda.aggregate_scores(stack)
    np.testing.assert_allclose(mean.matrix, [[2.0, 2.0]])
    np.testing.assert_allclose(mean.dispersion, [[np.sqrt(0.5), 0.0]])  # deviations -1, 1, 0, 0
    assert mean.count.tolist() == [[4, 1]]
    median = mcda.aggregate_scores(stack, "median")
    np.testing.assert_allclose(median.matrix, [[2.0, 2.0]])
    np.testing.assert_allclose(median.dispersion, [[0.5, 0.0]])  # |deviations| 1, 1, 0, 0
    empty = mcda.aggregate_scores(np.full((2, 1, 1), np.nan))
    assert np.isnan(empty.matrix[0, 0]) and empty.count[0, 0] == 0


def test_kendalls_w_hand_computed():
    # rank sums (4, 6, 8, 12), mean 7.5, S = 35; W = 12·35 / (3²·(4³ - 4)) = 0.7778
    ranks = np.array([[1, 2, 3, 4], [2, 1, 3, 4], [1, 3, 2, 4]])
    assert mcda.kendalls_w(-ranks) == pytest.approx(420 / 540)
    assert mcda.kendalls_w([[3, 2, 1], [3, 2, 1]]) == pytest.approx(1)
    assert mcda.kendalls_w([[3, 2, 1], [1, 2, 3]]) == pytest.approx(0)


# --- bad input -----------------------------------------------------------------------------------

BAD = [
    (lambda: mcda.weighted_sum([[1, 2]], [1, -1], [B, B]), r"must not be negative \(criterion 1 has -1\)"),
    (lambda: mcda.weighted_sum([[1, 2]], [1, np.nan], [B, B]), "finite numbers"),
    (lambda: mcda.weighted_sum([[1, 2]], [1], [B, B]), "expected 2 weights, got 1"),
    (lambda: mcda.weighted_sum([[1, 2]], [0, 0], [B, B]), "all weights are zero"),
    (
        lambda: mcda.weighted_sum([[1, 2]], [1, 1], [B, "up"]),
        "direction must be 'benefit' or 'cost', got 'up'",
    ),
    (lambda: mcda.weighted_sum([[1, 2]], [1, 1], [B]), "expected 2 directions, got 1"),
    (lambda: mcda.weighted_sum([1, 2], [1, 1], [B, B]), "matrix must be 2-D"),
    (
        lambda: mcda.weighted_sum([[1, np.nan]], [1, 1], [B, B]),
        "missing or infinite value at option 0, criterion 1",
    ),
    (lambda: mcda.normalize([[1]], [B], "zscore"), "normalization must be one of minmax, vector, scale"),
    (lambda: mcda.normalize([[3]], [B], "scale", bounds=[(-2, 2)]), r"value 3 .* outside its scale -2..2"),
    (lambda: mcda.normalize([[1]], [B], "scale"), "needs bounds"),
    (lambda: mcda.normalize([[-1]], [B], "vector"), "non-negative"),
    (lambda: mcda.promethee_ii([[1], [2]], [1], [B], "gaussian"), "preference must be one of usual, linear"),
    (lambda: mcda.promethee_ii([[1], [2]], [1], [B], "linear"), "needs thresholds q"),
    (lambda: mcda.promethee_ii([[1], [2]], [1], [B], "linear", q=2, p=1), "0 <= q < p"),
    (lambda: mcda.ahp_weights([[1, 2, 3], [1, 1, 1]]), "must be square"),
    (lambda: mcda.ahp_weights([[1, 2], [0.4, 1]]), r"not reciprocal: a\[0,1\] = 2 but a\[1,0\] = 0.4"),
    (lambda: mcda.ahp_weights([[1, -2], [-0.5, 1]]), "positive number"),
    (lambda: mcda.ahp_weights([[2, 1], [1, 2]]), "diagonal"),
    (lambda: mcda.rank([1, np.nan]), "finite numbers"),
    (lambda: mcda.break_even_weight([[1, 0]], [1, 1], [B, B], 5), r"index 0..1, got 5"),
    (lambda: mcda.break_even_weight([[1, 0]], [1, 0], [B, B], 0), "no weight to rescale"),
    (lambda: mcda.break_even_weight([[1, 0]], [1, 1], [B, B], 0, method="topsis"), "not linear"),
    (lambda: mcda.smaa([[1, 0]], [B, B], 0, seed=1), "n_samples must be a positive whole number"),
    (lambda: mcda.smaa([[1, 0]], [B, B], 10, seed=None), "seed must be a whole number"),
    (lambda: mcda.smaa([[1, 0]], [B, B], 10, seed=1, weights=[1, 1]), "positive concentration"),
    (lambda: mcda.aggregate_scores(np.zeros((2, 2))), "experts, options, criteria"),
    (lambda: mcda.aggregate_scores(np.zeros((1, 1, 1)), "mode"), "aggregation must be one of mean, median"),
    (lambda: mcda.kendalls_w([[1, 2]]), "at least 2 experts"),
]


@pytest.mark.parametrize(("call", "message"), BAD, ids=[m[:30] for _, m in BAD])
def test_bad_input_raises_value_error_naming_the_problem(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- properties ----------------------------------------------------------------------------------

small = st.floats(-2, 2, allow_nan=False).map(lambda v: round(v, 3))
positive = st.floats(0.01, 10, allow_nan=False)


@st.composite
def problems(draw, min_options=2):
    m = draw(st.integers(min_options, 6))
    n = draw(st.integers(1, 5))
    x = draw(arrays(float, (m, n), elements=small))
    w = draw(arrays(float, (n,), elements=positive))
    d = draw(st.lists(st.sampled_from([B, C]), min_size=n, max_size=n))
    return x, w, d


def _all_methods(x, w, d):
    return {
        "weighted_sum": mcda.weighted_sum(x, w, d),
        "topsis": mcda.topsis(x + 3, w, d),  # TOPSIS's vector norm needs positive values
        "promethee_ii": mcda.promethee_ii(x, w, d),
    }


@settings(max_examples=60, deadline=None)
@given(problems(), st.floats(0.01, 1000))
def test_scaling_all_weights_changes_nothing(problem, factor):
    x, w, d = problem
    before, after = _all_methods(x, w, d), _all_methods(x, w * factor, d)
    for method in before:
        np.testing.assert_allclose(before[method], after[method], atol=1e-9, err_msg=method)


@settings(max_examples=60, deadline=None)
@given(problems(), st.data())
def test_a_dominating_option_never_ranks_below(problem, data):
    x, w, d = problem
    cost = np.array([v == C for v in d])
    better = data.draw(arrays(float, (x.shape[1],), elements=st.floats(0, 1)))
    x = np.vstack([x, np.where(cost, x[0] - better, x[0] + better)])  # last option dominates option 0
    for method, scores in _all_methods(x, w, d).items():
        ranks = mcda.rank(scores)
        assert ranks[-1] <= ranks[0], method


@settings(max_examples=60, deadline=None)
@given(problems(), st.data())
def test_break_even_points_are_real_crossings(problem, data):
    x, w, d = problem
    k = data.draw(st.integers(0, x.shape[1] - 1))
    if x.shape[1] < 2:
        return
    found = mcda.break_even_weight(x, w, d, k)
    if found is None:
        return
    wn = w / w.sum()
    for point, before, after in zip(found.points, found.leaders, found.leaders[1:], strict=False):
        weights = np.where(np.arange(len(w)) == k, point, (1 - point) * wn / (1 - wn[k]))
        scores = mcda.weighted_sum(x, weights, d)
        assert scores[before] == pytest.approx(scores[after], abs=1e-9)
        assert scores[before] == pytest.approx(scores.max(), abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(problems(), st.sampled_from(["weighted_sum", "topsis", "promethee_ii"]))
def test_smaa_rows_sum_to_one(problem, method):
    x, _, d = problem
    result = mcda.smaa(x + 3, d, 500, seed=0, method=method)
    np.testing.assert_allclose(result.acceptability.sum(axis=1), 1)
    assert np.all(result.acceptability >= 0)


# --- the method table ----------------------------------------------------------------------------


def test_every_method_has_one_row_of_the_table():
    assert set(mcda.METHODS) == set(mcda.Method)
    assert [mcda.METHODS[m].label for m in mcda.Method] == ["Weighted sum", "TOPSIS", "PROMETHEE II"]
    assert {m for m, spec in mcda.METHODS.items() if spec.linear} == {
        mcda.Method.WEIGHTED_SUM,
        mcda.Method.PROMETHEE_II,
    }


def test_score_dispatches_to_each_method_with_its_options():
    x = [[0, 0, 0], [1, 1, 0], [2, 2, -1], [1, -1, 2]]
    w, d = [0.5, 0.2, 0.3], [B, "cost", B]
    scale = mcda.EngineOptions(normalization="scale", bounds=[(-2, 2)] * 3)
    np.testing.assert_allclose(
        mcda.score(x, w, d, "weighted_sum", scale), mcda.weighted_sum(x, w, d, "scale", [(-2, 2)] * 3)
    )
    # TOPSIS's input is moved onto its scale (values from 0) when bounds are declared.
    np.testing.assert_allclose(
        mcda.score(x, w, d, mcda.Method.TOPSIS, scale), mcda.topsis(np.add(x, 2), w, d)
    )
    np.testing.assert_allclose(mcda.score(x, w, d, mcda.Method.PROMETHEE_II), mcda.promethee_ii(x, w, d))
    np.testing.assert_allclose(  # a linear method's scores are its utilities times the weights
        mcda.utilities(x, d, "promethee_ii") @ np.array(w), mcda.promethee_ii(x, w, d)
    )


def test_engine_options_are_checked_and_not_given_twice():
    with pytest.raises(ValueError, match="normalization must be one of minmax, vector, scale"):
        mcda.EngineOptions(normalization="zscore")
    with pytest.raises(ValueError, match="give either options or normalization, not both"):
        mcda.smaa([[1, 0], [0, 1]], [B, B], 10, 1, options=mcda.EngineOptions(), normalization="minmax")
    with pytest.raises(
        ValueError, match="method must be one of weighted_sum, topsis, promethee_ii, got 'ahp'"
    ):
        mcda.score([[1, 0], [0, 1]], [1, 1], [B, B], "ahp")
    same = mcda.EngineOptions(bounds=[(0, 1)])
    assert same == mcda.EngineOptions(bounds=((0.0, 1.0),)) and hash(same) == hash(
        mcda.EngineOptions(bounds=[(0, 1)])
    )
