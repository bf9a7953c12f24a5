"""Commands on the whole database: init, backup, restore, removing the demo."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from dashboard.access.auth import COMMAND_LINE
from dashboard.admin import backup, seed
from dashboard.admin.demo import CONFIRMATION, demo_summary, remove_demo
from dashboard.cli.io import EXIT_OK, existing_file, transaction, write_file
from dashboard.errors import InvalidInput
from dashboard.store.db import make_engine, migrate


def add(commands) -> None:
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
    saved = commands.add_parser("backup", help="write every table to a JSON file")
    saved.add_argument("--out", type=Path, required=True)
    saved.set_defaults(run=cmd_backup)
    restored = commands.add_parser("restore", help="restore a backup into an empty database")
    restored.add_argument("file", type=Path)
    restored.set_defaults(run=cmd_restore)
    demo = commands.add_parser("demo", help="the illustrative demo data").add_subparsers(
        dest="demo_command", required=True
    )
    removed = demo.add_parser("remove", help="delete every illustrative row and user (reference data stays)")
    removed.add_argument(
        "--yes", action="store_true", help=f"confirm; the same as typing '{CONFIRMATION}' in the app"
    )
    removed.set_defaults(run=cmd_demo_remove)


def cmd_init(args: argparse.Namespace) -> int:
    engine = make_engine()
    migrate(engine)
    engine.dispose()
    with transaction() as session:
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


def cmd_backup(args: argparse.Namespace) -> int:
    with transaction() as session:
        document = backup.backup(session, COMMAND_LINE)
    rows = sum(len(t["rows"]) for t in document["tables"].values())
    write_file(args.out, backup.dumps(document), f"a backup of {rows:,} rows", private=True)
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    path = existing_file(args.file)
    document = backup.loads(path.read_text(encoding="utf-8"))
    engine = make_engine()
    migrate(engine)
    engine.dispose()
    with transaction() as session:
        counts = backup.restore(session, COMMAND_LINE, document)
    print(f"Restored {sum(counts.values()):,} rows into {len(counts)} tables from {path}.")
    return EXIT_OK


def cmd_demo_remove(args: argparse.Namespace) -> int:
    with transaction() as session:
        waiting = demo_summary(session)
        if not any(waiting.values()):
            print("There is no demo data to remove.")
            return EXIT_OK
        if not args.yes:
            listed = ", ".join(f"{n:,} {table}" for table, n in waiting.items() if n)
            raise InvalidInput(
                f"Nothing was removed: this deletes every illustrative row and user ({listed}); "
                "run again with --yes to confirm"
            )
        counts = remove_demo(session, COMMAND_LINE)
    print("Removed the demo data: " + ", ".join(f"{n:,} {table}" for table, n in counts.items() if n) + ".")
    return EXIT_OK
