"""The command line (DESIGN §7). Exit 0 on success, 2 on invalid input, 1 on other failure."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from dashboard import seed, users
from dashboard.auth import COMMAND_LINE, PermissionDenied
from dashboard.db import DatabaseConfigError, make_engine, migrate, session_scope
from dashboard.enums import Role, parse_member
from dashboard.errors import InvalidInput
from dashboard.seedfiles import SeedError

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own usage errors are invalid input too
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"error: {message}\n")


def cmd_init(args: argparse.Namespace) -> int:
    engine = make_engine()
    migrate(engine)
    with session_scope(engine) as session:
        if not seed.is_empty(session):
            print("Database is up to date; it already holds data, so nothing was seeded.")
            return EXIT_OK
        data = seed.load_seed(args.data, today=dt.date.today())
        counts = seed.seed_database(session, data, demo=not args.reference_only)
    kind = "reference data only" if args.reference_only else "reference and illustrative demo data"
    print(
        f"Database created and seeded with {kind}: "
        + ", ".join(f"{n} {table}" for table, n in counts.items())
    )
    return EXIT_OK


def cmd_users_add(args: argparse.Namespace) -> int:
    role = parse_member(Role, args.role)
    with session_scope(make_engine()) as session:
        user = users.add_user(session, COMMAND_LINE, args.email, args.name, role, args.member_state)
    print(f"Added {user.email} as {user.role_label}.")
    return EXIT_OK


def cmd_users_list(_args: argparse.Namespace) -> int:
    with session_scope(make_engine()) as session:
        print(users.list_users(session).to_string(index=False))
    return EXIT_OK


def cmd_users_set_role(args: argparse.Namespace) -> int:
    role = parse_member(Role, args.role)
    with session_scope(make_engine()) as session:
        users.set_role(session, COMMAND_LINE, args.email, role, args.member_state)
    print(
        f"{args.email} is now {role.value}" + (f" for {args.member_state}" if args.member_state else "") + "."
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dashboard", description="EU prevent dashboard: administration.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    init = commands.add_parser("init", help="migrate the database; seed an empty one")
    init.add_argument(
        "--reference-only",
        action="store_true",
        help="seed Member States, areas, options and criteria, without demo data",
    )
    init.add_argument(
        "--data", type=Path, default=seed.DATA_DIR, help="folder of seed files (default: data/)"
    )
    init.set_defaults(run=cmd_init)

    user_cmds = commands.add_parser("users", help="manage users").add_subparsers(
        dest="users_command", required=True, parser_class=_Parser
    )
    add = user_cmds.add_parser("add", help="register a user")
    add.add_argument("email")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, help="viewer, expert, ms_official or admin")
    add.add_argument("--member-state", help="EU code, for ms_official (e.g. BE, EL)")
    add.set_defaults(run=cmd_users_add)
    user_cmds.add_parser("list", help="list users").set_defaults(run=cmd_users_list)
    set_role = user_cmds.add_parser("set-role", help="change a user's role")
    set_role.add_argument("email")
    set_role.add_argument("--role", required=True)
    set_role.add_argument("--member-state")
    set_role.set_defaults(run=cmd_users_set_role)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except SeedError as exc:
        print(f"The seed files are broken; nothing was written:\n{exc}", file=sys.stderr)
        return EXIT_INVALID
    except (InvalidInput, PermissionDenied, DatabaseConfigError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except SQLAlchemyError as exc:
        print(
            f"database error: {exc.__class__.__name__}: {exc.args[0] if exc.args else exc}", file=sys.stderr
        )
        return EXIT_FAILURE
