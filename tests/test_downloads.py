"""A workbook built on a click stays downloadable while other sessions run (Streamlit alone deletes
it after two script runs of any session: on a busy server, before the browser fetched it)."""

from __future__ import annotations

from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from dashboard.ui.downloads import GRACE_S, keep_built_files


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _built(manager: MediaFileManager) -> str:
    placeholder = manager.add_deferred(lambda: b"PK workbook bytes", "application/vnd.ms-excel", "1.2.3")
    url = manager.execute_deferred(placeholder)
    return url.rsplit("/", 1)[-1].split(".", 1)[0]


def test_streamlit_alone_deletes_a_built_file_after_two_runs_of_any_session():
    manager = MediaFileManager(MemoryMediaFileStorage("/media"))
    file_id = _built(manager)
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    assert file_id not in manager._file_metadata  # what the guard is for: it must not pass unnoticed


def test_a_built_file_survives_other_runs_for_the_grace_period_then_goes():
    manager, clock = MediaFileManager(MemoryMediaFileStorage("/media")), Clock()
    keep_built_files(manager, clock=clock)
    keep_built_files(manager, clock=clock)  # installed once
    file_id = _built(manager)
    for _ in range(50):  # fifty other sessions finish a run
        manager.remove_orphaned_files()
    assert file_id in manager._file_metadata
    assert manager._storage.get_file(file_id).content == b"PK workbook bytes"
    clock.now += GRACE_S + 1
    manager.remove_orphaned_files()
    manager.remove_orphaned_files()
    assert file_id not in manager._file_metadata
