"""The options for a permanent EU structure and the criteria they are assessed against."""

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.assessment.catalogue import criteria_table, options_table, relative_scale_legend

ui.require(Action.VIEW)

st.title("Options and criteria")
st.subheader("Options for a more permanent EU structure")
st.dataframe(
    ui.read(options_table),
    hide_index=True,
    column_config={"Baseline": st.column_config.CheckboxColumn(help="Other options are scored against it")},
)
st.subheader("Criteria")
st.caption(f"Options are scored against the baseline: {relative_scale_legend()}.")
st.dataframe(ui.read(criteria_table), hide_index=True)
