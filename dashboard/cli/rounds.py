"""Commands on assessment rounds: list, open a new one, close, open again, publish; what is due and
the reminders (printed, or e-mailed through the configured SMTP server)."""

from __future__ import annotations

import argparse

from dashboard.access.auth import COMMAND_LINE
from dashboard.cli.io import EXIT_OK, iso_date, transaction
from dashboard.enums import label_of
from dashboard.errors import InvalidInput
from dashboard.monitoring import due, mail, rounds


def add(commands) -> None:
    round_cmds = commands.add_parser("rounds", help="assessment rounds").add_subparsers(
        dest="rounds_command", required=True
    )
    round_cmds.add_parser("list", help="list the rounds and their state").set_defaults(run=cmd_list)
    opened = round_cmds.add_parser("add", help="open a new round")
    opened.add_argument("name")
    opened.add_argument("--date", type=iso_date, required=True, help="its reference date, YYYY-MM-DD")
    opened.set_defaults(run=cmd_add)
    for verb, move in (
        ("close", rounds.close_round),
        ("reopen", rounds.reopen_round),
        ("publish", rounds.publish_round),
    ):
        command = round_cmds.add_parser(verb, help=f"{verb} a round")
        command.add_argument("name")
        command.set_defaults(run=cmd_move, move=move)
    remind = round_cmds.add_parser("remind", help="what is due from each Member State; --send e-mails it")
    remind.add_argument(
        "--send", action="store_true", help="e-mail each Member State's officials (DASHBOARD_SMTP_*)"
    )
    remind.set_defaults(run=cmd_remind)


def cmd_list(_args: argparse.Namespace) -> int:
    with transaction() as session:
        for r in rounds.all_rounds(session):
            print(f"{r.name}: statuses {r.period}; {label_of(r.state).lower()}")
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    with transaction() as session:
        rounds.add_round(session, COMMAND_LINE, args.name, args.date)
    print(f"Opened the round '{args.name}' (reference date {args.date:%d %b %Y}).")
    return EXIT_OK


def cmd_move(args: argparse.Namespace) -> int:
    with transaction() as session:
        state = args.move(session, COMMAND_LINE, args.name)
    print(f"The round '{args.name}' is {label_of(state).lower()}.")
    return EXIT_OK


def cmd_remind(args: argparse.Namespace) -> int:
    settings = mail.settings_from_env() if args.send else None
    if args.send and settings is None:
        raise InvalidInput(
            "e-mail is off: set DASHBOARD_SMTP_HOST (and DASHBOARD_SMTP_PORT, DASHBOARD_SMTP_FROM)"
        )
    with transaction() as session:
        table = due.reminders(session, COMMAND_LINE)
        sent = mail.send_reminders(session, COMMAND_LINE, settings) if settings else None
    for code, items in table.groupby("Member State", sort=False):
        print(f"{code}: {len(items)} due; write to {items['Write to'].iloc[0]}")
    if sent is not None:
        print(f"Sent {sent} reminder{'s' if sent != 1 else ''} through {settings.server}.")
    return EXIT_OK
