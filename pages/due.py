"""What is due: an official's to-do list for the open round; the secretariat's view of every Member
State, and the reminder workbook to send."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action, can
from dashboard.excel import reminders as reminder_workbook
from dashboard.monitoring import due
from dashboard.monitoring.queries import lookups
from dashboard.text import literal
from dashboard.ui import review

user = ui.require(Action.RECORD_STATUS)
st.title("What is due")
current = ui.read(due.open_round)
if current is None:
    st.info("No assessment round is open: nothing is due for a round. Overdue recommendations are listed.")
else:
    st.caption(
        literal(f"Round '{current.name}' is open: statuses {current.period}, due by its reference date.")
    )
states = ui.read(lookups).states
if can(user, Action.MANAGE):
    table = ui.read(due.due_by_state, user, dt.date.today())  # the date in the key: fresh each day
    st.dataframe(
        table if current else table.dropna(axis="columns", how="all"),  # no round: no round's counts
        hide_index=True,
        column_config={"Officials": st.column_config.TextColumn(width="large")},
    )
    ui.excel_download(
        "Reminder workbook",
        due.reminder_report,
        reminder_workbook.render,
        file_name=due.reminder_file_name(dt.date.today()),
        key="reminders",
        help="Per Member State: who to write to, what is due, by when",
    )
    review.email_reminders(user)
    member_state = st.selectbox(
        "Member State",
        list(table["Code"]),
        format_func=lambda c: f"{states.get(c, c)} ({c})",
        key="due_state",
    )
else:
    member_state = user.member_state
found = ui.read(due.due_for, user, member_state, dt.date.today())
state_name = states.get(member_state, member_state)
missing = f"{found.missing} without a status this round, " if current else ""
contested = f", {found.contested} contested waiting for a reply" if found.contested else ""
st.subheader(f"{state_name}: {missing}{found.overdue} overdue{contested}")
if found.items.empty:
    st.success("Nothing is due.", icon=":material/check:")
else:
    st.dataframe(
        found.items,
        hide_index=True,
        column_config={
            "Why": st.column_config.TextColumn(width="large"),
            "Deadline": st.column_config.DateColumn(format="D MMM YYYY"),
        },
    )
    st.caption("Submit a status on the Member State profile, or several at once with the Excel template.")
review.reply_or_withdraw(user, member_state)
