"""Weights and profiles: elicit weights by pairwise comparison; save, load and compare profiles."""

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.assessment.elicitation import (
    SAATY,
    compare_profiles,
    elicit,
    elicited_points,
    judgement_table,
    judgements_caption,
    judgements_needed,
)
from dashboard.assessment.model import default_points, load_model
from dashboard.assessment.weight_profiles import list_profiles, loaded_version, profile_points, save_profile
from dashboard.charts import assessment as charts
from dashboard.text import literal

user = ui.require(Action.SAVE_WEIGHTS)
model = ui.read(load_model)
codes, names = list(model.criterion_codes), list(model.criterion_names)
st.title("Weights and profiles")
ui.rankable(model)
ahp_tab, swing_tab, profiles_tab = st.tabs(["Pairwise comparison (AHP)", "Swing weighting", "Saved profiles"])

with ahp_tab:
    st.caption(
        "Compare the criteria two at a time; the weights follow from all your answers (Saaty's "
        "eigenvector method). Answers that contradict each other raise the consistency ratio."
    )
    st.caption(judgements_caption(len(names)))
    chosen = st.multiselect("Criteria to compare", names, default=names, key="ahp_criteria")
    if len(chosen) >= 2:
        table = st.data_editor(
            judgement_table(chosen),
            key=f"ahp_{'|'.join(chosen)}",  # a new set of criteria starts a new table
            hide_index=True,
            disabled=["Left", "Right"],
            height=ui.table_height(judgements_needed(len(chosen)), most=12),
            column_config={
                "Judgement": st.column_config.SelectboxColumn(
                    options=list(SAATY), required=True, width="medium"
                )
            },
        )
        result = elicit(table)
        if result.consistent:
            st.success(f"Consistent: consistency ratio {result.cr:.2f} (at most 0.10).")
        else:
            ui.show_error(result.advice)
        ui.plotly(charts.weights_bar(list(result.names), result.weights), "ahp-weights")
        if st.button(
            "Use these weights",
            type="primary",
            disabled=not result.consistent,
            help="Available once the judgements are consistent",
        ):
            ui.set_weights(elicited_points(result, codes, names))
            ui.switch_to("pages/options.py")

with swing_tab:
    if ui.swing_panel(model, codes, names):
        ui.switch_to("pages/options.py")

with profiles_tab:
    profiles = ui.read(list_profiles, user)
    current = ui.current_weights(codes, default_points(model))
    pick, load = st.columns([3, 1], vertical_alignment="bottom")
    chosen = pick.selectbox("Profile", profiles["label"], key="profile_pick")
    if load.button("Load into the sliders") and chosen:
        ui.set_weights(profile_points(profiles.set_index("label").loc[chosen], codes))
        st.toast(literal(f"Loaded '{chosen}'."))
    with st.form("save_profile"):
        name = st.text_input("Save the current weights as", max_chars=120)
        shared = st.toggle("Share with everyone", help="Off: only you see this profile")
        if st.form_submit_button("Save profile"):
            version = loaded_version(profiles, name, shared)
            if ui.write(save_profile, name, current, shared, version) is not None:
                ui.success(f"Saved '{name.strip()}'.")
    compared = st.multiselect(
        "Compare profiles", list(profiles["label"]), default=list(profiles["label"])[:3]
    )
    selected = profiles[profiles["label"].isin(compared)]
    if len(selected):
        comparison = compare_profiles(model, selected)
        ui.plotly(charts.profiles_chart(comparison, names), "profiles-compared")
        st.dataframe(comparison[["profile", "owner", "leader", "score"]], hide_index=True)
