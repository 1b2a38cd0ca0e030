"""Registers as a hostile user (or an unusual program) leaves them: issue 10's findings 4, 7, 9, 10, 14.

Each test failed before the fix it names and passes now:
- 4: a register that is a symbolic link, or read-only;
- 7: a workbook written with prefixed namespaces (`<x:worksheet xmlns:x=…>`);
- 9: one stray cell far out (XFD1048576, A1048576);
- 10: damaged zips (zlib errors, a garbled name inside the zip), fuzzed 200 times;
- 14: temporary files of an interrupted save, cleaned by the next save.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import leftovers, rewrite_zip
from meeting_packs.errors import ContentWouldBeLost, RegisterError
from meeting_packs.registers.loss import content_that_would_be_lost
from meeting_packs.registers.reading import read_workbook
from meeting_packs.registers.schema import ACTIONS_BOOK

REPO = Path(__file__).resolve().parent.parent
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    """A real process: a reader that aborts (as calamine did on XFD1048576) cannot take pytest with it."""
    return subprocess.run([sys.executable, str(REPO / "cli.py"), "-w", str(root), *args],
                          capture_output=True, text=True, cwd=REPO, timeout=300)


# ------------------------------------------------------------------ 7. prefixed namespaces

def _prefixed(xml: bytes, uri: bytes = MAIN, prefix: bytes = b"x") -> bytes:
    """The same part with its default namespace given a prefix, as the Open XML SDK writes it."""
    default = b'xmlns="' + uri + b'"'
    assert xml.count(b'xmlns="') == 1 and default in xml
    xml = xml.replace(default, b"xmlns:" + prefix + b'="' + uri + b'"')
    return re.sub(rb"<(/?)([A-Za-z][\w.]*)(?=[\s/>])", rb"<\1" + prefix + rb":\2", xml)


def _decorate(path: Path) -> None:
    """An extra sheet, a formula, the 1904 date system and a custom property, made in a spreadsheet program."""
    from openpyxl.packaging.custom import StringProperty

    book = openpyxl.load_workbook(path)
    book["Actions"]["K2"] = "=UPPER(E2)"
    book.create_sheet("My notes")["A1"] = "private jottings"
    book.custom_doc_props.append(StringProperty(name="Sensitivity", value="OFFICIAL"))
    book.save(path)
    # openpyxl has no switch for the date system: set it in the part, as Excel's option does
    rewrite_zip(path, {"xl/workbook.xml": lambda xml: re.sub(rb"<workbookPr\b", b'<workbookPr date1904="1"', xml)})


def _prefix_every_part(path: Path) -> None:
    custom = b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
    changes = {n: _prefixed for n in names
               if n == "xl/workbook.xml" or n == "xl/sharedStrings.xml" or re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)}
    changes["docProps/custom.xml"] = lambda xml: _prefixed(xml, custom, b"cp")
    rewrite_zip(path, changes)


def test_plain_and_prefixed_forms_give_the_same_verdict(populated, tmp_path):
    plain = tmp_path / "plain" / "actions.xlsx"
    prefixed = tmp_path / "prefixed" / "actions.xlsx"
    for target in (plain, prefixed):
        target.parent.mkdir()
        shutil.copyfile(populated.register_path(ACTIONS_BOOK), target)
        _decorate(target)
    _prefix_every_part(prefixed)
    with zipfile.ZipFile(prefixed) as package:
        assert b"<x:worksheet" in package.read("xl/worksheets/sheet1.xml")
        assert b"<x:sheet " in package.read("xl/workbook.xml")

    verdict = content_that_would_be_lost(plain, ["Actions", "History"])
    assert "the sheet(s) 'My notes'" in verdict
    assert "1 formula(s) (they would be replaced by their values)" in verdict
    assert content_that_would_be_lost(prefixed, ["Actions", "History"]) == verdict

    read_plain, read_prefixed = read_workbook(ACTIONS_BOOK, plain), read_workbook(ACTIONS_BOOK, prefixed)
    assert read_plain.date1904 is read_prefixed.date1904 is True
    assert read_prefixed.properties["Sensitivity"] == read_plain.properties["Sensitivity"] == "OFFICIAL"


def test_a_prefixed_workbook_is_not_saved_over(populated):
    path = populated.register_path(ACTIONS_BOOK)
    _decorate(path)
    _prefix_every_part(path)
    before = path.read_bytes()
    data = populated.read(ACTIONS_BOOK)
    with pytest.raises(ContentWouldBeLost, match=r"the sheet\(s\) 'My notes'; 1 formula\(s\)"):
        populated.save(data)
    assert path.read_bytes() == before


# ------------------------------------------------------------------ 9. one stray cell far out

@pytest.mark.parametrize("cell, words", [
    ("XFD1048576", "the sheet reaches cell XFD1048576, column 16,384, far beyond the register's columns"),
    ("A1048576", "the sheet reaches cell A1048576, row 1,048,576, so far below the register's rows"),
])
def test_a_stray_cell_far_out_is_named_not_fatal(populated, cell, words):
    path = populated.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    book["Actions"][cell] = "oops"
    book.save(path)
    before = path.read_bytes()
    for args in (["actions", "list"], ["actions", "update", "HWB-A001", "--rag", "Red"]):
        result = _cli(populated.root, *args)
        assert result.returncode == 1, result.stderr
        assert result.stderr == f"Error: actions.xlsx, sheet Actions: {words}" + result.stderr.split(words)[1]
        assert result.stderr.count("\n") == 1 and "delete the" in result.stderr
    assert path.read_bytes() == before


def test_a_stray_cell_is_found_without_the_sheets_dimension(populated):
    path = populated.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    book["Actions"]["ZZZ9"] = "oops"
    book.save(path)
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml)})
    with pytest.raises(RegisterError, match=r"sheet Actions: the sheet reaches cell ZZZ9, column 18,278"):
        populated.read(ACTIONS_BOOK)


def test_staff_columns_to_the_right_are_still_read(populated):
    path = populated.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    book["Actions"]["CZ1"] = "My notes"
    book["Actions"]["CZ2"] = "ring back"
    book.save(path)
    assert populated.read(ACTIONS_BOOK)["Actions"].rows[0]["My notes"] == "ring back"


# ------------------------------------------------------------------ 10. damaged files

def _garble_a_name(path: Path) -> None:
    """A name inside the zip marked UTF-8 that is not (finding 10: UnicodeDecodeError)."""
    raw = bytearray(path.read_bytes())
    entry = raw.rfind(b"PK\x01\x02")  # the last central-directory entry
    flags = struct.unpack_from("<H", raw, entry + 8)[0]
    struct.pack_into("<H", raw, entry + 8, flags | 0x800)
    name_length = struct.unpack_from("<H", raw, entry + 28)[0]
    raw[entry + 46 + name_length - 3] = 0xFF
    path.write_bytes(bytes(raw))


def _break_a_deflate_stream(path: Path) -> None:
    """Bytes in the middle of a compressed part: zlib's 'Error -3 while decompressing data'."""
    with zipfile.ZipFile(path) as package:
        info = package.getinfo("xl/worksheets/sheet1.xml")
    raw = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 2, start + 40):
        raw[offset] = 0xFF
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("damage", [_garble_a_name, _break_a_deflate_stream])
def test_a_damaged_zip_is_one_line_naming_the_file(populated, invoke, damage):
    damage(populated.register_path(ACTIONS_BOOK))
    result = invoke("actions", "list")
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: actions.xlsx cannot be read: ")
    assert result.output.count("\n") == 1 and "unexpected" not in result.output


def test_random_byte_flips_read_cleanly_or_fail_in_one_line(populated, tmp_path):
    """200 copies of actions.xlsx, each with a few random bytes changed: a clean read or a RegisterError."""
    source = populated.register_path(ACTIONS_BOOK).read_bytes()
    rng = random.Random(20261123)
    target = tmp_path / "actions.xlsx"
    outcomes = {"read": 0, "refused": 0}
    for _ in range(200):
        raw = bytearray(source)
        for _ in range(rng.randint(1, 4)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        target.write_bytes(bytes(raw))
        try:
            read_workbook(ACTIONS_BOOK, target)
            outcomes["read"] += 1
        except RegisterError as err:
            message = str(err)
            assert message.startswith("actions.xlsx") and "\n" not in message, message
            assert "unexpected" not in message
            outcomes["refused"] += 1
    assert outcomes["refused"] > 100  # most flips land in compressed data and must be caught


# ------------------------------------------------------------------ 4. links and read-only files

@pytest.mark.skipif(os.name == "nt", reason="symbolic links need a privilege on Windows")
def test_a_register_that_is_a_link_stays_a_link(populated, invoke, tmp_path):
    path = populated.register_path(ACTIONS_BOOK)
    real = tmp_path / "shared" / "actions.xlsx"
    real.parent.mkdir()
    shutil.move(path, real)
    path.symlink_to(real)
    result = invoke("actions", "add", "sendpb", "Through the link", "--owner", "IT", "--due", "2027-01-01")
    assert result.exit_code == 0, result.output
    assert path.is_symlink() and path.resolve() == real.resolve()
    assert "Through the link" in [r["Action"] for r in read_workbook(ACTIONS_BOOK, real)["Actions"].rows]
    assert leftovers(real.parent) == [] and leftovers(path.parent) == []


@pytest.mark.skipif(os.name == "nt", reason="Windows marks read-only with an attribute, not bits")
def test_a_read_only_register_is_refused(populated, invoke):
    path = populated.register_path(ACTIONS_BOOK)
    before = path.read_bytes()
    path.chmod(0o444)
    try:
        result = invoke("actions", "update", "SENDPB-A001", "--rag", "Red")
    finally:
        path.chmod(0o644)
    assert result.exit_code == 1
    assert result.output.startswith("Error: actions.xlsx is read-only, so I did not save it.")
    assert path.read_bytes() == before


# ------------------------------------------------------------------ 14. an interrupted save's leftovers

def test_the_next_save_clears_an_interrupted_saves_temporary_files(populated, invoke):
    """`kill -9` during a save leaves full copies as .actions-*.tmp.xlsx; the next save removes them."""
    path = populated.register_path(ACTIONS_BOOK)
    (path.parent / "backups").mkdir(exist_ok=True)
    for folder in (path.parent, path.parent / "backups"):
        shutil.copyfile(path, folder / ".actions-k1ll3d.tmp.xlsx")
    (path.parent / ".risks-other.tmp.xlsx").write_bytes(b"another register's")
    result = invoke("actions", "update", "SENDPB-A001", "--rag", "Red")
    assert result.exit_code == 0, result.output
    assert leftovers(path.parent) == [".risks-other.tmp.xlsx"]  # only that register's own
    assert leftovers(path.parent / "backups") == []
