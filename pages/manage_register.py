"""The secretariat's register: load it from Excel, add, change or retire a recommendation."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.audit_log import history_of
from dashboard.access.auth import Action
from dashboard.excel import register as workbook
from dashboard.monitoring.queries import lookups
from dashboard.monitoring.register import (
    add_recommendation,
    area_choices,
    edit_recommendation,
    recommendation_record,
    retire_recommendation,
)
from dashboard.monitoring.register_import import import_register, register_template
from dashboard.ui.forms import recommendation_fields

user = ui.require(Action.MANAGE)
today = dt.date.today()
st.title("Manage the register")
load, change = st.tabs(["Load from Excel", "Add or change a recommendation"])
with load:
    st.caption(
        "Add many recommendations at once from the register template: every row is checked (codes new "
        "and unique, areas known, addressee, dates, priority, source document and paragraph); if any row "
        "has a problem nothing is added and every problem is listed. The rows are real data (in demo "
        "mode, illustrative, like everything a persona writes)."
    )
    ui.excel_download(
        "Download the register template",
        register_template,
        workbook.render,
        file_name=f"register-template-{today:%Y-%m-%d}.xlsx",
        key="download_register_template",
    )
    with st.form("register_upload", clear_on_submit=True, border=False):
        uploaded = st.file_uploader("Filled-in register template (.xlsx)", key="register_file")
        submitted = st.form_submit_button(
            "Add to the register", type="primary", icon=":material/upload_file:"
        )
    if submitted and uploaded is None:
        st.warning("Choose a file first.")
    elif submitted and (codes := ui.write(import_register, uploaded.getvalue(), uploaded.name)) is not None:
        ui.success(f"Added {len(codes)} recommendation(s) from {uploaded.name}: {', '.join(codes)}.")
with change:
    titles, areas = ui.read(lookups).recommendations, ui.read(area_choices)
    chosen = st.selectbox(
        "Recommendation",
        ["", *titles],
        format_func=lambda c: f"{c} {titles[c]}" if c else "A new one",
        key="register_chosen",
        on_change=ui.forget,
        kwargs={"prefix": "edit_"},  # an edit starts from the recommendation as it is when opened
    )
    if not chosen:
        with st.form("add_recommendation", clear_on_submit=True):
            entry = recommendation_fields(None, areas, "new")
            if st.form_submit_button("Add the recommendation", type="primary") and ui.write(
                add_recommendation, entry
            ):
                ui.success(f"Added {entry.code} to the register.")
        st.stop()
    name = f"edit_{chosen}"
    entry, version, retired_on = ui.snapshot(name, recommendation_record, chosen)
    if retired_on is not None:
        ui.info(f"{chosen} is retired from {retired_on:%d %b %Y}: follow it again to change it.")
    with st.form(f"{name}_form"):
        changed = recommendation_fields(
            entry, areas | {entry.area_id: ui.read(lookups).areas[entry.area_id]}, name
        )
        save, reload = st.columns([1, 4])
        if save.form_submit_button("Save the changes", type="primary") and ui.write(
            edit_recommendation, chosen, changed, version
        ):
            ui.forget(name, prefix=f"{name}_")
            ui.success(f"Saved {changed.code}.")
        if reload.form_submit_button("Discard and reload", help="Show the recommendation as it is now"):
            ui.forget(name, prefix=f"{name}_")
            st.rerun()
    when, act = st.columns([1, 3], vertical_alignment="bottom")
    on = when.date_input("Retire from", value=retired_on or today, format="DD/MM/YYYY", key=f"{name}_retire")
    retire = retired_on is None and act.button("Retire it (its history stays)", key=f"{name}_retire_it")
    if retire and ui.write(retire_recommendation, chosen, on):
        ui.forget(name, prefix=f"{name}_")
        ui.done(f"{chosen} is retired from {on:%d %b %Y}: statuses dated from then on are refused.")
    follow = retired_on is not None and act.button("Follow it again", key=f"{name}_follow")
    if follow and ui.write(retire_recommendation, chosen, None):
        ui.forget(name, prefix=f"{name}_")
        ui.done(f"{chosen} is followed again.")
    st.subheader("History of changes")
    st.dataframe(ui.fresh(history_of, user, "recommendation", chosen), hide_index=True)
