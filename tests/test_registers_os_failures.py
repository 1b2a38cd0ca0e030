"""Every OS failure with a nameable cause is one line, exit 1 or 2, never "unexpected" (issue 10, finding 10).

Walked here: read-only folders under every writing command, -o at a folder or under
a file, names over 255 characters.  (A History "When" of 1e9 is in
test_registers_kept.py.)  The tests run as any user, so a read-only folder is
simulated where the OS refuses: every attempt to create, replace or link a file in
it fails with EACCES, as it does for a user without write permission.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from conftest import TODAY

_real = {name: getattr(os, name) for name in ("open", "mkdir", "replace", "link", "rename")}


def _read_only(monkeypatch, folder: Path) -> None:
    folder = Path(os.path.abspath(folder))

    def inside(path) -> bool:
        try:
            return folder in Path(os.path.abspath(os.fspath(path))).parents or \
                Path(os.path.abspath(os.fspath(path))) == folder
        except TypeError:
            return False

    def refuse(path):
        raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    def fake_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and inside(path):
            refuse(path)
        return _real["open"](path, flags, *args, **kwargs)

    def guarded(name, *positions):
        def call(*args, **kwargs):
            for position in positions:
                if position < len(args) and inside(args[position]):
                    refuse(args[position])
            return _real[name](*args, **kwargs)
        return call

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "mkdir", guarded("mkdir", 0))
    monkeypatch.setattr(os, "replace", guarded("replace", 1))
    monkeypatch.setattr(os, "rename", guarded("rename", 1))
    monkeypatch.setattr(os, "link", guarded("link", 1))


REGISTER_COMMANDS = [
    ["actions", "add", "sendpb", "Write the plan", "--owner", "IT", "--due", "2027-01-01"],
    ["actions", "update", "SENDPB-A001", "--rag", "Red"],
    ["actions", "close", "SENDPB-A001"],
    ["risks", "add", "sendpb", "A new risk", "--likelihood", "2", "--impact", "3", "--owner", "IT"],
    ["risks", "update", "SENDPB-R01", "--likelihood", "4"],
    ["risks", "close", "SENDPB-R01"],
    ["plan", "add", "sendpb", "A new item"],
    ["plan", "move", "SENDPB-P001", "--unscheduled"],
    ["plan", "drop", "SENDPB-P001"],
    ["meetings", "add", "sendpb", "2027-02-11"],
    ["members", "add", "sendpb", "Ann Other", "--initials", "AO"],
]

OUTPUT_COMMANDS = [
    ["agenda", "sendpb", "2026-12-10"],
    ["pack", "sendpb", "2026-12-10"],
    ["appendix", "actions", "sendpb", "2026-12-10"],
    ["appendix", "risks", "sendpb", "2026-12-10"],
    ["appendix", "plan", "sendpb", "2026-12-10"],
    ["minutes", "template", "sendpb", "2026-12-10"],
]


def _one_line(result) -> None:
    assert result.exit_code in (1, 2), result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
    assert "unexpected" not in result.output, result.output


@pytest.mark.parametrize("args", REGISTER_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_read_only_registers_folder_is_one_line(populated, invoke, monkeypatch, args):
    before = {p.name: p.read_bytes() for p in populated.registers_dir.glob("*.xlsx")}
    _read_only(monkeypatch, populated.registers_dir)
    result = invoke(*args)
    monkeypatch.undo()
    _one_line(result)
    assert "permission denied" in result.output or "read-only" in result.output, result.output
    assert {p.name: p.read_bytes() for p in populated.registers_dir.glob("*.xlsx")} == before


@pytest.mark.parametrize("args", OUTPUT_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_a_read_only_output_folder_is_one_line(populated, invoke, monkeypatch, args):
    _read_only(monkeypatch, populated.out_dir)
    result = invoke(*args, "--as-of", TODAY.isoformat()) if args[0] != "minutes" else invoke(*args)
    monkeypatch.undo()
    _one_line(result)


@pytest.mark.parametrize("args", [
    ["agenda", "sendpb", "2026-12-10", "-o", "{root}/out"],                       # a folder
    ["agenda", "sendpb", "2026-12-10", "-o", "{root}/boards.toml/agenda.docx"],   # under a file
    ["agenda", "sendpb", "2026-12-10", "-o", "{root}/out/" + "a" * 300 + ".docx"],
    ["pack", "sendpb", "2026-12-10", "--output-dir", "{root}/out/" + "b" * 300],
    ["pack", "sendpb", "2026-12-10", "--output-dir", "{root}/boards.toml"],
    ["minutes", "template", "sendpb", "2026-12-10", "-o", "{root}/out/" + "c" * 300 + ".docx"],
    ["actions", "chase", "sendpb", "--output-dir", "{root}/out/" + "d" * 300],
], ids=["o-folder", "o-under-file", "long-name", "long-folder", "dir-is-file", "long-template", "long-chase"])
def test_impossible_output_paths_are_one_line(populated, invoke, args):
    result = invoke(*[a.format(root=populated.root) for a in args])
    _one_line(result)
