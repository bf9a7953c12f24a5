"""Cabinet overview: the leading option and how robust it is; EU implementation at a glance."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.cabinet import (
    basis_words,
    cabinet_view,
    empty_words,
    extremes_words,
    headline_metrics,
    lead_words,
    robustness_words,
)
from dashboard.charts import assessment as option_charts
from dashboard.charts import eu as eu_charts
from dashboard.monitoring.queries import lookups
from dashboard.text import literal

ui.require(Action.VIEW)

today = dt.date.today()
heading, switch = st.columns([3, 1], vertical_alignment="bottom")
heading.title("EU prevent policy at a glance")
with switch:
    when = ui.figures_when(today)
view = ui.read(cabinet_view, when)
now = view.now
st.caption(literal(basis_words(view)))


for column, figure in zip(st.columns(5), headline_metrics(view), strict=True):
    column.metric(figure.label, figure.value, figure.delta, delta_color=figure.delta_color, help=figure.help)

options, eu_map, areas = st.columns([4, 4, 4], gap="medium")
with options:
    st.markdown("#### Leading option")
    lead = view.leader
    if lead is None:
        st.info("No ranking yet: no option is scored on every criterion, or the shared weights are all zero.")
    else:
        st.markdown(lead_words(lead))
        st.caption(literal(robustness_words(lead)))
        ui.shared_chart(
            "first-rank",
            when,
            lambda: option_charts.first_rank_bars(lead.acceptability, lead.profile, height=225),
        )
if (nothing_yet := empty_words(now)) is not None:
    eu_map.markdown("#### Member States")
    eu_map.info(nothing_yet)
    st.stop()
with eu_map:
    st.markdown("#### Member States")
    names = ui.read(lookups).states
    ui.shared_chart(
        "progress-map",
        when,
        lambda: eu_charts.tile_map(
            view.states, names, f"Progress index, {view.basis.as_of:%d %b %Y}", height=380, tile=36
        ),
    )
with areas:
    st.markdown("#### Thematic areas")
    st.caption(literal(extremes_words(view.areas)))
    ui.shared_chart(
        "progress-by-area",
        when,
        lambda: eu_charts.area_progress_bars(view.areas, "Progress index by area", height=350),
    )
