"""SMAA over the experts' scores as well as the weights (Deliver 6 of the deliberation issue):
analytic cases, agreement with weights-only SMAA when the experts agree, and refusals."""

from __future__ import annotations

import os

import numpy as np
import pytest

from dashboard import mcda
from dashboard.assessment.model import load_model
from dashboard.assessment.sensitivity import robustness
from dashboard.cabinet import leader, robustness_words
from dashboard.store.db import make_engine, session_scope
from tests.apptest import texts
from tests.test_cabinet import _engine_for

SCALE = mcda.EngineOptions(normalization="scale", bounds=((-2, 2), (-2, 2)))
METHODS = ["weighted_sum", "topsis", "promethee_ii"]


def _two_experts():
    """Option A scores +2 on C1 for both experts; on C2 one expert says −2, the other +2.
    Option B is the baseline, 0 everywhere."""
    stack = np.array([[[2.0, -2.0], [0.0, 0.0]], [[2.0, 2.0], [0.0, 0.0]]])
    return stack, stack.mean(axis=0)


@pytest.mark.parametrize("method", ["weighted_sum", "promethee_ii"])
def test_disagreement_in_scores_and_weights_gives_the_analytic_probability(method):
    # C2 drawn +2 (half the samples): A is at least as good everywhere and better on C1, so A is
    # first. C2 drawn −2: A leads exactly when w1 > w2, half of the uniform weights. 1/2 + 1/4 = 3/4.
    stack, mean = _two_experts()
    result = mcda.smaa(
        mean, ["benefit", "benefit"], 40_000, 11, method=method, options=SCALE, expert_scores=stack
    )
    assert result.first_rank[0] == pytest.approx(0.75, abs=0.01)
    # Without the scores' spread A's mean (+2, 0) is ahead whenever w1 > 0: always.
    assert (
        mcda.smaa(mean, ["benefit", "benefit"], 40_000, 11, method=method, options=SCALE).first_rank[0] == 1
    )


def test_scores_alone_give_the_share_of_experts_who_rank_it_first():
    # One criterion, so the weights do not matter: A's cell is −1, +1 or +2 with 1/3 each against
    # the baseline's 0, so A is first in 2/3 of the samples.
    stack = np.array([[[v], [0.0]] for v in (-1.0, 1.0, 2.0)])
    options = mcda.EngineOptions(normalization="scale", bounds=((-2, 2),))
    result = mcda.smaa(stack.mean(axis=0), ["benefit"], 30_000, 3, options=options, expert_scores=stack)
    assert result.first_rank[0] == pytest.approx(2 / 3, abs=0.01)


@pytest.mark.parametrize("method", METHODS)
def test_when_the_experts_agree_it_is_the_weights_only_smaa(method):
    rng = np.random.default_rng(5)
    matrix = rng.integers(-2, 3, (6, 8)).astype(float)
    directions = ["benefit", "cost"] * 4
    options = mcda.EngineOptions(normalization="scale", bounds=((-2, 2),) * 8)
    agreed = np.repeat(matrix[None], 4, axis=0)
    plain = mcda.smaa(matrix, directions, 2_000, 9, method=method, options=options)
    sampled = mcda.smaa(matrix, directions, 2_000, 9, method=method, options=options, expert_scores=agreed)
    np.testing.assert_allclose(sampled.acceptability, plain.acceptability)
    np.testing.assert_allclose(sampled.central_weights, plain.central_weights, equal_nan=True)


def test_a_cell_nobody_scored_keeps_the_matrix_value_and_only_scorers_are_drawn():
    stack = np.full((3, 2, 2), np.nan)
    stack[:, 1, :] = 0.0  # the baseline
    stack[0, 0, 0] = 2.0  # one expert scored A on C1; nobody scored A on C2
    drawn = mcda.sample_scores(stack, np.array([[2.0, -1.0], [0.0, 0.0]]), 500, 1)
    assert drawn.shape == (500, 2, 2)
    assert np.all(drawn[:, 0, 0] == 2.0) and np.all(drawn[:, 0, 1] == -1.0) and np.all(drawn[:, 1] == 0.0)


def test_the_draws_are_uniform_over_the_experts_and_reproducible():
    stack = np.array([[[v]] for v in (-2.0, -1.0, 1.0, 2.0)])
    drawn = mcda.sample_scores(stack, np.zeros((1, 1)), 40_000, 4)
    values, counts = np.unique(drawn, return_counts=True)
    assert list(values) == [-2, -1, 1, 2]
    np.testing.assert_allclose(counts / 40_000, 0.25, atol=0.01)
    np.testing.assert_array_equal(drawn, mcda.sample_scores(stack, np.zeros((1, 1)), 40_000, 4))


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        (np.zeros((2, 3, 2)), r"expert_scores must be \(experts, 2, 2\), got \(2, 3, 2\)"),
        (np.zeros((2, 2)), r"expert_scores must be \(experts, 2, 2\), got \(2, 2\)"),
        (np.full((1, 2, 2), np.inf), "finite numbers or NaN"),
    ],
)
def test_bad_expert_scores_are_refused(scores, message):
    with pytest.raises(ValueError, match=message):
        mcda.smaa(np.zeros((2, 2)), ["benefit", "benefit"], 10, 1, expert_scores=scores)


def test_promethee_with_thresholds_samples_scores_like_the_weights_only_smaa():
    rng = np.random.default_rng(8)
    matrix = rng.integers(-2, 3, (5, 4)).astype(float)
    options = mcda.EngineOptions(preference="linear", q=0.5, p=2.0)
    agreed = np.repeat(matrix[None], 3, axis=0)
    directions = ["benefit", "cost", "benefit", "benefit"]
    plain = mcda.smaa(matrix, directions, 1_000, 2, method="promethee_ii", options=options)
    sampled = mcda.smaa(
        matrix, directions, 1_000, 2, method="promethee_ii", options=options, expert_scores=agreed
    )
    np.testing.assert_allclose(sampled.acceptability, plain.acceptability)


def test_the_sensitivity_page_samples_the_scores_on_request(app):
    at = app("viewer", "pages/sensitivity.py")
    at.toggle(key="smaa_scores").set_value(True).run()
    with session_scope(make_engine(os.environ["DATABASE_URL"])) as s:
        model = load_model(s)
    robust = robustness(model, 10_000, 2017, scores_too=True)
    first = robust.acceptability["#1"]
    assert (
        f"{first.idxmax()} ranks first under {first.max():.0%} of the sampled weights, each with every "
        "cell's score drawn from the experts who scored it." in texts(at)
    )
    assert not np.allclose(robust.acceptability, robustness(model, 10_000, 2017).acceptability)


def test_the_cabinet_sentence_counts_the_experts_disagreement_too(tmp_path):
    # Two experts: O1 +2 on both criteria for one, −2 on C2 for the other; O2 +1 on both for both.
    # Around the shared 1:1 weights O1 (utility 1 or 0.5) leads O2 (0.75) exactly when the
    # first expert's score is drawn: half of the samples.
    engine = _engine_for(tmp_path, [[[2, 2], [1, 1]], [[2, -2], [1, 1]]], [1, 1])
    with session_scope(engine) as session:
        lead = leader(session)
    assert lead.first_with_scores == pytest.approx(0.5, abs=0.02)
    assert robustness_words(lead).endswith(
        f", {lead.first_with_scores:.0%} with the experts' scores varying."
    )
