"""Serve the dashboard as several replicas behind nginx, on one database.

    python deploy/replicas.py --replicas 2 --port 8501 [--first-port 8601] [--secrets FILE]

Starts N Streamlit processes of app/app.py on 127.0.0.1 (ports first-port, first-port + 1, …),
each with the same environment (DATABASE_URL, OPENBLAS_NUM_THREADS=1) and the same secrets file
(hence the same sign-in cookie secret), waits until each answers its health check, then runs nginx
in the foreground with deploy/nginx.conf.template rendered into a run folder, listening on --port.
Stops everything on SIGTERM or Ctrl-C. A replica that exits is reported and left down: the proxy
sends its browsers to the others (run this under a supervisor that restarts it, e.g. systemd).

The database is migrated and seeded before (``make serve-prod`` does it once, not per replica).
Demo mode is never set here.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

from dashboard.access.users import auth_problem

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
START_TIMEOUT_S = 90


def render(listen: str, ports: list[int], run: Path) -> str:
    """The nginx configuration for replicas on ``ports``, listening on ``listen``."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in ports)
    for folder in ("logs", "tmp"):
        (run / folder).mkdir(parents=True, exist_ok=True)
    return TEMPLATE.read_text().format(
        listen=listen, servers=servers, pid=run / "nginx.pid", logs=run / "logs", tmp=run / "tmp"
    )


def cookie_secret_problem(secrets: Path) -> str:
    """Why the secrets file cannot serve several replicas; "" when it can."""
    if not secrets.exists():
        return f"{secrets} does not exist: every replica needs the same [auth] settings and cookie secret"
    try:
        auth = tomllib.loads(secrets.read_text()).get("auth", {})
    except tomllib.TOMLDecodeError as exc:
        return f"{secrets} is not valid TOML ({exc})"
    problem = auth_problem(auth)  # the rule the sign-in page applies
    return f"{secrets}: {problem}".replace("`", "") if problem else ""


def _healthy(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the replica on port {port} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the replica on port {port} did not answer within {START_TIMEOUT_S} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501, help="where nginx listens")
    parser.add_argument("--address", default="0.0.0.0", help="where nginx listens (default all)")
    parser.add_argument("--first-port", type=int, default=8601, help="the first replica's port")
    parser.add_argument("--secrets", type=Path, default=ROOT / ".streamlit" / "secrets.toml")
    parser.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    parser.add_argument("--run", type=Path, help="folder for nginx's configuration, logs and pid")
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 32:
        parser.error("--replicas: between 1 and 32")
    if problem := cookie_secret_problem(args.secrets):
        parser.error(problem)
    if not Path(args.nginx).exists():
        parser.error(f"nginx not found at {args.nginx} (apt-get install nginx)")
    run = args.run or Path(tempfile.mkdtemp(prefix="dashboard-proxy-"))
    env = {k: v for k, v in os.environ.items() if k != "DASHBOARD_DEMO"} | {"OPENBLAS_NUM_THREADS": "1"}
    ports = [args.first_port + i for i in range(args.replicas)]
    children: list[subprocess.Popen] = []

    def stop(*_):
        for child in reversed(children):
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for port in ports:
        argv_ = [sys.executable, "-m", "streamlit", "run", "app/app.py", "--server.port", str(port),
                 "--server.address", "127.0.0.1", "--secrets.files", str(args.secrets)]  # fmt: skip
        children.append(subprocess.Popen(argv_, cwd=ROOT, env=env))
        print(f"replica {len(children)} on 127.0.0.1:{port} (pid {children[-1].pid})", flush=True)
    for port, child in zip(ports, children, strict=True):
        _healthy(port, child)
    listen = f"{args.address}:{args.port}" if re.fullmatch(r"[0-9.]+", args.address) else str(args.port)
    conf = run / "nginx.conf"
    conf.write_text(render(listen, ports, run))
    children.append(subprocess.Popen([args.nginx, "-c", str(conf), "-p", str(run)]))
    print(f"nginx on {listen} (pid {children[-1].pid}), configuration {conf}", flush=True)
    while True:
        for i, child in enumerate(children):
            if child.poll() is not None and not getattr(child, "reported", False):
                child.reported = True
                what = "nginx" if i == len(children) - 1 else f"replica {i + 1}"
                print(f"{what} exited with {child.returncode}", flush=True)
                if i == len(children) - 1:
                    stop()
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
