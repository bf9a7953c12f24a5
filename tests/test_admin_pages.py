"""The secretariat's pages as a user sees them: rounds, register, catalogue, users, audit log, demo data."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from dashboard.access.auth import as_current
from dashboard.access.demo import demo_persona
from dashboard.access.users import add_user, set_active
from dashboard.enums import Role, RoundState
from dashboard.monitoring.register import edit_recommendation, recommendation_record
from dashboard.monitoring.rounds import all_rounds
from dashboard.store.db import make_engine, session_scope
from dashboard.store.models import AuditEntry, Recommendation, User
from tests.apptest import APP, ROOT, TIMEOUT, texts, verified
from tests.inputs import WORDS

TODAY = dt.date.today()


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_round_is_opened_closed_and_published_on_the_rounds_page(app, seeded_sqlite):
    at = app("admin", "pages/rounds.py")
    form_name = next(t for t in at.text_input if t.label == "Name")
    form_name.input("2027 review")
    next(d for d in at.date_input if d.label == "Reference date").set_value(TODAY)
    next(b for b in at.button if b.label == "Open the round").click()
    _run(at)
    assert "Opened '2027 review'." in texts(at)
    with session_scope(make_engine(seeded_sqlite)) as s:
        rounds = {r.name: r for r in all_rounds(s)}
    new = rounds["2027 review"]
    assert new.state is RoundState.OPEN
    at.button(key=f"Close_{new.id}").click()
    _run(at)
    assert "'2027 review' is closed." in texts(at)
    at.button(key=f"Publish_{new.id}").click()
    _run(at)
    unpublished = [r.name for r in rounds.values() if r.state is not RoundState.PUBLISHED and r.id != new.id]
    if unpublished:  # the demo may hold earlier rounds not yet published
        assert "publish the earlier rounds first" in texts(at)
    else:
        assert "'2027 review' is published." in texts(at)


def test_a_round_with_a_name_taken_is_refused_with_its_reason(app, seeded_sqlite):
    with session_scope(make_engine(seeded_sqlite)) as s:
        taken = all_rounds(s)[0].name
    at = app("admin", "pages/rounds.py")
    next(t for t in at.text_input if t.label == "Name").input(taken)
    next(d for d in at.date_input if d.label == "Reference date").set_value(TODAY)
    next(b for b in at.button if b.label == "Open the round").click()
    _run(at)
    assert f"a round named '{taken}' already exists" in texts(at)


def test_removing_the_demo_needs_the_typed_confirmation_and_then_ends_demo_mode(app, seeded_sqlite):
    engine = make_engine(seeded_sqlite)
    with session_scope(engine) as s:
        users = s.scalar(select(func.count()).select_from(User))
    at = app("admin", "pages/demo_data.py")
    assert "Illustrative data." in texts(at)
    at.text_input[0].input("yes please")
    next(b for b in at.button if b.label == "Remove the demo data").click()
    _run(at)
    assert "Nothing was removed: type 'remove demo data' to confirm." in texts(at)
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(User)) == users
    at.text_input[0].input("remove demo data")
    next(b for b in at.button if b.label == "Remove the demo data").click()
    _run(at)
    assert f"{users:,} app_user" in texts(at) and "Demo mode is now off" in texts(at)
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(User)) == 0
        assert s.scalar(select(func.count()).select_from(Recommendation)) == 0
    _run(at)  # the next click: the persona is gone, demo mode refused, sign-in asked
    assert "Demo mode is off: the database holds real data (or no demo data is left)" in texts(at)
    assert "Illustrative data." not in texts(at)


def test_a_recommendation_is_added_and_a_stale_edit_is_refused_on_the_register_page(app, seeded_sqlite):
    engine = make_engine(seeded_sqlite)
    at = app("admin", "pages/manage_register.py")
    fields = {t.key: t for t in at.text_input}
    fields["new_code"].input("P-99")
    fields["new_title"].input("Community policing against polarisation")
    fields["new_document"].input("HLCEG-R final report (18 May 2018)")
    fields["new_paragraph"].input("7.3")
    at.selectbox(key="new_area").set_value(1)  # by its id
    at.date_input(key="new_issued").set_value(dt.date(2018, 5, 18))
    next(b for b in at.button if b.label == "Add the recommendation").click()
    _run(at)
    assert "Added P-99 to the register." in texts(at)
    with session_scope(engine) as s:
        assert s.scalar(select(Recommendation.illustrative).where(Recommendation.code == "P-99"))

    at.selectbox(key="register_chosen").set_value("P-1")
    _run(at)
    with session_scope(engine) as s:  # a colleague saves P-1 meanwhile
        record, version, _ = recommendation_record(s, "P-1")
        admin = s.scalar(select(User).where(User.role == Role.ADMIN, User.illustrative))
        changed = record.__class__(**(record.__dict__ | {"title": "Changed by a colleague"}))
        edit_recommendation(s, as_current(admin), "P-1", changed, version)
    at.text_input(key="edit_P-1_title").input("My own title")
    next(b for b in at.button if b.label == "Save the changes").click()
    _run(at)
    assert "Not saved: P-1 was changed by secretariat@example.com" in texts(at)
    with session_scope(engine) as s:
        assert (
            s.scalar(select(Recommendation.title).where(Recommendation.code == "P-1"))
            == "Changed by a colleague"
        )
    next(b for b in at.button if b.label == "Discard and reload").click()
    _run(at)
    assert at.text_input(key="edit_P-1_title").value == "Changed by a colleague"


def test_a_user_is_deactivated_on_the_users_page_and_refused_at_sign_in(app, seeded_sqlite, monkeypatch):
    at = app("admin", "pages/users.py")
    at.selectbox[2].set_value("official.el@example.com")
    next(b for b in at.button if b.label == "Deactivate").click()
    _run(at)
    assert "official.el@example.com is deactivated" in texts(at)
    table = at.dataframe[0].value.set_index("E-mail")
    assert not table.loc["official.el@example.com", "Active"]
    monkeypatch.delenv("DASHBOARD_DEMO")
    signed_in = AppTest.from_file(APP, default_timeout=TIMEOUT)
    signed_in.user = {"is_logged_in": True, **verified("official.el@example.com"), "name": "EL"}
    _run(signed_in)
    assert "official.el@example.com has been deactivated. Ask the secretariat" in texts(signed_in)


def test_the_audit_log_filters_and_pages(app, seeded_sqlite):
    engine = make_engine(seeded_sqlite)
    with session_scope(engine) as s:
        persona = demo_persona(s, Role.ADMIN)  # its writes are illustrative: demo mode stays
        for n in range(120):
            add_user(s, persona, f"reader{n}@example.eu", f"Reader {n}", Role.VIEWER)
        set_active(s, persona, "reader7@example.eu", False)
        total = s.scalar(select(func.count()).select_from(AuditEntry))
    at = app("admin", "pages/audit_log.py")
    assert f"{total:,} entries (every entry), newest first; page 1 of 2." in texts(at)
    assert len(at.dataframe[0].value) == 100
    at.number_input(key="audit_page").set_value(2)
    _run(at)
    assert "page 2 of 2" in texts(at) and len(at.dataframe[0].value) == total - 100
    at.selectbox(key="audit_action").set_value("deactivate")
    _run(at)
    assert "1 entry (action deactivate), newest first; page 1 of 1." in texts(at)
    assert list(at.dataframe[0].value["Key"]) == ["reader7@example.eu"]


def test_a_criterion_added_on_the_catalogue_page_waits_as_not_scored(app):
    at = app("admin", "pages/manage_catalogue.py")
    at.text_input(key="new_criterion_code").input("C-NEW")
    at.text_input(key="new_criterion_name").input("Public trust")
    next(b for b in at.button if b.label == "Add the criterion").click()
    _run(at)
    assert "the definition is required" in texts(at)
    at.text_area(key="new_criterion_description").input("Trust of the public in the structure.")
    next(b for b in at.button if b.label == "Add the criterion").click()
    _run(at)
    assert "say in words what a score of −2, −1, 0, +1, +2 means on this criterion" in texts(at)
    for place, words in enumerate(WORDS):
        at.text_input(key=f"new_criterion_word_{place}").input(words)
    next(b for b in at.button if b.label == "Add the criterion").click()
    _run(at)
    assert "Added C-NEW." in texts(at)
    at.switch_page(str(ROOT / "pages/options.py"))
    _run(at)
    assert "Not in the ranking until scored against everything ranked: C-NEW Public trust" in texts(at)
