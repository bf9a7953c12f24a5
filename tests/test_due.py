"""What is due in the open round: an official's to-do list, the secretariat's view per Member State
and the reminder workbook, with where the Member States' submissions stand."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dashboard.access.auth import COMMAND_LINE
from dashboard.access.demo import demo_persona
from dashboard.enums import Role, StatusLevel
from dashboard.errors import PermissionDenied
from dashboard.excel.reminders import render
from dashboard.monitoring import due, recording, review, rounds
from dashboard.store.db import make_engine, session_scope
from tests.apptest import texts

TODAY = dt.date.today()
FOR_MEMBER_STATES = ["P-1", "P-2", "P-3", "P-4", "C-3", "I-1", "L-1", "E-1", "K-1", "X-1", "M-2"]


@pytest.fixture
def open_round(seeded):
    with session_scope(seeded) as s:
        rounds.add_round(s, COMMAND_LINE, "2027 review", TODAY)  # covers what is dated after 30 Jun 2025
    return seeded


def test_an_official_sees_what_has_no_status_this_round_and_what_is_overdue(open_round):
    with session_scope(open_round) as s:
        official = demo_persona(s, Role.MS_OFFICIAL, "EL")
        found = due.due_for(s, official, "EL")
    items = found.items.set_index("Recommendation")
    # Nothing is dated inside the new round yet: every recommendation addressed to the Member States
    # is missing, unless Greece's latest status says it does not apply there.
    assert set(items.index) <= set(FOR_MEMBER_STATES) and found.missing == len(items) > 0
    assert all(why.startswith("No status this round yet ('2027 review')") for why in items["Why"])
    overdue = items[items["Why"].str.contains("overdue")]
    assert found.overdue == len(overdue) and (overdue["Deadline"] < TODAY).all()
    assert "Full implementation" not in set(overdue["Current status"])
    with session_scope(open_round) as s:  # a submission is not missing any more, though not yet assessed
        entry = recording.StatusEntry("P-2", "EL", StatusLevel.FULL, TODAY, "Fully in place and evaluated.")
        submitted = review.submit_status(s, official, entry)
    with session_scope(open_round) as s:
        after = due.due_for(s, official, "EL")
        review.contest(s, demo_persona(s, Role.ADMIN), submitted, StatusLevel.SOME, "Not evaluated yet.")
    assert after.missing == found.missing - 1 and after.contested == 0
    assert not set(after.items["Why"][after.items["Recommendation"] == "P-2"]) & {"No status"}
    with session_scope(open_round) as s:  # contested: waiting for Greece's reply
        contested = due.due_for(s, official, "EL")
        table = due.due_by_state(s, demo_persona(s, Role.ADMIN)).set_index("Code")
        review.reply(s, official, submitted, "The evaluation is published.")
    reply = contested.items.set_index("Recommendation").at["P-2", "Why"]
    assert contested.contested == 1 and reply.endswith("contested by the secretariat: reply")
    counts = table.loc[
        "EL", ["Submitted", "Waiting for review", "Validated", "Contested", "Recorded this round"]
    ]
    assert counts.tolist() == [1, 0, 0, 1, 11 - contested.missing]
    with session_scope(open_round) as s:
        replied = due.due_for(s, official, "EL")
        table = due.due_by_state(s, demo_persona(s, Role.ADMIN)).set_index("Code")
    assert replied.contested == 0 and table.at["EL", "Waiting for review"] == 1


def test_an_official_sees_only_their_own_state(open_round):
    with (
        pytest.raises(PermissionDenied, match="only for your own Member State"),
        session_scope(open_round) as s,
    ):
        due.due_for(s, demo_persona(s, Role.MS_OFFICIAL, "PT"), "EL")


def test_the_secretariat_sees_every_state_and_gets_a_reminder_workbook(open_round):
    with session_scope(open_round) as s:
        admin = demo_persona(s, Role.ADMIN)
        table = due.due_by_state(s, admin).set_index("Code")
        greece = due.due_for(s, admin, "EL")
        report = due.reminder_report(s, admin)
    assert len(table) == 27 and "UK" not in table.index
    assert table.at["EL", "Missing"] == greece.missing
    assert table.at["EL", "Recorded this round"] == 11 - greece.missing
    assert table.at["EL", "Officials"] == "official.el@example.com"
    book = load_workbook(io.BytesIO(render(report)))
    rows = list(book["Reminders"].iter_rows(values_only=True))
    assert rows[0] == (
        "Member State",
        "Write to",
        "Recommendation",
        "Title",
        "What is due",
        "Round ends",
        "Deadline",
    )
    assert len(rows) - 1 == len(report.rows) > 0
    greek = [r for r in rows[1:] if r[0] == "EL"]
    assert len(greek) == len(greece.items) and greek[0][1] == "official.el@example.com"
    assert greek[0][5].date() == TODAY


def test_without_an_open_round_only_overdue_items_are_due(seeded):
    with session_scope(seeded) as s:
        found = due.due_for(s, COMMAND_LINE, "EL")
    assert found.round is None and found.missing == 0
    assert all(why.startswith("overdue since") for why in found.items["Why"])


def test_the_page_lists_an_officials_items_and_the_secretariats_states(app, seeded_sqlite):
    with session_scope(make_engine(seeded_sqlite)) as s:
        rounds.add_round(s, demo_persona(s, Role.ADMIN), "2027 review", TODAY)  # demo mode stays on
    at = app("ms_official", "pages/due.py", ms="EL")
    assert "Round '2027 review' is open" in texts(at).replace("\\", "")
    assert next(h.value for h in at.subheader).startswith("Greece: ")
    at = app("admin", "pages/due.py")
    assert len(at.dataframe[0].value) == 27
    assert any(b.label == "Reminder workbook" for b in at.get("download_button"))


def test_reminders_are_e_mailed_one_per_member_state_through_the_configured_server(open_round):
    from dashboard.monitoring import mail
    from tests.smtp_sink import SmtpSink

    with session_scope(open_round) as s:
        admin = demo_persona(s, Role.ADMIN)
        table = due.reminders(s, admin)
        greece = due.due_for(s, admin, "EL")
    with SmtpSink() as sink, session_scope(open_round) as s:
        settings = mail.MailSettings("127.0.0.1", sink.port, "secretariat@example.eu")
        sent = mail.send_reminders(s, admin, settings)
    states = table[table["Write to"].str.contains("@")]["Member State"].unique()
    assert sent == len(sink.received) == len(states) > 0
    message = next(m for m in sink.received if m["To"] == "official.el@example.com")
    assert message["From"] == "secretariat@example.eu"
    assert message["Subject"] == f"HLCEG-R follow-up: {len(greece.items)} items due from Greece"
    body = message.get_payload(decode=True).decode()
    assert f"by {TODAY:%d %B %Y} (round '2027 review')" in body
    assert all(f"- {code} " in body for code in greece.items["Recommendation"])


def test_an_unreachable_mail_server_is_a_sentence_and_sends_nothing(open_round, monkeypatch):
    from dashboard.errors import InvalidInput
    from dashboard.monitoring import mail
    from tests.browser import free_port

    port = free_port()  # nobody listens there
    with pytest.raises(InvalidInput) as raised, session_scope(open_round) as s:
        mail.send_reminders(s, demo_persona(s, Role.ADMIN), mail.MailSettings("127.0.0.1", port))
    assert str(raised.value).startswith(f"The mail server 127.0.0.1:{port} could not take the reminders")
    assert "nothing was sent" in str(raised.value)
    monkeypatch.setenv("DASHBOARD_SMTP_HOST", "mail.example.eu")
    monkeypatch.setenv("DASHBOARD_SMTP_PORT", "smtp")
    with pytest.raises(InvalidInput, match="DASHBOARD_SMTP_PORT 'smtp' is not a port number"):
        mail.settings_from_env()
    monkeypatch.delenv("DASHBOARD_SMTP_HOST")
    assert mail.settings_from_env() is None  # off by default
