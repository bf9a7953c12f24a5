"""Assessment rounds: open a round, close it, publish it (its figures then never change)."""

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.enums import label_of
from dashboard.monitoring.rounds import add_round, all_rounds, close_round, publish_round, reopen_round
from dashboard.text import literal

ui.require(Action.MANAGE)
st.title("Assessment rounds")
st.caption(
    "A round covers the statuses dated after the previous round's reference date, up to its own. "
    "Open: statuses dated inside it may be recorded. Closed: no new status may be dated inside it. "
    "Published: its figures, the evidence behind them and the register are kept as they are, for good; "
    "pages and workbooks show them 'as published', with a link to them. A status dated inside a "
    "published round can only be recorded by the secretariat, as a correction with its reason, and "
    "counts only in the live figures."
)
rounds = ui.read(all_rounds)
for r in reversed(rounds):
    with st.container(border=True):
        info, act = st.columns([3, 2], vertical_alignment="center")
        published = f" on {r.published_at:%d %b %Y}" if r.published_at else ""
        info.markdown(f"**{literal(r.name)}** · {label_of(r.state)}{published}")
        info.caption(f"Statuses {r.period}.")
        moves = {
            "open": [("Close", close_round)],
            "closed": [("Open again", reopen_round), ("Publish", publish_round)],
        }
        for label, move in moves.get(r.state.value, []):
            if act.button(label, key=f"{label}_{r.id}") and (state := ui.write(move, r.name)) is not None:
                ui.done(f"'{r.name}' is {label_of(state).lower()}.")
        if r.published_at:
            act.page_link(
                ui.page_path("pages/eu_overview.py"),
                label="Figures as published",
                query_params={"round": r.id},
            )
with st.form("add_round", clear_on_submit=True):
    st.subheader("Open a new round")
    name, on = st.columns([2, 1])
    name = name.text_input("Name", placeholder="2027 review", max_chars=80)
    on = on.date_input("Reference date", value=None, format="DD/MM/YYYY")
    if st.form_submit_button("Open the round", type="primary"):
        if on is None:
            st.warning("Choose the round's reference date.")
        elif ui.write(add_round, name, on) is not None:
            ui.done(f"Opened '{name.strip()}'.")
