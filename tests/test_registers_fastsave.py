"""Saves that write only what changed (registers/fastsave.py, issue 14).

The changes-only path must give exactly the values the full rebuild gives, keep the
rebuild's looks for new rows (table range, drop-downs and colours reaching them, text
never a formula), check its own copy before anything is replaced, and hand over to the
full rebuild whenever the workbook is not in a shape it can change.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import leftovers
from meeting_packs.errors import RegisterError
from meeting_packs.registers import fastsave, saving
from meeting_packs.registers.reading import read_workbook
from meeting_packs.registers.schema import ACTIONS_BOOK
from meeting_packs.registers.writing import build_openpyxl


def _action(ref: str, text: str = "Do the thing", **more) -> dict:
    row = {"Reference": ref, "Board": "sendpb", "Action": text, "Owner": "IT",
           "Due date": dt.date(2026, 12, 31), "Status": "Open"}
    row.update(more)
    return row


def _history(ref: str, when: dt.datetime, new: str, note: str = "") -> dict:
    return {"Reference": ref, "When": when, "What": "Status", "Old value": "", "New value": new,
            "Note": note}


def _seed(ws) -> None:
    """An actions register holding every look a new cell can need (so the fast path applies)."""
    data = ws.read(ACTIONS_BOOK)
    data["Actions"].rows.append(_action("SENDPB-A050", "=looks like a formula", **{
        "Meeting raised": dt.date(2026, 11, 1), "Agenda item": "-3", "Progress update": "+wrapped",
        "Workstream": "@wrapped too", "Date closed": dt.date(2026, 11, 2), "RAG": "Amber"}))
    data["History"].rows.append(_history("SENDPB-A050", dt.datetime(2026, 11, 1, 9, 30), "=Open", "@x"))
    ws.save(data)


@pytest.fixture
def seeded(populated):
    _seed(populated)
    return populated


def _fast_and_full(ws, data, tmp_path: Path) -> tuple[Path | None, Path]:
    fast, full = tmp_path / "fast.xlsx", tmp_path / "full.xlsx"
    done = fastsave.write_changed(data, ws.lists(), ws.styles(), ws.register_path(ACTIONS_BOOK), fast)
    build_openpyxl(data, ws.lists(), ws.styles()).save(full)
    return (fast if done else None), full


def _validations(sheet) -> set[tuple]:
    """Each drop-down or check of a worksheet: area, rule, input message and error message."""
    return {(str(v.sqref), v.type, v.formula1, v.formula2, v.operator, v.showInputMessage, v.promptTitle,
             v.prompt, v.errorTitle, v.error, v.errorStyle) for v in sheet.data_validations.dataValidation}


def _rows(path: Path) -> dict[str, list[dict]]:
    book = read_workbook(ACTIONS_BOOK, path)
    return {name: sheet.rows for name, sheet in book.sheets.items()}


# ------------------------------------------------------------------ the same values as the rebuild

_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x01\x02\x03\x04"
                              "\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                              "\x19\x1a\x1b\x1c\x1d\x1e\x1f\ufffe\uffff"), max_size=40)
_values = st.one_of(_text, st.sampled_from(["=1+1", "+44 20", "-", "@home", "_x0041_", " padded ",
                                            "a\r\nb", "<b>&amp;</b>", "0012", "3.50"]))
_dates = st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31))
_moments = st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2090, 12, 31)).map(
    lambda m: m.replace(microsecond=0))
_edit = st.one_of(
    st.tuples(st.sampled_from(["Action", "Progress update", "Workstream", "Agenda item", "Owner"]), _values),
    st.tuples(st.sampled_from(["Due date", "Date closed"]), st.one_of(st.none(), _dates)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(appended=st.lists(st.tuples(_values, st.one_of(st.none(), _dates), _values,
                                    st.sampled_from(["sendpb", "hwb", "SENDPB", ""]),
                                    st.sampled_from(["", "Red", "Amber", "Green"])), max_size=4),
       edits=st.lists(_edit, max_size=4), history=st.lists(st.tuples(_moments, _values), max_size=3),
       drop_last=st.booleans())
def test_fast_path_gives_the_values_of_the_full_rebuild(seeded, tmp_path, appended, edits, history,
                                                        drop_last):
    populated = seeded  # read, never saved: every example starts from the same file
    data = populated.read(ACTIONS_BOOK)
    actions = data["Actions"].rows
    for column, value in edits:
        actions[0][column] = value
    if drop_last and not appended:
        del actions[-1]
    for number, (text, due, progress, board, rag) in enumerate(appended, 100):
        actions.append(_action(f"SENDPB-A{number}", text or "x", Board=board, RAG=rag,
                               **{"Due date": due, "Progress update": progress}))
    for when, value in history:
        data["History"].rows.append(_history("SENDPB-A001", when, value))

    fast, full = _fast_and_full(populated, data, tmp_path)

    unchanged = {name: sheet.rows for name, sheet in populated.read(ACTIONS_BOOK).sheets.items()}
    if unchanged == {name: sheet.rows for name, sheet in data.sheets.items()}:
        assert fast is None  # a save that changes nothing is left to the rebuild, which tidies
    else:
        assert fast is not None, "the fast path should handle a register it wrote itself"
        assert _rows(fast) == _rows(full)
        # the drop-downs too: input messages, and each board's RAG words on its own rows
        fast_book, full_book = openpyxl.load_workbook(fast), openpyxl.load_workbook(full)
        for name in full_book.sheetnames:
            assert _validations(fast_book[name]) == _validations(full_book[name])


def test_actions_add_through_the_cli_takes_the_fast_path_and_keeps_every_row(populated, invoke, monkeypatch):
    _seed(populated)
    calls = []
    monkeypatch.setattr(saving, "build_openpyxl", lambda *a: calls.append(a) or build_openpyxl(*a))
    before = _rows(populated.register_path(ACTIONS_BOOK))

    result = invoke("actions", "add", "sendpb", "=Check the figures", "--owner", "IT", "--due", "2027-01-31")

    assert result.exit_code == 0, result.output
    assert calls == []  # not rebuilt
    after = _rows(populated.register_path(ACTIONS_BOOK))
    assert after["Actions"][:-1] == before["Actions"]
    assert after["Actions"][-1]["Action"] == "=Check the figures"
    assert len(after["History"]) > len(before["History"])


# ------------------------------------------------------------------ the looks of new rows

def test_new_rows_grow_the_table_drop_downs_and_colours_and_text_stays_text(populated):
    _seed(populated)
    data = populated.read(ACTIONS_BOOK)
    for number in range(1, 1200):
        data["Actions"].rows.append(_action(f"SENDPB-A{number + 100}", f"Action {number}", RAG="Red"))
    data["Actions"].rows.append(_action("SENDPB-A9999", "=SUM(A1:A9)", RAG="Green"))
    assert fastsave.write_changed(data, populated.lists(), populated.styles(),
                                  populated.register_path(ACTIONS_BOOK), populated.root / "new.xlsx")

    book = openpyxl.load_workbook(populated.root / "new.xlsx")
    sheet = book["Actions"]
    last = len(data["Actions"].rows) + 1
    assert sheet.tables["ActionLog"].ref == f"A1:M{last}"
    assert sheet.dimensions == f"A1:M{last}"
    areas = {str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert f"B2:B{last}" in areas and f"G2:G{last}" in areas
    # each board's RAG words on its own rows, input messages on every column: as the rebuild writes them
    rebuilt = build_openpyxl(data, populated.lists(), populated.styles())["Actions"]
    assert _validations(sheet) == _validations(rebuilt)
    assert any(str(v.sqref).endswith(f"I{last}") for v in sheet.data_validations.dataValidation)
    assert all(v.showInputMessage and v.prompt for v in sheet.data_validations.dataValidation)
    assert {str(f.sqref) for f in sheet.conditional_formatting} == {f"I2:I{last}"}
    cell = sheet.cell(row=last, column=5)
    assert cell.value == "=SUM(A1:A9)" and cell.data_type == "s" and cell.quotePrefix
    assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
    due = sheet.cell(row=last, column=7)
    assert due.value == dt.datetime(2026, 12, 31) and due.number_format == "DD/MM/YYYY"


# ------------------------------------------------------------------ when the fast path steps aside

def _rebuilds(monkeypatch) -> list:
    calls: list = []
    monkeypatch.setattr(saving, "build_openpyxl", lambda *a: calls.append(1) or build_openpyxl(*a))
    return calls


def _edit_with_openpyxl(path: Path, change) -> None:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


@pytest.mark.parametrize("change", [
    pytest.param(lambda book: setattr(book["Actions"].tables["ActionLog"], "ref", "A1:M40"), id="table-range"),
    pytest.param(lambda book: book["Actions"].data_validations.dataValidation.pop(), id="drop-down-removed"),
    pytest.param(lambda book: setattr(book["Actions"].cell(row=1, column=5), "value", "ACTION"),
                 id="header-renamed"),
])
def test_a_workbook_the_fast_path_cannot_change_is_rebuilt_whole(populated, monkeypatch, change):
    _seed(populated)
    path = populated.register_path(ACTIONS_BOOK)
    _edit_with_openpyxl(path, change)
    calls = _rebuilds(monkeypatch)
    data = populated.read(ACTIONS_BOOK)
    data["Actions"].rows.append(_action("SENDPB-A077"))

    assert not fastsave.write_changed(data, populated.lists(), populated.styles(), path, populated.root / "x.xlsx")
    populated.save(data)

    assert calls == [1]
    assert [r["Reference"] for r in populated.read(ACTIONS_BOOK)["Actions"].rows][-1] == "SENDPB-A077"


def test_a_style_the_workbook_lacks_means_a_full_rebuild(populated, monkeypatch):
    """No cell of the register has needed a quote prefix yet: the rebuild adds that style."""
    calls = _rebuilds(monkeypatch)
    data = populated.read(ACTIONS_BOOK)
    data["Actions"].rows.append(_action("SENDPB-A077", "=1+1"))
    populated.save(data)
    assert calls == [1]
    cell = openpyxl.load_workbook(populated.register_path(ACTIONS_BOOK))["Actions"]["E4"]
    assert cell.value == "=1+1" and cell.data_type == "s" and cell.quotePrefix


def test_new_board_in_boards_toml_rebuilds_the_drop_downs(populated, monkeypatch):
    _seed(populated)
    calls = _rebuilds(monkeypatch)
    data = populated.read(ACTIONS_BOOK)
    data["Actions"].rows.append(_action("SENDPB-A077"))
    lists = populated.lists() | {"board": populated.lists()["board"] + ["newpb"]}
    saving.save_workbook(data, lists, populated.styles())
    assert calls == [1]
    sheet = openpyxl.load_workbook(populated.register_path(ACTIONS_BOOK))["Actions"]
    assert any("newpb" in (v.formula1 or "") for v in sheet.data_validations.dataValidation)


def test_forced_save_is_always_a_full_rebuild(populated, monkeypatch):
    _seed(populated)
    calls = _rebuilds(monkeypatch)
    data = populated.read(ACTIONS_BOOK)
    data["Actions"].rows.append(_action("SENDPB-A077"))
    populated.save(data, force=True)
    assert calls == [1]


# ------------------------------------------------------------------ its own copy is checked

def test_a_wrong_value_in_the_new_copy_is_caught_and_nothing_changes(populated, monkeypatch):
    _seed(populated)
    path = populated.register_path(ACTIONS_BOOK)
    before = path.read_bytes()
    real = fastsave._row_xml
    monkeypatch.setattr(fastsave, "_row_xml",
                        lambda *a, **k: real(*a, **k).replace("Written once", "Written twice"))
    data = populated.read(ACTIONS_BOOK)
    data["Actions"].rows.append(_action("SENDPB-A077", "Written once"))

    with pytest.raises(RegisterError, match=r"^actions\.xlsx was not saved: checking the new copy found "
                                            r"actions\.xlsx, sheet Actions, row 5, column Action: wrote "
                                            r"'Written once', read back 'Written twice'"):
        populated.save(data)
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


def test_a_copied_part_damaged_on_the_way_to_disk_is_caught(populated, monkeypatch):
    _seed(populated)
    path = populated.register_path(ACTIONS_BOOK)
    before = path.read_bytes()
    real = fastsave._write_zip

    def damaging(raw, package, replaced, temp, source, **kwargs):
        checksums = real(raw, package, replaced, temp, source, **kwargs)
        with zipfile.ZipFile(temp) as written:
            info = written.getinfo("xl/theme/theme1.xml")
        data = bytearray(temp.read_bytes())
        data[info.header_offset + 60] ^= 0xFF
        temp.write_bytes(bytes(data))
        return checksums

    monkeypatch.setattr(fastsave, "_write_zip", damaging)
    data = populated.read(ACTIONS_BOOK)
    data["Actions"].rows.append(_action("SENDPB-A077"))
    with pytest.raises(RegisterError, match="theme1.xml changed on the way to the disk"):
        populated.save(data)
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


def test_rows_removed_at_the_end_shrink_the_table(populated, tmp_path):
    _seed(populated)
    data = populated.read(ACTIONS_BOOK)
    del data["Actions"].rows[-1]
    fast, full = _fast_and_full(populated, data, tmp_path)
    assert fast is not None and _rows(fast) == _rows(full)
    assert openpyxl.load_workbook(fast)["Actions"].tables["ActionLog"].ref == "A1:M3"


def test_a_plain_actions_add_on_the_example_takes_the_fast_path_after_one_save(example_ws, runner,
                                                                                 monkeypatch):
    """The example workspace as `init --example` makes it: the first save rebuilds (the tool's own
    looks, input messages, each board's RAG words), the next `actions add` writes only the new row."""
    from cli import app
    from meeting_packs.workspace import Workspace

    def add(text: str):
        result = runner.invoke(app, ["-w", str(example_ws), "actions", "add", "sendpb", text,
                                     "--owner", "Ian Thomas", "--due", "2027-01-31"])
        assert result.exit_code == 0, result.output

    ws = Workspace(example_ws)
    calls = _rebuilds(monkeypatch)
    add("First new action")
    first = len(calls)
    before = _rows(ws.register_path(ACTIONS_BOOK))
    add("Second new action")

    assert len(calls) == first, "the second add rebuilt the whole workbook instead of the changed rows"
    after = _rows(ws.register_path(ACTIONS_BOOK))
    assert after["Actions"][:-1] == before["Actions"]
    assert after["Actions"][-1]["Action"] == "Second new action"
    # the new row has the drop-downs, input messages and its board's RAG words the rebuild gives it
    data = read_workbook(ACTIONS_BOOK, ws.register_path(ACTIONS_BOOK))
    rebuilt = build_openpyxl(data, ws.lists(), ws.styles())
    saved = openpyxl.load_workbook(ws.register_path(ACTIONS_BOOK))
    for name in ("Actions", "History"):
        assert _validations(saved[name]) == _validations(rebuilt[name])


@pytest.mark.parametrize("cells, errors", [
    pytest.param({"P2": "ring Ian"}, (), id="value-in-a-column-without-a-header"),
    pytest.param({"P9": "a note below the data"}, (), id="note-below-the-data"),
    pytest.param({}, ("D2",), id="kept-error-cell"),
])
def test_strays_notes_below_and_kept_values_are_left_to_the_rebuild(populated, invoke, monkeypatch, cells, errors):
    """The fast path does not write values in columns without a header, notes below the data or
    kept values: the rebuild does, so such a register is never handed to it."""
    _seed(populated)
    path = populated.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book["Actions"][ref] = value
    for ref in errors:
        book["Actions"][ref].value = "#N/A"
        book["Actions"][ref].data_type = "e"
    book.save(path)
    tried: list = []
    monkeypatch.setattr(fastsave, "write_changed", lambda *a: tried.append(a) or False)

    result = invoke("actions", "add", "sendpb", "A new action", "--owner", "IT", "--due", "2027-01-01")

    assert result.exit_code == 0, result.output
    assert tried == []
    sheet = openpyxl.load_workbook(path)["Actions"]
    for ref, value in cells.items():
        assert any(c.value == value for row in sheet.iter_rows() for c in row), ref
    for ref in errors:
        assert sheet[ref].value == "#N/A" and sheet[ref].data_type == "e"
