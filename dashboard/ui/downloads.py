"""Workbooks built on a click stay downloadable for a while, however busy the server is.

A download button with a callable (``ui.excel_download``) builds its file when clicked and hands
the browser a link to it. Streamlit keeps that file only until two script runs of *any* session
have ended (the first marks it unreferenced, the second deletes it): on a busy replica that is a
fraction of a second, and the browser's request for the link can come later and get 404 (the load
benchmark saw it at 100 sessions). Here each file built on a click is kept for ``GRACE_S`` seconds
before Streamlit may remove it. The wrapper is installed once per process on Streamlit's media file
manager (Streamlit is pinned; ``tests/test_downloads.py`` checks the behaviour on the real manager).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

GRACE_S = 120.0  # how long a workbook built on a click stays downloadable
_MARK = "_dashboard_download_grace"


def keep_built_files(manager, grace_s: float = GRACE_S, clock: Callable[[], float] = time.monotonic) -> None:
    """Make ``manager`` (Streamlit's MediaFileManager) keep each file built by a deferred download
    for ``grace_s`` seconds. Idempotent."""
    if getattr(manager, _MARK, None) is not None:
        return
    built: dict[str, float] = {}  # file id -> when it was built
    lock = threading.Lock()
    execute, inactive = manager.execute_deferred, manager._get_inactive_file_ids

    def execute_deferred(file_id: str) -> str:
        url = execute(file_id)
        with lock:
            built[url.rsplit("/", 1)[-1].split(".", 1)[0]] = clock()
        return url

    def get_inactive_file_ids() -> set[str]:
        now = clock()
        with lock:
            for file_id, at in list(built.items()):
                if now - at > grace_s:
                    del built[file_id]
            young = set(built)
        return inactive() - young

    manager.execute_deferred = execute_deferred
    manager._get_inactive_file_ids = get_inactive_file_ids
    setattr(manager, _MARK, grace_s)


def keep_downloads() -> None:
    """Install ``keep_built_files`` on this server's media file manager (once)."""
    from streamlit.runtime import Runtime

    if Runtime.exists():
        keep_built_files(Runtime.instance().media_file_mgr)
