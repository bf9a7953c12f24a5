"""The audit log: every write, who made it, when, and what changed."""

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.store.audit import recent_entries

ui.require(Action.READ_AUDIT)

st.title("Audit log")
entries = ui.read(recent_entries)
st.caption(f"The {len(entries)} most recent changes, newest first. Times are UTC.")
st.dataframe(
    entries,
    hide_index=True,
    column_config={"When (UTC)": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm:ss")},
)
