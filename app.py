"""Entry point: page set-up, who the user is, and the pages their role may open."""

import streamlit as st

from dashboard import ui
from dashboard.auth import holds_illustrative_data
from dashboard.navigation import pages_for

st.set_page_config(
    page_title="EU prevent dashboard",
    page_icon="assets/favicon.png",
    layout="wide",
    initial_sidebar_state="expanded",
)
ui.require_database()
user = ui.sign_in()
navigation = st.navigation(
    {
        section: [st.Page(p.path, title=p.title, icon=p.icon, default=p.default) for p in pages]
        for section, pages in pages_for(user).items()
    },
    expanded=True,  # an administrator has 14 pages; never hide some behind "View more"
)
if ui.read(holds_illustrative_data):
    ui.illustrative_notice()
try:
    navigation.run()
finally:  # also after st.stop, st.rerun or st.switch_page
    ui.require_plain_session_state()
