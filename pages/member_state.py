"""Member State profile: each recommendation's status with evidence, the history, and recording."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.charts import eu as eu_charts
from dashboard.charts import status as charts
from dashboard.excel import implementation as workbook
from dashboard.monitoring.queries import history
from dashboard.monitoring.report import file_name, implementation_report
from dashboard.monitoring.review_view import beside, own_statuses
from dashboard.monitoring.state_view import member_state_view, status_table
from dashboard.text import literal
from dashboard.ui import review

user = ui.require(Action.VIEW)
today = dt.date.today()
code, when = ui.state_and_date(today)
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
    live = not data.basis.published and data.as_of == today  # own statuses are those of today
    current = beside(data.current, ui.read(own_statuses, user, code)) if live else data.current
    st.dataframe(
        status_table(current),
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

if live:
    review.own_view(user, code, data.name, data.current)
    review.correction_form(user, code, data.name, past)
review.status_form(user, code, data.name, data.current, data.basis.published)
