"""The recommendation register: every recommendation, its area, addressee, deadline and priority."""

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.monitoring.queries import lookups
from dashboard.monitoring.register import descriptions, recommendations_table, search, search_caption

ui.require(Action.VIEW)

st.title("Recommendations")
table = ui.read(recommendations_table)
words, areas = st.columns([1, 1])
asked = words.text_input(
    "Search",
    value=st.query_params.get("q", ""),
    max_chars=200,
    placeholder="Words in a code, title or source",
)
chosen = areas.multiselect("Thematic areas", list(ui.read(lookups).areas.values()), placeholder="All areas")
ui.keep_in_link({"q": asked.strip() or None})
shown = search(table[table["Thematic area"].isin(chosen)] if chosen else table, asked, ui.read(descriptions))
st.caption(search_caption(len(shown), len(table), asked))
st.dataframe(
    shown.drop(columns=["Issued"]),
    hide_index=True,
    height=ui.table_height(len(shown)),
    column_config={
        "Deadline": st.column_config.DateColumn(format="D MMM YYYY"),
        "Illustrative": st.column_config.CheckboxColumn(help="Demo entry, not the official list"),
        "Thematic area": st.column_config.TextColumn(width="medium"),
        "Recommendation": st.column_config.TextColumn(width="large"),
    },
)
