"""The options for a permanent EU structure, their facts, and the criteria they are assessed against,
each defined in words; one option's profile."""

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.assessment.catalogue import (
    CRITERIA_COLUMNS,
    criteria_table,
    criterion_choices,
    criterion_words,
    option_choices,
    options_table,
)
from dashboard.assessment.facts import facts_overview
from dashboard.assessment.option_profile import option_profile
from dashboard.text import literal

ui.require(Action.VIEW)

st.title("Options and criteria")
st.caption(
    "A sourced modelling proposal, not an agreed list: each option names the document it comes from; "
    "facts marked 'estimate' are the catalogue's own estimates, not published figures."
)
options = ui.read(options_table)
st.subheader("Options for a more permanent EU structure")
st.dataframe(
    options,
    hide_index=True,
    column_config={"Baseline": st.column_config.CheckboxColumn(help="Other options are scored against it")},
)

st.subheader("Facts about the options")
st.dataframe(ui.read(facts_overview), hide_index=True)
st.caption("Each fact's source and date: the option profile below.")

st.subheader("Criteria")
st.caption(
    "Each option is scored against the baseline, −2..+2, and each criterion says in words what every "
    "score means. On a cost criterion (less is better) + means more cost or time. 'Checked against': "
    "the fact the scores must be ordered like (the secretariat's consistency check)."
)
criteria = ui.read(criteria_table)
st.dataframe(
    criteria,
    hide_index=True,
    height=ui.table_height(len(criteria), most=15),
    column_order=CRITERIA_COLUMNS,
    column_config={"Definition": st.column_config.TextColumn(width="large")},
)
picks = ui.read(criterion_choices)
pick = st.selectbox("Read a criterion in full", list(picks), format_func=picks.get, key="words_criterion")
if pick:
    words = ui.read(criterion_words, pick)
    st.markdown(f"**{literal(words.name)}** · {words.direction}")
    st.write(literal(words.definition))
    st.caption(f"Includes: {literal(words.includes or '—')}  \nExcludes: {literal(words.excludes or '—')}")
    st.dataframe(
        words.scale,
        hide_index=True,
        column_config={
            "Score": st.column_config.TextColumn(width="small"),
            "What it means": st.column_config.TextColumn(width="large"),
        },
    )

st.subheader("Option profile")
choices = ui.read(option_choices)
chosen = st.selectbox("Option", list(choices), format_func=choices.get, key="profile_option")
if chosen:
    profile = ui.read(option_profile, chosen)
    st.markdown(f"**{literal(profile.name)}**")
    st.caption(f"Source: {literal(profile.source)}")
    if profile.description:
        st.write(literal(profile.description))
    if len(profile.facts):
        st.dataframe(
            profile.facts,
            hide_index=True,
            column_config={"As of": st.column_config.DateColumn(format="D MMM YYYY")},
        )
    else:
        st.caption("No facts recorded for this option.")
    if profile.is_baseline:
        st.info("The baseline: every other option is scored against it, so its scores are 0 by definition.")
    elif len(profile.scores):
        st.dataframe(
            profile.scores,
            hide_index=True,
            column_config={
                "Score": st.column_config.NumberColumn("Mean score", format="%+.1f"),
                "Spread": st.column_config.NumberColumn(format="±%.2f", help="Standard deviation"),
                "In words": st.column_config.TextColumn("The mean in the criterion's words", width="large"),
            },
        )
    else:
        st.info("Not ranked yet: the experts have not scored this option on every criterion.")
