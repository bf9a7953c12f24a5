"""The audit log: every write, who made it, when, and what changed; filtered, paged, downloadable."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.audit_log import AuditFilter, audit_page, audit_report, choices, file_name
from dashboard.access.auth import Action
from dashboard.excel import audit as workbook

user = ui.require(Action.READ_AUDIT)
heading, download = st.columns([4, 1], vertical_alignment="bottom")
heading.title("Audit log")
lists = ui.fresh(choices, user)
who, action, entity, since, until = st.columns([3, 2, 2, 2, 2])
wanted = AuditFilter(
    who.selectbox("Who", lists["actor"], index=None, placeholder="Anyone", key="audit_who") or "",
    action.selectbox("Action", lists["action"], index=None, placeholder="Any action", key="audit_action")
    or "",
    entity.selectbox("What", lists["entity"], index=None, placeholder="Anything", key="audit_entity") or "",
    since.date_input("From", value=None, format="DD/MM/YYYY", key="audit_since"),
    until.date_input("Until", value=None, format="DD/MM/YYYY", key="audit_until"),
)
page = st.session_state.get("audit_page", 1)
found = ui.fresh(audit_page, user, wanted, page)
if page != found.page:  # a narrower filter has fewer pages
    st.session_state["audit_page"] = found.page
st.caption(f"{found.describe(wanted)} Times are UTC.")
st.dataframe(
    found.rows,
    hide_index=True,
    height=ui.table_height(len(found.rows), most=25),
    column_config={"When (UTC)": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm:ss")},
)
st.number_input("Page", min_value=1, max_value=found.pages, step=1, key="audit_page")
with download:
    ui.excel_download(
        "Excel",
        audit_report,
        workbook.render,
        wanted,
        file_name=file_name(dt.datetime.now(dt.UTC)),
        key="download_audit",
        help="The entries of this filter, every page, as a workbook",
    )
