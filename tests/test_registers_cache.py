"""The registers cache (out/.cache): same answers as a cold read, never stale, never trusted blindly."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import openpyxl
import pytest

from meeting_packs.action_log import add_action, update_action
from meeting_packs.membership import add_member
from meeting_packs.registers.schema import ACTIONS_BOOK, WORKBOOKS
from meeting_packs.workspace import Workspace, init_workspace


@pytest.fixture
def example(tmp_path) -> Workspace:
    return init_workspace(tmp_path / "ex", example=True)


def cache_files(ws: Workspace) -> list[str]:
    folder = ws.out_dir / ".cache"
    return sorted(p.name for p in folder.glob("*.json")) if folder.exists() else []


def cold(ws: Workspace, **kwargs):
    shutil.rmtree(ws.out_dir / ".cache", ignore_errors=True)
    return ws.load(**kwargs)


def test_a_warm_load_equals_a_cold_load(example):
    first = cold(example)
    assert cache_files(example), "a load writes the cache"
    second = example.load()
    assert second.registers == first.registers
    assert second.problems == first.problems


class _RunsCode:
    """A pickle that would create a file if it were ever unpickled."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_the_cache_is_json_not_pickle(example, tmp_path):
    """A cache file in a shared folder must never be able to run code (registers/cache.py)."""
    import pickle

    first = cold(example)
    names = cache_files(example)
    assert len(names) >= 7, names  # every sheet of the four registers
    for name in names:
        content = json.loads((example.out_dir / ".cache" / name).read_text(encoding="utf-8"))
        assert isinstance(content, dict) and content["version"]
    marker = tmp_path / "code-ran"
    for name in names:
        (example.out_dir / ".cache" / name).write_bytes(pickle.dumps(_RunsCode(marker)))
    again = example.load()
    assert not marker.exists()
    assert again.registers == first.registers  # the planted files were ignored and rebuilt
    for name in cache_files(example):
        json.loads((example.out_dir / ".cache" / name).read_text(encoding="utf-8"))


def test_one_board_loads_only_its_rows_and_its_actions_history(example):
    everything = cold(example).registers
    for warm in (False, True):
        if not warm:
            shutil.rmtree(example.out_dir / ".cache", ignore_errors=True)
        send = example.load(board="sendpb").registers
        assert send.actions == tuple(a for a in everything.actions if a.board == "sendpb")
        assert send.members == tuple(m for m in everything.members if m.board == "sendpb")
        refs = {a.ref for a in send.actions}
        assert send.history == tuple(h for h in everything.history if h.ref in refs)
        assert send.history


def test_a_change_made_by_the_tool_is_seen_at_once(example):
    before = example.load().registers
    outcome = add_action(example, "sendpb", "A new action", "AW", dt.date(2020, 1, 23))
    after = example.load().registers
    assert len(after.actions) == len(before.actions) + 1
    assert outcome.action.ref in {a.ref for a in after.actions}


def test_a_change_made_in_excel_is_seen_at_once(example):
    example.load()
    path = example.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    sheet = book["Actions"]
    sheet.cell(row=2, column=5).value = "Edited by hand in Excel"
    book.save(path)
    texts = {a.text for a in example.load().registers.actions}
    assert "Edited by hand in Excel" in texts


def test_a_damaged_cache_file_is_ignored(example):
    expected = cold(example).registers
    for name in cache_files(example):
        (example.out_dir / ".cache" / name).write_text("{not json", encoding="utf-8")
    assert example.load().registers == expected


def test_a_cache_file_with_the_wrong_shape_is_ignored(example):
    expected = cold(example).registers
    for name in cache_files(example):
        path = example.out_dir / ".cache" / name
        data = json.loads(path.read_text(encoding="utf-8"))
        if "columns" in data:
            data["columns"] = data["columns"][:-1]
            path.write_text(json.dumps(data), encoding="utf-8")
    assert example.load().registers == expected


def test_an_unwritable_cache_folder_goes_without(example, monkeypatch):
    from meeting_packs import files

    def refuse(*args, **kwargs):
        raise PermissionError("read-only drive")

    # the cache writes through the one file layer, which makes its temporary file here
    monkeypatch.setattr(files.tempfile, "mkstemp", refuse)
    loaded = example.load()
    assert loaded.registers.actions and not cache_files(example)


def test_problems_come_back_from_the_cache_too(workspace):
    add_member(workspace, "sendpb", "Ian Thomas", "IT")
    add_action(workspace, "sendpb", "Something", "IT", dt.date(2020, 1, 23))
    path = workspace.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    book["Actions"].cell(row=2, column=7).value = "31/02/2020"
    book.save(path)
    first = workspace.load()
    second = workspace.load()
    assert first.errors and second.errors == first.errors
    assert "Due date" in str(second.errors[0])


def test_history_problems_without_history_rows(example):
    loaded = example.load(problems_only=frozenset({"History"}))
    assert loaded.registers.history == ()
    assert loaded.registers.actions


def test_updates_record_history_seen_by_the_next_load(example):
    example.load()
    update_action(example, "SENDPB-A001", rag="Red", progress="Slipped")
    history = example.load(board="sendpb").registers.history
    assert any(h.ref == "SENDPB-A001" and h.field == "RAG" and h.new == "Red" for h in history)


def test_a_register_saved_while_it_is_read_is_cached_under_what_was_read(example, monkeypatch):
    """Someone saves the register between the moment its digest is taken and its parse: the bytes
    are read once, so what is parsed is what was hashed, and the cache holds the earlier file's rows
    under the earlier file's digest; the colleague's save is read by the next command (before the
    one read, the later file's rows were once cached under the earlier digest)."""
    import meeting_packs.workspace as workspace_module

    path = example.register_path(ACTIONS_BOOK)
    earlier = path.read_bytes()
    real_read = workspace_module.read_workbook
    saved_meanwhile = []

    def read_after_a_save(spec, where, *args, **kwargs):
        if spec is ACTIONS_BOOK and not saved_meanwhile:
            book = openpyxl.load_workbook(where)
            sheet = book["Actions"]
            column = [cell.value for cell in sheet[1]].index("Action") + 1
            sheet.cell(row=2, column=column).value = "Saved by a colleague meanwhile"
            book.save(where)
            saved_meanwhile.append(True)
        return real_read(spec, where, *args, **kwargs)

    monkeypatch.setattr(workspace_module, "read_workbook", read_after_a_save)
    racy = example.load((ACTIONS_BOOK,))
    assert saved_meanwhile and racy.registers.actions[0].text != "Saved by a colleague meanwhile"
    monkeypatch.setattr(workspace_module, "read_workbook", real_read)
    assert example.load((ACTIONS_BOOK,)).registers.actions[0].text == "Saved by a colleague meanwhile"

    path.write_bytes(earlier)  # the earlier version back (a backup restored)
    again = example.load((ACTIONS_BOOK,))
    assert again.registers == racy.registers


def test_a_register_is_read_from_the_drive_once_when_its_cache_misses(example, monkeypatch):
    """Hashed for the cache and parsed from the same bytes: a register on a shared drive is fetched
    once, not once to hash and again to read (issue 14: no file hashed or read twice)."""
    from pathlib import Path as PathType

    shutil.rmtree(example.out_dir / ".cache", ignore_errors=True)
    reads: list[str] = []
    real = PathType.read_bytes

    def counting(self):
        if self.suffix == ".xlsx":
            reads.append(self.name)
        return real(self)

    monkeypatch.setattr(PathType, "read_bytes", counting)
    opened: list[str] = []
    real_open = open

    def counting_open(file, mode="r", *args, **kwargs):
        if str(file).endswith(".xlsx") and "r" in mode:
            opened.append(PathType(file).name)
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", counting_open)
    example.load()
    assert sorted(reads) == sorted(spec.filename for spec in WORKBOOKS) and opened == []
def test_cache_files_are_not_flushed_to_disk_but_a_torn_one_is_ignored(example, monkeypatch):
    """Writing the cache never waits for the disk (a flush on a network drive costs more than the
    file is worth); a file cut short, as a power cut could leave it, is read as a miss."""
    import os

    flushed = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: flushed.append(fd) or real_fsync(fd))
    expected = cold(example).registers
    assert cache_files(example) and flushed == []
    for name in cache_files(example):
        path = example.out_dir / ".cache" / name
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert example.load().registers == expected

    flushed.clear()
    add_member(example, "hwb", "Ada Lovelace", "AL")  # a register itself is still flushed
    assert flushed
