"""The options pages in AppTest: what they show is what the engine computes."""

import pytest
from sqlalchemy import func, select

from dashboard.access.auth import CurrentUser
from dashboard.assessment.model import expert_rankings, leader_sentence, load_model, ranking, shares
from dashboard.assessment.sensitivity import one_way, robustness
from dashboard.assessment.weight_profiles import list_profiles, profile_points
from dashboard.assessment.weights import Weights
from dashboard.enums import Role
from dashboard.store.db import make_engine, session_scope
from dashboard.store.models import OptionScore, WeightProfile
from tests.apptest import shown, texts


@pytest.fixture
def model(seeded_sqlite):
    with session_scope(make_engine(seeded_sqlite)) as s:
        return load_model(s)


def _points(model, **changes):
    return Weights.of({c: 50 for c in model.criterion_codes} | changes, model.criterion_codes)


def test_options_page_ranks_as_the_engine_and_follows_a_weight_change(app, model):
    at = app("viewer", "pages/options.py")
    expected = shown(leader_sentence(ranking(model, shares(_points(model)))))
    assert expected in texts(at)
    at.session_state["weights"] = _points(model, C01=100, C08=0)  # what the weights panel stores
    at.run()
    changed = ranking(model, shares(_points(model, C01=100, C08=0)))
    assert shown(leader_sentence(changed)) in texts(at)
    assert changed.iloc[0]["code"] != ranking(model, shares(_points(model))).iloc[0]["code"]
    at.session_state["options_extra"] = "Experts' rankings"  # the segmented control's choice
    at.run()
    _, w = expert_rankings(model, shares(_points(model, C01=100, C08=0)))
    assert at.metric[0].value == f"{w:.2f}"


def test_options_page_method_choice(app, model):
    at = app("expert", "pages/options.py")
    at.selectbox(key="method").set_value("promethee_ii").run()
    assert shown(leader_sentence(ranking(model, shares(_points(model)), "promethee_ii"))) in texts(at)


def test_all_weights_zero_asks_for_one(app, model):
    at = app("expert", "pages/options.py")
    at.session_state["weights"] = Weights.equal(model.criterion_codes, 0)
    at.run()
    assert "Give at least one criterion a weight" in texts(at)


def test_sensitivity_page_states_the_exact_break_even(app, model):
    at = app("viewer", "pages/sensitivity.py")
    weights = shares(_points(model))
    assert one_way(model, weights, 0).sentence in texts(at)
    at.selectbox(key="sensitivity_criterion").set_value(1).run()
    assert one_way(model, weights, 1).sentence in texts(at)
    robust = robustness(model, 10_000, 2017)
    first = robust.acceptability["#1"]
    assert f"{first.idxmax()} ranks first under {first.max():.0%} of the sampled weights." in texts(at)


def test_scoring_page_saves_an_edit_and_refuses_a_bad_one(app, seeded_sqlite):
    at = app("expert", "pages/scoring.py")
    assert at.metric[0].value == "0" and at.metric[1].value == "55"
    editor = f"score_editor_{at.session_state['current_user'].user_id}"
    at.session_state[editor] = {
        "edited_rows": {0: {"score": 3}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button[0].click().run()
    assert "O1 × C01: 3 is outside the scale -2..+2" in texts(at)
    at.session_state[editor] = {
        "edited_rows": {0: {"score": -1, "rationale": "Weaker in practice."}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert "1 unsaved change(s)." in texts(at)
    at.button[0].click().run()
    with session_scope(make_engine(seeded_sqlite)) as s:
        saved = s.scalars(select(OptionScore).where(OptionScore.rationale == "Weaker in practice.")).one()
        assert (saved.value, saved.version) == (-1, 2)


def test_after_a_persona_switch_the_score_grid_is_the_new_personas(app, seeded_sqlite):
    at = app("expert", "pages/scoring.py")
    assert at.metric[1].value == "55"  # the expert has scored every cell
    expert = at.session_state["current_user"]
    at.session_state[f"score_editor_{expert.user_id}"] = {
        "edited_rows": {0: {"score": -2}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert "1 unsaved change(s)." in texts(at)
    at.query_params["as"] = "admin"
    at.run()
    assert at.session_state["current_user"].role.value == "admin"
    with session_scope(make_engine(seeded_sqlite)) as s:
        mine = s.scalar(
            select(func.count())
            .select_from(OptionScore)
            .where(OptionScore.expert_id == at.session_state["current_user"].user_id)
        )
    assert at.metric[1].value == str(mine) and "No unsaved changes." in texts(at)


def test_weights_page_flags_inconsistent_judgements(app):
    at = app("expert", "pages/weights.py")
    at.multiselect(key="ahp_criteria").set_value(
        ["Effectiveness", "Cost", "Subsidiarity and proportionality"]
    ).run()
    key = "ahp_Effectiveness|Cost|Subsidiarity and proportionality"
    judged = {
        0: {"Judgement": "Left 9× more important"},
        1: {"Judgement": "Right 9× more important"},
        2: {"Judgement": "Left 9× more important"},
    }
    at.session_state[key] = {"edited_rows": judged, "added_rows": [], "deleted_rows": []}
    at.run()
    assert "Inconsistent: the consistency ratio is" in texts(at)
    use = next(b for b in at.button if b.label == "Use these weights")
    assert use.disabled


def test_a_profile_loaded_on_the_weights_page_ranks_the_options(app, model, seeded_sqlite):
    at = app("expert", "pages/weights.py")
    label = "Feasibility first · Shared"
    at.selectbox(key="profile_pick").set_value(label).run()
    next(b for b in at.button if b.label == "Load into the sliders").click().run()
    with session_scope(make_engine(seeded_sqlite)) as s:
        profiles = list_profiles(s, CurrentUser(None, "x", "x", Role.EXPERT, None)).set_index("label")
    points = profile_points(profiles.loc[label], list(model.criterion_codes))
    assert at.session_state["weights"] == {c: round(v) for c, v in points.items()}
    at.switch_page("../pages/options.py").run()
    loaded = ranking(model, shares({c: round(v) for c, v in points.items()}))
    assert shown(leader_sentence(loaded)) in texts(at)
    assert leader_sentence(loaded) != leader_sentence(ranking(model, shares(_points(model))))


def test_weights_page_saves_a_profile(app, seeded_sqlite):
    at = app("expert", "pages/weights.py")
    at.text_input[0].input("Cabinet briefing")
    at.button(key="FormSubmitter:save_profile-Save profile").click().run()
    assert "Saved 'Cabinet briefing'." in texts(at)
    with session_scope(make_engine(seeded_sqlite)) as s:
        assert (
            s.scalar(select(WeightProfile.owner_id).where(WeightProfile.name == "Cabinet briefing"))
            is not None
        )


@pytest.mark.parametrize("page", ["pages/scoring.py", "pages/weights.py"])
def test_viewers_cannot_open_expert_pages(app, page):
    at = app("viewer")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(f"../{page}").run()
