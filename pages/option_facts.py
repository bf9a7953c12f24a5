"""The secretariat's facts about the options (budget, set-up time, legislative act, staff) with their
sources, and the check that the experts' scores agree with them."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.assessment.catalogue import option_choices
from dashboard.assessment.facts import (
    FactInput,
    check_scores,
    fact_entry,
    facts_table,
    findings_table,
    save_fact,
)
from dashboard.enums import FACTS, Fact, label_of, ordered

user = ui.require(Action.MANAGE)
st.title("Facts and consistency")
st.caption(
    "A criterion may be checked against a fact (Manage the catalogue → Criteria): every expert's scores "
    "on it must then be ordered like the fact. When one option's range lies wholly below another's, "
    "it may not score higher. Scores saved before a criterion was redefined wait for re-scoring."
)

st.subheader("Consistency check")
findings = ui.read(check_scores, user)
if findings:
    st.warning(
        f"{len(findings)} finding(s): ask the experts named to review these scores.", icon=":material/rule:"
    )
    st.dataframe(
        findings_table(findings),
        hide_index=True,
        column_config={"What": st.column_config.TextColumn(width="large")},
    )
else:
    st.success("No score contradicts the facts, and none waits for re-scoring.", icon=":material/check:")

st.subheader("Facts")
st.dataframe(
    ui.read(facts_table),
    hide_index=True,
    column_config={
        "Option": st.column_config.TextColumn(width="medium"),
        "Source": st.column_config.TextColumn(width="large"),
        "As of": st.column_config.DateColumn(format="D MMM YYYY"),
    },
)
st.markdown("**Record or correct a fact**")
choices = ui.read(option_choices)
where, which = st.columns(2)
option = where.selectbox("Option", list(choices), format_func=choices.get, key="fact_option")
fact = which.selectbox("Fact", ordered(Fact), format_func=label_of, key="fact_kind")
if option:
    name = f"fact_{option}_{fact.value}"
    entry, version = ui.snapshot(name, fact_entry, option, fact)
    with st.form(f"{name}_form"):
        low, high = st.columns(2)
        unit = FACTS[fact].description
        low = low.number_input(
            f"Lowest ({unit})", min_value=0.0, value=entry.low if entry else 0.0, key=f"{name}_low"
        )
        high = high.number_input(
            f"Highest ({unit}; the same for one value)",
            min_value=0.0,
            value=entry.high if entry else 0.0,
            key=f"{name}_high",
        )
        source = st.text_input(
            "Source", value=entry.source if entry else "", max_chars=1000, key=f"{name}_source"
        )
        as_of, estimate = st.columns(2)
        as_of = as_of.date_input(
            "Date of the source",
            value=entry.as_of if entry else None,
            min_value=dt.date(1990, 1, 1),
            format="DD/MM/YYYY",
            key=f"{name}_as_of",
        )
        estimate = estimate.checkbox(
            "A modelling estimate, not a published figure",
            value=entry.estimate if entry else False,
            key=f"{name}_estimate",
        )
        typed = FactInput(option, fact, low, high, source, as_of, estimate)
        if st.form_submit_button("Save the fact", type="primary") and ui.write(save_fact, typed, version):
            ui.forget(name, prefix=f"{name}_")
            ui.done(f"Saved: {label_of(fact).lower()} of {option}.")
