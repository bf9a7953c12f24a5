"""Every page, run in-process with AppTest, as each persona that may open it."""

import datetime as dt

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from dashboard import ui
from dashboard.access.auth import CurrentUser
from dashboard.access.demo import demo_persona
from dashboard.enums import Role, StatusLevel
from dashboard.store.db import make_engine, session_scope
from dashboard.store.models import AuditEntry, User
from tests.apptest import APP, ROOT, TIMEOUT, shown, texts, verified


def test_register_lists_and_filters_recommendations(app):
    at = app("viewer", "pages/register.py")
    table = at.dataframe[0].value
    assert len(table) == 16 and table.iloc[0]["Code"] == "P-1"
    at.multiselect[0].select("Prisons, rehabilitation and reintegration").run()
    assert list(at.dataframe[0].value["Code"]) == ["P-1", "P-2", "P-3", "P-4"]
    assert "4 of 16 recommendations" in texts(at)


def test_catalogue_shows_options_and_criteria(app):
    at = app("expert", "pages/catalogue.py")
    options, criteria = at.dataframe[0].value, at.dataframe[2].value  # [1]: the facts
    assert list(options["Code"]) == ["O0", "O1", "O2", "O3", "O4", "O5"]
    assert options.set_index("Code").loc["O0", "Baseline"]
    assert len(criteria) == 11
    assert criteria.set_index("Code").loc["C02", "Direction"] == "Cost (less is better)"


@pytest.mark.parametrize(("role", "ms"), [("viewer", None), ("expert", None), ("ms_official", "EL")])
def test_admin_pages_are_not_offered_to_other_roles(app, role, ms):
    at = app(role, ms=ms)
    with pytest.raises(ValueError, match="Could not find a navigation page") as info:
        at.switch_page("../pages/audit_log.py").run()
    known = str(info.value).split("Known pages:")[1]
    assert "overview.py" in known and "users.py" not in known and "audit_log.py" not in known


def test_persona_comes_from_the_link(app):
    at = app("ms_official", ms="el")
    assert at.session_state["current_user"].email == "official.el@example.com"
    assert at.selectbox(key="persona_ms").value == "EL"
    assert (at.query_params["as"], at.query_params["ms"]) == ("ms_official", "EL")


def test_unknown_role_in_link_falls_back_to_viewer(app):
    at = app("boss")
    assert at.session_state["current_user"].role.value == "viewer"
    assert "Unknown role 'boss' in the link" in texts(at)


def test_audit_log_shows_the_seed_entry(app):
    at = app("admin", "pages/audit_log.py")
    entries = at.dataframe[0].value
    assert list(entries["Action"]) == ["seed"] and entries.iloc[0]["Who"] == "seed"


def test_admin_adds_a_user_and_the_write_is_audited(app, seeded_sqlite):
    at = app("admin", "pages/users.py")
    assert "35 users" in texts(at)
    at.text_input[0].input("Nina@Example.eu")
    at.text_input[1].input("Nina Novak")
    at.selectbox[0].select_index(2)  # Member State official
    at.selectbox[1].set_value("SI")
    at.button[0].click().run()
    assert shown(at.success[0].value) == "Added nina@example.eu as Member State official (SI)."
    assert "36 users" in texts(at)
    with session_scope(make_engine(seeded_sqlite)) as s:
        assert s.scalar(select(User.member_state_code).where(User.email == "nina@example.eu")) == "SI"
        assert (
            s.scalars(select(AuditEntry.actor).order_by(AuditEntry.id.desc())).first()
            == "secretariat@example.com"
        )


def test_bad_user_input_is_refused_with_a_message(app, seeded_sqlite):
    at = app("admin", "pages/users.py")
    at.text_input[0].input("not an address")
    at.text_input[1].input("X")
    at.button[0].click().run()
    assert "is not an e-mail address" in texts(at)
    assert "35 users" in texts(at)


def test_without_illustrative_data_demo_mode_is_refused(tmp_path, monkeypatch):
    from dashboard.cli import main

    url = f"sqlite:///{tmp_path / 'real.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    assert main(["init", "--reference-only"]) == 0
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert "Demo mode is off: the database holds real data" in texts(at)
    assert "Sign-in is not configured" in texts(at)


def test_signed_in_user_gets_their_registered_role(app, seeded_sqlite, monkeypatch):
    monkeypatch.delenv("DASHBOARD_DEMO")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.user = {"is_logged_in": True, **verified("official.pt@example.com"), "name": "PT"}
    at.run()
    assert not at.exception
    assert at.session_state["current_user"].member_state == "PT"
    assert "Signed in as Portugal official · Member State official (PT)" in texts(at)


def test_unregistered_account_is_told_to_ask_the_secretariat(app, monkeypatch):
    monkeypatch.delenv("DASHBOARD_DEMO")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.user = {"is_logged_in": True, **verified("stranger@example.org")}
    at.run()
    assert "stranger@example.org is not registered for this dashboard" in texts(at)


def test_missing_database_says_how_to_set_it_up(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert "The database is not set up. Run `python -m dashboard init`" in texts(at)


def test_member_state_profile_shows_and_records_for_the_officials_state(app, seeded_sqlite):
    from dashboard.monitoring.state_view import member_state_view as profile

    at = app("ms_official", "pages/member_state.py", ms="EL")
    with session_scope(make_engine(seeded_sqlite)) as s:
        data = profile(s, "EL", dt.date.today())
    assert "Greece: implementation" in texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Progress index"] == f"{data.progress:.0%}" and metrics["Overdue"] == str(data.overdue)
    assert len(at.dataframe[0].value) == 16
    comparison = at.get("plotly_chart")[0].proto.spec
    assert "Greece against the EU, by thematic area" in comparison
    at.selectbox(key="record_recommendation").set_value("P-2")
    at.text_area[0].input("New national training plan, March 2026.")
    at.text_input[0].input("https://www.example.gr/plan")
    next(b for b in at.button if b.label == "Submit for review").click().run()
    assert "Submitted No progress for P-2 on" in texts(at) and "waiting for the secretariat" in texts(at)
    # Not in the figures yet: the table shows the assessed status and, beside it, Greece's own.
    table = at.dataframe[0].value.set_index("Code")
    assert table.at["P-2", "Status"] == data.current.set_index("recommendation").at["P-2", "label"]
    assert table.at["P-2", "Member State's own status"] == "No progress (submitted)"
    assert {m.label: m.value for m in at.metric}["Progress index"] == f"{data.progress:.0%}"


def test_the_secretariat_validates_a_submission_and_the_profile_counts_it(app, seeded_sqlite):
    from dashboard.monitoring.recording import StatusEntry
    from dashboard.monitoring.review import submit_status

    with session_scope(make_engine(seeded_sqlite)) as s:
        official = demo_persona(s, Role.MS_OFFICIAL, "EL")
        entry = StatusEntry("P-2", "EL", StatusLevel.FULL, dt.date.today(), "Law in force since May.")
        submit_status(s, official, entry)
    at = app("admin", "pages/review.py")
    assert {m.label: m.value for m in at.metric}["Waiting for your review"] == "1"
    assert "Law in force since May." in texts(at)
    next(b for b in at.button if b.label == "Validate P-2 (EL): make it the assessed status").click().run()
    assert "Validated: P-2 in EL is Full implementation." in texts(at)
    assert "No submission is waiting." in texts(at)
    at = app("viewer", "pages/member_state.py")
    at.selectbox(key="profile_state").set_value("EL").run()
    table = at.dataframe[0].value.set_index("Code")
    assert table.at["P-2", "Status"] == "Full implementation"
    assert "Member State's own status" not in table.columns  # the two voices agree


def test_member_state_profile_has_no_form_for_viewers(app):
    at = app("viewer", "pages/member_state.py")
    assert "Belgium: implementation" in texts(at)
    assert not any(b.label == "Record status" for b in at.button)


def test_eu_overview_reads_its_filters_from_the_link_and_shows_the_figures(app, seeded_sqlite):
    from dashboard.monitoring.figures import filtered, headline
    from dashboard.monitoring.queries import latest_statuses

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as": "viewer", "area": "1", "asof": "2021-12-31"})
    at.run()
    at.switch_page("../pages/eu_overview.py").run()
    with session_scope(make_engine(seeded_sqlite)) as s:
        expected = headline(filtered(latest_statuses(s, dt.date(2021, 12, 31)), (1,)), dt.date(2021, 12, 31))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Progress index"] == f"{expected.progress:.0%}"
    assert metrics["Overdue"] == str(expected.overdue)
    assert at.multiselect(key="eu_areas").value == [1]
    at.multiselect(key="eu_areas").set_value([1, 4]).run()
    assert at.query_params["area"] == "1,4"


def test_eu_overview_names_a_broken_link(app, seeded_sqlite):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as": "viewer", "area": "42", "asof": "someday"})
    at.run()
    at.switch_page("../pages/eu_overview.py").run()
    assert "unknown thematic area '42' in the link" in texts(at)
    assert "'someday' in the link is not a date" in texts(at)


def test_recommendation_profile_shows_every_member_state(app, seeded_sqlite):
    from dashboard.monitoring.recommendation_view import recommendation_view as recommendation_profile

    at = app("viewer", "pages/recommendation.py")
    at.selectbox(key="profile_recommendation").set_value("K-1").run()
    with session_scope(make_engine(seeded_sqlite)) as s:
        data = recommendation_profile(s, "K-1", dt.date.today())
    assert "K-1: Multi-agency, child-protection approach for returning children" in texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Coverage"] == f"{data.figures.coverage:.0%}" and metrics["Overdue"] == str(
        data.figures.overdue
    )
    assert len(at.dataframe[0].value) == 27  # the Member States of today
    assert data.figures.applicable < 27  # the illustrative data has K-1 not applicable in some states


def test_a_run_that_leaves_a_non_plain_value_in_session_state_fails(caplog):
    def script():
        import threading

        import streamlit as st

        from dashboard import ui

        st.session_state["plain"] = {"C01": 50}
        if st.session_state.keep_lock:
            st.session_state["kept"] = threading.Lock()  # like a database session: cannot outlive a run
        else:
            st.session_state.pop("kept", None)
        ui.require_plain_session_state()

    at = AppTest.from_function(script, default_timeout=30)
    at.session_state["keep_lock"] = True
    assert len(at.run().exception) == 1  # users see a redacted message (client.showErrorDetails = "none")
    assert "Session state 'kept' holds a lock, not a plain value." in caplog.text
    at.session_state["keep_lock"] = False
    assert not at.run().exception  # plain values only: the run passes


@pytest.mark.parametrize(
    ("sent", "expected"),
    [
        ({"C01": 0, "C02": 100}, {"C01": 0, "C02": 100}),
        ({"C01": 40, "C99": 7}, {"C01": 40}),  # an unknown criterion is ignored
        ({"C01": 101}, None),
        ({"C01": -1}, None),
        ({"C01": 50.5}, None),
        ({"C01": "50"}, None),
        ({"C01": True}, None),
        ([50, 50], None),
        (None, None),
    ],
)
def test_weights_sent_by_the_panel_are_checked(sent, expected):
    assert ui.sent_points(sent, ["C01", "C02"]) == expected


@pytest.mark.parametrize("page", ["pages/users.py", "pages/scoring.py", "pages/overview.py"])
def test_a_page_run_without_the_entry_script_refuses_to_render(page, seeded_sqlite, monkeypatch):
    """Defence in depth: a page script reached without sign-in shows nothing but the refusal."""
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite)
    at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [shown(e.value) for e in at.error] == ["Please sign in to use the dashboard."]
    assert not at.title and not at.dataframe and not at.button


def test_a_page_refuses_a_user_whose_role_may_not_open_it(seeded_sqlite, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite)
    at = AppTest.from_file(str(ROOT / "pages/audit_log.py"), default_timeout=TIMEOUT)
    at.session_state["current_user"] = CurrentUser(1, "v@x.eu", "V", Role.VIEWER)
    at.run()
    assert [shown(e.value) for e in at.error] == [
        "This page is not available to you: Viewers may not read the audit log."
    ]
    assert not at.dataframe


def test_a_former_member_state_is_offered_only_for_figures_from_when_it_was_one(app, seeded_sqlite):
    from dashboard.store.models import AssessmentRound

    at = app("viewer", "pages/member_state.py")
    live = next(s for s in at.selectbox if s.label == "Member State").options
    assert "United Kingdom" not in live and "Belgium" in live and len(live) == 27
    with session_scope(make_engine(seeded_sqlite)) as s:
        first = s.scalar(select(AssessmentRound.id).where(AssessmentRound.name == "2019 review"))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as": "viewer", "round": str(first)})
    at.run()
    at.switch_page("../pages/member_state.py").run()
    assert not at.exception
    then = next(s for s in at.selectbox if s.label == "Member State").options
    assert "United Kingdom" in then and len(then) == 28
    next(s for s in at.selectbox if s.label == "Member State").set_value("UK").run()
    assert "United Kingdom: implementation" in texts(at)


@pytest.mark.parametrize("role", ["viewer", "expert", "ms_official", "admin"])
def test_the_about_page_gives_the_mandate_to_every_role(app, role):
    from dashboard.mandate import OBJECTIVES, TIMELINE

    at = app(role, "pages/about.py", ms="EL" if role == "ms_official" else None)
    assert not at.exception
    shown_text = texts(at)
    assert "Commission Decision C(2017) 5149 of 27 July 2017" in shown_text
    for objective in OBJECTIVES:
        assert objective.text in shown_text and objective.served_by in shown_text
    for event in TIMELINE:
        assert f"{event.when} · {event.what} ({event.source})" in shown_text.replace("*", "")
    assert "27 Mar 2017 · Germany and France present the idea of an EU Centre" in shown_text.replace("*", "")
    assert "Options and criteria (a sourced proposal): A modelling proposal" in shown_text.replace("*", "")
    assert "Demo data (invented): For demonstration only" in shown_text.replace("*", "")
    assert "This database holds illustrative data now" in shown_text  # the demo database
    assert "The mean status level of the applicable, assessed" in shown_text
    assert [e.label for e in at.expander] == [
        "Method notes: Data model and integrity (README)",
        "Method notes: Python API: dashboard.mcda (README)",
    ]


def test_the_recording_form_names_each_recommendation_with_its_title_and_current_status(app):
    at = app("ms_official", "pages/member_state.py", ms="EL")
    box = next(s for s in at.selectbox if s.label == "Recommendation")
    assert box.value == "P-1"
    labels = box.options
    p2 = next(label for label in labels if label.startswith("P-2 "))
    assert p2.startswith("P-2 (now ") and p2.endswith(
        ") · Train prison and probation staff on radicalisation"
    )
    assert all(" (now " in label for label in labels)
    assert any(", since " in label for label in labels)  # the demo has statuses with their date


def test_the_secretariat_withdraws_and_corrects_on_the_profile_and_an_official_withdraws(app, seeded_sqlite):
    from dashboard.monitoring.recording import StatusEntry, record_assessment
    from dashboard.monitoring.review import submit_status

    with session_scope(make_engine(seeded_sqlite)) as s:  # the demo's statuses are in a closed round
        admin = demo_persona(s, Role.ADMIN)
        for code in ("P-1", "P-4"):
            entry = StatusEntry(code, "EL", StatusLevel.FULL, dt.date.today(), "Law in force.")
            record_assessment(s, admin, entry)
    at = app("admin", "pages/member_state.py")
    at.selectbox(key="profile_state").set_value("EL").run()
    at.text_input(key="correction_reason_EL").input("Recorded for the wrong Member State.")
    next(b for b in at.button if b.label == "Withdraw it").click().run()
    assert "Withdrawn: kept in the history, counted nowhere." in texts(at)
    at.text_input(key="correction_reason_EL").input("Misread the report.")
    at.text_area(key="correction_evidence_EL").input("Four of five regions.")
    next(b for b in at.button if b.label == "Correct it").click().run()
    assert "Corrected: now No progress; the history keeps both." in texts(at)

    with session_scope(make_engine(seeded_sqlite)) as s:
        official = demo_persona(s, Role.MS_OFFICIAL, "EL")
        submit_status(
            s, official, StatusEntry("P-3", "EL", StatusLevel.FULL, dt.date.today(), "All regions.")
        )
    at = app("ms_official", "pages/due.py", ms="EL")
    next(t for t in at.text_input if t.key.startswith("withdraw_reason_")).input("Sent too early.")
    next(b for b in at.button if b.label == "Withdraw the submission").click().run()
    assert "Withdrawn: your submission on P-3." in texts(at)


def test_the_member_state_profile_reads_its_state_and_date_from_the_link(seeded_sqlite, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", seeded_sqlite)
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as": "viewer", "state": "PT", "asof": "2021-12-31"})
    at.run()
    at.switch_page(str(ROOT / "pages/member_state.py")).run()
    assert "Portugal: implementation" in texts(at)
    assert "as of 31 Dec 2021" in texts(at)
    at.selectbox(key="profile_state").set_value("EL").run()
    assert at.query_params["state"] == ["EL"] or at.query_params["state"] == "EL"
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"as": "viewer", "state": "XX", "asof": "someday"})
    at.run()
    at.switch_page(str(ROOT / "pages/member_state.py")).run()
    warnings = " ".join(w.value for w in at.warning)
    assert "'XX' in the link is not a Member State on that date" in warnings and "someday" in warnings


def test_the_register_is_searched_across_codes_titles_and_descriptions(app):
    from dashboard.monitoring.register import search

    at = app("viewer", "pages/register.py")
    everything = len(at.dataframe[0].value)
    at.text_input[0].input("prison").run()
    table = at.dataframe[0].value
    assert "P-2" in set(table["Code"]) and 0 < len(table) < everything
    assert at.query_params["q"] in ("prison", ["prison"])
    import pandas as pd

    rows = pd.DataFrame(
        {"Code": ["A-1", "B-2"], "Recommendation": ["Réintégration des détenus", "Online content"],
         "Thematic area": ["Prisons", "Online"], "Addressee": ["Member States"] * 2,
         "Source": ["Report 1.1"] * 2}
    )  # fmt: skip
    assert list(search(rows, "REINTEGRATION detenus")["Code"]) == ["A-1"]  # any case, no accents needed
    assert list(search(rows, "content", pd.Series({"A-1": "online content too"}))["Code"]) == ["A-1", "B-2"]
    assert search(rows, "nothing like it").empty and len(search(rows, "  ")) == 2


def test_the_recommendation_profile_shows_a_member_states_own_status_beside_the_assessed(app, seeded_sqlite):
    from dashboard.monitoring.recording import StatusEntry
    from dashboard.monitoring.review import submit_status

    with session_scope(make_engine(seeded_sqlite)) as s:
        official = demo_persona(s, Role.MS_OFFICIAL, "EL")
        submit_status(
            s, official, StatusEntry("P-2", "EL", StatusLevel.FULL, dt.date.today(), "All trained.")
        )
    at = app("ms_official", "pages/recommendation.py", ms="EL")
    at.selectbox(key="profile_recommendation").set_value("P-2").run()
    table = at.dataframe[0].value.set_index("Member State")
    assert table.at["Greece", "Member State's own status"] == "Full implementation (submitted)"
    assert table.at["Greece", "Status"] != "Full implementation"
    at = app("ms_official", "pages/recommendation.py", ms="PT")  # another state's: not before review
    at.selectbox(key="profile_recommendation").set_value("P-2").run()
    assert "Member State's own status" not in at.dataframe[0].value.columns
