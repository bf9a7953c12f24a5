"""Commands that write workbooks or read them: exports, templates, the status and register imports."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from dashboard.access.auth import COMMAND_LINE
from dashboard.assessment.report import options_report
from dashboard.cli.io import EXIT_OK, code, existing_file, iso_date, transaction, write_file
from dashboard.errors import InvalidInput
from dashboard.excel import assessment as options_workbook
from dashboard.excel import implementation as implementation_workbook
from dashboard.excel import register as register_workbook
from dashboard.excel import template as template_workbook
from dashboard.monitoring import basis
from dashboard.monitoring.importing import import_statuses, upload_template
from dashboard.monitoring.register_import import import_register, register_template
from dashboard.monitoring.report import implementation_report
from dashboard.monitoring.rounds import published_rounds


def add(commands) -> None:
    export = commands.add_parser("export", help="write a workbook").add_subparsers(
        dest="export_command", required=True
    )
    options = export.add_parser("options", help="the options assessment workbook (live weights)")
    options.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    options.add_argument("--profile", help="a shared weight profile's name (default: the default one)")
    options.set_defaults(run=cmd_export_options)
    implementation = export.add_parser("implementation", help="the implementation workbook")
    implementation.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    implementation.add_argument("--member-state", type=code, help="one Member State (EU code), default all")
    when = implementation.add_mutually_exclusive_group()
    when.add_argument(
        "--as-of", type=iso_date, help="live status as of this date, YYYY-MM-DD (default today)"
    )
    when.add_argument(
        "--round", help="a published round's name: its figures as published (the same file each time)"
    )
    implementation.set_defaults(run=cmd_export_implementation)
    template = commands.add_parser("template", help="write the status upload template")
    template.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    template.add_argument("--member-state", type=code, help="a template for one Member State")
    template.set_defaults(run=cmd_template)
    imported = commands.add_parser(
        "import", help="import statuses from a filled-in template (all or nothing)"
    )
    imported.add_argument("file", type=Path)
    imported.set_defaults(run=cmd_import)
    register = commands.add_parser("register", help="the recommendation register").add_subparsers(
        dest="register_command", required=True
    )
    loaded = register.add_parser(
        "import", help="add recommendations from a filled-in register template (all or nothing)"
    )
    loaded.add_argument("file", type=Path)
    loaded.set_defaults(run=cmd_register_import)
    blank = register.add_parser("template", help="write the register template")
    blank.add_argument("--out", type=Path, required=True)
    blank.set_defaults(run=cmd_register_template)


def cmd_export_options(args: argparse.Namespace) -> int:
    with transaction() as session:
        data = options_workbook.render(options_report(session, COMMAND_LINE, profile=args.profile))
    write_file(args.out, data, "the options workbook")
    return EXIT_OK


def cmd_export_implementation(args: argparse.Namespace) -> int:
    as_of = args.as_of or dt.date.today()
    if as_of > dt.date.today():
        raise InvalidInput(f"--as-of {as_of:%Y-%m-%d} is in the future")
    with transaction() as session:
        when = _published(session, args.round) if args.round else as_of
        data = implementation_workbook.render(
            implementation_report(session, COMMAND_LINE, when, args.member_state)
        )
    scope = args.member_state or "all Member States"
    shown = f"the {args.round} as published" if args.round else f"as of {as_of:%d %b %Y}"
    write_file(args.out, data, f"the implementation workbook ({scope}, {shown})")
    return EXIT_OK


def _published(session, name: str):
    found = next((r for r in published_rounds(session) if r.name == name.strip()), None)
    if found is None:
        names = ", ".join(r.name for r in published_rounds(session)) or "none yet"
        raise InvalidInput(f"no published round named '{name}' (published: {names})")
    return basis.published(session, found.id)


def cmd_template(args: argparse.Namespace) -> int:
    with transaction() as session:
        data = template_workbook.render(
            upload_template(session, COMMAND_LINE, member_state=args.member_state)
        )
    write_file(args.out, data, "the upload template")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    path = existing_file(args.file)
    with transaction() as session:
        result = import_statuses(session, COMMAND_LINE, path.read_bytes(), path.name)
    print(
        f"Imported {result.rows} status{'es' if result.rows != 1 else ''} for "
        f"{len(result.member_states)} Member State{'s' if len(result.member_states) != 1 else ''} "
        f"({', '.join(result.member_states)}), dated {result.first:%d %b %Y} to {result.last:%d %b %Y}."
    )
    return EXIT_OK


def cmd_register_import(args: argparse.Namespace) -> int:
    path = existing_file(args.file)
    with transaction() as session:
        codes = import_register(session, COMMAND_LINE, path.read_bytes(), path.name)
    plural = "s" if len(codes) != 1 else ""
    print(f"Added {len(codes)} recommendation{plural} to the register: {', '.join(codes)}.")
    return EXIT_OK


def cmd_register_template(args: argparse.Namespace) -> int:
    with transaction() as session:
        data = register_workbook.render(register_template(session, COMMAND_LINE))
    write_file(args.out, data, "the register template")
    return EXIT_OK
