"""What staff see in Excel: a real table, frozen header, drop-downs, RAG colours, widths, wrapping."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from meeting_packs.registers.schema import (ACTIONS_BOOK, MEMBERS_BOOK, PLAN_BOOK, RISKS_BOOK, WORKBOOKS,
                                            fixed_lists)

SHEETS = [(book, sheet) for book in WORKBOOKS for sheet in book.sheets]
SHEET_IDS = [f"{book.key}-{sheet.name}" for book, sheet in SHEETS]


def _open(ws, book):
    return openpyxl.load_workbook(ws.register_path(book))


def _validations(sheet) -> dict[str, object]:
    """Column letter → its data validation."""
    found = {}
    for dv in sheet.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            found[get_column_letter(cells.min_col)] = dv
    return found


@pytest.mark.parametrize("book, spec", SHEETS, ids=SHEET_IDS)
def test_each_sheet_is_a_table_with_a_frozen_header(populated, book, spec):
    sheet = _open(populated, book)[spec.name]
    data = populated.read(book)[spec.name]
    [(name, ref)] = sheet.tables.items()
    last = get_column_letter(len(spec.columns))
    assert name == spec.table
    assert ref == f"A1:{last}{max(2, len(data.rows) + 1)}"
    assert sheet.tables[name].autoFilter.ref == ref
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == spec.headers
    assert all(c.font.b for c in sheet[1])
    for index, column in enumerate(spec.columns, 1):
        assert sheet.column_dimensions[get_column_letter(index)].width == column.width


@pytest.mark.parametrize("book, spec", SHEETS, ids=SHEET_IDS)
def test_drop_downs_for_fixed_choices_dates_and_scores(populated, book, spec):
    sheet = _open(populated, book)[spec.name]
    lists = {**fixed_lists(), "board": ["hwb", "sendpb"],
             "rag": ["Red", "Amber", "Green", "Blue", "Light green", "Dark green", "Completed"]}
    validations = _validations(sheet)
    for index, column in enumerate(spec.columns, 1):
        letter = get_column_letter(index)
        dv = validations.get(letter)
        if dv is not None:  # issue 13: every validated column says what it takes
            assert dv.showInputMessage and dv.promptTitle == column.header[:32] and dv.prompt, column.header
        if column.choices == "rag":  # each row its own board's scale: tests/test_registers_excel.py
            assert dv is not None and dv.type == "list", column.header
        elif column.choices:
            assert dv is not None and dv.type == "list", column.header
            assert dv.formula1 == '"' + ",".join(lists[column.choices]) + '"'
            assert str(dv.sqref) == f"{letter}2:{letter}1000"
        elif column.kind == "date":
            assert (dv.type, dv.error) == ("date", "Type a date as DD/MM/YYYY."), column.header
            assert "DD/MM/YYYY" in dv.prompt
        elif column.kind == "datetime":
            assert (dv.type, dv.error) == ("date", "Type a date and time as DD/MM/YYYY HH:MM."), column.header
        elif column.kind == "time":
            assert dv.type == "time" and "HH:MM" in dv.prompt, column.header
        elif column.header.endswith("(1-5)"):
            assert (dv.type, dv.formula1, dv.formula2) == ("whole", "1", "5")
        else:
            assert dv is None, column.header


def test_rag_column_is_coloured_by_conditional_formatting(populated):
    sheet = _open(populated, ACTIONS_BOOK)["Actions"]
    rag = get_column_letter(ACTIONS_BOOK.sheets[0].headers.index("RAG") + 1)
    [(area, rules)] = [(str(cf.sqref), cf.rules) for cf in sheet.conditional_formatting]
    assert area == f"{rag}2:{rag}1000"
    colours = {rule.formula[0]: (rule.dxf.fill.fgColor.rgb[-6:], rule.dxf.font.color.rgb[-6:])
               for rule in rules}
    assert colours[f'LOWER(TRIM({rag}2))="red"'] == ("C00000", "FFFFFF")
    assert colours[f'LOWER(TRIM({rag}2))="amber"'] == ("FFC000", "000000")
    assert colours[f'LOWER(TRIM({rag}2))="light green"'] == ("92D050", "000000")
    assert len(colours) == 7  # every label of both boards' scales


def test_risk_rating_column_is_coloured(populated):
    sheet = _open(populated, RISKS_BOOK)["Risks"]
    rating = get_column_letter(RISKS_BOOK.sheets[0].headers.index("Rating") + 1)
    [cf] = list(sheet.conditional_formatting)
    assert str(cf.sqref) == f"{rating}2:{rating}1000"
    assert sorted(rule.formula[0] for rule in cf.rules) == sorted(
        f'LOWER(TRIM({rating}2))="{label}"' for label in ("low", "moderate", "high"))


def test_sheets_without_a_status_colour_have_no_conditional_formatting(populated):
    for book in (PLAN_BOOK, MEMBERS_BOOK):
        for sheet in _open(populated, book).worksheets:
            assert list(sheet.conditional_formatting) == []


def test_long_text_columns_wrap_and_dates_show_day_first(populated):
    sheet = _open(populated, ACTIONS_BOOK)["Actions"]
    assert sheet["E2"].alignment.wrap_text is True        # Action
    assert not sheet["A2"].alignment.wrap_text            # Reference
    assert sheet["G2"].number_format == "DD/MM/YYYY"      # Due date
    history = _open(populated, ACTIONS_BOOK)["History"]
    assert history["B2"].number_format == "DD/MM/YYYY HH:MM"


def test_a_hand_made_register_is_understood_and_tidied(workspace, invoke):
    """Headers in another order, case and older spelling, a column of their own, no table."""
    path = workspace.register_path(ACTIONS_BOOK)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "actions"
    sheet.append(["ACTION", "reference", "Board", "Owner", "Due  date", "Workstream or area", "Progress",
                  "Chased"])
    sheet.append(["Publish the offer", "SENDPB-A007", "SENDPB", "IT", dt.date(2027, 1, 8), "Offer",
                  "Started", "yes"])
    book.create_sheet("History").append(["Reference", "When", "Field", "Old value", "New value", "Note"])
    book.save(path)

    result = invoke("actions", "update", "SENDPB-A007", "--rag", "Amber")
    assert result.exit_code == 0, result.output

    tidy = openpyxl.load_workbook(path)
    sheet = tidy["Actions"]
    # their order is kept, with the proper names; the columns they lacked are added at the end
    assert [c.value for c in sheet[1]] == [
        "Action", "Reference", "Board", "Owner", "Due date", "Workstream", "Progress update", "Chased",
        "Meeting raised", "Agenda item", "Status", "RAG", "Date closed", "Source"]
    assert sheet.tables["ActionLog"].ref == "A1:N2"
    assert _validations(sheet)["L"].formula1.startswith('"Red,Amber')       # RAG, where it now is
    assert [str(cf.sqref) for cf in sheet.conditional_formatting] == ["L2:L1000"]
    assert sheet.freeze_panes == "A2"
    row = workspace.read(ACTIONS_BOOK)["Actions"].rows[0]
    assert (row["Action"], row["Board"], row["Due date"], row["Workstream"], row["Progress update"],
            row["RAG"], row["Chased"]) == ("Publish the offer", "SENDPB", dt.date(2027, 1, 8), "Offer",
                                           "Started", "Amber", "yes")
    assert [c.value for c in tidy["History"][1]] == ACTIONS_BOOK.sheets[1].headers


def test_new_workbooks_from_init_are_complete(workspace):
    for book in WORKBOOKS:
        opened = _open(workspace, book)
        assert opened.sheetnames == [s.name for s in book.sheets]
        for spec in book.sheets:
            assert list(opened[spec.name].tables) == [spec.table]
            assert workspace.read(book)[spec.name].rows == []
