"""Reading a sheet a column at a time (issue 14, cold reads): the same objects and problems as row by row."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from meeting_packs.registers import convert
from meeting_packs.registers.convert import SHEET_MODELS, convert_rows
from meeting_packs.registers.reading import Kept, SheetData

# every kind of value a cell can hold once read, and texts each column's rule treats specially
POOL = [None, "", "  ", "x", " hwb ", "HWB", "sendpb", "Open", "open", "complete", "Complete", "Red", "Amber",
        "3", " 4 ", "2.5", "6", "01/02/2026", "2026-02-01", "2026-02-01 10:30", "31/02/2026", "10:30", "9am",
        1.0, 3.0, 0.5, -3.0, 1e9, 45000.0, 45000.5, 3, 0, 7, 26, True, False,
        dt.date(2026, 1, 5), dt.datetime(2026, 1, 5, 10, 30), dt.datetime(2026, 1, 5, 10, 30, 0, 500),
        dt.time(10, 30), dt.timedelta(hours=5), Kept("error", "#N/A"), Kept("number", -5.0),
        Kept("duration", 0.25, "[h]:mm"), "For decision", "decision", "To note", "Weird purpose", "Member",
        "Apologies", "Present", "Accept", "Treat", "\x07bad"]


def _rows(headers: list[str], rng: random.Random) -> list[dict]:
    rows = []
    for _ in range(rng.randint(0, 12)):
        mode = rng.random()
        pool = POOL if mode < 0.5 else POOL[:13] + [None] * 4
        row = {h: (None if mode < 0.1 else rng.choice(pool)) for h in headers}
        if rng.random() < 0.3:  # a column missing from the file
            row = {h: v for h, v in row.items() if rng.random() < 0.8}
        rows.append(row)
    return rows


@pytest.mark.parametrize("sheet_name", list(SHEET_MODELS))
def test_column_reading_gives_what_row_reading_gives(sheet_name):
    model = SHEET_MODELS[sheet_name]
    rng = random.Random(sheet_name)
    for _ in range(150):
        rows = _rows(model.sheet.headers, rng)
        sheet = SheetData(model.sheet, model.sheet.headers, rows)
        for date1904 in (False, True):
            by_column = convert_rows(Path("r.xlsx"), sheet, date1904, model.from_row)
            by_row = convert_rows(Path("r.xlsx"), sheet, date1904, model.from_row.__call__)
            assert by_column == by_row, rows


def test_every_field_of_each_model_has_one_rule():
    for model in SHEET_MODELS.values():
        assert sorted(model.from_row.names) == sorted(f.name for f in convert.fields(model.model))


@pytest.mark.parametrize("value", [dt.datetime(2026, 1, 5, 10, 30), dt.date(2026, 1, 5), dt.time(9, 0)])
def test_a_date_in_a_number_column_is_a_problem_not_a_crash(value):
    """A date typed in Likelihood raised TypeError from float() before, stopping `check`."""
    model = SHEET_MODELS["Risks"]
    row = {"Reference": "R1", "Board": "hwb", "Risk": "Flooding", "Owner": "AB",
           "Likelihood (1-5)": value, "Impact (1-5)": 3}
    objects, problems = convert_rows(Path("risks.xlsx"), SheetData(model.sheet, model.sheet.headers, [row]),
                                     False, model.from_row)
    assert objects == []
    assert [(p.where, p.message) for p in problems] == [
        ("risks.xlsx, sheet Risks, row 2, column Likelihood (1-5)", f"'{value}' is not a number.")]


def test_a_serial_number_beyond_year_9999_in_when_is_a_problem_not_a_crash():
    model = SHEET_MODELS["History"]
    row = {"Reference": "HWB-A001", "When": 1e9, "What": "RAG", "New value": "Red"}
    objects, problems = convert_rows(Path("actions.xlsx"), SheetData(model.sheet, model.sheet.headers, [row]),
                                     False, model.from_row)
    assert objects == [] and len(problems) == 1
    assert problems[0].where == "actions.xlsx, sheet History, row 2, column When"


def test_cells_kept_by_the_reader_give_what_the_rows_give(tmp_path):
    """`fresh=True` takes the cells from `SheetData.source`: the same as from the rows, for every sheet."""
    from meeting_packs.registers.convert import convert_columns
    from meeting_packs.registers.schema import WORKBOOKS
    from meeting_packs.workspace import init_workspace

    ws = init_workspace(tmp_path / "ex", example=True)
    for spec in WORKBOOKS:
        data = ws.read(spec)
        for name, sheet in data.sheets.items():
            make = SHEET_MODELS[name].from_row
            assert sheet.source is not None
            fresh = convert_columns(data.path, sheet, data.date1904, make, fresh=True)
            assert fresh == convert_columns(data.path, sheet, data.date1904, make), name
            assert (make.objects(fresh[0]), fresh[1]) == convert_rows(data.path, sheet, data.date1904,
                                                                      make.__call__), name


def test_a_sheet_read_for_looking_gives_what_its_rows_give(tmp_path):
    """`read_workbook(lazy_rows=True)` builds no rows (`ListedSheet`): its conversion, its cell
    problems and, when asked for, its rows are those of the sheet read as rows."""
    import zipfile

    import openpyxl

    from meeting_packs.registers.convert import convert_columns
    from meeting_packs.registers.loss import cell_problems
    from meeting_packs.registers.reading import ListedSheet, read_workbook
    from meeting_packs.registers.schema import WORKBOOKS
    from meeting_packs.workspace import init_workspace
    from tests.conftest import rewrite_zip

    ws = init_workspace(tmp_path / "ex", example=True)
    rng = random.Random(14)
    values = [v for v in POOL if not isinstance(v, (Kept, dt.timedelta)) and v != "\x07bad"] + ["#N/A", "Mark"]
    for spec in WORKBOOKS:
        path = ws.register_path(spec)
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            width = sheet.max_column
            for _ in range(30):
                sheet.append([rng.choice(values) for _ in range(width)])
            sheet.append([None] * width)  # blank rows below the data are no rows
        book.save(path)
        # a control character Excel cannot store, as Excel writes it
        with zipfile.ZipFile(path) as package:
            parts = [n for n in package.namelist() if n.startswith("xl/") and n.endswith(".xml")]
        rewrite_zip(path, {part: lambda xml: xml.replace(b">Mark<", b">Ma_x0007_rk<") for part in parts})
        eager = read_workbook(spec, path)
        lazy = read_workbook(spec, path, frozenset(eager.sheets), lazy_rows=True)
        for name, sheet in eager.sheets.items():
            make = SHEET_MODELS[name].from_row
            listed = lazy.sheets[name]
            assert isinstance(listed, ListedSheet) and listed._rows is None
            assert convert_columns(path, listed, lazy.date1904, make, fresh=True) == \
                convert_columns(path, sheet, eager.date1904, make), name
            assert cell_problems(lazy, name, fresh=True) == cell_problems(eager, name), name
            assert listed._rows is None or name == "Risks"  # a risk's score is compared with its row
            assert listed.rows == sheet.rows and listed.headers == sheet.headers, name
        assert any("control character" in p.message for name in eager.sheets for p in cell_problems(eager, name))


def test_the_control_character_look_agrees_with_the_pattern_on_every_character():
    from meeting_packs.registers import loss

    for code in range(0x110000):
        text = f"a{chr(code)}é"
        assert loss._may_hold_control(text) == (loss._CONTROL.search(text) is not None), hex(code)


def test_cache_columns_are_the_json_the_encoder_writes():
    """Text columns joined without the JSON encoder (`cache._column_json`) read back the same."""
    import json

    from meeting_packs.registers.cache import _column_json

    rng = random.Random(7)
    alphabet = ["a", "é", '"', "\\", "\n", "\t", "\x07", "\x7f", " ", "£", "\u2028", "Z", "💷"]
    for _ in range(3000):
        column = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(0, 5))]
        if rng.random() < 0.2:
            column.append(rng.choice([None, 3, 2.5]))
        assert _column_json(column) == json.dumps(column, ensure_ascii=False, separators=(",", ":")), column
