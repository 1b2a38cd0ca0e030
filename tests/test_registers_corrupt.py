"""Guarantee 8: damaged or foreign files give one line naming the file, no traceback (unless --debug)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import damage_stored, rewrite_zip
from meeting_packs.errors import RegisterError
from meeting_packs.registers.schema import ACTIONS_BOOK

REPO = Path(__file__).resolve().parent.parent

BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>')


def _with_bomb(xml: bytes) -> bytes:
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return BOMB + body.replace(b"<t>Reference</t>", b"<t>&lol4;</t>", 1)


def _truncate(path):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _empty(path):
    path.write_bytes(b"")


def _text_renamed(path):
    path.write_text("Reference,Board,Action\nHWB-A001,hwb,Do it\n", encoding="utf-8")


def _docx_renamed(path):
    """A Word document saved with the wrong extension: a valid package, but not a workbook."""
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Action log")
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def _legacy_xls_renamed(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)


def _no_workbook_part(path):
    rewrite_zip(path, {"xl/workbook.xml": None})


def _no_sheet_part(path):
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": None})


def _bomb_in_workbook(path):
    rewrite_zip(path, {"xl/workbook.xml": _with_bomb})


def _bomb_in_sheet(path):
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": _with_bomb})


def _damaged_part(path):
    """Flip bytes inside a stored (uncompressed) part so its checksum no longer matches."""
    damage_stored(path, b"<t>Reference</t>", b"<t>Rxference</t>")


DAMAGE = [
    pytest.param(_truncate, "it is not an Excel workbook (.xlsx), or it is damaged or cut short", id="truncated"),
    pytest.param(_empty, "the file is empty", id="empty"),
    pytest.param(_text_renamed, "it is not an Excel workbook (.xlsx), or it is damaged or cut short",
                 id="text-renamed"),
    pytest.param(_docx_renamed, "it is not an Excel workbook (its workbook part is missing)", id="docx-renamed"),
    pytest.param(_legacy_xls_renamed, "it is not an Excel workbook (.xlsx), or it is damaged or cut short",
                 id="xls-renamed"),
    pytest.param(_no_workbook_part, "it is not an Excel workbook (its workbook part is missing)",
                 id="missing-workbook-part"),
    pytest.param(_no_sheet_part, "it is damaged (", id="missing-sheet-part"),
    pytest.param(_bomb_in_workbook, "it contains XML entity declarations, which Excel never writes",
                 id="entity-bomb-workbook"),
    pytest.param(_bomb_in_sheet, "it is damaged (", id="entity-bomb-sheet"),
    pytest.param(_damaged_part, "the part xl/worksheets/sheet1.xml is damaged", id="bad-checksum"),
]


@pytest.mark.parametrize("damage, why", DAMAGE)
def test_check_gives_one_line_naming_the_file(populated, invoke, damage, why):
    damage(populated.register_path(ACTIONS_BOOK))
    result = invoke("check", "--as-of", "2026-11-23")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    naming = [line for line in result.output.splitlines() if "actions.xlsx" in line]
    assert len(naming) == 1, result.output
    assert naming[0].startswith(f"ERROR: actions.xlsx cannot be read: {why}")
    assert "restore the latest copy from registers/backups/" in naming[0]
    assert result.output.splitlines()[-1].startswith("1 error(s)")


@pytest.mark.parametrize("damage, why", DAMAGE)
def test_register_commands_give_one_line_naming_the_file(populated, invoke, damage, why):
    path = populated.register_path(ACTIONS_BOOK)
    damage(path)
    before = path.read_bytes()
    for args in (["actions", "list"], ["actions", "update", "HWB-A001", "--rag", "Red"]):
        result = invoke(*args)
        assert result.exit_code == 1
        assert result.output.count("\n") == 1 and "Traceback" not in result.output
        assert result.output.startswith(f"Error: actions.xlsx cannot be read: {why}")
    assert path.read_bytes() == before


def test_read_raises_register_error_for_a_missing_register(workspace):
    path = workspace.register_path(ACTIONS_BOOK)
    path.unlink()
    with pytest.raises(RegisterError, match=r"actions\.xlsx is missing\. Restore it from backups/"):
        workspace.read(ACTIONS_BOOK)


def test_entity_bomb_is_refused_quickly_without_expanding(populated):
    """The refusal must not depend on expanding 10^4 entities first (no parser ever sees it)."""
    import openpyxl as op

    assert op.DEFUSEDXML is True  # openpyxl's own reader is protected too (finding 7)
    _bomb_in_workbook(populated.register_path(ACTIONS_BOOK))
    with pytest.raises(RegisterError, match="entity declarations"):
        populated.read(ACTIONS_BOOK)


def test_missing_sheet_and_missing_columns_are_named(populated, invoke):
    path = populated.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    book["Actions"]["F1"] = "Owner name"     # a renamed header
    book["Actions"]["E1"] = None             # a deleted header
    book.save(path)
    book = openpyxl.load_workbook(populated.register_path(ACTIONS_BOOK).with_name("risks.xlsx"))
    book["Risks"].title = "Risk log"
    book.save(populated.register_path(ACTIONS_BOOK).with_name("risks.xlsx"))

    result = invoke("check", "--as-of", "2026-11-23")
    assert result.exit_code == 1
    assert "ERROR: actions.xlsx, sheet Actions, row 1: missing column(s) 'Action', 'Owner'. Put the " \
           "header(s) back in row 1." in result.output
    assert "ERROR: risks.xlsx has no sheet named 'Risks'. Its sheets are: Risk log, Risk history. Rename the sheet " \
           "back to 'Risks'." in result.output
    assert "2 error(s)" in result.output


def test_duplicate_column_is_named(populated, invoke):
    path = populated.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    book["Actions"]["M1"] = "due date"
    book.save(path)
    result = invoke("actions", "list")
    assert result.exit_code == 1
    assert result.output == ("Error: actions.xlsx, sheet Actions, row 1: the column 'Due date' appears "
                             "twice. Remove or rename one of them.\n")


def test_debug_flag_lets_the_exception_through(populated, invoke):
    _truncate(populated.register_path(ACTIONS_BOOK))
    result = invoke("actions", "list", debug=True)
    assert result.exit_code == 1
    assert isinstance(result.exception, RegisterError)
    assert "actions.xlsx cannot be read" in str(result.exception)


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "cli.py"), *args], capture_output=True, text=True,
                          cwd=REPO, timeout=60)


def test_real_process_traceback_only_with_debug(populated):
    _truncate(populated.register_path(ACTIONS_BOOK))
    quiet = _run("-w", str(populated.root), "actions", "list")
    assert quiet.returncode == 1
    assert quiet.stdout == ""
    assert re.fullmatch(r"Error: actions\.xlsx cannot be read: [^\n]+\n", quiet.stderr)

    loud = _run("--debug", "-w", str(populated.root), "actions", "list")
    assert loud.returncode == 1
    assert "Traceback (most recent call last)" in loud.stderr
    assert "RegisterError: actions.xlsx cannot be read" in loud.stderr
