"""The command line (DESIGN §7). Exit 0 on success, 2 on invalid input, 1 on other failure."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError

from dashboard.admin.seedfiles import SeedError
from dashboard.cli import catalogue, data, people, rounds, workbooks
from dashboard.cli.io import EXIT_FAILURE, EXIT_INVALID, Parser
from dashboard.errors import InvalidInput, PermissionDenied
from dashboard.store.db import DatabaseConfigError
from dashboard.store.failures import OTHER, sentence


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m dashboard", description="EU prevent dashboard: administration.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for part in (data, people, workbooks, rounds, catalogue):
        part.add(commands)
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
    except (SQLAlchemyError, StaleDataError) as exc:
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0][:300]
        print(f"error: {sentence(exc) or OTHER}\n(detail: {type(exc).__name__}: {detail})", file=sys.stderr)
        return EXIT_FAILURE
