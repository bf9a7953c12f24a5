"""Users: who may use the dashboard and in which role. Administrators only."""

import datetime as dt

import streamlit as st

from dashboard import ui
from dashboard.access.auth import Action
from dashboard.access.users import add_user, list_users
from dashboard.enums import Role, label_of, ordered
from dashboard.monitoring.queries import member_states_on

ui.require(Action.MANAGE)

st.title("Users")
with st.form("add_user", clear_on_submit=True):
    st.subheader("Add a user")
    email, name = st.columns(2)
    email = email.text_input("E-mail (as used for sign-in)")
    name = name.text_input("Name")
    role, state = st.columns(2)
    role = role.selectbox("Role", ordered(Role), format_func=label_of)
    state = state.selectbox(
        "Member State (officials only)",
        ui.read(member_states_on, dt.date.today()),
        index=None,
        placeholder="—",
    )
    if st.form_submit_button("Add user", type="primary"):
        added = ui.write(add_user, email, name, role, state)
        if added:
            st.success(f"Added {added.email} as {added.role_label}.")
users = ui.read(list_users)
st.caption(f"{len(users)} users")
st.dataframe(users, hide_index=True, height=ui.table_height(len(users)))
