"""The command line (DESIGN §7). Exit 0 on success, 2 on invalid input, 1 on other failure."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from dashboard.access import users
from dashboard.access.auth import COMMAND_LINE
from dashboard.admin import backup, seed
from dashboard.admin.seedfiles import SeedError
from dashboard.assessment.report import options_report
from dashboard.enums import Role, parse_member
from dashboard.errors import InvalidInput, PermissionDenied
from dashboard.excel import assessment as options_workbook
from dashboard.excel import implementation as implementation_workbook
from dashboard.excel import template as template_workbook
from dashboard.monitoring.importing import import_statuses, upload_template
from dashboard.monitoring.report import implementation_report
from dashboard.store.db import DatabaseConfigError, make_engine, migrate, session_scope

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
        print(users.list_users(session, COMMAND_LINE).to_string(index=False))
    return EXIT_OK


def cmd_users_set_role(args: argparse.Namespace) -> int:
    role = parse_member(Role, args.role)
    with session_scope(make_engine()) as session:
        users.set_role(session, COMMAND_LINE, args.email, role, args.member_state)
    print(
        f"{args.email} is now {role.value}" + (f" for {args.member_state}" if args.member_state else "") + "."
    )
    return EXIT_OK


def _write(path: Path, data: bytes | str, what: str) -> None:
    if path.parent and not path.parent.exists():
        raise InvalidInput(f"the folder {path.parent} does not exist")
    (path.write_bytes if isinstance(data, bytes) else path.write_text)(data)
    size = len(data) if isinstance(data, bytes) else len(data.encode())
    print(f"Wrote {what} to {path} ({size / 1024:,.0f} KB).")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _code(text: str) -> str:
    return text.strip().upper()


def cmd_export_options(args: argparse.Namespace) -> int:
    with session_scope(make_engine()) as session:
        data = options_workbook.render(options_report(session, COMMAND_LINE, profile=args.profile))
    _write(args.out, data, "the options workbook")
    return EXIT_OK


def cmd_export_implementation(args: argparse.Namespace) -> int:
    as_of = args.as_of or dt.date.today()
    if as_of > dt.date.today():
        raise InvalidInput(f"--as-of {as_of:%Y-%m-%d} is in the future")
    with session_scope(make_engine()) as session:
        report = implementation_report(session, COMMAND_LINE, as_of, args.member_state)
        data = implementation_workbook.render(report)
    scope = args.member_state or "all Member States"
    _write(args.out, data, f"the implementation workbook ({scope}, as of {as_of:%d %b %Y})")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    with session_scope(make_engine()) as session:
        data = template_workbook.render(
            upload_template(session, COMMAND_LINE, member_state=args.member_state)
        )
    _write(args.out, data, "the upload template")
    return EXIT_OK


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise InvalidInput(f"no file {path}")
    return path


def cmd_import(args: argparse.Namespace) -> int:
    path = _existing(args.file)
    with session_scope(make_engine()) as session:
        result = import_statuses(session, COMMAND_LINE, path.read_bytes(), path.name)
    print(
        f"Imported {result.rows} status{'es' if result.rows != 1 else ''} for "
        f"{len(result.member_states)} Member State{'s' if len(result.member_states) != 1 else ''} "
        f"({', '.join(result.member_states)}), dated {result.first:%d %b %Y} to {result.last:%d %b %Y}."
    )
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    with session_scope(make_engine()) as session:
        document = backup.backup(session, COMMAND_LINE)
    rows = sum(len(t["rows"]) for t in document["tables"].values())
    _write(args.out, backup.dumps(document), f"a backup of {rows:,} rows")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    path = _existing(args.file)
    document = backup.loads(path.read_text(encoding="utf-8"))
    engine = make_engine()
    migrate(engine)
    with session_scope(engine) as session:
        counts = backup.restore(session, COMMAND_LINE, document)
    print(f"Restored {sum(counts.values()):,} rows into {len(counts)} tables from {path}.")
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

    export = commands.add_parser("export", help="write a workbook").add_subparsers(
        dest="export_command", required=True, parser_class=_Parser
    )
    options = export.add_parser("options", help="the options assessment workbook (live weights)")
    options.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    options.add_argument("--profile", help="a shared weight profile's name (default: the default one)")
    options.set_defaults(run=cmd_export_options)
    implementation = export.add_parser("implementation", help="the implementation workbook")
    implementation.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    implementation.add_argument("--member-state", type=_code, help="one Member State (EU code), default all")
    implementation.add_argument(
        "--as-of", type=_date, help="status as of this date, YYYY-MM-DD (default today)"
    )
    implementation.set_defaults(run=cmd_export_implementation)

    template = commands.add_parser("template", help="write the upload template")
    template.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    template.add_argument("--member-state", type=_code, help="a template for one Member State")
    template.set_defaults(run=cmd_template)
    imported = commands.add_parser(
        "import", help="import statuses from a filled-in template (all or nothing)"
    )
    imported.add_argument("file", type=Path)
    imported.set_defaults(run=cmd_import)
    saved = commands.add_parser("backup", help="write every table to a JSON file")
    saved.add_argument("--out", type=Path, required=True)
    saved.set_defaults(run=cmd_backup)
    restored = commands.add_parser("restore", help="restore a backup into an empty database")
    restored.add_argument("file", type=Path)
    restored.set_defaults(run=cmd_restore)
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
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_FAILURE
    except SQLAlchemyError as exc:
        print(
            f"database error: {exc.__class__.__name__}: {exc.args[0] if exc.args else exc}", file=sys.stderr
        )
        return EXIT_FAILURE
