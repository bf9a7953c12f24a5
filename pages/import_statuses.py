"""Import statuses from Excel: download the template, upload it filled in; all rows or none."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.enums import Role
from dashboard.excel import template
from dashboard.monitoring.importing import import_statuses, upload_template

user = ui.require(Action.IMPORT_DATA)
today = dt.date.today()
st.title("Import statuses from Excel")
own = f" for {user.member_state}" if user.role is Role.MS_OFFICIAL else ""
goes = "submitted for the secretariat's review" if user.role is Role.MS_OFFICIAL else "recorded as assessed"
st.caption(
    f"Record many statuses at once{own}. Each row adds a dated status with its evidence, {goes}; nothing "
    "recorded before is changed. If any row has a problem, nothing is imported and every problem "
    f"is listed. Limits: {template.MAX_ROWS:,} rows, {template.MAX_MEGABYTES} MB, a plain .xlsx workbook."
)

st.subheader("1. Get the template")
ui.excel_download(
    "Download the template",
    upload_template,
    template.render,
    today,
    file_name=f"status-template-{user.member_state or 'EU'}-{today:%Y-%m-%d}.xlsx",
    key="download_template",
    help="Instructions, a Statuses sheet with drop-downs, the current statuses and the register",
)
st.subheader("2. Upload it filled in")
with st.form("import", clear_on_submit=True, border=False):
    uploaded = st.file_uploader("Filled-in template (.xlsx)", key="upload")
    submitted = st.form_submit_button("Import", type="primary", icon=":material/upload_file:")
if submitted and uploaded is None:
    st.warning("Choose a file first.")
elif submitted:
    result = ui.write(import_statuses, uploaded.getvalue(), uploaded.name)
    if result is not None:
        st.success(
            f"{result.words} from {uploaded.name} for {', '.join(result.member_states)}, dated "
            f"{result.first:%d %b %Y} to {result.last:%d %b %Y}."
        )
