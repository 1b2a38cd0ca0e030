"""A file held open in another program on Windows (issue 13): `os.replace` raises PermissionError.

The pack, a standalone document and a register have their own tests (test_pack.py,
test_registers_safe_save.py); these are the PDF and the chase email drafts.  Each
ends in one line, exit 1, the old file unchanged and nothing left behind.
"""

from __future__ import annotations

import hashlib
import os

from typer.testing import CliRunner

from conftest import require_libreoffice

from meeting_packs.cli import app


def _refuse_replace(monkeypatch, suffix: str) -> None:
    replace = os.replace

    def refuse(src, dst, *args, **kwargs):
        if os.fspath(dst).endswith(suffix):
            raise PermissionError(13, "The process cannot access the file because it is being used by "
                                      "another process")
        return replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", refuse)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_email_draft_open_in_outlook_is_one_line_and_leaves_nothing(example_ws, monkeypatch):
    runner = CliRunner()
    args = ["-w", str(example_ws), "actions", "chase", "sendpb", "--as-of", "2019-11-01"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    folder = example_ws / "out" / "sendpb" / "chase-2019-11-01"
    drafts = {p.name: _digest(p) for p in folder.glob("*.eml")}
    assert drafts
    _refuse_replace(monkeypatch, ".eml")
    again = runner.invoke(app, args)
    assert again.exit_code == 1
    assert again.stderr.count("\n") == 1 and "is open in another program" in again.stderr
    assert "unexpected" not in again.stderr
    assert {p.name: _digest(p) for p in folder.iterdir()} == drafts  # unchanged, no temporary file


def test_a_pdf_open_in_a_reader_is_one_line_and_leaves_nothing(example_ws, monkeypatch):
    require_libreoffice()
    runner = CliRunner()
    args = ["-w", str(example_ws), "pack", "sendpb", "2019-11-14", "--as-of", "2019-11-01", "--pdf"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    folder = example_ws / "out" / "sendpb" / "2019-11-14"
    pdf = next(folder.glob("*.pdf"))
    before = _digest(pdf)
    _refuse_replace(monkeypatch, ".pdf")
    again = runner.invoke(app, args)
    assert again.exit_code == 1, again.output
    assert again.stderr.count("\n") == 1 and f"{pdf.name} is open in another program" in again.stderr
    assert _digest(pdf) == before
    assert sorted(p.suffix for p in folder.iterdir()) == [".docx", ".pdf"]
