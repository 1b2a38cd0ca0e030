"""Guarantees 1–4: a save never overwrites someone else's work and never half-writes a register.

1. changed on disk since read → refused, file byte-identical;
2. Excel / LibreOffice lock file → refused naming the lock and its user;
3. a failure at any step → original byte-identical, no temporary file left;
4. success → exactly one new timestamped backup equal to the old file.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat

import openpyxl
import pytest

from conftest import leftovers
from meeting_packs.errors import FileChanged, FileLocked, RegisterError
from meeting_packs import files
from meeting_packs.files import FileWriteError
from meeting_packs.registers import fastsave, saving, writing
from meeting_packs.registers.reading import read_workbook
from meeting_packs.registers.saving import make_backup
from meeting_packs.registers.schema import ACTIONS_BOOK, PLAN_BOOK, RISKS_BOOK


def _action_row(ref: str, text: str = "Do the thing") -> dict:
    return {"Reference": ref, "Board": "sendpb", "Action": text, "Owner": "IT",
            "Due date": dt.date(2026, 12, 31), "Status": "Open"}


def _edit_in_excel(path, cell: str = "E2", value: str = "Changed by a colleague") -> None:
    """What a colleague does: open the workbook in a spreadsheet program, type, save."""
    book = openpyxl.load_workbook(path)
    book["Actions"][cell] = value
    book.save(path)


def _backups(ws):
    folder = ws.registers_dir / "backups"
    return sorted(folder.iterdir()) if folder.exists() else []


# ------------------------------------------------------------------ 1. changed since read

def test_save_refused_when_file_changed_since_read(populated):
    path = populated.register_path(ACTIONS_BOOK)
    data = populated.read(ACTIONS_BOOK)
    data["Actions"].rows.append(_action_row("SENDPB-A099"))
    _edit_in_excel(path)
    theirs = path.read_bytes()
    backups_before = _backups(populated)

    with pytest.raises(FileChanged, match=r"^actions\.xlsx was changed by someone else"):
        populated.save(data)

    assert path.read_bytes() == theirs
    assert leftovers(path.parent) == []
    assert _backups(populated) == backups_before


def test_save_refused_when_file_changes_during_the_save(populated, monkeypatch):
    """The second look, just before the replace, catches a write made while saving."""
    path = populated.register_path(ACTIONS_BOOK)
    data = populated.read(ACTIONS_BOOK)
    data["Actions"].rows.append(_action_row("SENDPB-A099"))
    real_backup = saving.make_backup

    def backup_then_colleague_saves(target, now=None, expect=None):
        made = real_backup(target, now, expect)
        _edit_in_excel(target)
        return made

    monkeypatch.setattr(saving, "make_backup", backup_then_colleague_saves)
    backups_before = _backups(populated)
    with pytest.raises(FileChanged, match=r"actions\.xlsx was changed by someone else while I was saving"):
        populated.save(data)
    assert openpyxl.load_workbook(path)["Actions"]["E2"].value == "Changed by a colleague"
    assert leftovers(path.parent) == []
    assert _backups(populated) == backups_before


def test_save_refused_when_file_deleted_since_read(populated):
    path = populated.register_path(ACTIONS_BOOK)
    data = populated.read(ACTIONS_BOOK)
    path.unlink()
    with pytest.raises(FileChanged, match=r"actions\.xlsx was deleted or moved"):
        populated.save(data)
    assert not path.exists()
    assert leftovers(path.parent) == []


def test_cli_refuses_when_file_changed_while_working(populated, invoke, monkeypatch):
    from meeting_packs import action_log

    path = populated.register_path(ACTIONS_BOOK)
    real = action_log.record_hand_edits

    def colleague_saves_meanwhile(data, now):
        _edit_in_excel(path)
        return real(data, now)

    monkeypatch.setattr(action_log, "record_hand_edits", colleague_saves_meanwhile)
    result = invoke("actions", "update", "SENDPB-A001", "--rag", "Red")
    theirs = path.read_bytes()
    assert result.exit_code == 1
    assert "Error: actions.xlsx was changed by someone else while I was working. Nothing was saved" \
        in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == theirs
    assert openpyxl.load_workbook(path)["Actions"]["E2"].value == "Changed by a colleague"


# ------------------------------------------------------------------ 2. lock files

def _excel_owner_file(user: str) -> bytes:
    """Excel's ~$ owner file: length byte, the name in the ANSI code page padded to 54 bytes,
    then the length again and the name in UTF-16, padded to 165 bytes."""
    ansi = user.encode("latin-1")
    wide = user.encode("utf-16-le")
    body = bytes([len(ansi)]) + ansi.ljust(53, b" ") + len(user).to_bytes(2, "little") + wide
    return body.ljust(165, b" ")


LIBREOFFICE_LOCK = "Jane Smith,jsmith,PC01,23.11.2026 10:00,file:///home/jsmith/.config/libreoffice/4;"

LOCKS = [
    pytest.param("~$actions.xlsx", _excel_owner_file("Zoë Brown"), "Zoë Brown", id="excel"),
    pytest.param("~$tions.xlsx", _excel_owner_file("Sam Patel"), "Sam Patel", id="excel-short-name"),
    pytest.param(".~lock.actions.xlsx#", LIBREOFFICE_LOCK.encode("utf-8"), "Jane Smith", id="libreoffice"),
]


@pytest.mark.parametrize("lock_name, content, user", LOCKS)
def test_cli_update_refused_while_workbook_is_open(populated, invoke, lock_name, content, user):
    path = populated.register_path(ACTIONS_BOOK)
    (path.parent / lock_name).write_bytes(content)
    before = path.read_bytes()

    result = invoke("actions", "update", "SENDPB-A001", "--rag", "Red")

    assert result.exit_code == 1
    assert f"Error: actions.xlsx is open by {user} in Excel or LibreOffice (lock file {lock_name})." \
        in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


def test_lock_file_without_a_name_still_refuses(populated, invoke):
    """A zero-byte lock (left by a sync client or a crash) still stops the save."""
    path = populated.register_path(ACTIONS_BOOK)
    (path.parent / "~$actions.xlsx").write_bytes(b"")
    before = path.read_bytes()
    result = invoke("actions", "close", "SENDPB-A001")
    assert result.exit_code == 1
    assert "Error: actions.xlsx is open in Excel or LibreOffice (lock file ~$actions.xlsx)." in result.output
    assert "delete ~$actions.xlsx and try again" in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize("filename, args", [
    ("risks.xlsx", ["risks", "update", "SENDPB-R01", "--likelihood", "5"]),
    ("forward-plan.xlsx", ["plan", "move", "SENDPB-P001", "--unscheduled"]),
    ("forward-plan.xlsx", ["meetings", "add", "hwb", "2027-03-11"]),
    ("membership.xlsx", ["members", "add", "hwb", "Ann Other", "--initials", "AO"]),
    ("actions.xlsx", ["actions", "add", "hwb", "Write it", "--owner", "MM", "--due", "2027-01-01"]),
])
def test_every_register_command_respects_locks(populated, invoke, filename, args):
    path = populated.registers_dir / filename
    (path.parent / f".~lock.{filename}#").write_text(LIBREOFFICE_LOCK, encoding="utf-8")
    before = path.read_bytes()
    result = invoke(*args)
    assert result.exit_code == 1
    assert f"{filename} is open by Jane Smith in Excel or LibreOffice (lock file .~lock.{filename}#)" \
        in result.output
    assert path.read_bytes() == before


def test_lock_owner_reads_both_formats(tmp_path):
    excel = tmp_path / "~$actions.xlsx"
    excel.write_bytes(_excel_owner_file("Ian Thomas"))
    office = tmp_path / ".~lock.actions.xlsx#"
    office.write_text(LIBREOFFICE_LOCK, encoding="utf-8")
    no_name = tmp_path / ".~lock.risks.xlsx#"
    no_name.write_text(",jsmith,PC01,23.11.2026 10:00,file:///x;", encoding="utf-8")
    assert files.lock_owner(excel) == "Ian Thomas"
    assert files.lock_owner(office) == "Jane Smith"
    assert files.lock_owner(no_name) == "jsmith"
    assert files.lock_files(tmp_path / "actions.xlsx") == [excel, office]


def test_library_save_raises_file_locked(populated):
    path = populated.register_path(RISKS_BOOK)
    (path.parent / "~$risks.xlsx").write_bytes(_excel_owner_file("Ian Thomas"))
    data = populated.read(RISKS_BOOK)
    before = path.read_bytes()
    with pytest.raises(FileLocked, match=r"risks\.xlsx is open by Ian Thomas"):
        populated.save(data)
    assert path.read_bytes() == before


# ------------------------------------------------------------------ 3. failures at every step

def _raise(exc):
    def fail(*args, **kwargs):
        raise exc
    return fail


def _write_half_then_fail(self, filename):
    filename.write(b"PK\x03\x04 half a workbook")
    raise OSError("No space left on device")


def _full_rebuild(mp) -> None:
    """Make the save rebuild the whole workbook (the failures below are inside that path;
    tests/test_registers_fastsave.py injects the same failures into the changes-only path)."""
    mp.setattr(fastsave, "write_changed", lambda *a: False)


FAILURES = [
    pytest.param(lambda mp: (_full_rebuild(mp), mp.setattr(writing.SheetStyles, "apply",
                                                           _raise(RuntimeError("build broke")))),
                 RuntimeError, id="build"),
    pytest.param(lambda mp: (_full_rebuild(mp), mp.setattr(openpyxl.Workbook, "save", _write_half_then_fail)),
                 FileWriteError, id="write-inside-openpyxl"),
    pytest.param(lambda mp: mp.setattr(os, "fsync", _raise(OSError("I/O error"))),
                 FileWriteError, id="fsync"),
    pytest.param(lambda mp: (_full_rebuild(mp), mp.setattr(saving, "read_workbook",
                                                           _raise(RegisterError("cannot read")))),
                 RegisterError, id="verify-read"),
    pytest.param(lambda mp: (_full_rebuild(mp), mp.setattr(saving, "_rows_equal", lambda *a: "row 2 differs")),
                 RegisterError, id="verify-compare"),
    pytest.param(lambda mp: mp.setattr(shutil, "copyfile", _raise(PermissionError("backups is read-only"))),
                 FileWriteError, id="backup"),
    pytest.param(lambda mp: mp.setattr(os, "replace", _raise(PermissionError("file in use"))),
                 FileLocked, id="replace"),
    pytest.param(lambda mp: mp.setattr(os, "replace", _raise(KeyboardInterrupt())),
                 KeyboardInterrupt, id="ctrl-c-at-replace"),
]


@pytest.mark.parametrize("inject, error", FAILURES)
def test_failure_at_any_step_leaves_register_untouched(populated, monkeypatch, inject, error):
    path = populated.register_path(ACTIONS_BOOK)
    before = path.read_bytes()
    data = populated.read(ACTIONS_BOOK)
    data["Actions"].rows.append(_action_row("SENDPB-A099"))
    inject(monkeypatch)

    with pytest.raises(error):
        populated.save(data)

    monkeypatch.undo()
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []
    # and nothing is stuck: the same data saves once the problem is gone
    populated.save(data)
    assert [r["Reference"] for r in populated.read(ACTIONS_BOOK)["Actions"].rows][-1] == "SENDPB-A099"


def test_verify_failure_message_names_the_cell(populated, monkeypatch):
    monkeypatch.setattr(saving, "_rows_equal",
                        lambda expected, actual, path: "actions.xlsx, sheet Actions, row 3, column Action: "
                                                       "wrote 'a', read back 'b'")
    data = populated.read(ACTIONS_BOOK)
    with pytest.raises(RegisterError, match=r"^actions\.xlsx was not saved: checking the new copy found "
                                            r"actions\.xlsx, sheet Actions, row 3, column Action"):
        populated.save(data)


@pytest.mark.parametrize("bad", ["before \ufffe after", "bell \x07", "nul \x00", "\uffff"])
def test_value_openpyxl_cannot_write_is_refused_before_anything_is_written(populated, bad):
    path = populated.register_path(ACTIONS_BOOK)
    before = path.read_bytes()
    data = populated.read(ACTIONS_BOOK)
    data["Actions"].rows.append(_action_row("SENDPB-A099", bad))
    with pytest.raises(RegisterError, match=r"^actions\.xlsx, sheet Actions, row 4, column Action: "
                                            r"the text contains an invisible control character"):
        populated.save(data)
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


def test_cli_failure_during_replace_is_one_line_and_harmless(populated, invoke, monkeypatch):
    path = populated.register_path(ACTIONS_BOOK)
    before = path.read_bytes()
    monkeypatch.setattr(os, "replace", _raise(PermissionError("The process cannot access the file")))
    result = invoke("actions", "update", "SENDPB-A001", "--rag", "Red")
    assert result.exit_code == 1
    assert result.output.startswith("Error: actions.xlsx is open in another program")
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


def test_new_register_that_fails_to_save_leaves_nothing(workspace, monkeypatch):
    from meeting_packs.registers.reading import new_workbook

    path = workspace.registers_dir / "extra" / "actions.xlsx"
    monkeypatch.setattr(os, "fsync", _raise(OSError("I/O error")))
    with pytest.raises(FileWriteError, match=r"^actions\.xlsx could not be written \(I/O error\)"):
        workspace.save(new_workbook(ACTIONS_BOOK, path))
    assert not path.exists()
    assert leftovers(path.parent) == []


def test_timezone_aware_datetime_is_saved_not_fatal(populated):
    """A value that breaks openpyxl's own save (finding 1) is converted before it gets there."""
    data = populated.read(ACTIONS_BOOK)
    aware = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)
    data["History"].rows.append({"Reference": "SENDPB-A001", "When": aware, "What": "RAG",
                                 "Old value": "Amber", "New value": "Red"})
    populated.save(data)
    when = populated.read(ACTIONS_BOOK)["History"].rows[-1]["When"]
    assert when == aware.astimezone().replace(tzinfo=None)


# ------------------------------------------------------------------ 4. backups

def test_successful_save_keeps_one_backup_equal_to_the_old_file(populated):
    path = populated.register_path(ACTIONS_BOOK)
    before = path.read_bytes()
    backups_before = _backups(populated)
    data = populated.read(ACTIONS_BOOK)
    rows_before = [dict(r) for r in data["Actions"].rows]
    data["Actions"].rows.append(_action_row("SENDPB-A099", "A new action"))

    backup = saving.save_workbook(data, populated.lists(), populated.styles(),
                                 now=dt.datetime(2026, 11, 23, 10, 15, 0))

    new = [b for b in _backups(populated) if b not in backups_before]
    assert new == [backup]
    assert backup.name == "actions 2026-11-23 101500.xlsx"
    assert backup.read_bytes() == before
    again = read_workbook(ACTIONS_BOOK, path)
    assert again["Actions"].rows == rows_before + [{**{h: None for h in again["Actions"].headers},
                                                    **_action_row("SENDPB-A099", "A new action")}]
    assert again["History"].rows == data["History"].rows
    assert data.digest == files.digest(path)


def test_two_saves_in_the_same_second_keep_both_backups(populated):
    moment = dt.datetime(2026, 11, 23, 10, 15, 0)
    first = populated.read(PLAN_BOOK)
    b1 = saving.save_workbook(first, populated.lists(), populated.styles(), now=moment)
    second = populated.read(PLAN_BOOK)
    b2 = saving.save_workbook(second, populated.lists(), populated.styles(), now=moment)
    assert b1.name == "forward-plan 2026-11-23 101500.xlsx"
    assert b2.name == "forward-plan 2026-11-23 101500 (2).xlsx"
    assert b2.read_bytes() != b"" and b1.read_bytes() != b""


def test_old_backups_are_pruned_oldest_first(populated, monkeypatch):
    monkeypatch.setattr(saving, "BACKUPS_KEPT", 3)
    path = populated.register_path(RISKS_BOOK)
    for old in _backups(populated):
        old.unlink()
    versions = []
    for number in range(5):
        stamp = 1_700_000_000 + number * 60
        os.utime(path, (stamp, stamp))  # each version a minute newer than the last
        versions.append(path.read_bytes())
        data = populated.read(RISKS_BOOK)
        data["Risks"].rows[0]["Mitigating actions"] = f"version {number}"
        saving.save_workbook(data, populated.lists(), populated.styles(),
                            now=dt.datetime(2026, 11, 23, 10, number))
    kept = _backups(populated)
    assert [b.name for b in kept] == [f"risks 2026-11-23 10{n:02d}00.xlsx" for n in (2, 3, 4)]
    assert [b.read_bytes() for b in kept] == versions[2:]


def test_make_backup_copies_bytes_exactly(populated, tmp_path):
    path = tmp_path / "actions.xlsx"
    shutil.copyfile(populated.register_path(ACTIONS_BOOK), path)
    backup = make_backup(path, dt.datetime(2026, 1, 2, 3, 4, 5), expect=files.digest(path))
    assert backup == tmp_path / "backups" / "actions 2026-01-02 030405.xlsx"
    assert backup.read_bytes() == path.read_bytes()
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]  # no temporary copy left


@pytest.mark.skipif(os.name == "nt", reason="Windows files have ACLs, not permission bits")
def test_save_keeps_the_file_permissions(populated):
    """Colleagues on a shared drive must still be able to open the register after a save."""
    path = populated.register_path(ACTIONS_BOOK)
    path.chmod(0o664)
    populated.save(populated.read(ACTIONS_BOOK))
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_a_register_held_open_on_windows_is_reported_as_open(populated, monkeypatch):
    """Windows refuses os.replace over a file another program holds: say so, keep the original."""
    import os as _os

    from meeting_packs.action_log import update_action
    from meeting_packs.errors import FileLocked
    from meeting_packs.registers.schema import ACTIONS_BOOK as _BOOK

    path = populated.register_path(_BOOK)
    before = path.read_bytes()
    backups_before = set((path.parent / "backups").glob("*"))
    ref = populated.load().registers.actions[0].ref

    def refuse(src, dst):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(_os, "replace", refuse)
    with pytest.raises(FileLocked, match="open in another program"):
        update_action(populated, ref, progress="x")
    assert path.read_bytes() == before
    assert set((path.parent / "backups").glob("*")) == backups_before
    assert not list(path.parent.glob(".*.tmp.xlsx"))
