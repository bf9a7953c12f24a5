"""Saved scenarios: anyone signed in keeps named scenarios of their own (viewers too)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dashboard.access.demo import demo_persona
from dashboard.admin.demo import remove_demo
from dashboard.assessment import scenario
from dashboard.assessment.saved_scenarios import MAX_SAVED, my_scenarios, remove_scenario, save_scenario
from dashboard.assessment.weights import Weights
from dashboard.enums import Role
from dashboard.errors import InvalidInput
from dashboard.store.db import make_engine, session_scope
from dashboard.store.models import AuditEntry, Criterion, SavedScenario
from dashboard.text import literal
from tests.apptest import texts


def _codes(s) -> list[str]:
    return list(s.scalars(select(Criterion.code).where(~Criterion.retired).order_by(Criterion.display_order)))


def _link(codes, first=100, rest=20, method="topsis", how="median") -> str:
    return scenario.encode(codes, Weights(codes, [first, *[rest] * (len(codes) - 1)]), method, how)


def test_a_viewer_saves_lists_and_removes_their_own_scenarios(seeded):
    with session_scope(seeded) as s:
        viewer, expert, codes = demo_persona(s, Role.VIEWER), demo_persona(s, Role.EXPERT), _codes(s)
        assert (
            save_scenario(s, viewer, "  Effectiveness first ", _link(codes), codes) == "Effectiveness first"
        )
        save_scenario(s, viewer, "Balanced", _link(codes, 50, 50, "weighted_sum", "mean"), codes)
    with session_scope(seeded) as s:
        mine = my_scenarios(s, viewer, codes)
        assert list(mine["name"]) == ["Balanced", "Effectiveness first"]  # newest first
        assert mine.set_index("name").at["Effectiveness first", "scenario"] == _link(codes)
        assert mine["fits"].all()
        assert my_scenarios(s, expert, codes).empty  # nobody else sees them
        assert not my_scenarios(s, viewer, codes[:-1])["fits"].any()  # the criteria changed
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "scenario")).first()
        assert (entry.actor, entry.action, entry.entity_key) == (
            viewer.email,
            "save",
            f"{viewer.email}:Effectiveness first",
        )
        assert remove_scenario(s, viewer, "Balanced") == "Balanced"
    with session_scope(seeded) as s:
        assert list(my_scenarios(s, viewer, codes)["name"]) == ["Effectiveness first"]


@pytest.mark.parametrize(
    ("name", "link", "message"),
    [
        ("Again", None, "you already have a scenario named 'Again'"),
        ("", None, "the scenario's name is required"),
        ("x" * 121, None, "the scenario's name is longer than 120 characters"),
        (
            "Broken",
            "1.weighted_sum.mean.zzzz.1-2",
            "The criteria have changed since this scenario link was made",
        ),
        ("Broken", "nonsense", "The scenario in the link could not be read"),
    ],
)
def test_a_bad_save_is_refused_and_changes_nothing(seeded, name, link, message):
    with session_scope(seeded) as s:
        viewer, codes = demo_persona(s, Role.VIEWER), _codes(s)
        save_scenario(s, viewer, "Again", _link(codes), codes)
    with pytest.raises(InvalidInput, match=message), session_scope(seeded) as s:
        save_scenario(s, viewer, name, link or _link(codes), codes)
    with session_scope(seeded) as s:
        assert list(my_scenarios(s, viewer, codes)["name"]) == ["Again"]


def test_a_person_keeps_at_most_fifty_and_removing_anothers_is_refused(seeded):
    with session_scope(seeded) as s:
        viewer, expert, codes = demo_persona(s, Role.VIEWER), demo_persona(s, Role.EXPERT), _codes(s)
        for n in range(MAX_SAVED):
            save_scenario(s, viewer, f"S{n}", _link(codes), codes)
        with pytest.raises(InvalidInput, match="you keep 50 scenarios already; remove one first"):
            save_scenario(s, viewer, "One more", _link(codes), codes)
        with pytest.raises(InvalidInput, match="you have no scenario named 'S1'"):
            remove_scenario(s, expert, "S1")


def test_removing_the_demo_removes_the_personas_scenarios(seeded):
    with session_scope(seeded) as s:
        viewer, admin, codes = demo_persona(s, Role.VIEWER), demo_persona(s, Role.ADMIN), _codes(s)
        save_scenario(s, viewer, "Demo", _link(codes), codes)
    with session_scope(seeded) as s:
        assert remove_demo(s, admin)["saved_scenario"] == 1
        assert s.scalar(select(SavedScenario.id)) is None


def test_a_viewer_saves_the_scenario_on_screen_and_opens_it_again(app, seeded_sqlite):
    at = app("viewer", "pages/options.py")
    at.selectbox(key="method").set_value("topsis").run()
    at.text_input(key="scenario_name").input("My TOPSIS view")
    next(b for b in at.button if b.label == "Save").click().run()
    assert literal("Saved 'My TOPSIS view'.") in [t.value for t in at.toast]
    with session_scope(make_engine(seeded_sqlite)) as s:
        saved = s.scalar(select(SavedScenario))
    assert saved.name == "My TOPSIS view" and ".topsis." in saved.scenario
    at.selectbox(key="method").set_value("weighted_sum").run()
    assert at.selectbox(key="my_scenario").value == "My TOPSIS view"
    at.button(key="open_scenario").click().run()
    assert at.selectbox(key="method").value == "topsis"
    assert "could not be read" not in texts(at)
