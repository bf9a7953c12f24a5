"""EU-level actions: recommendations addressed to the Commission or an agency, their EU-level status
with evidence and history, the EU level's own figures, and the secretariat's recording form."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action, can
from dashboard.enums import StatusLevel, label_of, ordered
from dashboard.monitoring import eu_actions

user = ui.require(Action.VIEW)
st.title("EU-level actions")
st.caption(
    "Recommendations addressed to the Commission or an EU agency are tracked here, at EU level, on "
    "the same scale and with the same evidence and history as a Member State's. They are never mixed "
    "into a Member State's figures; the EU overview's matrix shows them in its EU row."
)
today = dt.date.today()
table = ui.read(eu_actions.eu_statuses, today)
figures = eu_actions.eu_headline(table, today)
cols = st.columns(4)
cols[0].metric(
    "EU-level progress index",
    "—" if figures.progress is None else f"{figures.progress:.0%}",
    help="Mean status level / 4 over the assessed EU-level items",
)
cols[1].metric(
    "Substantial or full",
    "—" if figures.substantial_or_full is None else f"{figures.substantial_or_full:.0%}",
)
cols[2].metric("Assessed", f"{figures.assessed} of {figures.applicable}")
cols[3].metric("Overdue", figures.overdue, help="Deadline passed and not fully implemented")
st.dataframe(
    eu_actions.shown(table),
    hide_index=True,
    column_config={
        "Evidence": st.column_config.TextColumn(width="large"),
        "Source": st.column_config.LinkColumn(),
        "Since": st.column_config.DateColumn(format="D MMM YYYY"),
        "Deadline": st.column_config.DateColumn(format="D MMM YYYY"),
    },
)
choices = ui.read(eu_actions.eu_recommendations)
if not choices:
    st.info("The register holds no recommendation addressed to the Commission or an EU agency.")
    st.stop()
chosen = st.selectbox("Recommendation", list(choices), format_func=choices.get, key="eu_recommendation")
if can(user, Action.MANAGE):
    with st.form("record_eu_status"):
        status, on = st.columns(2)
        status = status.selectbox("Status", ordered(StatusLevel), format_func=label_of, key="eu_status")
        on = on.date_input("Since", value=today, max_value=today, format="DD/MM/YYYY", key="eu_on")
        evidence = st.text_area("Evidence", max_chars=4000, key="eu_evidence")
        source = st.text_input("Source (web address)", max_chars=500, key="eu_source")
        if st.form_submit_button("Record the EU-level status", type="primary"):
            entry = eu_actions.EuEntry(chosen, status, on, evidence, source)
            if ui.write(eu_actions.record_eu_status, entry) is not None:
                ui.forget(prefix="eu_evidence")
                ui.done(f"Recorded: {chosen} is at '{label_of(status)}' at EU level from {on:%d %b %Y}.")
st.markdown(f"**History of {chosen} at EU level**")
st.dataframe(ui.read(eu_actions.eu_history, chosen), hide_index=True)
