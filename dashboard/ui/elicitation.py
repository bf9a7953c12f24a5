"""Swing weighting on the Weights and profiles page: rate each criterion's swing, weights follow."""

from __future__ import annotations

import streamlit as st

from dashboard.assessment.elicitation import judgements_caption, swing, swing_points, swing_table
from dashboard.assessment.model import OptionsModel
from dashboard.charts import assessment as charts
from dashboard.ui.data import show_error
from dashboard.ui.weights import set_weights
from dashboard.ui.widgets import plotly, table_height


def swing_panel(model: OptionsModel, codes: list[str], names: list[str]) -> bool:
    """The swing table and its weights; True when the expert chose to use them on the sliders."""
    st.caption(
        "Imagine every criterion at its worst score. Which swing to its best matters most? Rate it 100, "
        "then rate every other swing from 0 to 100 against it: 50 means half as much. The weights "
        "are the ratings' shares (von Winterfeldt & Edwards; Goodwin & Wright)."
    )
    st.caption(judgements_caption(len(names)))
    table = st.data_editor(
        swing_table(model),
        key=f"swing_{'|'.join(codes)}",  # another set of criteria starts a new table
        hide_index=True,
        disabled=["Criterion", "From worst to best"],
        height=table_height(len(names), most=15),
        column_config={
            "From worst to best": st.column_config.TextColumn(width="large"),
            "Rating": st.column_config.NumberColumn(
                "Rating (0–100)", min_value=0, max_value=100, step=5, required=True
            ),
        },
    )
    result = swing(table)
    if result.weights is None:
        show_error(result.problem)
        return False
    plotly(
        charts.weights_bar(list(result.names), result.weights, "Weights from your swings"), "swing-weights"
    )
    if st.button("Use these weights", type="primary", key="swing_use"):
        set_weights(swing_points(result, codes, names))
        return True
    return False
