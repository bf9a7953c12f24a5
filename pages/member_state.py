"""Member State profile: each recommendation's status with evidence, the history, and recording."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action, can
from dashboard.charts import eu as eu_charts
from dashboard.charts import status as charts
from dashboard.enums import StatusLevel, label_of, ordered
from dashboard.excel import implementation as workbook
from dashboard.monitoring.basis import Basis
from dashboard.monitoring.queries import history, member_states_on
from dashboard.monitoring.recording import StatusEntry, record_assessment
from dashboard.monitoring.report import file_name, implementation_report
from dashboard.monitoring.state_view import member_state_view, recording_choices, status_table
from dashboard.text import literal

user = ui.require(Action.VIEW)
today = dt.date.today()
pick, switch = st.columns([1, 1], vertical_alignment="bottom")
with switch:
    when = ui.figures_when(today)
with pick:  # the Member States on the figures' date: the UK only for a round when it was one
    code = ui.member_state_picker(ui.read(member_states_on, when.as_of if isinstance(when, Basis) else when))
with ui.explained():
    data = ui.read(member_state_view, code, when)
    heading, download = st.columns([4, 1], vertical_alignment="bottom")
    heading.title(literal(f"{data.name}: implementation"))
    with download:
        ui.excel_download(
            "Excel summary",
            implementation_report,
            workbook.render,
            when,
            code,
            file_name=file_name(when, code),
            key="download_state",
            help=f"{data.name}: status, evidence, history and the EU comparison, ready to print",
        )
    never = "'Not applicable' and 'Not assessed' never count as 'No progress'."
    st.caption(literal(f"{data.basis.describe()}. {never}"))
    left, mid, right = st.columns(3)
    left.metric(
        "Progress index",
        f"{data.progress:.0%}" if data.progress is not None else "—",
        delta=None if data.gap is None else f"{data.gap:+.0f} points against the EU",
        help="Mean status level ÷ 4 over applicable, assessed recommendations",
    )
    mid.metric("EU progress index", f"{data.eu_progress:.0%}" if data.eu_progress is not None else "—")
    right.metric("Overdue", data.overdue, help="Deadline passed and not fully implemented")
    st.dataframe(
        status_table(data.current),
        hide_index=True,
        height=ui.table_height(len(data.current)),
        column_config={
            "Source": st.column_config.LinkColumn(display_text="source"),
            "Since": st.column_config.DateColumn(format="D MMM YYYY"),
            "Evidence": st.column_config.TextColumn(width="large"),
        },
    )
    ui.shared_chart(
        f"eu-comparison-{code}",
        when,
        lambda: eu_charts.comparison_chart(
            data.by_area, data.name, f"{data.name} against the EU, by thematic area"
        ),
    )
    past = ui.read(history, code)
    if not past.empty:
        ui.shared_chart(
            f"history-{code}", "all", lambda: charts.status_timeline(past, "History of every recorded status")
        )

if can(user, Action.RECORD_STATUS, code):
    with st.form("record_status", clear_on_submit=True):
        st.subheader(f"Record a status for {data.name}")
        rec, status, on = st.columns([3, 1.5, 1])
        choices = recording_choices(data.current, data.basis.published)
        rec = rec.selectbox(
            "Recommendation", list(choices), format_func=choices.get, key="record_recommendation"
        )
        status = status.selectbox("Status", ordered(StatusLevel), format_func=label_of)
        on = on.date_input("Assessed on", value=today, max_value=today, format="DD/MM/YYYY")
        evidence = st.text_area("Evidence (required when the status changes)", max_chars=4000)
        source = st.text_input("Source (web address)", placeholder="https://")
        reason = ""
        if can(user, Action.MANAGE):
            reason = st.text_input(
                "Correction of a published round: the reason (secretariat only)", max_chars=1000
            )
        if st.form_submit_button("Record status", type="primary"):
            entry = StatusEntry(rec, code, status, on, evidence, source, reason)
            if ui.write(record_assessment, entry) is not None:
                ui.success(f"Recorded {label_of(status)} for {rec} in {data.name} on {on:%d %b %Y}.")
