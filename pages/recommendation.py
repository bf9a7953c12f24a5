"""Recommendation profile: one recommendation across every Member State."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.charts import eu as eu_charts
from dashboard.monitoring.queries import lookups
from dashboard.monitoring.recommendation_view import recommendation_view, status_table
from dashboard.monitoring.review_view import SHOWN, beside, submissions
from dashboard.text import literal

user = ui.require(Action.VIEW)

today = dt.date.today()
names = ui.read(lookups)
pick, switch = st.columns([1, 1], vertical_alignment="bottom")
label = names.recommendation_label
code = pick.selectbox(
    "Recommendation", list(names.recommendations), format_func=label, key="profile_recommendation"
)
with switch:
    when = ui.figures_when(today)
with ui.explained():
    data = ui.read(recommendation_view, code, when)
    st.title(literal(f"{data.code}: {data.title}"))
    deadline = f"{data.deadline:%d %b %Y}" if data.deadline else "none"
    st.caption(
        literal(
            f"{data.area} · addressed to {data.addressee} · deadline {deadline} · {data.basis.describe()}"
        )
    )
    if data.description:
        st.text(data.description)
    figures = data.figures
    pct = lambda v: f"{v:.0%}" if v is not None else "—"  # noqa: E731
    cols = st.columns(4)
    cols[0].metric(
        "Progress index",
        pct(figures.progress),
        help="Mean status level ÷ 4 over applicable, assessed Member States",
    )
    cols[1].metric("At least some progress", pct(figures.some_or_more))
    cols[2].metric(
        "Coverage",
        pct(figures.coverage),
        help=f"{figures.assessed} of {figures.applicable} Member States where it applies have been assessed",
    )
    cols[3].metric(
        "Overdue", figures.overdue, help="Member States past the deadline without full implementation"
    )
    left, right = st.columns([1, 1])
    with left:
        ui.shared_chart(
            f"map-{data.code}",
            when,
            lambda: eu_charts.tile_map(data.states, names.states, "Status level ÷ 4 by Member State"),
        )
    with right:
        st.dataframe(
            status_table(
                beside(data.current, ui.read(submissions, user, None, SHOWN, code), by="member_state")
                if when == today  # the Member States' own statuses are today's
                else data.current
            ),
            hide_index=True,
            height=ui.table_height(len(data.current), 14),
            column_config={
                "Source": st.column_config.LinkColumn(display_text="source"),
                "Since": st.column_config.DateColumn(format="D MMM YYYY"),
            },
        )
