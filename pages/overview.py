"""Cabinet overview: the leading option and how robust it is; EU implementation at a glance."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.cabinet import cabinet_view, extremes_words, lead_words, robustness_words
from dashboard.charts import assessment as option_charts
from dashboard.charts import eu as eu_charts
from dashboard.monitoring.figures import change
from dashboard.monitoring.queries import lookups

ui.require(Action.VIEW)

today = dt.date.today()
heading, switch = st.columns([3, 1], vertical_alignment="bottom")
heading.title("EU prevent policy at a glance")
with switch:
    when = ui.figures_when(today)
view = ui.read(cabinet_view, when)
now, before = view.now, view.before
since = f"since {view.previous_round}" if view.previous_round else ""
st.caption(
    f"{view.basis.describe()} · latest assessment round: {view.latest_round or 'none yet'}"
    f"{f' · changes {since}' if since else ''}"
)


def pct(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "—"


def points(now_value: float | None, before_value: float | None) -> str | None:
    moved = change(now_value, before_value)
    return None if moved is None else f"{moved:+.0f} pts {since}"


b = before
cols = st.columns(5)
cols[0].metric(
    "Progress index (EU)",
    pct(now.progress),
    points(now.progress, b and b.progress),
    help="Mean status level ÷ 4 over applicable, assessed recommendation × Member State pairs "
    "(0 % = no progress anywhere, 100 % = fully implemented everywhere)",
)
cols[1].metric(
    "At least some progress", pct(now.some_or_more), points(now.some_or_more, b and b.some_or_more)
)
cols[2].metric(
    "Substantial or full",
    pct(now.substantial_or_full),
    points(now.substantial_or_full, b and b.substantial_or_full),
)
cols[3].metric(
    "Coverage",
    pct(now.coverage),
    points(now.coverage, b and b.coverage),
    help=f"{now.assessed} of {now.applicable} applicable pairs assessed. "
    "'Not applicable' and 'Not assessed' are never counted as 'No progress'.",
)
cols[4].metric(
    "Overdue",
    now.overdue,
    None if view.overdue_change is None else f"{view.overdue_change:+d} {since}",
    delta_color="inverse",
    help="Applicable pairs whose deadline has passed and that are not fully implemented",
)

options, eu_map, areas = st.columns([4, 4, 4], gap="medium")
with options:
    st.markdown("#### Leading option")
    lead = view.leader
    if lead is None:
        st.info("No options scored yet, or the shared weights give every criterion zero.")
    else:
        st.markdown(lead_words(lead))
        st.caption(robustness_words(lead))
        ui.plotly(option_charts.first_rank_bars(lead.acceptability, lead.profile, height=250), "first-rank")
with eu_map:
    st.markdown("#### Member States")
    names = ui.read(lookups).states
    ui.plotly(
        eu_charts.tile_map(
            view.states, names, f"Progress index, {view.basis.as_of:%d %b %Y}", height=380, tile=36
        ),
        "progress-map",
    )
with areas:
    st.markdown("#### Thematic areas")
    st.caption(extremes_words(view.areas))
    ui.plotly(
        eu_charts.area_progress_bars(view.areas, "Progress index by area", height=350), "progress-by-area"
    )
