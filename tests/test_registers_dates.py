"""Guarantee 12 in the registers: day-first dates, refused impossibilities named by cell, 1904 workbooks."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from meeting_packs.registers.schema import ACTIONS_BOOK, PLAN_BOOK
from meeting_packs.workspace import require_clean

HELP = "Use YYYY-MM-DD or DD/MM/YYYY (day first), for example 2019-03-28 or 28/03/2019."


def _append_actions(ws, rows, epoch=None):
    """Type rows into the Actions sheet as a member of staff would, optionally in a 1904 workbook."""
    path = ws.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    if epoch is not None:
        book.epoch = epoch
    sheet = book["Actions"]
    for number, (due, number_format) in enumerate(rows, 1):
        sheet.append([f"HWB-A{number:03d}", "hwb", None, None, f"Action {number}", "MM", due, "Open"])
        if number_format:
            sheet.cell(row=sheet.max_row, column=7).number_format = number_format
    book.save(path)


def test_cli_reads_day_first(invoke, workspace):
    result = invoke("actions", "add", "hwb", "Circulate the paper", "--owner", "MM", "--due", "01/02/2024")
    assert result.exit_code == 0, result.output
    assert workspace.read(ACTIONS_BOOK)["Actions"].rows[0]["Due date"] == dt.date(2024, 2, 1)
    listed = invoke("actions", "list", "--as-of", "2024-01-01")
    assert "01/02/2024" in listed.output


@pytest.mark.parametrize("text, reason", [("12/31/2024", "(day 12, month 31, year 2024)"),
                                          ("29/02/2023", "(day 29, month 2, year 2023)")])
@pytest.mark.parametrize("args, what", [
    (["actions", "add", "hwb", "X", "--owner", "MM", "--due"], "due date"),
    (["actions", "update", "HWB-A001", "--due"], "due date"),
    (["meetings", "add", "hwb"], "meeting date"),
    (["risks", "add", "hwb", "X", "--likelihood", "1", "--impact", "1", "--owner", "MM", "--review"],
     "review date"),
    (["plan", "add", "hwb", "X", "--meeting"], "meeting date"),
    (["plan", "move", "HWB-P001"], "meeting date"),
    (["actions", "list", "--as-of"], "--as-of date"),
])
def test_cli_refuses_impossible_dates(populated, invoke, args, what, text, reason):
    before = {p.name: p.read_bytes() for p in populated.registers_dir.glob("*.xlsx")}
    result = invoke(*args, text)
    assert result.exit_code == 2
    assert result.output == f"Error: '{text}' is not a real {what} {reason}. {HELP}\n"
    assert {p.name: p.read_bytes() for p in populated.registers_dir.glob("*.xlsx")} == before


def test_typed_dates_in_cells_are_strict_and_named_by_cell(workspace, invoke):
    _append_actions(workspace, [("01/02/2024", "@"), ("12/31/2024", "@"), ("29/02/2023", "@"),
                                ("2024-02-01", "@"), ("1st Feb", "@")])
    loaded = workspace.load((ACTIONS_BOOK,))
    good = {a.ref: a.due for a in loaded.registers.actions}
    assert good == {"HWB-A001": dt.date(2024, 2, 1), "HWB-A004": dt.date(2024, 2, 1)}

    result = invoke("check", "--as-of", "2024-01-01")
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
    assert errors == [
        f"ERROR: actions.xlsx, sheet Actions, row 3, column Due date: '12/31/2024' is not a real date "
        f"(day 12, month 31, year 2024). {HELP}",
        f"ERROR: actions.xlsx, sheet Actions, row 4, column Due date: '29/02/2023' is not a real date "
        f"(day 29, month 2, year 2023). {HELP}",
        f"ERROR: actions.xlsx, sheet Actions, row 6, column Due date: '1st Feb' is not a date I can read. "
        f"{HELP}",
    ]


def test_commands_that_need_clean_registers_point_at_check(workspace, invoke):
    _append_actions(workspace, [("12/31/2024", "@"), ("29/02/2023", "@")])
    result = invoke("actions", "list")
    assert result.exit_code == 1
    assert result.output == (f"Error: actions.xlsx, sheet Actions, row 2, column Due date: '12/31/2024' is "
                             f"not a real date (day 12, month 31, year 2024). {HELP} (1 more problem(s)). "
                             "Fix the register, then run 'meeting-packs check' to see that everything is "
                             "in order.\n")


def test_rows_with_bad_dates_are_kept_untouched_by_a_save(workspace, invoke):
    _append_actions(workspace, [("12/31/2024", "@"), (dt.date(2024, 2, 1), "DD/MM/YYYY")])
    result = invoke("actions", "update", "HWB-A002", "--rag", "Green")
    assert result.exit_code == 0, result.output
    rows = workspace.read(ACTIONS_BOOK)["Actions"].rows
    assert [r["Due date"] for r in rows] == ["12/31/2024", dt.date(2024, 2, 1)]


def test_serial_numbers_in_general_cells_are_dates(workspace):
    _append_actions(workspace, [(45323, "General"), (45323.75, "General")])
    due = [a.due for a in require_clean(workspace.load((ACTIONS_BOOK,))).actions]
    assert due == [dt.date(2024, 2, 1), dt.date(2024, 2, 1)]


def test_a_number_that_cannot_be_a_date_is_named(workspace):
    _append_actions(workspace, [(-3, "General")])
    [problem] = workspace.load((ACTIONS_BOOK,)).problems
    assert str(problem) == "actions.xlsx, sheet Actions, row 2, column Due date: -3 is not a date; type it as DD/MM/YYYY."


def test_1904_workbook_reads_correctly(workspace, invoke):
    serial_1904 = (dt.date(2024, 2, 1) - dt.date(1904, 1, 1)).days
    _append_actions(workspace, [(dt.date(2024, 2, 1), "DD/MM/YYYY"), (serial_1904, "General"),
                                ("01/02/2024", "@")], epoch=CALENDAR_MAC_1904)
    path = workspace.register_path(ACTIONS_BOOK)
    data = workspace.read(ACTIONS_BOOK)
    assert data.date1904 is True
    due = [a.due for a in require_clean(workspace.load((ACTIONS_BOOK,))).actions]
    assert due == [dt.date(2024, 2, 1)] * 3

    listed = invoke("actions", "list", "--as-of", "2024-01-01")
    assert listed.output.count("01/02/2024") == 3

    # a save keeps the workbook's own date system, so Excel shows the same days
    assert invoke("actions", "update", "HWB-A001", "--rag", "Red").exit_code == 0
    with zipfile.ZipFile(path) as package:
        assert b'date1904="1"' in package.read("xl/workbook.xml")
    assert workspace.read(ACTIONS_BOOK).date1904 is True
    reopened = openpyxl.load_workbook(path)
    assert reopened.epoch == CALENDAR_MAC_1904
    assert reopened["Actions"]["G2"].value.date() == dt.date(2024, 2, 1)
    due = [a.due for a in require_clean(workspace.load((ACTIONS_BOOK,))).actions]
    assert due == [dt.date(2024, 2, 1)] * 3
    history = workspace.read(ACTIONS_BOOK)["History"].rows
    assert (history[-1]["Reference"], history[-1]["What"], history[-1]["New value"]) == ("HWB-A001", "RAG", "Red")


def test_meeting_times_typed_in_excel(workspace):
    path = workspace.register_path(PLAN_BOOK)
    book = openpyxl.load_workbook(path)
    sheet = book["Meetings"]
    sheet.append(["hwb", dt.date(2027, 1, 14), dt.time(18, 30), 0.875, "Guildhall"])
    sheet.append(["sendpb", "14/01/2027", "09:30", "11.30", "Queen Anne Suite"])
    book.save(path)
    meetings = require_clean(workspace.load((PLAN_BOOK,))).meetings
    assert [(m.date, m.start, m.end) for m in meetings] == [
        (dt.date(2027, 1, 14), dt.time(18, 30), dt.time(21, 0)),
        (dt.date(2027, 1, 14), dt.time(9, 30), dt.time(11, 30)),
    ]
