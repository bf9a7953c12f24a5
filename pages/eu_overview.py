"""EU overview: implementation in every Member State, filtered by area, addressee and date."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.charts import eu as eu_charts
from dashboard.charts import status as charts
from dashboard.enums import Addressee, label_of, ordered
from dashboard.excel import implementation as workbook
from dashboard.monitoring.eu_view import eu_view
from dashboard.monitoring.filters import filters_to_params, parse_filters
from dashboard.monitoring.queries import lookups
from dashboard.monitoring.report import file_name, implementation_report
from dashboard.text import literal

ui.require(Action.VIEW)

today = dt.date.today()
names = ui.read(lookups)
areas = names.areas
link = parse_filters(st.query_params.to_dict(), list(areas), today)
heading, download = st.columns([4, 1], vertical_alignment="bottom")
heading.title("Implementation across the EU")
for problem in link.problems:
    ui.warning(problem)
pick_area, pick_to, pick_date, pick_basis = st.columns([3, 2, 1, 2], vertical_alignment="bottom")
chosen = pick_area.multiselect(
    "Thematic areas",
    list(areas),
    default=list(link.areas),
    format_func=areas.get,
    placeholder="All areas",
    key="eu_areas",
)
to = pick_to.multiselect(
    "Addressed to",
    ordered(Addressee),
    default=list(link.addressees),
    format_func=label_of,
    placeholder="Everyone",
    key="eu_to",
)
with pick_basis:
    when = ui.figures_when(today)
as_of = pick_date.date_input(
    "As of", value=link.as_of, max_value=today, format="DD/MM/YYYY", key="eu_asof", disabled=when != today
)
ui.keep_in_link(filters_to_params(chosen, to, as_of, today))
when = as_of if when == today else when
with download:
    ui.excel_download(
        "Excel workbook",
        implementation_report,
        workbook.render,
        when,
        file_name=file_name(when),
        key="download_eu",
        help="Every Member State and recommendation as shown (live, or as published), ready to print",
    )

view = ui.read(eu_view, when, tuple(chosen), tuple(to))
st.caption(literal(view.basis.describe()))
figures = view.figures
pct = lambda v: f"{v:.0%}" if v is not None else "—"  # noqa: E731
cols = st.columns(5)
cols[0].metric(
    "Progress index", pct(figures.progress), help="Mean status level ÷ 4 over applicable, assessed pairs"
)
cols[1].metric("At least some progress", pct(figures.some_or_more))
cols[2].metric("Substantial or full", pct(figures.substantial_or_full))
cols[3].metric(
    "Coverage",
    pct(figures.coverage),
    help=f"{figures.assessed} of {figures.applicable} applicable "
    "recommendation × Member State pairs assessed",
)
cols[4].metric("Overdue", figures.overdue, help="Deadline passed and not fully implemented")

# The figures of these filters: built once per replica and data revision, shared by every session.
shown = (when, tuple(chosen), tuple(to))
left, right = st.columns([3, 2])
with left:
    title = f"Progress index by Member State, {view.basis.as_of:%d %b %Y}"
    ui.shared_chart("eu-map", shown, lambda: eu_charts.tile_map(view.states, names.states, title))
with right:
    ui.shared_chart(
        "eu-trend", shown, lambda: eu_charts.trend_chart(view.trend, "EU trend by assessment round")
    )
ui.shared_chart("eu-areas", shown, lambda: charts.status_by_area(view.by_area, "Status by thematic area"))
ui.shared_chart(
    "eu-matrix",
    shown,
    lambda: eu_charts.status_matrix(
        view.matrix, "Every recommendation at EU level and in every Member State"
    ),
)
