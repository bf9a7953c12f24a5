"""A person's own saved scenarios, in the options page's "Link to this scenario" popover."""

from __future__ import annotations

import streamlit as st

from dashboard.assessment.saved_scenarios import my_scenarios, remove_scenario, save_scenario
from dashboard.text import literal
from dashboard.ui.data import current_user, fresh, write

MINE_KEY = "my_scenarios"  # (user id, criteria, rows): this session's copy of the person's scenarios


def saved_scenarios(link: str, codes: list[str]) -> None:
    """Save the scenario on screen under a name; open or remove one saved before (only yours)."""
    with st.form("save_scenario", border=False):
        name = st.text_input(
            "Save it as my scenario", max_chars=120, placeholder="A name only you see", key="scenario_name"
        )
        if st.form_submit_button("Save") and write(save_scenario, name, link, codes) is not None:
            st.session_state.pop(MINE_KEY, None)
            st.toast(literal(f"Saved '{name.strip()}'."), icon=":material/bookmark_added:")
    # Read once per session and again after this session saves or removes one: the popover sits in
    # the live-weights fragment, and a weight nudge must not cost a query.
    user, held = current_user(), st.session_state.get(MINE_KEY)
    if not (isinstance(held, tuple) and held[:2] == (user.user_id, tuple(codes))):
        table = fresh(my_scenarios, user, codes)
        rows = tuple(zip(table["name"], table["scenario"], table["fits"], strict=True))
        held = st.session_state[MINE_KEY] = (user.user_id, tuple(codes), rows)
    if not held[2]:
        return
    fits = {name: bool(fit) for name, _, fit in held[2]}
    links = {name: value for name, value, _ in held[2]}
    chosen = st.selectbox(
        "My scenarios",
        list(fits),
        format_func=lambda n: n if fits[n] else f"{n} (made for criteria since changed)",
        key="my_scenario",
    )
    open_it, remove = st.columns(2)
    if open_it.button("Open this scenario", key="open_scenario", disabled=not fits.get(chosen, False)):
        st.query_params["s"] = links[chosen]  # applied as a link is
        st.rerun()
    if remove.button("Remove it", key="remove_scenario") and write(remove_scenario, chosen) is not None:
        st.session_state.pop(MINE_KEY, None)
        st.toast(literal(f"Removed '{chosen}'."))
        st.rerun()
