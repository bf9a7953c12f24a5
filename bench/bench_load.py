"""Load: simulated users speaking Streamlit's websocket protocol as the browser does, on loopback.

Run: make bench-load  (or .venv/bin/python -m bench.bench_load [--sessions 10 30 100]
[--seconds 60] [--replicas 1|2] [--postgres URL] [--cost 40]). Bounded in time: each level runs
--seconds. ``--cost N`` first measures the server CPU of each kind of action, one session doing
each N times on a quiet server.

Each simulated user is an expert in demo mode (``?as=expert``): it opens the landing page and the
options page, then acts every 2–4 s (3 s on average): a weight nudge on the options page (a
fragment rerun, as the weights panel sends it), now and then the EU overview with a filter changed,
a Member State profile with another state chosen, the landing page, or a workbook (the download
button's deferred file, fetched over HTTP as the browser does). Every rerun is timed from the
request to the server's "script finished"; an exception on the page, a dropped connection or no
answer within 30 s is an error. Server CPU and memory (VmRSS) come from /proc.

Targets on the 2-core development machine: 100 sessions on one replica with 0 errors, p95 ≤ 100 ms
for a nudge and ≤ 500 ms for a page load, RSS ≤ 250 MB; memory flat over 500 reruns per page and
back near its start after the sessions end. Results are in bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from tests.browser import free_port as _free_port

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_S = 30
THINK_S = (2.0, 4.0)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=dict)  # action -> seconds
    errors: dict[str, int] = field(default_factory=dict)

    def add(self, action: str, seconds: float) -> None:
        self.times.setdefault(action, []).append(seconds)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1


class PageError(Exception):
    pass


class User:
    """One browser tab: a websocket session, the page it is on, and the widgets it has seen."""

    def __init__(self, url: str, stats: Stats, seed: int):
        self.ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
        self.http, self.stats, self.random = url, stats, random.Random(seed)
        self.pages: dict[str, str] = {}
        self.page = ""
        self.widgets: dict[str, tuple[str, object]] = {}  # key suffix -> (widget id, element)
        self.fragment = ""
        self.session_id = ""
        self.ws = None
        # A browser's cookie: behind the proxy, its page loads, websocket and downloads reach one replica.
        self.cookie = f"dashboard_route=user-{seed}"

    async def __aenter__(self):
        self.ws = await websockets.connect(
            self.ws_url,
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=TIMEOUT_S,
            additional_headers={"Cookie": self.cookie},
        )
        return self

    async def __aexit__(self, *_):
        await self.ws.close()

    async def rerun(self, page: str, states: list[WidgetState] = (), fragment: str = "") -> float:
        message = BackMsg()
        message.rerun_script.query_string = "as=expert"
        message.rerun_script.page_script_hash = self.pages.get(page, "")
        if fragment:
            message.rerun_script.fragment_id = fragment
        message.rerun_script.widget_states.widgets.extend(states)
        start = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        if not fragment:
            self.widgets = {}
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), TIMEOUT_S)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "new_session" and forward.new_session.HasField("initialize"):
                self.session_id = forward.new_session.initialize.session_id
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in forward.navigation.app_pages}
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                what = element.WhichOneof("type")
                if what == "exception":
                    raise PageError(f"{page}: {element.exception.type}: {element.exception.message[:80]}")
                body = getattr(element, what)
                widget = getattr(body, "id", "") if hasattr(body, "id") else ""
                if widget:
                    self.widgets[widget.rsplit("-", 1)[-1]] = (widget, body)
                    if what == "bidi_component":
                        self.fragment = forward.delta.fragment_id
            elif kind == "script_finished":
                self.page = page
                return time.perf_counter() - start

    async def open(self, page: str) -> None:
        self.stats.add("page load", await self.rerun(page))

    async def nudge(self) -> None:
        if self.page != "options":
            await self.open("options")
        base, _ = self.widgets["weights_panel"]
        state = WidgetState(id=f"$$STREAMLIT_INTERNAL_KEY_{base}__events")
        points = {"C01": self.random.randint(0, 100), "C02": self.random.randint(0, 100)}
        state.json_trigger_value = json.dumps([{"event": "points", "value": points}])
        self.stats.add("weight nudge", await self.rerun("options", [state], self.fragment))

    async def filter(self) -> None:
        await self.open("eu_overview")
        widget, body = self.widgets["eu_areas"]
        state = WidgetState(id=widget)
        state.string_array_value.data.append(self.random.choice(list(body.options)))
        self.stats.add("filter change", await self.rerun("eu_overview", [state]))

    async def member_state(self) -> None:
        await self.open("member_state")
        widget, body = self.widgets["profile_state"]
        state = WidgetState(id=widget, string_value=self.random.choice(list(body.options)))
        self.stats.add("filter change", await self.rerun("member_state", [state]))

    async def workbook(self) -> None:
        if self.page != "options":
            await self.open("options")
        _, button = self.widgets["xlsx"]
        message = BackMsg()
        message.backend_operation_request.request_id = f"{self.session_id}-{time.monotonic_ns()}"
        message.backend_operation_request.session_id = self.session_id
        message.backend_operation_request.deferred_file.file_id = button.deferred_file_id
        start = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(self.ws.recv(), TIMEOUT_S))
            if forward.WhichOneof("type") == "backend_operation_response":
                response = forward.backend_operation_response
                if response.error_msg:
                    raise PageError(f"workbook: {response.error_msg}")
                break
        url = response.deferred_file.url
        loop = asyncio.get_running_loop()
        request = urllib.request.Request(self.http + url, headers={"Cookie": self.cookie})
        size = await loop.run_in_executor(None, lambda: len(urllib.request.urlopen(request).read()))
        if size < 1000:
            raise PageError(f"workbook: {size} bytes")
        self.stats.add("workbook", time.perf_counter() - start)

    async def act(self) -> None:
        roll = self.random.random()
        if roll < 0.70:
            await self.nudge()
        elif roll < 0.80:
            await self.filter()
        elif roll < 0.88:
            await self.member_state()
        elif roll < 0.96:
            await self.open("")
        else:
            await self.workbook()


async def _simulate(url: str, stats: Stats, seed: int, until: float) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(rng.uniform(0, THINK_S[1]))  # arrivals spread over one think time
    try:
        async with User(url, stats, seed) as user:
            try:
                await user.open("")
                await user.open("options")
            except PageError as exc:
                stats.error(str(exc)[:60])
                return
            while time.monotonic() < until:
                await asyncio.sleep(rng.uniform(*THINK_S))
                try:
                    await user.act()
                except PageError as exc:
                    stats.error(str(exc)[:60])
    except (TimeoutError, websockets.ConnectionClosed, OSError) as exc:
        stats.error(f"{type(exc).__name__} {getattr(exc, 'code', '')}".strip())


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _row(label: str, stats: Stats, seconds: float, cpu: float, rss: list[float], cores: int) -> str:
    def ms(action: str) -> str:
        v = stats.times.get(action, [])
        if not v:
            return "—"
        p50, p95, p99 = statistics.median(v), _percentile(v, 0.95), _percentile(v, 0.99)
        return f"{p50 * 1000:.0f} / {p95 * 1000:.0f} / {p99 * 1000:.0f}"

    total = sum(len(v) for v in stats.times.values())
    errors = sum(stats.errors.values())
    detail = f" ({', '.join(f'{k}: {n}' for k, n in stats.errors.items())})" if errors else ""
    return (
        f"| {label} | {errors}{detail} | {ms('weight nudge')} | {ms('page load')} | {ms('filter change')} | "
        f"{ms('workbook')} | {total / seconds:.1f}/s | {cpu / seconds / cores * 100:.0f} % | "
        f"{max(rss):.0f} MB |"
    )


def _wait_healthy(url: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response,
        ):
            if response.read() == b"ok":
                return
        time.sleep(0.2)
    raise SystemExit(f"{url} did not start")


def _database(work: Path, postgres: str | None) -> str:
    env = {**os.environ}
    url = postgres or f"sqlite:///{work / 'demo.db'}"
    env["DATABASE_URL"] = url
    subprocess.run(
        [sys.executable, "-m", "dashboard", "init"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description="Load benchmark (loopback only)")
    parser.add_argument("--sessions", type=int, nargs="*", default=[10, 30, 100])
    parser.add_argument("--cost", type=int, default=40, help="times each action for CPU per action (0: none)")
    parser.add_argument("--seconds", type=int, default=60, help="how long each level runs")
    parser.add_argument("--replicas", type=int, default=1, choices=[1, 2])
    parser.add_argument("--postgres", help="a PostgreSQL URL (an empty schema) instead of SQLite")
    parser.add_argument(
        "--reruns", type=int, default=500, help="reruns per page for the memory check (0: none)"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    env = {**os.environ, "DASHBOARD_DEMO": "1", "OPENBLAS_NUM_THREADS": "1"}
    env["DATABASE_URL"] = _database(work, args.postgres)
    ports = [_free_port() for _ in range(args.replicas)]
    command = [sys.executable, "-m", "streamlit", "run", "app/app.py", "--server.address", "127.0.0.1"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    servers = [
        subprocess.Popen([*command, "--server.port", str(p)], cwd=ROOT, env=env, **quiet) for p in ports
    ]
    proxy = None
    try:
        for p in ports:
            _wait_healthy(f"http://127.0.0.1:{p}")
        url = f"http://127.0.0.1:{ports[0]}"
        if args.replicas > 1:
            sys.path.insert(0, str(ROOT / "deploy"))
            from replicas import render  # deploy/replicas.py

            listen = _free_port()
            conf = work / "nginx.conf"
            conf.write_text(render(f"127.0.0.1:{listen}", ports, work))
            proxy = subprocess.Popen(
                [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf), "-p", str(work)]
            )
            url = f"http://127.0.0.1:{listen}"
            _wait_healthy(url)
        pids = [s.pid for s in servers]
        cores = os.cpu_count() or 1
        backend = "PostgreSQL" if args.postgres else "SQLite"
        print(
            f"{platform.machine()}, {cores} cores, Python {platform.python_version()}, {dt.date.today()}, "
            f"{args.replicas} replica(s), {backend}, {args.seconds} s a level"
        )
        asyncio.run(_warm(url))
        base = [_rss_mb(p) for p in pids]
        print(f"RSS after one user's first pages: {', '.join(f'{r:.0f} MB' for r in base)}")
        if args.cost:
            costs = asyncio.run(_cost(url, pids, args.cost))
            print(f"Server CPU per action, one session on a quiet server ({args.cost} of each):")
            print("| action | CPU ms |\n|---|---|")
            print("\n".join(f"| {what} | {ms:.1f} |" for what, ms in costs.items()), flush=True)
        print("| sessions | errors | nudge p50 / p95 / p99 ms | page load | filter change | workbook | "
              "actions | server CPU (of all cores) | RSS (largest replica) |")  # fmt: skip
        print("|---|---|---|---|---|---|---|---|---|")
        for n in args.sessions:
            stats = Stats()
            cpu0 = sum(_cpu_seconds(p) for p in pids)
            start = time.monotonic()
            rss: list[float] = []

            async def level(n=n, stats=stats, start=start, rss=rss):
                until = start + args.seconds
                users = [asyncio.create_task(_simulate(url, stats, seed, until)) for seed in range(n)]
                while not all(u.done() for u in users):
                    rss.append(max(_rss_mb(p) for p in pids))
                    await asyncio.sleep(1)
                await asyncio.gather(*users)

            asyncio.run(level())
            elapsed = time.monotonic() - start
            cpu = sum(_cpu_seconds(p) for p in pids) - cpu0
            print(_row(str(n), stats, elapsed, cpu, rss, cores), flush=True)
        time.sleep(5)
        print(f"RSS 5 s after the last sessions ended: {', '.join(f'{_rss_mb(p):.0f} MB' for p in pids)}")
        if args.reruns:
            for action in ("nudge", "eu_overview", "member_state"):
                before, after = asyncio.run(_repeat(url, pids, action, args.reruns))
                print(
                    f"RSS over {args.reruns} reruns ({action}), one session: "
                    f"{before:.0f} MB -> {after:.0f} MB"
                )
        return 0
    finally:
        for process in [proxy, *servers]:
            if process is not None:
                process.terminate()
                process.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)


async def _repeat(url: str, pids: list[int], action: str, times: int) -> tuple[float, float]:
    """RSS (largest replica) before and after ``times`` reruns of one kind by one session."""
    async with User(url, Stats(), 1) as user:
        await user.open("")
        await user.nudge()
        before = max(_rss_mb(p) for p in pids)
        for _ in range(times):
            await (user.nudge() if action == "nudge" else user.open(action))
        return before, max(_rss_mb(p) for p in pids)


COSTED = {  # what one session does -> how
    "weight nudge": lambda user: user.nudge(),
    "options page": lambda user: user.open("options"),
    "landing page": lambda user: user.open(""),
    "EU overview opened, a filter changed (2 runs)": lambda user: user.filter(),
    "Member State profile opened, another chosen (2 runs)": lambda user: user.member_state(),
    "options workbook": lambda user: user.workbook(),
}


async def _cost(url: str, pids: list[int], times: int) -> dict[str, float]:
    """Server CPU milliseconds per action (every replica), one session on a quiet server."""
    found = {}
    async with User(url, Stats(), 2) as user:
        await user.open("")
        for what, act in COSTED.items():
            cpu0 = sum(_cpu_seconds(p) for p in pids)
            for _ in range(times):
                if what == "options page":
                    await user.open("")  # leave it, so that each time is a page load (taken off below)
                await act(user)
            found[what] = (sum(_cpu_seconds(p) for p in pids) - cpu0) * 1000 / times
    found["options page"] -= found["landing page"]
    return found


async def _warm(url: str) -> None:
    stats = Stats()
    async with User(url, stats, 0) as user:
        for page in ("", "options", "eu_overview", "member_state", "sensitivity"):
            await user.open(page)
        await user.nudge()
        await user.workbook()


if __name__ == "__main__":
    sys.exit(main())
