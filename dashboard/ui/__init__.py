"""The user interface's shared parts: the only package that imports streamlit.

No logic lives here, only what every page needs from Streamlit: the session's data (``data``: cached
reads keyed on the data revision, writes as the current user), who the user is (``identity``: sign-in,
demo personas, the check at the top of every page), the weights panel (``weights``) and shared
widgets (``widgets``: notices, charts, downloads). Pages use them as ``ui.read(...)``, ``ui.require(...)``.
"""

from dashboard.store.db import ROOT
from dashboard.ui.data import (
    current_user,
    done,
    engine,
    failures_as_sentences,
    forget,
    fresh,
    info,
    read,
    require_database,
    require_plain_session_state,
    revision,
    show_error,
    snapshot,
    success,
    warning,
    write,
)
from dashboard.ui.downloads import keep_downloads
from dashboard.ui.elicitation import swing_panel
from dashboard.ui.identity import page_path, require, sign_in, switch_to
from dashboard.ui.scenarios import saved_scenarios
from dashboard.ui.weights import (
    current_weights,
    scenario_from_link,
    scenario_to_link,
    sent_points,
    set_weights,
    weight_panel,
)
from dashboard.ui.widgets import (
    AtClick,
    excel_download,
    explained,
    figures_basis,
    figures_when,
    illustrative_notice,
    keep_in_link,
    member_state_picker,
    methods_table,
    nav_title,
    plotly,
    rankable,
    shared_chart,
    state_and_date,
    table_height,
    vega,
    weights_at_click,
)

__all__ = [
    "ROOT",
    "AtClick",
    "current_user",
    "current_weights",
    "done",
    "engine",
    "excel_download",
    "explained",
    "failures_as_sentences",
    "figures_basis",
    "figures_when",
    "forget",
    "fresh",
    "illustrative_notice",
    "info",
    "keep_downloads",
    "keep_in_link",
    "member_state_picker",
    "methods_table",
    "nav_title",
    "page_path",
    "plotly",
    "rankable",
    "read",
    "require",
    "require_database",
    "require_plain_session_state",
    "revision",
    "saved_scenarios",
    "scenario_from_link",
    "scenario_to_link",
    "sent_points",
    "set_weights",
    "shared_chart",
    "show_error",
    "sign_in",
    "snapshot",
    "state_and_date",
    "success",
    "swing_panel",
    "switch_to",
    "table_height",
    "vega",
    "warning",
    "weight_panel",
    "weights_at_click",
    "write",
]
