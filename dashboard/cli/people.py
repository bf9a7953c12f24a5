"""Commands on the people who use the dashboard."""

from __future__ import annotations

import argparse

from dashboard.access import users
from dashboard.access.auth import COMMAND_LINE
from dashboard.cli.io import EXIT_OK, code, transaction
from dashboard.enums import Role, parse_member


def add(commands) -> None:
    user_cmds = commands.add_parser("users", help="manage users").add_subparsers(
        dest="users_command", required=True
    )
    added = user_cmds.add_parser("add", help="register a user")
    added.add_argument("email")
    added.add_argument("--name", required=True)
    added.add_argument("--role", required=True, help="viewer, expert, ms_official or admin")
    added.add_argument("--member-state", type=code, help="EU code, for ms_official (e.g. BE, EL)")
    added.set_defaults(run=cmd_add)
    user_cmds.add_parser("list", help="list users").set_defaults(run=cmd_list)
    set_role = user_cmds.add_parser("set-role", help="change a user's role")
    set_role.add_argument("email")
    set_role.add_argument("--role", required=True)
    set_role.add_argument("--member-state", type=code)
    set_role.set_defaults(run=cmd_set_role)
    for name, active in (("deactivate", False), ("activate", True)):
        command = user_cmds.add_parser(name, help=f"{name} an account (its history stays)")
        command.add_argument("email")
        command.set_defaults(run=cmd_set_active, active=active)
    unbind = user_cmds.add_parser(
        "unbind", help="forget the sign-in an account is linked to (the next verified sign-in links it)"
    )
    unbind.add_argument("email")
    unbind.set_defaults(run=cmd_unbind)


def cmd_add(args: argparse.Namespace) -> int:
    role = parse_member(Role, args.role)
    with transaction() as session:
        user = users.add_user(session, COMMAND_LINE, args.email, args.name, role, args.member_state)
    print(f"Added {user.email} as {user.role_label}.")
    return EXIT_OK


def cmd_list(_args: argparse.Namespace) -> int:
    with transaction() as session:
        print(users.list_users(session, COMMAND_LINE).to_string(index=False))
    return EXIT_OK


def cmd_set_role(args: argparse.Namespace) -> int:
    role = parse_member(Role, args.role)
    with transaction() as session:
        users.set_role(session, COMMAND_LINE, args.email, role, args.member_state)
    print(
        f"{args.email} is now {role.value}" + (f" for {args.member_state}" if args.member_state else "") + "."
    )
    return EXIT_OK


def cmd_set_active(args: argparse.Namespace) -> int:
    with transaction() as session:
        users.set_active(session, COMMAND_LINE, args.email, args.active)
    print(f"{args.email} is {'active' if args.active else 'deactivated'}.")
    return EXIT_OK


def cmd_unbind(args: argparse.Namespace) -> int:
    with transaction() as session:
        users.unbind(session, COMMAND_LINE, args.email)
    print(f"{args.email} is unlinked; the next sign-in with this verified e-mail links it again.")
    return EXIT_OK
