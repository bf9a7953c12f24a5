"""Entry point: page set-up, who the user is, and the pages their role may open.

This script sits in a folder of its own: a ``pages/`` folder beside the entry script would make a
fresh Streamlit process serve those pages the old folder-based way (a deep link running a page
without sign-in) until the first ``st.navigation`` call. The page scripts live in the repository's
``pages/`` folder and are named to ``st.navigation`` by absolute path.
"""

import streamlit as st

from dashboard import ui
from dashboard.access.navigation import pages_for
from dashboard.store.provenance import holds_illustrative_data

st.set_page_config(
    page_title="EU prevent dashboard",
    page_icon=str(ui.ROOT / "assets" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="expanded",
)
ui.keep_downloads()  # a workbook built on a click stays downloadable on a busy server
with ui.failures_as_sentences():  # a database failure is a sentence on screen, never an error page
    ui.require_database()
    user = ui.sign_in()
    navigation = st.navigation(
        {
            section: [
                st.Page(
                    ui.ROOT / p.path,
                    title=ui.nav_title(p, user),  # an official's "What is due" says how many items
                    icon=p.icon,
                    url_path=p.url_path,
                    default=p.default,
                )
                for p in pages
            ]
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
