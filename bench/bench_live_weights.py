"""Live weights in headless Chromium: keyboard nudge of a weight slider -> page idle, in ms.

Measured inside the page: a keydown listener stamps the start, a MutationObserver stamps every DOM
change, and the run ends once the page has been quiet for QUIET_MS; the time is the last change
minus the start. Three servers are measured in one run, interleaved: the demo data, a synthetic 10
options x 15 criteria x 30 experts dataset, and a minimal one-slider-one-chart page. Target: options page /
minimal page <= 1.5 (aim 1.25).

Run: make bench-live   (needs /usr/bin/chromium)
"""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.datasets import options_dataset, synthetic_scores

ROOT = Path(__file__).resolve().parent.parent
PRESSES = 40  # measured nudges per page, after WARMUP
ROUND = 5  # nudges on one page before the next page's turn
WARMUP = 3
QUIET_MS = 400  # the page counts as idle after this long without a DOM change

# Stamps the page's websocket traffic, for the breakdown: the rerun request sent, the first and the
# last message back from the server (the server's part ends there; the rest is the browser's).
SOCKET_JS = """
(() => {
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    const send = socket.send.bind(socket);
    socket.send = (data) => {
      const b = window.__bench; if (b && b.sent === null) b.sent = performance.now(); send(data);
    };
    socket.addEventListener('message', () => {
      const b = window.__bench; if (!b) return;
      const now = performance.now(); if (b.first === null) b.first = now; b.lastMessage = now;
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();
"""
MEASURE_JS = """
() => {
  window.__bench = {start: null, last: null, sent: null, first: null, lastMessage: null};
  document.addEventListener('keydown', () => {
    window.__bench.start = performance.now(); window.__bench.last = performance.now();
  }, {capture: true, once: true});
  const observer = new MutationObserver(() => { window.__bench.last = performance.now(); });
  observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
  window.__benchObserver = observer;
}
"""
RESULT_JS = """
(quiet) => new Promise(resolve => {
  const check = () => {
    const b = window.__bench;
    if (b.start !== null && performance.now() - b.last > quiet) {
      window.__benchObserver.disconnect();
      resolve([b.last, b.sent, b.first, b.lastMessage].map(t => t === null ? null : t - b.start));
    } else { setTimeout(check, 25); }
  };
  check();
})
"""


@contextlib.contextmanager
def serve(script: str, database: Path | None, port: int):
    env = {**os.environ, "DASHBOARD_DEMO": "1", "OPENBLAS_NUM_THREADS": "1"}
    if database is not None:
        env["DATABASE_URL"] = f"sqlite:///{database}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://localhost:{port}"
    for _ in range(240):
        with contextlib.suppress(OSError):
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        time.sleep(0.25)
    try:
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def init(database: Path, data: Path | None) -> None:
    args = ["init"] + (["--data", str(data)] if data else [])
    subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        env={**os.environ, "DATABASE_URL": f"sqlite:///{database}"},
    )


def _slider_selector(name: str) -> str:
    """The slider labelled ``name``, or ``name · <share>`` as on the options page."""
    return f'input[type="range"][aria-label="{name}"], input[type="range"][aria-label^="{name} · "]'


def open_page(browser, url: str, slider_name: str):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    page.add_init_script(SOCKET_JS)
    page.goto(url)
    slider = page.locator(_slider_selector(slider_name))
    slider.wait_for(timeout=60_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.wait_for_timeout(1500)
    return page, slider


def nudge(page, slider, i: int) -> list[float | None]:
    """One keyboard nudge of the slider: ms from the keydown to the page's last DOM change, to the
    rerun request, to the first and to the last message back."""
    slider.focus()
    page.evaluate(MEASURE_JS)
    page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
    return page.evaluate(RESULT_JS, QUIET_MS)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        tmp = Path(tmp)
        demo_db, synthetic_db = tmp / "demo.db", tmp / "synthetic.db"
        init(demo_db, None)
        criteria = [(f"Criterion {j + 1}", "cost" if j % 4 == 1 else "benefit") for j in range(15)]
        data = options_dataset(
            tmp,
            ["Baseline", *[f"Option {i}" for i in range(1, 10)]],
            criteria,
            synthetic_scores(30, 9, 15),
            [1.0] * 15,
        )
        init(synthetic_db, data)
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        runs = {
            "minimal page (one slider, one chart)": ("bench/minimal_app.py", None, "/", "Weight"),
            "options page, demo data (6 x 11 x 5)": (
                "app/app.py",
                demo_db,
                "/options?as=expert",
                "Effectiveness",
            ),
            "options page, synthetic 10 x 15 x 30": (
                "app/app.py",
                synthetic_db,
                "/options?as=expert",
                "Criterion 1",
            ),
        }
        wanted = sys.argv[1:]  # optional: only the runs whose label contains one of these words
        runs = {k: v for k, v in runs.items() if not wanted or any(w in k for w in wanted)}
        # All servers run at once and the pages take turns, ROUND nudges each: a slow spell of the
        # machine then hits every page alike instead of whichever page was being measured.
        times: dict[str, list[list[float | None]]] = {label: [] for label in runs}
        with contextlib.ExitStack() as stack:
            pages = {}
            for port, (label, (script, db, path, slider)) in enumerate(runs.items(), start=8611):
                url = stack.enter_context(serve(script, db, port))
                pages[label] = open_page(browser, url + path, slider)
            for page, slider in pages.values():
                for i in range(WARMUP):
                    nudge(page, slider, i)
            for start in range(0, PRESSES, ROUND):
                for label, (page, slider) in pages.items():
                    times[label] += [
                        nudge(page, slider, i) for i in range(start, min(start + ROUND, PRESSES))
                    ]
        medians = {}
        for label, rows in times.items():
            values = [row[0] for row in rows]
            medians[label] = statistics.median(values)
            print(
                f"| {label} | {medians[label]:.0f} ms | p90 {sorted(values)[int(0.9 * len(values))]:.0f} ms |"
            )
            columns = list(zip(*rows, strict=True))[1:]
            parts = [statistics.median(x for x in column if x is not None) for column in columns]
            print(
                "    median from the keydown: request sent {:.0f} ms, first message back {:.0f} ms, "
                "last message {:.0f} ms".format(*parts)
            )
        base = medians.get("minimal page (one slider, one chart)")
        for label, value in list(medians.items())[1:] if base else []:
            print(f"ratio {label} / minimal: {value / base:.2f} (target <= 1.5)")
        browser.close()


if __name__ == "__main__":
    main()
