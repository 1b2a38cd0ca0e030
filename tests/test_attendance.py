"""`attendance BOARD`: meetings expected, attended, apologies and a percentage per member."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import restore

from meeting_packs.attendance import attendance_report, attendance_text, replace_meeting
from meeting_packs.membership import add_member
from meeting_packs.model import Attendance, AttendanceRecord, Member, MemberType, match_member, name_key
from meeting_packs.registers import convert
from meeting_packs.registers.schema import MEMBERS_BOOK
from meeting_packs.workspace import Workspace

SEP, NOV, JAN = dt.date(2019, 9, 19), dt.date(2019, 11, 14), dt.date(2020, 1, 23)
P, A, X, S = Attendance.PRESENT, Attendance.APOLOGIES, Attendance.ABSENT, Attendance.SUBSTITUTE


def record(day, name, initials, kind, substitute_for=""):
    return AttendanceRecord("sendpb", day, name, initials, kind, substitute_for, f"Minutes {day}")


@pytest.fixture(scope="module")
def _board_pristine(tmp_path_factory, _pristine_workspace) -> Path:
    """Three SEND meetings' attendance: IT every time, ID twice (apologies once, with a
    substitute), AW once (absent once, apologies once); NG joined after September."""
    root = tmp_path_factory.mktemp("board") / "ws"
    shutil.copytree(_pristine_workspace, root)
    ws = Workspace(root)
    add_member(ws, "sendpb", "Ian Thomas", "IT", member_type=MemberType.CHAIR)
    add_member(ws, "sendpb", "Ian Dodds", "ID")
    add_member(ws, "sendpb", "Ashley Whittaker", "AW")
    add_member(ws, "sendpb", "Nina Grant", "NG", member_type=MemberType.OFFICER)
    add_member(ws, "sendpb", "Sam Smith", "SS", member_type=MemberType.SUBSTITUTE,
               substitute_for="Ian Dodds")
    add_member(ws, "hwb", "Ian Thomas", "IT")
    rows = [
        record(SEP, "Ian Thomas", "IT", P), record(SEP, "Ian Dodds", "ID", P),
        record(SEP, "Ashley Whittaker", "AW", X),
        record(NOV, "Ian Thomas", "IT", P), record(NOV, "Ian Dodds", "ID", A),
        record(NOV, "Sam Smith", "SS", S, "Ian Dodds"), record(NOV, "Ashley Whittaker", "AW", A),
        record(NOV, "Nina Grant", "NG", P), record(NOV, "Julie Cordiner", "", P),
        record(JAN, "Ian Thomas (Chair)", "", P), record(JAN, "Ian Dodds", "ID", P),
        record(JAN, "Ashley Whittaker", "AW", P), record(JAN, "Nina Grant", "NG", A),
        AttendanceRecord("hwb", JAN, "Ian Thomas", "IT", X),
    ]
    with ws.editing(MEMBERS_BOOK) as data:
        data["Attendance"].rows.extend(convert.attendance_to_row(r) for r in rows)
    return root


@pytest.fixture
def board(workspace, _board_pristine):
    """A copy at `workspace.root` (so `invoke` works on it)."""
    return restore(workspace, _board_pristine)


def line_for(report, initials):
    return next(line for line in report.members if line.member.initials == initials)


def test_each_member_counts_expected_attended_apologies_and_percentage(board):
    report = attendance_report(board, "sendpb")
    assert report.meetings == [SEP, NOV, JAN]
    counts = {l.member.initials: (l.expected, l.attended, l.apologies, l.absent, l.substituted, l.percentage)
              for l in report.members}
    assert counts == {
        "IT": (3, 3, 0, 0, 0, 100),       # "Ian Thomas (Chair)" with no initials is still IT
        "ID": (3, 2, 1, 0, 1, 67),        # Sam Smith substituted once
        "AW": (3, 1, 1, 1, 0, 33),
        "NG": (2, 1, 1, 0, 0, 50),        # not a member in September: not expected then
    }                                     # SS, a named substitute, is not expected
    assert report.others == [("Julie Cordiner", 1), ("Sam Smith (substitute for Ian Dodds)", 1)]


def test_since_counts_only_later_meetings(board):
    report = attendance_report(board, "sendpb", since=dt.date(2019, 11, 1))
    assert report.meetings == [NOV, JAN]
    assert (line_for(report, "AW").expected, line_for(report, "AW").percentage) == (2, 50)


def test_command_prints_a_table(board, invoke):
    result = invoke("attendance", "sendpb")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "SEND Partnership Board: attendance at 3 meeting(s), 19/09/2019 to 23/01/2020."
    assert lines[1].split() == ["Member", "Initials", "Expected", "Attended", "Apologies", "Absent",
                                "Subs", "%"]
    body = [line.split() for line in lines[3:7]]
    assert body[1] == ["Ian", "Dodds", "ID", "3", "2", "1", "0", "1", "67%"]
    assert [row[-1] for row in body] == ["100%", "67%", "50%", "33%"]     # best first
    assert ("Substitutes and guests: Julie Cordiner: 1 meeting; Sam Smith (substitute for Ian Dodds): "
            "1 meeting.") in " ".join(result.stdout.split())


def test_command_since(board, invoke):
    result = invoke("attendance", "sendpb", "--since", "01/11/2019")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("SEND Partnership Board: attendance at 2 meeting(s), 14/11/2019 to "
                                    "23/01/2020.")


def test_command_mistakes(board, invoke):
    wrong_board = invoke("attendance", "send")
    assert wrong_board.exit_code == 1
    assert wrong_board.stderr.startswith("Error: There is no board 'send' in boards.toml.")
    bad_date = invoke("attendance", "sendpb", "--since", "11/31/2019")
    assert bad_date.exit_code == 2
    assert "'11/31/2019' is not a real --since date" in bad_date.stderr


def test_no_minutes_imported_yet(workspace, invoke):
    """Nothing to show exits 0, as an empty list does (issue 13)."""
    result = invoke("attendance", "hwb")
    assert result.exit_code == 0
    assert result.stdout == ("No attendance is recorded for the Health and Wellbeing Board. Import "
                             "the minutes of a meeting with 'meeting-packs minutes import FILE' first.\n")
    assert attendance_text(attendance_report(workspace, "hwb")).startswith("No attendance is recorded")


def test_replacing_a_meetings_rows(board):
    data = board.read(MEMBERS_BOOK)
    same = [r for r in board.load((MEMBERS_BOOK,)).registers.attendance
            if r.board == "sendpb" and r.meeting == SEP]
    assert not replace_meeting(data, "sendpb", SEP, [r.__class__(**{**r.__dict__, "row": None}) for r in same])

    assert replace_meeting(data, "sendpb", SEP, [record(SEP, "Ian Thomas", "IT", A)])
    board.save(data)
    sep = [r for r in board.load((MEMBERS_BOOK,)).registers.attendance if r.meeting == SEP]
    assert [(r.name, r.attendance) for r in sep] == [("Ian Thomas", A)]
    assert len(board.load((MEMBERS_BOOK,)).registers.attendance) == 12   # other meetings untouched


def test_names_are_matched_without_chair_and_titles():
    members = [Member("sendpb", "Ian Thomas", "IT", type=MemberType.CHAIR),
               Member("sendpb", "Cllr Diane White", "DW")]
    assert name_key("Ian Thomas (Chair)") == name_key("ian  thomas") == "ian thomas"
    assert match_member("Ian Thomas (Chair)", members).initials == "IT"
    assert match_member("it", members).initials == "IT"
    assert match_member("Diane White", members).initials == "DW"
    assert match_member("Councillor Diane White", members).initials == "DW"
    assert match_member("Ian", members) is None
