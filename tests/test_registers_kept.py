"""What staff type that the tool does not model survives a save, and `check` reports it.

Issue 10:
- finding 2: a value in a column without a header (P8 = "my note") is kept beside its
  row through every save (keeping beats refusing: the note is staff's own, and a
  refused save would block every command until someone found and moved it); a
  stray value far out (XFD2) is beyond the columns the reader reads and is refused
  naming the cell;
- finding 6: an error cell (#N/A), a duration ([h]:mm), a number in a date column
  (-5) or a History "When" of 1e9 come back exactly as they were;
- finding 14: a control character in a cell is reported by `check` as the error that
  would make every save refuse.
Issue 13: a stored risk Score that is not Likelihood × Impact is reported, and every
save works it out again.
"""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest

from conftest import rewrite_zip, sheet_xml
from meeting_packs.check import check_workspace
from meeting_packs.errors import ContentWouldBeLost
from meeting_packs.registers.reading import Kept
from meeting_packs.registers.schema import ACTIONS_BOOK, MEMBERS_BOOK, RISKS_BOOK


def _type(path, sheet: str, cells: dict, formats: dict | None = None, errors: tuple = ()) -> None:
    """Type values into a register as Excel would store them."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    for ref, value in cells.items():
        ws[ref] = value
        if formats and ref in formats:
            ws[ref].number_format = formats[ref]
    for ref in errors:
        ws[ref].value = "#N/A"
        ws[ref].data_type = "e"
    book.save(path)


def _problems(ws, severity: str | None = None) -> list[str]:
    report = check_workspace(ws, today=dt.date(2026, 11, 23))
    return [str(p) for p in report.problems if severity is None or p.severity == severity]


def _add_action(invoke):
    result = invoke("actions", "add", "sendpb", "A new action", "--owner", "IT", "--due", "2027-01-01")
    assert result.exit_code == 0, result.output
    return result


# ------------------------------------------------------------------ finding 2

def test_a_value_in_a_column_without_a_header_survives_the_next_save(populated, invoke):
    path = populated.register_path(ACTIONS_BOOK)
    _type(path, "Actions", {"P8": "my note", "P2": "ring Ian", "R3": 42})
    _add_action(invoke)
    sheet = openpyxl.load_workbook(path)["Actions"]
    assert (sheet["P8"].value, sheet["P2"].value, sheet["R3"].value) == ("my note", "ring Ian", 42)
    assert sheet["A4"].value == "SENDPB-A002"          # the new action, not disturbed by the notes
    assert sheet.tables["ActionLog"].ref == "A1:M4"   # the table never takes in a column without a header
    update = invoke("actions", "update", "SENDPB-A001", "--rag", "Red")
    assert update.exit_code == 0, update.output
    assert openpyxl.load_workbook(path)["Actions"]["P2"].value == "ring Ian"


def test_check_reports_a_value_in_a_column_without_a_header(populated):
    _type(populated.register_path(ACTIONS_BOOK), "Actions", {"P8": "my note"})
    [found] = [p for p in _problems(populated, "warning") if "without a header" in p]
    assert found.startswith("actions.xlsx, sheet Actions, row 8, cell P8: 'my note' is typed in a column "
                            "without a header. It is kept beside its row")


def test_a_note_beside_a_row_moves_with_it(populated):
    """Meetings are kept sorted: a note typed beside a meeting stays beside that meeting."""
    from meeting_packs.forward_plan import add_meeting
    from meeting_packs.registers.schema import PLAN_BOOK

    path = populated.register_path(PLAN_BOOK)
    _type(path, "Meetings", {"J2": "room booked"})    # row 2: hwb, 14/01/2027 (hwb sorts first)
    add_meeting(populated, "hwb", dt.date(2026, 12, 1))
    sheet = openpyxl.load_workbook(path)["Meetings"]
    assert sheet["B3"].value.date() == dt.date(2027, 1, 14) and sheet["J3"].value == "room booked"
    assert sheet["J2"].value is None


def test_a_save_that_would_remove_a_row_holding_a_note_is_refused_naming_the_cell(populated):
    path = populated.register_path(MEMBERS_BOOK)
    _type(path, "Attendance", {"A2": "sendpb", "B2": dt.datetime(2026, 12, 10), "C2": "Ian Thomas",
                               "E2": "Present", "K2": "left early"})
    before = path.read_bytes()
    data = populated.read(MEMBERS_BOOK)
    del data["Attendance"].rows[0]
    with pytest.raises(ContentWouldBeLost, match=r"membership\.xlsx, sheet Attendance: cell K2 holds a value "
                                                 r"in a column without a header"):
        populated.save(data)
    assert path.read_bytes() == before


def test_a_stray_value_beyond_the_columns_read_is_refused_naming_the_cell(populated, invoke):
    path = populated.register_path(ACTIONS_BOOK)
    _type(path, "Actions", {"XFD2": "oops"})
    before = path.read_bytes()
    result = invoke("actions", "add", "sendpb", "A new action", "--owner", "IT", "--due", "2027-01-01")
    assert result.exit_code == 1
    assert "the sheet reaches cell XFD2" in result.output and result.output.count("\n") == 1
    assert path.read_bytes() == before
    assert any("cell XFD2" in p for p in _problems(populated, "error"))


# ------------------------------------------------------------------ finding 6

def test_an_error_cell_stays_an_error_cell(populated, invoke):
    path = populated.register_path(ACTIONS_BOOK)
    _type(path, "Actions", {}, errors=("K2",))        # Workstream of SENDPB-A001
    _add_action(invoke)
    cell = openpyxl.load_workbook(path)["Actions"]["K2"]
    assert (cell.value, cell.data_type) == ("#N/A", "e")
    assert populated.read(ACTIONS_BOOK)["Actions"].rows[0]["Workstream"] == Kept("error", "#N/A")
    [found] = [p for p in _problems(populated, "warning") if "error value" in p]
    assert found.startswith("actions.xlsx, sheet Actions, row 2, column Workstream: holds the error value #N/A")


def test_a_duration_stays_a_duration(populated, invoke):
    path = populated.register_path(ACTIONS_BOOK)
    _type(path, "Actions", {"K3": dt.timedelta(hours=30)}, {"K3": "[h]:mm"})
    _add_action(invoke)
    cell = openpyxl.load_workbook(path)["Actions"]["K3"]
    assert (cell.value, cell.number_format) == (dt.timedelta(hours=30), "[h]:mm")
    assert any("column Workstream: holds the duration 30:00" in p for p in _problems(populated, "warning"))


def test_a_negative_number_in_a_date_column_stays_a_number(populated, invoke):
    path = populated.register_path(ACTIONS_BOOK)
    _type(path, "Actions", {"G3": -5}, {"G3": "DD/MM/YYYY"})   # Due date of HWB-A001
    _add_action(invoke)
    cell = openpyxl.load_workbook(path)["Actions"]["G3"]
    assert cell.number_format == "DD/MM/YYYY"
    assert re.search(r'<c r="G3"[^>]*><v>-5</v></c>', sheet_xml(path))   # the number, not a date or 00:00
    assert any(p.startswith("actions.xlsx, sheet Actions, row 3, column Due date:") and "-5" in p
               for p in _problems(populated, "error"))


def test_a_history_when_far_out_of_range_is_one_line_and_kept(populated, invoke):
    path = populated.register_path(ACTIONS_BOOK)
    _type(path, "History", {"B2": 1e9})
    check = invoke("check")
    assert "unexpected" not in check.output and check.exit_code == 1
    assert "actions.xlsx, sheet History, row 2, column When: '1000000000' is not a date and time" in check.output
    _add_action(invoke)
    assert openpyxl.load_workbook(path)["History"]["B2"].value == 1e9


# ------------------------------------------------------------------ finding 14

def _with_control_character(path) -> None:
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": lambda xml: xml.replace(b"Draft with", b"Draft_x0007_ with")})


def test_check_reports_a_control_character_that_would_stop_every_save(populated, invoke):
    path = populated.register_path(ACTIONS_BOOK)
    _with_control_character(path)
    assert populated.read(ACTIONS_BOOK)["Actions"].rows[0]["Progress update"].startswith("Draft\x07")
    errors = [p for p in _problems(populated, "error") if "control character" in p]
    assert errors == [
        "actions.xlsx, sheet Actions, row 2, column Progress update: the text contains an invisible control "
        "character (code 0x07) that Excel cannot store, so every save of this register would be refused. "
        "Remove it (retype the text) and run 'meeting-packs check' again."]
    result = invoke("actions", "update", "HWB-A001", "--rag", "Red")
    assert result.exit_code == 1 and "row 2, column Progress update" in result.output


# ------------------------------------------------------------------ issue 13: the risk score

def test_a_stale_risk_score_is_reported_and_worked_out_again_on_any_save(populated):
    path = populated.register_path(RISKS_BOOK)
    _type(path, "Risks", {"I2": 5})   # likelihood of SENDPB-R01 changed by hand: 5 × 4, score still 12
    assert [p for p in _problems(populated, "warning") if "score" in p] == [
        "risks.xlsx, sheet Risks, row 2, column Score: SENDPB-R01's score is '12', but likelihood 5 × "
        "impact 4 is 20. The next save of the risk register works it out again."]
    data = populated.read(RISKS_BOOK)     # a save that changes nothing else still recomputes it
    populated.save(data)
    assert openpyxl.load_workbook(path)["Risks"]["K2"].value == 20
    assert not [p for p in _problems(populated) if "score" in p]
