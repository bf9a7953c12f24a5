"""The worst upload files within the upload limit, imported as the import page imports them.

Run: make bench-uploads  (or .venv/bin/python -m bench.bench_uploads). Budget: every file of
bench/hostile_files.py is refused or imported within 5 s of CPU and 200 MB of extra memory.

Each file runs in its own process, against a copy of a demo database, through
``monitoring.importing.import_statuses`` as the administrator (the whole path: the package checks,
the parser, the rows checked against the register; rolled back, so nothing is written). The
process first imports a small valid file once, so that modules and caches are loaded; then it
measures the CPU time of the import (``time.process_time``) and the peak resident memory above
what the process held just before it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CPU_BUDGET_S = 5.0
MEMORY_BUDGET_MB = 200


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc (VmRSS: now; VmHWM: its peak since it started)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise LookupError(field)


def _measure(database: str, path: str) -> dict:
    from bench.hostile_files import good_rows, package, worksheet
    from dashboard.access.auth import COMMAND_LINE
    from dashboard.excel.template import SHEET
    from dashboard.excel.upload import UploadRefused
    from dashboard.monitoring.importing import import_statuses
    from dashboard.store.db import make_engine

    engine = make_engine(database)

    def attempt(data: bytes) -> str:
        with engine.connect() as connection:
            transaction = connection.begin()
            from sqlalchemy.orm import Session

            with Session(bind=connection) as session:
                try:
                    result = import_statuses(session, COMMAND_LINE, data, "hostile.xlsx")
                    outcome = f"imported {result.rows:,} rows"
                except UploadRefused as refused:
                    text = str(refused)
                    first = text.splitlines()[1][:90] if len(text.splitlines()) > 1 else text[:90]
                    count = len(refused.problems)
                    size = f"{count:,} problem{'s' if count > 1 else ''}, {len(text):,} characters"
                    outcome = f"refused ({size}): {first}"
                finally:
                    transaction.rollback()
        return outcome

    attempt(package({SHEET: worksheet(good_rows(3), "A1:F4")}))  # warm up
    data = Path(path).read_bytes()
    before = _status_mb("VmRSS")
    start = time.process_time()
    outcome = attempt(data)
    cpu = time.process_time() - start
    peak = _status_mb("VmHWM")
    return {"bytes": len(data), "cpu_s": cpu, "extra_mb": max(0.0, peak - before), "outcome": outcome}


def main() -> int:
    from bench.hostile_files import FILES
    from dashboard.admin import seed
    from dashboard.store.db import make_engine, migrate, session_scope

    work = Path(tempfile.mkdtemp(prefix="bench-uploads-"))
    try:
        database = work / "demo.db"
        engine = make_engine(f"sqlite:///{database}")
        migrate(engine)
        with session_scope(engine) as session:
            seed.seed_database(session, seed.load_seed(today=dt.date.today()))
        engine.dispose()
        machine = platform.processor() or platform.machine()
        print(f"{machine}, {os.cpu_count()} cores, Python {platform.python_version()}, {dt.date.today()}")
        print("| file | size | CPU | extra memory | outcome |\n|---|---|---|---|---|")
        failed = []
        for name, build in FILES.items():
            path = work / "upload.xlsx"
            path.write_bytes(build())
            copy = work / "run.db"
            shutil.copy(database, copy)
            run = subprocess.run(
                [sys.executable, "-m", "bench.bench_uploads", "--one", f"sqlite:///{copy}", str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            if run.returncode:
                print(f"| {name} | — | — | — | failed: {run.stderr.strip().splitlines()[-1:]} |")
                failed.append(name)
                continue
            r = json.loads(run.stdout.strip().splitlines()[-1])
            within = r["cpu_s"] <= CPU_BUDGET_S and r["extra_mb"] <= MEMORY_BUDGET_MB
            if not within:
                failed.append(name)
            print(
                f"| {name} | {r['bytes'] / 1024:,.0f} KB | {r['cpu_s']:.2f} s | {r['extra_mb']:.0f} MB | "
                f"{r['outcome']}{'' if within else ' — OVER BUDGET'} |"
            )
        print(f"\nbudget: {CPU_BUDGET_S} s CPU, {MEMORY_BUDGET_MB} MB extra memory per file")
        print("all within budget" if not failed else f"over budget or failed: {', '.join(failed)}")
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--one":
        print(json.dumps(_measure(sys.argv[2], sys.argv[3])))
        sys.exit(0)
    sys.exit(main())
