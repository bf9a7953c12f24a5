"""The one permission check, the demo personas, and that user changes are audited."""

import pytest
from sqlalchemy import select

from dashboard.access import users
from dashboard.access.auth import COMMAND_LINE, Action, CurrentUser, authorize, can, user_by_email
from dashboard.access.demo import demo_persona
from dashboard.enums import Role
from dashboard.errors import PermissionDenied
from dashboard.store.db import current_revision, session_scope
from dashboard.store.models import AuditEntry, User
from dashboard.store.provenance import holds_illustrative_data

VIEWER = CurrentUser(1, "v@x.eu", "V", Role.VIEWER)
EXPERT = CurrentUser(2, "e@x.eu", "E", Role.EXPERT)
OFFICIAL_BE = CurrentUser(3, "o@x.eu", "O", Role.MS_OFFICIAL, "BE")
ADMIN = CurrentUser(4, "a@x.eu", "A", Role.ADMIN)

# (user, action, member state, allowed): the role table of DESIGN §2.
CASES = [
    (VIEWER, Action.VIEW, None, True),
    (VIEWER, Action.SCORE_OPTIONS, None, False),
    (VIEWER, Action.RECORD_STATUS, "BE", False),
    (VIEWER, Action.READ_AUDIT, None, False),
    (EXPERT, Action.SCORE_OPTIONS, None, True),
    (EXPERT, Action.SAVE_WEIGHTS, None, True),
    (EXPERT, Action.RECORD_STATUS, "BE", False),
    (EXPERT, Action.MANAGE, None, False),
    (OFFICIAL_BE, Action.RECORD_STATUS, "BE", True),
    (OFFICIAL_BE, Action.RECORD_STATUS, "FR", False),
    (OFFICIAL_BE, Action.IMPORT_DATA, "BE", True),
    (OFFICIAL_BE, Action.IMPORT_DATA, "NL", False),
    (OFFICIAL_BE, Action.RECORD_STATUS, None, False),  # fails closed: no Member State named
    (OFFICIAL_BE, Action.IMPORT_DATA, None, False),
    (CurrentUser(5, "d@x.eu", "D", Role.ADMIN, active=False), Action.VIEW, None, False),
    (OFFICIAL_BE, Action.SCORE_OPTIONS, None, False),
    (OFFICIAL_BE, Action.MANAGE, None, False),
    (ADMIN, Action.RECORD_STATUS, "FR", True),
    (ADMIN, Action.MANAGE, None, True),
    (ADMIN, Action.READ_AUDIT, None, True),
]


@pytest.mark.parametrize(("user", "action", "state", "allowed"), CASES)
def test_role_table(user, action, state, allowed):
    assert can(user, action, state) is allowed


@pytest.mark.parametrize(
    ("user", "action", "state", "message"),
    [
        (VIEWER, Action.SCORE_OPTIONS, None, "Viewers may not score options."),
        (EXPERT, Action.RECORD_STATUS, "BE", "Experts may not record implementation status."),
        (
            OFFICIAL_BE,
            Action.RECORD_STATUS,
            "FR",
            r"You may record implementation status only for your own Member State \(BE\), not for FR.",
        ),
        (
            OFFICIAL_BE,
            Action.IMPORT_DATA,
            None,
            r"You may import data only for a named Member State \(your own\).",
        ),
    ],
)
def test_refusals_say_why(user, action, state, message):
    with pytest.raises(PermissionDenied, match=message):
        authorize(user, action, state)


def test_demo_personas_are_the_illustrative_users(seeded):
    with session_scope(seeded) as s:
        assert holds_illustrative_data(s)
        assert demo_persona(s, Role.VIEWER).email == "viewer@example.com"
        assert demo_persona(s, Role.EXPERT).email == "expert.a@example.com"
        official = demo_persona(s, Role.MS_OFFICIAL, "EL")
        assert (official.email, official.member_state) == ("official.el@example.com", "EL")
        assert demo_persona(s, Role.MS_OFFICIAL).member_state == "BE"  # first in protocol order
        with pytest.raises(ValueError, match="no illustrative ms_official user for ZZ"):
            demo_persona(s, Role.MS_OFFICIAL, "ZZ")


def test_no_illustrative_data_in_a_reference_only_database(engine):
    with session_scope(engine) as s:
        assert not holds_illustrative_data(s)


def test_adding_a_user_is_audited_and_bumps_the_revision(seeded):
    with session_scope(seeded) as s:
        before = current_revision(s)
        admin = demo_persona(s, Role.ADMIN)
        users.add_user(s, admin, "New.Person@Example.EU", "New Person", Role.EXPERT)
    with session_scope(seeded) as s:
        assert current_revision(s) == before + 1
        entry = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.actor, entry.action, entry.entity_key) == (admin.email, "add", "new.person@example.eu")
        assert '"role": "expert"' in entry.new_value and entry.old_value is None
        assert user_by_email(s, "NEW.person@example.eu").role is Role.EXPERT


def test_a_refused_write_changes_nothing(seeded):
    with session_scope(seeded) as s:
        before = (current_revision(s), s.query(User).count())
    with pytest.raises(PermissionDenied), session_scope(seeded) as s:
        users.add_user(s, demo_persona(s, Role.EXPERT), "x@y.eu", "X", Role.ADMIN)
    with session_scope(seeded) as s:
        assert (current_revision(s), s.query(User).count()) == before


def test_command_line_acts_as_administrator():
    assert can(COMMAND_LINE, Action.MANAGE)
