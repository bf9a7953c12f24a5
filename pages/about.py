"""About: what the expert group is, which of its objectives each part of the tool serves, where the
data comes from, what "illustrative" means and how the figures are computed. Every role."""

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.mandate import DATA, METHODS, OBJECTIVES, TIMELINE, readme_section
from dashboard.store.provenance import holds_illustrative_data

ui.require(Action.VIEW)
st.title("About this dashboard")
st.markdown(
    "The follow-up to the **High-Level Commission Expert Group on Radicalisation (HLCEG-R)**, set up by "
    "Commission Decision C(2017) 5149 of 27 July 2017 after the German-French proposal for an EU Centre "
    "on prevention and de-radicalisation. Prevention is first of all a Member State responsibility; the "
    "EU supports exchange, research and capacity. This tool keeps the record the follow-up needs: how far "
    "each recommendation is implemented in each Member State, and how candidate designs for a permanent "
    "EU structure compare."
)

st.header("The mandate: three objectives")
st.caption(
    "As the Commissioners' letter of 2 June 2017 set them out, and the part of this tool that serves each."
)
for objective in OBJECTIVES:
    with st.container(border=True):
        st.markdown(f"**({objective.number})** *{objective.text}*")
        st.markdown(objective.served_by)

st.header("Timeline")
for event in TIMELINE:
    st.markdown(f"**{event.when}** · {event.what} *({event.source})*")

st.header("Where the data comes from")
KINDS = {
    "real": "real, sourced",
    "proposal": "a sourced proposal",
    "yours": "entered here",
    "illustrative": "invented",
}
for source in DATA:
    st.markdown(f"**{source.what}** ({KINDS[source.kind]}): {source.words}")
if ui.read(holds_illustrative_data):
    st.warning("This database holds illustrative data now: the figures on these pages are not official.")
else:
    st.success("This database holds no illustrative data: every figure comes from what was entered here.")

st.header("How the figures are computed")
for name, words in METHODS:
    st.markdown(f"**{name}.** {words}")


for heading in ("Data model and integrity", "Python API: `dashboard.mcda`"):
    if section := readme_section(heading):
        with st.expander(f"Method notes: {heading.replace('`', '')} (README)"):
            st.markdown(section)
