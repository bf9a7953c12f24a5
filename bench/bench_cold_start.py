"""Cold start: a fresh replica's first page load, and what it costs.

Run: make bench-cold  (or .venv/bin/python -m bench.bench_cold_start [--runs 5]). Target: the first
page load on a fresh replica within 3 s (process start to the landing page drawn).

Each run starts a new server on a copy of the demo database (SQLite), times the process start until
its health check answers, then the first page over the websocket protocol (the landing page as a
viewer: imports of the app's modules, the migrations check, the first queries and figures), then
the same page again (warm). Separately, the import time of the heaviest modules, one fresh
interpreter each (``python -X importtime``), says where the first page's time goes.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.bench_load import Stats, User, _free_port

ROOT = Path(__file__).resolve().parent.parent
MODULES = [
    "streamlit",
    "pandas",
    "plotly.graph_objects",
    "sqlalchemy",
    "dashboard.ui",
    "dashboard.cabinet",
]


def _until_healthy(url: str, process: subprocess.Popen) -> float:
    start = time.perf_counter()
    while True:
        if process.poll() is not None:
            raise SystemExit("the server exited")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.02)


async def _first_pages(url: str) -> tuple[float, float]:
    async with User(url, Stats(), 0) as user:
        first = await user.rerun("")
        again = await user.rerun("")
    return first, again


def _import_ms(module: str) -> float:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
    )
    lines = [line.split("|") for line in done.stderr.splitlines() if line.startswith("import time:")]
    cumulative = {p[2].strip(): int(p[1]) for p in lines if p[1].strip().isdigit()}  # µs, all it imports
    return (
        cumulative.get(module.split(".")[0], 0) + (cumulative.get(module, 0) if "." in module else 0)
    ) / 1000


def main() -> int:
    parser = argparse.ArgumentParser(description="Cold start of one replica")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-cold-"))
    try:
        template = work / "demo.db"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{template}", "OPENBLAS_NUM_THREADS": "1"}
        subprocess.run(
            [sys.executable, "-m", "dashboard", "init"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        print(f"{machine}, {dt.date.today()}")
        starts, firsts, warms, totals = [], [], [], []
        for n in range(args.runs):
            db = work / f"run{n}.db"
            shutil.copy(template, db)
            port = _free_port()
            url = f"http://127.0.0.1:{port}"
            began = time.perf_counter()
            server = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", "app/app.py", "--server.port", str(port),
                 "--server.address", "127.0.0.1"],
                cwd=ROOT, env={**env, "DATABASE_URL": f"sqlite:///{db}", "DASHBOARD_DEMO": "1"},
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                starts.append(_until_healthy(url, server))
                first, warm = asyncio.run(_first_pages(url))
                totals.append(time.perf_counter() - began)
                firsts.append(first)
                warms.append(warm)
            finally:
                server.terminate()
                server.wait(timeout=20)
        med = statistics.median
        print("| what | median | slowest |\n|---|---|---|")
        print(f"| process start to health check | {med(starts):.2f} s | {max(starts):.2f} s |")
        print(f"| first page (landing, viewer) | {med(firsts):.2f} s | {max(firsts):.2f} s |")
        print(f"| the same page again | {med(warms) * 1000:.0f} ms | {max(warms) * 1000:.0f} ms |")
        print(f"| **process start to first page drawn** | **{med(totals):.2f} s** | {max(totals):.2f} s |")
        print("\nImport time, one fresh interpreter each (cumulative, includes what each imports):")
        for module in MODULES:
            print(f"- {module}: {_import_ms(module):.0f} ms")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
