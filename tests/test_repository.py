"""The register repositories: find by reference, replace, append, and the action history."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import openpyxl
import pytest

from meeting_packs.errors import NotFound, RegisterError
from meeting_packs.model import ActionStatus, Attendance, AttendanceRecord, Meeting, Risk
from meeting_packs.registers import repository
from meeting_packs.registers.repository import (ActionRepository, AttendanceRepository,
                                                MeetingRepository, RiskRepository, history_text)
from meeting_packs.registers.schema import ACTIONS_BOOK, MEMBERS_BOOK, PLAN_BOOK, RISKS_BOOK


def _edit_actions_in_excel(ws, change) -> None:
    """Change actions.xlsx the way a member of staff would: open it, change cells, save."""
    path = ws.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    change(book["Actions"])
    book.save(path)


def _column(sheet, header: str) -> int:
    return [cell.value for cell in sheet[1]].index(header) + 1


def test_find_ignores_case_and_spaces_and_gives_the_row(populated):
    actions = ActionRepository(populated.read(ACTIONS_BOOK))
    action = actions.find("  sendpb-a001 ")
    assert (action.ref, action.row, action.owner, action.rag) == ("SENDPB-A001", 2, "IT", "Amber")
    assert [a.ref for a in actions.all()] == ["SENDPB-A001", "HWB-A001"]


def test_find_an_unknown_reference_names_the_file_and_the_list_command(populated):
    with pytest.raises(NotFound, match=r"^There is no risk 'HWB-R09' in risks\.xlsx\. List them with "
                                       r"'meeting-packs risks list'\.$"):
        RiskRepository(populated.read(RISKS_BOOK), populated.boards.get).find("HWB-R09")
    with pytest.raises(NotFound):
        ActionRepository(populated.read(ACTIONS_BOOK)).find("  ")


def test_a_duplicated_reference_is_refused_naming_both_rows(populated, invoke):
    """Issue 10, finding 8: with two rows of one reference, an edit must not pick one silently."""
    def copy_first_action(sheet):
        sheet.append([cell.value for cell in sheet[2]])
    _edit_actions_in_excel(populated, copy_first_action)
    before = populated.register_path(ACTIONS_BOOK).read_bytes()

    with pytest.raises(RegisterError, match=r"^actions\.xlsx, sheet Actions: the reference SENDPB-A001 is "
                                            r"on rows 2 and 4\. Give one of them a new reference"):
        ActionRepository(populated.read(ACTIONS_BOOK)).find("sendpb-a001")
    result = invoke("actions", "update", "SENDPB-A001", "--rag", "Red")
    assert result.exit_code == 1
    assert "the reference SENDPB-A001 is on rows 2 and 4" in result.output
    assert populated.register_path(ACTIONS_BOOK).read_bytes() == before


def test_a_row_that_cannot_be_read_is_refused_naming_the_cell(populated, invoke):
    def spoil_due_date(sheet):
        sheet.cell(row=2, column=_column(sheet, "Due date"), value="next week")
    _edit_actions_in_excel(populated, spoil_due_date)

    result = invoke("actions", "update", "SENDPB-A001", "--rag", "Red")
    assert result.exit_code == 1
    assert result.output.startswith("Error: actions.xlsx, sheet Actions, row 2, column Due date: 'next week' "
                                    "is not a date I can read.")
    assert result.output.rstrip().endswith("Fix that cell in Excel before changing SENDPB-A001.")


def test_replace_changes_only_the_cells_the_change_alters(populated):
    """Columns staff added stay, and so do values typed in another accepted form."""
    def add_own_column_and_type_loosely(sheet):
        extra = sheet.max_column + 1
        sheet.cell(row=1, column=extra, value="Chair's notes")
        sheet.cell(row=2, column=extra, value="Raise at the next meeting")
        sheet.cell(row=2, column=_column(sheet, "Board"), value="SENDPB")
        sheet.cell(row=2, column=_column(sheet, "Status"), value="not started")
    _edit_actions_in_excel(populated, add_own_column_and_type_loosely)

    with populated.editing(ACTIONS_BOOK) as data:
        actions = ActionRepository(data)
        action = actions.find("SENDPB-A001")
        assert (action.board, action.status) == ("sendpb", ActionStatus.OPEN)
        saved = actions.replace(replace(action, rag="Red", due=dt.date(2027, 1, 31)))
    assert saved.row == 2
    row = populated.read(ACTIONS_BOOK)["Actions"].rows[0]
    assert (row["RAG"], row["Due date"]) == ("Red", dt.date(2027, 1, 31))
    assert (row["Chair's notes"], row["Board"], row["Status"]) == (
        "Raise at the next meeting", "SENDPB", "not started")


def test_replace_refuses_an_object_that_is_not_its_rows(populated):
    actions = ActionRepository(populated.read(ACTIONS_BOOK))
    action = actions.find("SENDPB-A001")
    with pytest.raises(ValueError):
        actions.replace(replace(action, row=3))   # HWB-A001's row
    with pytest.raises(ValueError):
        actions.replace(replace(action, row=40))


def test_append_gives_the_new_row_number(populated):
    data = populated.read(RISKS_BOOK)
    risks = RiskRepository(data, populated.boards.get)
    risk = risks.append(Risk("HWB-R02", "hwb", "Venue closes", 4, 5, "MM"))
    assert risk.row == 4
    assert risks.find("hwb-r02") == risk
    assert data["Risks"].rows[-1]["Score"] == 20 and data["Risks"].rows[-1]["Rating"] == "High"


def test_risk_ratings_are_worked_out_again_for_every_readable_row(populated):
    data = populated.read(RISKS_BOOK)
    for row in data["Risks"].rows:
        row["Score"], row["Rating"] = 99, "Typed by hand"
    RiskRepository(data, populated.boards.get).restamp()
    assert [(row["Score"], row["Rating"]) for row in data["Risks"].rows] == [(12, "Moderate"), (4, "Low")]


def test_meetings_are_kept_in_board_and_date_order(populated):
    data = populated.read(PLAN_BOOK)
    meetings = MeetingRepository(data)
    meetings.append(Meeting("hwb", dt.date(2026, 9, 3)))
    meetings.append(Meeting("sendpb", dt.date(2027, 3, 4)))
    assert [(m.board, m.date) for m in meetings.all()] == [
        ("hwb", dt.date(2026, 9, 3)), ("hwb", dt.date(2027, 1, 14)),
        ("sendpb", dt.date(2026, 12, 10)), ("sendpb", dt.date(2027, 3, 4))]
    assert meetings.dates(" SENDPB") == {dt.date(2026, 12, 10), dt.date(2027, 3, 4)}


def test_history_is_recorded_and_read_back_oldest_first(populated):
    actions = ActionRepository(populated.read(ACTIONS_BOOK))
    later, earlier = dt.datetime(2026, 11, 20, 10, 0), dt.datetime(2026, 11, 10, 10, 0)
    actions.record("HWB-A001", later, "RAG", "Amber", "Red", "updated")
    actions.record("HWB-A001", earlier, "RAG", "Green", "Amber", "updated")
    entries = [(e.when, e.old, e.new) for e in actions.history("hwb-a001") if e.field == "RAG"]
    assert entries[-2:] == [(earlier, "Green", "Amber"), (later, "Amber", "Red")]
    assert "HWB-A001" in actions.history_references()


def test_tracked_values_are_the_history_sheets_text(populated):
    actions = ActionRepository(populated.read(ACTIONS_BOOK))
    action = actions.find("SENDPB-A001")
    assert actions.tracked(action) == {"RAG": "Amber", "Status": "Open", "Due date": "31/12/2026",
                                       "Owner": "IT", "Progress update": "Draft with parents' forum"}
    moved = replace(action, due=dt.date(2027, 1, 8), rag="Red", progress=action.progress)
    assert actions.differences(action, moved, ("due", "rag", "progress")) == [
        ("Due date", "31/12/2026", "08/01/2027"), ("RAG", "Amber", "Red")]


@pytest.mark.parametrize("value, text", [(None, ""), (dt.datetime(2026, 3, 5, 14, 0), "05/03/2026"),
                                         (dt.date(2026, 3, 5), "05/03/2026"), (3.0, "3"), (2.5, "2.5"),
                                         ("Amber", "Amber")])
def test_history_text(value, text):
    assert history_text(value) == text


def test_attendance_of_one_meeting_is_replaced_in_place(populated):
    day = dt.date(2026, 12, 10)
    data = populated.read(MEMBERS_BOOK)
    attendance = AttendanceRepository(data)
    first = [AttendanceRecord("sendpb", day, "Ian Thomas", "IT", Attendance.PRESENT)]
    assert attendance.replace_meeting("sendpb", day, first)
    assert not attendance.replace_meeting(" SendPB", day, first)
    second = [AttendanceRecord("sendpb", day, "Ian Thomas", "IT", Attendance.APOLOGIES)]
    assert attendance.replace_meeting("sendpb", day, second)
    assert [(r.name, r.attendance, r.row) for r in attendance.of_meeting("sendpb", day)] == [
        ("Ian Thomas", Attendance.APOLOGIES, 2)]


def test_plan_items_and_members_have_repositories_too(populated):
    items = repository.plan_items(populated.read(PLAN_BOOK))
    assert items.find("sendpb-p001").title == "Written statement of action update"
    assert [m.initials for m in repository.members(populated.read(MEMBERS_BOOK)).all()] == ["IT", "MM"]
