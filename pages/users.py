"""Users: who may use the dashboard, in which role; deactivating an account; unlinking its sign-in.
Administrators only."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.access.users import add_user, list_users, set_active, set_role, unbind
from dashboard.enums import Role, label_of, ordered
from dashboard.monitoring.queries import member_states_on

user = ui.require(Action.MANAGE)
st.title("Users")
states = ui.read(member_states_on, dt.date.today())
add, change = st.columns(2, gap="large")
with add, st.form("add_user", clear_on_submit=True):
    st.subheader("Add a user")
    email = st.text_input("E-mail (as used for sign-in)")
    name = st.text_input("Name")
    role = st.selectbox("Role", ordered(Role), format_func=label_of)
    state = st.selectbox("Member State (officials only)", states, index=None, placeholder="—")
    if st.form_submit_button("Add user", type="primary"):
        added = ui.write(add_user, email, name, role, state)
        if added:
            ui.success(f"Added {added.email} as {added.role_label}.")
users = ui.fresh(list_users, user)
with change, st.form("change_user"):
    st.subheader("Change a user")
    who = st.selectbox("User", list(users["E-mail"]), index=None, placeholder="Choose a user")
    new_role = st.selectbox("New role", ordered(Role), format_func=label_of, key="new_role")
    new_state = st.selectbox(
        "Member State (officials only)", states, index=None, placeholder="—", key="new_ms"
    )
    left, last = st.columns(2)
    mid, right = st.columns(2)
    if (
        left.form_submit_button("Change role")
        and who
        and (changed := ui.write(set_role, who, new_role, new_state))
    ):
        ui.success(f"{who} is now {changed.role_label}.")
    if mid.form_submit_button("Deactivate") and who and ui.write(set_active, who, False) is not None:
        ui.success(f"{who} is deactivated: refused at sign-in and everywhere else; its history stays.")
    if right.form_submit_button("Activate") and who and ui.write(set_active, who, True) is not None:
        ui.success(f"{who} may sign in again.")
    if last.form_submit_button("Unlink sign-in") and who and ui.write(unbind, who) is not None:
        ui.success(f"{who} is unlinked: the next sign-in with this verified e-mail links the account again.")
users = ui.fresh(list_users, user)
st.caption(f"{len(users)} users, {int(users['Active'].sum())} active")
st.dataframe(
    users,
    hide_index=True,
    height=ui.table_height(len(users)),
    column_config={"Last sign-in": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm")},
)
