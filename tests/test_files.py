"""The one file layer (meeting_packs/files.py): atomic writes, lock files, writer lock, output guard.

Each test is one of the hazards in guides/reliability.md: a file held open on
Windows, a full disk, a symbolic link, a read-only file, several writers at
once, a lock left by a crash, an output path pointing at a file the tool did
not make.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import stat
import sys
from pathlib import Path

import pytest

from meeting_packs import files
from meeting_packs.errors import FileLocked, MeetingPacksError


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if files.TEMP_MARK in p.name or p.name.endswith(".lock"))


def test_atomic_write_replaces_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    files.write_text(target, "new")
    assert target.read_text() == "new"
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="mode bits are POSIX")
def test_new_files_are_readable_by_colleagues_not_private(tmp_path):
    old = os.umask(0o022)
    try:
        target = files.write_bytes(tmp_path / "doc.bin", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_replace_refused_as_on_windows_is_held_open(tmp_path, monkeypatch):
    target = tmp_path / "pack.docx"
    target.write_bytes(b"before")

    def refuse(src, dst):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(FileLocked) as err:
        files.write_bytes(target, b"after")
    message = str(err.value)
    assert "pack.docx is open in another program" in message and "\n" not in message
    assert target.read_bytes() == b"before"
    assert _leftovers(tmp_path) == []


def test_disk_full_is_named_and_the_file_is_untouched(tmp_path):
    target = tmp_path / "register.xlsx"
    target.write_bytes(b"before")

    def writer(temp: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(files.FileWriteError, match="the disk is full"):
        files.write_with(target, writer)
    assert target.read_bytes() == b"before"
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_symbolic_link_keeps_pointing_at_the_changed_file(tmp_path):
    real = tmp_path / "shared" / "actions.xlsx"
    real.parent.mkdir()
    real.write_bytes(b"v1")
    link = tmp_path / "actions.xlsx"
    link.symlink_to(real)
    files.write_bytes(link, b"v2")
    assert link.is_symlink()
    assert real.read_bytes() == b"v2"


def test_a_read_only_file_is_refused(tmp_path):
    target = tmp_path / "minutes.docx"
    target.write_bytes(b"keep")
    target.chmod(0o444)
    try:
        with pytest.raises(files.FileWriteError, match="read-only"):
            files.write_bytes(target, b"lose")
        assert target.read_bytes() == b"keep"
    finally:
        target.chmod(0o644)


def test_office_lock_owner_is_printed_on_one_line(tmp_path):
    target = tmp_path / "actions.xlsx"
    target.write_bytes(b"x")
    (tmp_path / ".~lock.actions.xlsx#").write_text("Sam\nLee,slee,PC1,30.11.2026 09:00,file;")
    with pytest.raises(FileLocked) as err:
        files.check_not_open(target)
    assert "open by Sam Lee" in str(err.value)
    assert "\n" not in str(err.value)


# ------------------------------------------------------------------ writer lock

def test_a_second_writer_waits_then_names_the_holder(tmp_path):
    target = tmp_path / "actions.xlsx"
    target.write_bytes(b"x")
    with files.writer_lock(target):
        with pytest.raises(FileLocked) as err:
            with files.writer_lock(target, wait=0.2):
                pass
    assert "is being saved by" in str(err.value)
    assert _leftovers(tmp_path) == []


def test_a_lock_left_by_a_dead_process_is_taken_over_with_a_warning(tmp_path):
    import json
    import socket
    import subprocess

    target = tmp_path / "actions.xlsx"
    target.write_bytes(b"x")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    lock = tmp_path / ".actions.xlsx.lock"
    lock.write_text(json.dumps({"user": "jo", "machine": socket.gethostname(), "pid": int(dead),
                                "time": "2026-11-30 09:00:00"}))
    said: list[str] = []
    with files.writer_lock(target, wait=0.1, warn=said.append):
        pass
    assert said and "jo" in said[0] and "took the lock over" in said[0]
    assert not lock.exists()


def test_an_empty_lock_is_taken_over_once_it_is_seconds_old(tmp_path, monkeypatch):
    """A writer killed between making its lock file and writing its name into it left an empty lock, which
    blocked every save for five minutes (seen once in fifty kills on a busy machine): seen empty for a few
    seconds, it is taken over; one seen empty for less may be a writer about to write its name, and is
    waited for."""
    monkeypatch.setattr(files, "LOCK_EMPTY_STALE_SECONDS", 0.5)
    target = tmp_path / "actions.xlsx"
    target.write_bytes(b"x")
    lock = tmp_path / ".actions.xlsx.lock"
    lock.write_bytes(b"")
    with pytest.raises(FileLocked, match="is being saved by someone"):
        with files.writer_lock(target, wait=0.2):
            pass
    said: list[str] = []
    with files.writer_lock(target, wait=2.0, warn=said.append):
        assert json.loads(lock.read_text())["pid"] == os.getpid()
    assert said and "locked by someone" in said[0] and "took the lock over" in said[0]
    assert not lock.exists()


def test_a_lock_being_written_is_not_taken_over_when_the_share_clock_is_behind(tmp_path, monkeypatch):
    """On a network share a lock's time is the file server's clock: one a few seconds behind this computer's
    makes a lock just made look seconds old.  Caught empty in the moment before its writer writes its name
    (a round trip on a slow share), it is still a live writer's, and is waited for: an empty lock is taken
    over only once this writer has itself seen it stay empty that long."""
    import threading
    import time

    monkeypatch.setattr(files, "LOCK_EMPTY_STALE_SECONDS", 0.6)
    target = tmp_path / "actions.xlsx"
    target.write_bytes(b"x")
    lock = tmp_path / ".actions.xlsx.lock"
    skewed = time.time() - 30   # (the server's clock, 30 seconds behind)
    lock.write_bytes(b"")
    os.utime(lock, (skewed, skewed))

    def writes_its_name() -> None:  # the live writer, on another computer
        time.sleep(0.2)
        lock.write_text(json.dumps({"user": "sam", "machine": "PC-ELSEWHERE", "pid": 1, "time": "now"}))
        os.utime(lock, (skewed, skewed))

    writer = threading.Thread(target=writes_its_name)
    writer.start()
    try:
        with pytest.raises(FileLocked, match="is being saved by sam on PC-ELSEWHERE"):
            with files.writer_lock(target, wait=1.0):
                pass
    finally:
        writer.join()
    assert json.loads(lock.read_text())["user"] == "sam"


def _bump(path: str, rounds: int) -> None:
    for _ in range(rounds):
        with files.writer_lock(Path(path), wait=30):
            value = int(Path(path).read_text())
            files.write_text(Path(path), str(value + 1))


def test_several_processes_take_turns_and_lose_no_change(tmp_path):
    counter = tmp_path / "counter.txt"
    counter.write_text("0")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_bump, args=(str(counter), 15)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert counter.read_text() == "60"
    assert _leftovers(tmp_path) == []


def test_stale_temporary_files_are_cleaned_up(tmp_path):
    temp = tmp_path / ".actions-abc123.tmp.xlsx"
    temp.write_bytes(b"half a register")
    os.utime(temp, (1, 1))
    files.remove_stale_temps(tmp_path, "actions")
    assert not temp.exists()


# ------------------------------------------------------------------ output guard

def _docx(path: Path, author: str) -> Path:
    from docx import Document

    document = Document()
    document.core_properties.author = author
    document.add_paragraph("text")
    document.save(str(path))
    return path


def test_an_output_may_replace_a_document_the_tool_made(tmp_path):
    ours = _docx(tmp_path / "agenda.docx", "meeting-packs")
    files.check_replaceable(ours)


@pytest.mark.parametrize("name", ["actions.xlsx", "boards.toml", "letter.docx", "notes.txt"])
def test_an_output_never_replaces_a_file_the_tool_did_not_make(tmp_path, name):
    target = tmp_path / name
    if name.endswith(".docx"):
        _docx(target, "Sam Lee")
    else:
        target.write_bytes(b"staff's work")
    with pytest.raises(MeetingPacksError, match="not made by meeting-packs"):
        files.check_replaceable(target)
    files.check_replaceable(target, force=True)  # --force is the user's explicit choice


def test_an_output_never_replaces_a_protected_workspace_file(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    report = _docx(reports / "report.docx", "meeting-packs")
    with pytest.raises(MeetingPacksError, match="workspace's own files"):
        files.check_replaceable(report, protected=(reports,))


def test_a_pdf_is_ours_when_its_word_twin_is(tmp_path):
    _docx(tmp_path / "pack.docx", "meeting-packs")
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF")
    assert files.made_by_tool(pdf)
    (tmp_path / "pack.docx").unlink()
    assert not files.made_by_tool(pdf)


def test_an_output_path_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(files.FileWriteError, match="is a folder"):
        files.check_replaceable(tmp_path)
