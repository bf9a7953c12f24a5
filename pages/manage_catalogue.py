"""The secretariat's catalogue: thematic areas, options and criteria; add, change, retire."""

import streamlit as st

from dashboard import ui
from dashboard.access.audit_log import history_of
from dashboard.access.auth import Action
from dashboard.assessment.catalogue import (
    add_criterion,
    add_option,
    catalogue_item,
    criteria_table,
    edit_criterion,
    edit_option,
    options_table,
    retire,
)
from dashboard.monitoring.register import add_area, areas_table, rename_area
from dashboard.ui.forms import criterion_fields, option_fields

user = ui.require(Action.MANAGE)
st.title("Manage the catalogue")
st.caption(
    "Nothing that has been used is deleted: an item is retired (no longer offered or assessed; its "
    "history and scores stay). An option or criterion added after scoring is 'not scored yet' for "
    "every expert until scored, and is never counted as the baseline. Every change is audited."
)
areas_tab, options_tab, criteria_tab = st.tabs(["Thematic areas", "Options", "Criteria"])
with areas_tab:
    areas = ui.read(areas_table)
    st.dataframe(areas, hide_index=True)
    with st.form("add_area", clear_on_submit=True):
        name = st.text_input("New thematic area", max_chars=120)
        if st.form_submit_button("Add the area") and ui.write(add_area, name):
            ui.success(f"Added '{name.strip()}'.")
    with st.form("edit_area"):
        number = st.selectbox(
            "Area",
            list(areas["Number"]),
            format_func=lambda n: f"{n}. {areas.set_index('Number').at[n, 'Thematic area']}",
        )
        renamed = st.text_input("Name", max_chars=120)
        retired = st.toggle("Retired (takes no new recommendations)")
        if st.form_submit_button("Save the area") and ui.write(rename_area, number, renamed, retired):
            st.success("Saved.")

for tab, kind, table, fields, add, edit in [
    (options_tab, "option", options_table, option_fields, add_option, edit_option),
    (criteria_tab, "criterion", criteria_table, criterion_fields, add_criterion, edit_criterion),
]:
    with tab:
        items = ui.read(table)
        st.dataframe(items, hide_index=True)
        chosen = st.selectbox(
            kind.capitalize(),
            ["", *items["Code"]],
            format_func=lambda c, kind=kind: c or f"A new {kind}",
            key=f"{kind}_chosen",
            on_change=ui.forget,
            kwargs={"prefix": f"edit_{kind}_"},  # an edit starts from the item as it is when opened
        )
        if not chosen:
            with st.form(f"add_{kind}"):  # a refused entry keeps what was typed
                entry = fields(None, f"new_{kind}")
                if st.form_submit_button(f"Add the {kind}", type="primary") and ui.write(add, entry):
                    ui.forget(prefix=f"new_{kind}_")
                    ui.done(f"Added {entry.code.strip().upper()}.")
            continue
        name = f"edit_{kind}_{chosen}"
        entry, version, is_retired = ui.snapshot(name, catalogue_item, kind, chosen)
        with st.form(f"{name}_form"):
            changed = fields(entry, name)
            save, reload = st.columns([1, 4])
            if save.form_submit_button("Save the changes", type="primary") and ui.write(
                edit, chosen, changed, version
            ):
                ui.forget(name, prefix=f"{name}_")
                ui.success(f"Saved {changed.code.strip().upper()}.")
            if reload.form_submit_button("Discard and reload", help=f"Show the {kind} as it is now"):
                ui.forget(name, prefix=f"{name}_")
                st.rerun()
        label = "Assess it again" if is_retired else "Retire it (its scores stay)"
        if (
            st.button(label, key=f"{name}_retire")
            and ui.write(retire, kind, chosen, not is_retired) is not None
        ):
            ui.forget(name, prefix=f"{name}_")
            ui.done(f"{chosen} is {'assessed again' if is_retired else 'retired'}.")
        st.dataframe(ui.fresh(history_of, user, kind, chosen), hide_index=True)
