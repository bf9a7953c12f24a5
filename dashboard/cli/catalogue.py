"""Commands on the options catalogue: its facts, and the check of the experts' scores against them."""

from __future__ import annotations

import argparse

from dashboard.access.auth import COMMAND_LINE
from dashboard.assessment.facts import check_scores, facts_table
from dashboard.cli.io import EXIT_FAILURE, EXIT_OK, transaction


def add(commands) -> None:
    catalogue_cmds = commands.add_parser("catalogue", help="the options catalogue").add_subparsers(
        dest="catalogue_command", required=True
    )
    catalogue_cmds.add_parser("facts", help="list the facts about the options").set_defaults(run=cmd_facts)
    catalogue_cmds.add_parser(
        "check",
        help="check the experts' scores against the facts and the criteria's definitions "
        "(exit 1 when anything is found)",
    ).set_defaults(run=cmd_check)


def cmd_facts(_args: argparse.Namespace) -> int:
    with transaction() as session:
        table = facts_table(session)
    columns = ["Code", "Fact", "Value", "Basis", "Source", "As of"]
    for code, fact, value, basis, source, as_of in table[columns].itertuples(index=False):
        print(f"{code} {fact}: {value} ({basis}; {source}; {as_of:%d %b %Y})")
    return EXIT_OK


def cmd_check(_args: argparse.Namespace) -> int:
    with transaction() as session:
        findings = check_scores(session, COMMAND_LINE)
    for finding in findings:
        print(f"{finding.kind}: {finding.message}")
    if findings:
        print(f"{len(findings)} finding(s).")
        return EXIT_FAILURE
    print("No score contradicts the facts, and none waits for re-scoring.")
    return EXIT_OK
