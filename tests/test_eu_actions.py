"""EU-level actions: recommendations addressed to the Commission or an agency tracked at EU level,
with their own figures, never mixed into a Member State's (Deliver 2 of the follow-up issue)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from dashboard.access.auth import COMMAND_LINE
from dashboard.access.demo import demo_persona
from dashboard.admin.demo import remove_demo
from dashboard.enums import Role, RoundState, StatusLevel
from dashboard.errors import InvalidInput
from dashboard.excel.implementation import render
from dashboard.monitoring import basis, eu_actions
from dashboard.monitoring.eu_view import eu_view
from dashboard.monitoring.report import implementation_report
from dashboard.store.db import session_scope
from dashboard.store.models import AssessmentRound, AuditEntry, EuAssessment
from tests.apptest import texts

TODAY = dt.date.today()
S = StatusLevel


def test_the_demos_eu_level_statuses_and_their_own_figures(demo_engine):
    with session_scope(demo_engine) as s:
        table = eu_actions.eu_statuses(s, TODAY).set_index("recommendation")
    # Addressed to the Commission, an agency or both: P-1, P-4, C-1, C-2, C-3, I-1, E-1, X-1, R-1,
    # M-1, M-2, M-3. Recorded: M-1 Full (4), M-2 Substantial (3), C-1 Some (2), C-2 Limited (1), R-1 Some (2).
    assert sorted(table.index) == sorted(
        ["P-1", "P-4", "C-1", "C-2", "C-3", "I-1", "E-1", "X-1", "R-1", "M-1", "M-2", "M-3"]
    )
    assert table.at["M-1", "status"] is S.FULL and table.at["M-1", "since"] == dt.date(2018, 8, 9)
    assert table.at["C-3", "status"] is S.NOT_ASSESSED
    figures = eu_actions.eu_headline(table.reset_index(), TODAY)
    assert figures.progress == pytest.approx((4 + 3 + 2 + 1 + 2) / 5 / 4)
    assert figures.substantial_or_full == pytest.approx(2 / 5)
    assert (figures.assessed, figures.applicable) == (5, 12)
    with session_scope(demo_engine) as s:
        before = eu_actions.eu_statuses(s, dt.date(2019, 1, 1)).set_index("recommendation")
    assert before.at["M-1", "status"] is S.FULL and before.at["C-1", "status"] is S.NOT_ASSESSED


def test_an_eu_status_is_recorded_audited_and_never_enters_member_state_figures(seeded):
    with session_scope(seeded) as s:
        before = eu_view(s, TODAY)
        entry = eu_actions.EuEntry(
            "C-3", S.SUBSTANTIAL, TODAY, "Adopted at EU level.", "https://ec.europa.eu/x"
        )
        eu_actions.record_eu_status(s, COMMAND_LINE, entry)
    with session_scope(seeded) as s:
        after = eu_view(s, TODAY)
        history = eu_actions.eu_history(s, "C-3")
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "eu status")).one()
    assert after.figures == before.figures  # the Member States' headline is untouched
    assert after.matrix.index[0] == "EU" and list(after.matrix.index[1:]) == list(before.matrix.index[1:])
    assert after.matrix.at["EU", "C-3"] == "Substantial progress"
    assert after.matrix.at["EU", "M-1"] == "Full implementation"
    assert after.matrix["P-2"].isna()["EU"]  # addressed to the Member States only: blank
    assert list(history["Status"]) == ["Substantial progress"] and entry.entity_key == "C-3"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (eu_actions.EuEntry("P-2", S.FULL, TODAY, "x"), "P-2 is addressed to the Member States only"),
        (eu_actions.EuEntry("Z-9", S.FULL, TODAY, "x"), "unknown recommendation 'Z-9'"),
        (eu_actions.EuEntry("C-3", S.FULL, TODAY + dt.timedelta(days=1), "x"), "is in the future"),
        (eu_actions.EuEntry("C-3", S.FULL, dt.date(2017, 1, 1), "x"), "is before C-3 was issued"),
        (
            eu_actions.EuEntry("C-3", S.FULL, TODAY, " "),
            r"evidence is required for a change of status \(not assessed",
        ),
        (eu_actions.EuEntry("C-3", S.FULL, TODAY, "x", "ftp://x"), "is not a web address"),
        (eu_actions.EuEntry("C-3", S.FULL, TODAY, "a\x00b"), "contains a control character"),
    ],
)
def test_a_bad_eu_status_is_refused_and_nothing_changes(seeded, entry, message):
    with pytest.raises(InvalidInput, match=message), session_scope(seeded) as s:
        eu_actions.record_eu_status(s, COMMAND_LINE, entry)
    with session_scope(seeded) as s:
        assert s.scalar(select(func.count()).select_from(EuAssessment)) == 5  # the demo's


def test_removing_the_demo_removes_its_eu_statuses(seeded):
    with session_scope(seeded) as s:
        assert remove_demo(s, demo_persona(s, Role.ADMIN))["eu_assessment"] == 5


def test_the_page_shows_the_eu_levels_figures_and_records_for_the_secretariat(app):
    at = app("viewer", "pages/eu_actions.py")
    assert [m.value for m in at.metric] == ["60%", "40%", "5 of 12", at.metric[3].value]
    assert not any(f.id == "record_eu_status" for f in at.get("form"))
    at = app("admin", "pages/eu_actions.py")
    at.selectbox(key="eu_recommendation").set_value("C-3")
    at.selectbox(key="eu_status").set_value(S.SOME)
    at.text_area(key="eu_evidence").input("First measures adopted by the Commission.")
    next(b for b in at.button if b.label == "Record the EU-level status").click().run()
    assert f"Recorded: C-3 is at 'Some progress' at EU level from {TODAY:%d %b %Y}." in texts(at)
    assert at.metric[2].value == "6 of 12"


def test_the_live_workbook_has_the_eu_level_and_a_published_round_keeps_its_own(seeded):
    with session_scope(seeded) as s:
        live = load_workbook(io.BytesIO(render(implementation_report(s, COMMAND_LINE, TODAY))))
        first = s.scalar(
            select(AssessmentRound.id)
            .where(AssessmentRound.state == RoundState.PUBLISHED)
            .order_by(AssessmentRound.reference_date)
        )
        on = basis.published(s, first)  # the demo's 2019 round, as published
        before = render(implementation_report(s, COMMAND_LINE, on))
        matrix = eu_view(s, on).matrix
        admin = demo_persona(s, Role.ADMIN)
        eu_actions.record_eu_status(
            s, admin, eu_actions.EuEntry("M-1", S.SOME, dt.date(2019, 5, 1), "Late entry.")
        )
    rows = {r[0]: r for r in live["EU level"].iter_rows(min_row=4, values_only=True)}
    assert rows["M-1"][4] == "Full implementation" and rows["M-1"][2] == "Commission"
    assert rows["C-3"][4] == "Not assessed" and "P-2" not in rows
    as_published = {
        r[0]: r for r in load_workbook(io.BytesIO(before))["EU level"].iter_rows(min_row=4, values_only=True)
    }
    assert as_published["M-1"][4] == "Full implementation"  # adopted 9 Aug 2018, before 30 Jun 2019
    assert as_published["M-2"][4] == "Substantial progress"  # dated on its reference date
    assert as_published["C-2"][4] == "Not assessed"  # dated 2021, after it
    assert matrix.index[0] == "EU" and matrix.at["EU", "M-1"] == "Full implementation"
    with session_scope(seeded) as s:  # an EU-level status dated inside it, recorded later: not in it
        assert render(implementation_report(s, COMMAND_LINE, on)) == before
        assert eu_view(s, on).matrix.equals(matrix)


def test_a_recommendation_addressed_to_the_council_is_tracked_at_eu_level_only(seeded):
    from dashboard.enums import Addressee, Priority
    from dashboard.monitoring import due, register

    with session_scope(seeded) as s:
        admin = demo_persona(s, Role.ADMIN)
        council = register.RecommendationInput(
            "R-50", 1, "Council conclusions on prison radicalisation", Addressee.COUNCIL,
            dt.date(2018, 5, 18), Priority.MEDIUM, "Final report of the HLCEG-R", "4.2",
        )  # fmt: skip
        register.add_recommendation(s, admin, council)
        eu_actions.record_eu_status(
            s, admin, eu_actions.EuEntry("R-50", S.FULL, dt.date(2019, 6, 7), "Conclusions adopted.")
        )
    with session_scope(seeded) as s:
        table = eu_actions.eu_statuses(s, TODAY).set_index("recommendation")
        greece = due.due_for(s, admin, "EL")
        choices = eu_actions.eu_recommendations(s)
    assert table.at["R-50", "status"] is S.FULL and "R-50" in choices
    assert "R-50" not in set(greece.items["Recommendation"])  # never a Member State's to do
