"""A full disk at each step of a save (issue 10, finding 5).

Whatever step runs out of space, the command ends with one line saying the disk
is full (exit 1, never "unexpected" or a traceback), the register is unchanged,
no backup is added (above all, never a cut-short one under a backup's name), and
no temporary or lock file is left behind.
"""

from __future__ import annotations

import errno
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from meeting_packs.registers.schema import ACTIONS_BOOK


def _full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def _copy_half_then_full(source, target, *args, **kwargs):
    """A backup copy that runs out of space half-way, leaving a cut-short file as a real copy would."""
    data = Path(source).read_bytes()
    Path(target).write_bytes(data[: len(data) // 2])
    raise OSError(errno.ENOSPC, "No space left on device")


_real_write_bytes = Path.write_bytes


def _register_write_full(self, data):
    if self.name.endswith(".tmp.xlsx") and self.parent.name == "registers":
        _real_write_bytes(self, data[: len(data) // 3])
        raise OSError(errno.ENOSPC, "No space left on device")
    return _real_write_bytes(self, data)


_real_link = os.link


STEPS = [
    pytest.param(lambda mp: mp.setattr(os, "write", _full), id="writer-lock"),
    pytest.param(lambda mp: mp.setattr(Path, "write_bytes", _register_write_full), id="new-copy"),
    pytest.param(lambda mp: mp.setattr(os, "fsync", _full), id="flush"),
    pytest.param(lambda mp: mp.setattr(shutil, "copyfile", _copy_half_then_full), id="backup-copy"),
    pytest.param(lambda mp: mp.setattr(shutil, "copystat", _full), id="backup-times"),
    pytest.param(lambda mp: (mp.setattr(os, "link", _full), mp.setattr(os, "replace", _full)),
                 id="backup-name"),
    pytest.param(lambda mp: mp.setattr(os, "replace", _full), id="replace"),
    pytest.param(lambda mp: mp.setattr(os, "mkdir", _full), id="backup-folder"),
]


def _files(folder: Path) -> list[str]:
    """The folder's files (the backups folder itself may be made before the disk fills)."""
    return sorted(p.name for p in folder.iterdir() if p.name != "backups") if folder.exists() else []


@pytest.mark.parametrize("step", STEPS)
def test_disk_full_at_each_step_is_one_line_and_leaves_nothing(populated, invoke, monkeypatch, step):
    path = populated.register_path(ACTIONS_BOOK)
    backups = path.parent / "backups"
    if backups.exists():
        shutil.rmtree(backups)  # so the save has to make the folder too
    before, folder_before, backups_before = path.read_bytes(), _files(path.parent), _files(backups)
    step(monkeypatch)
    result = invoke("actions", "update", "SENDPB-A001", "--rag", "Red")
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    assert "the disk is full" in result.output, result.output
    assert "unexpected" not in result.output and "Traceback" not in result.output
    assert path.read_bytes() == before
    assert _files(path.parent) == folder_before           # no temporary file, no lock file
    assert _files(backups) == backups_before               # no backup, above all no cut-short one
    for backup in backups.glob("*.xlsx"):
        with zipfile.ZipFile(backup) as package:
            assert package.testzip() is None


def test_after_a_full_disk_the_next_save_works(populated, invoke, monkeypatch):
    monkeypatch.setattr(shutil, "copyfile", _copy_half_then_full)
    assert invoke("actions", "update", "SENDPB-A001", "--rag", "Red").exit_code == 1
    monkeypatch.undo()
    result = invoke("actions", "update", "SENDPB-A001", "--rag", "Red")
    assert result.exit_code == 0, result.output
