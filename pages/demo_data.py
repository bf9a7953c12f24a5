"""Demo data: what the illustrative demo holds, and removing all of it before going live."""

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.admin.demo import CONFIRMATION, demo_summary, remove_demo

ui.require(Action.MANAGE)
st.title("Demo data")
left = ui.read(demo_summary)
if not any(left.values()):
    st.success("There is no demo data: every figure comes from real data.")
    st.stop()
st.write(
    "The dashboard was started with **illustrative** data: an invented register, assessments, expert "
    "scores, rounds, weight profiles and the users that stand for each role in demo mode. Before real "
    "work starts, remove all of it. Reference data (Member States, thematic areas, the options and "
    "criteria as seeded) stays. This cannot be undone; make a backup first (`python -m dashboard backup`)."
)
st.dataframe(
    {"What": list(left), "Rows": list(left.values())},
    hide_index=True,
    column_config={"Rows": st.column_config.NumberColumn(format="%d")},
)
st.info(
    "Afterwards demo mode is off for good: everyone signs in. Add the first administrator on the "
    "command line: `python -m dashboard users add EMAIL --name NAME --role admin`, and configure "
    "sign-in (README, 'Sign-in')."
)
with st.form("remove_demo"):
    typed = st.text_input(f"Type **{CONFIRMATION}** to confirm")
    if st.form_submit_button("Remove the demo data", type="primary"):
        if typed.strip().lower() != CONFIRMATION:
            st.warning(f"Nothing was removed: type '{CONFIRMATION}' to confirm.")
        elif (counts := ui.write(remove_demo)) is not None:
            removed = ", ".join(f"{n:,} {table}" for table, n in counts.items() if n)
            st.success(f"Removed the demo data ({removed}). Demo mode is now off: sign in to continue.")
