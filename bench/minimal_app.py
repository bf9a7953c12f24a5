"""The reference page of the live-weights benchmark: one slider, one Plotly chart, nothing else."""

import plotly.graph_objects as go
import streamlit as st

value = st.slider("Weight", 0, 100, 50)
st.plotly_chart(go.Figure(go.Bar(x=["a", "b"], y=[value, 100 - value])))
