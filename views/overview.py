"""Overview: the register, the latest EU-wide implementation figures and the options catalogue."""

import datetime as dt

import streamlit as st

from dashboard import charts, ui
from dashboard.overview import overview_figures
from dashboard.tracking import status_counts_by_area

today = dt.date.today()
figures = ui.read(overview_figures, today)

st.title("EU prevent policy at a glance")
st.caption(
    f"As of {today:%d %B %Y} · latest assessment round: {figures.latest_round or 'none yet'} · "
    f"data revision {figures.revision}"
)

left, mid, right = st.columns(3)
left.metric("Member States", figures.member_states, help="Member States of the EU on this date")
mid.metric("Recommendations", figures.recommendations, help=f"in {figures.thematic_areas} thematic areas")
right.metric(
    "Assessments recorded",
    f"{figures.assessments:,}",
    help=f"over {figures.rounds} assessment rounds; the history is kept in full",
)
left, mid, right = st.columns(3)
left.metric(
    "Progress index (EU)",
    f"{figures.progress_index:.0%}" if figures.progress_index is not None else "—",
    help="Mean status level ÷ 4 over applicable, assessed recommendation × Member State pairs "
    "(0 = no progress anywhere, 100 % = fully implemented everywhere)",
)
mid.metric(
    "At least some progress",
    f"{figures.share_some_or_more:.0%}" if figures.share_some_or_more is not None else "—",
    help="Share of applicable, assessed pairs at 'Some progress' or better",
)
right.metric(
    "Options × criteria",
    f"{figures.options} × {figures.criteria}",
    help=f"scored by {figures.experts_scoring} experts",
)

st.caption(
    f"{figures.assessed_pairs} of {figures.pairs} applicable recommendation × Member State pairs "
    "have been assessed. 'Not applicable' and 'Not assessed' are never counted as 'No progress'."
)
counts = ui.read(status_counts_by_area, today)
if counts.empty:
    st.info("No implementation assessments recorded yet.")
else:
    ui.plotly(charts.status_by_area(counts, "Latest status by thematic area"), "status-by-area")
