"""What every command shares: exit codes, the argument parser, one transaction, files and dates."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from dashboard.errors import InvalidInput
from dashboard.store.db import make_engine, session_scope

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own usage errors are invalid input too
        self.print_usage(sys.stderr)
        self.exit(EXIT_INVALID, f"error: {message}\n")


@contextmanager
def transaction() -> Iterator[Session]:
    """One transaction on DATABASE_URL: committed when the command's block ends, else rolled back."""
    engine = make_engine()
    try:
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()


def write_file(path: Path, data: bytes | str, what: str, private: bool = False) -> None:
    """Write ``data`` to ``path``; ``private``: readable by the owner only (a backup holds every
    account and the audit log), also when the file was there before."""
    if path.parent and not path.parent.exists():
        raise InvalidInput(f"the folder {path.parent} does not exist")
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
        with os.fdopen(descriptor, "wb") as out:
            if private:
                os.fchmod(out.fileno(), 0o600)
            out.write(raw)
    except OSError as exc:
        raise InvalidInput(f"could not write {path}: {exc.strerror or exc}") from None
    print(f"Wrote {what} to {path} ({len(raw) / 1024:,.0f} KB).")


def existing_file(path: Path) -> Path:
    if not path.is_file():
        raise InvalidInput(f"no file {path}")
    return path


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def code(text: str) -> str:
    return text.strip().upper()
