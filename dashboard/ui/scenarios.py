"""A person's own saved scenarios, in the options page's "Link to this scenario" popover."""

from __future__ import annotations

import streamlit as st

from dashboard.assessment.saved_scenarios import my_scenarios, remove_scenario, save_scenario
from dashboard.text import literal
from dashboard.ui.data import current_user, fresh, write


def saved_scenarios(link: str, codes: list[str]) -> None:
    """Save the scenario on screen under a name; open or remove one saved before (only yours)."""
    with st.form("save_scenario", border=False):
        name = st.text_input(
            "Save it as my scenario", max_chars=120, placeholder="A name only you see", key="scenario_name"
        )
        if st.form_submit_button("Save") and write(save_scenario, name, link, codes) is not None:
            st.toast(literal(f"Saved '{name.strip()}'."), icon=":material/bookmark_added:")
    mine = fresh(my_scenarios, current_user(), codes)
    if mine.empty:
        return
    fits = dict(zip(mine["name"], mine["fits"], strict=True))
    chosen = st.selectbox(
        "My scenarios",
        list(fits),
        format_func=lambda n: n if fits[n] else f"{n} (made for criteria since changed)",
        key="my_scenario",
    )
    open_it, remove = st.columns(2)
    if open_it.button("Open", key="open_scenario", disabled=not fits.get(chosen, False)):
        st.query_params["s"] = mine.set_index("name").at[chosen, "scenario"]  # applied as a link is
        st.rerun()
    if remove.button("Remove", key="remove_scenario") and write(remove_scenario, chosen) is not None:
        st.toast(literal(f"Removed '{chosen}'."))
        st.rerun()
