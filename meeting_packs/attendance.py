"""Who came to the board's meetings: the Attendance sheet of membership.xlsx, and its summary.

Rows are written by `minutes import` (one per person per meeting) and may be
typed by hand.  Decisions:

- A meeting counts once it has attendance rows; meetings in the schedule whose
  minutes were never imported are not counted (nobody knows who came).
- A member is *expected* at a meeting when they have a Present, Apologies or
  Absent row for it.  The import writes one for every member expected at that
  time (everyone but named substitutes), so a member who joined later is not
  counted against meetings before they joined.
- The percentage is the meetings a member attended in person out of those they
  were expected at.  Meetings where someone substituted for them are shown in a
  column of their own and do not count as attended.
- Substitutes and guests (Substitute rows, or Present rows for people who are
  not members now) are listed under the table, with how many meetings each came to.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field

from .dates import numeric_date
from .model import Attendance, AttendanceRecord, Board, Member, match_member
from .registers.repository import AttendanceRepository
from .registers.schema import MEMBERS_BOOK
from .registers.reading import WorkbookData
from .workspace import Workspace, require_clean

# ------------------------------------------------------------------ the sheet

def meeting_records(data: WorkbookData, board: str, meeting: dt.date) -> list[AttendanceRecord]:
    """The rows already recorded for one meeting of one board."""
    return AttendanceRepository(data).of_meeting(board, meeting)


def replace_meeting(data: WorkbookData, board: str, meeting: dt.date,
                    records: list[AttendanceRecord]) -> bool:
    """Put `records` in place of the meeting's rows; False (and nothing touched) when they match."""
    return AttendanceRepository(data).replace_meeting(board, meeting, records)


# ------------------------------------------------------------------ the summary

@dataclass
class MemberAttendance:
    member: Member
    expected: int = 0
    attended: int = 0
    apologies: int = 0
    absent: int = 0
    substituted: int = 0

    @property
    def percentage(self) -> int | None:
        return round(100 * self.attended / self.expected) if self.expected else None


@dataclass
class AttendanceReport:
    board: Board
    meetings: list[dt.date]
    members: list[MemberAttendance]
    others: list[tuple[str, int]] = field(default_factory=list)  # ("Jane Doe (substitute for X)", n)
    since: dt.date | None = None


def _belongs(record: AttendanceRecord, member: Member) -> bool:
    return (bool(record.initials) and member.has_initials(record.initials)) or member.has_name(record.name)


def attendance_report(ws: Workspace, board_code: str, since: dt.date | None = None,
                      today: dt.date | None = None) -> AttendanceReport:
    """Attendance as it stood on `today` (default: the real today): meetings after it are not
    counted.  Members who have left are still listed, with the day they left."""
    board = ws.board(board_code)
    registers = require_clean(ws.load((MEMBERS_BOOK,)))
    members = [m for m in registers.members if m.board == board.code]
    records = [r for r in registers.attendance if r.board == board.code
               and (since is None or r.meeting >= since) and (today is None or r.meeting <= today)]
    meetings = sorted({r.meeting for r in records})
    rows = []
    for member in members:
        if not member.type.expected:
            continue
        own = [r for r in records if _belongs(r, member)]
        line = MemberAttendance(member)
        for record in own:
            if record.attendance is Attendance.SUBSTITUTE:
                continue
            line.expected += 1
            if record.attendance is Attendance.PRESENT:
                line.attended += 1
            elif record.attendance is Attendance.APOLOGIES:
                line.apologies += 1
            else:
                line.absent += 1
        line.substituted = len({r.meeting for r in records if r.attendance is Attendance.SUBSTITUTE
                                and r.substitute_for and match_member(r.substitute_for, [member])})
        rows.append(line)
    counted = {id(r) for r in records for line in rows if _belongs(r, line.member)
               and r.attendance is not Attendance.SUBSTITUTE}
    others: dict[str, set[dt.date]] = {}
    for record in records:
        if id(record) in counted or record.attendance not in (Attendance.PRESENT, Attendance.SUBSTITUTE):
            continue
        label = record.name
        if record.attendance is Attendance.SUBSTITUTE and record.substitute_for:
            label += f" (substitute for {record.substitute_for})"
        others.setdefault(label, set()).add(record.meeting)
    return AttendanceReport(board, meetings, rows, sorted((k, len(v)) for k, v in others.items()), since)


def attendance_text(report: AttendanceReport) -> str:
    """The report as the terminal shows it."""
    from .textable import WIDTH, table

    board = report.board
    if not report.meetings:
        since = f" since {numeric_date(report.since)}" if report.since else ""
        # nothing to show is not an error: the same exit status as an empty list (README, Commands)
        return (f"No attendance is recorded for the {board.name}{since}. Import the minutes of "
                "a meeting with 'meeting-packs minutes import FILE' first.")
    first, last = report.meetings[0], report.meetings[-1]
    span = numeric_date(first) if first == last else f"{numeric_date(first)} to {numeric_date(last)}"
    lines = [f"{board.name}: attendance at {len(report.meetings)} meeting(s), {span}."]
    rows = []
    for line in sorted(report.members, key=lambda l: (l.percentage is None, -(l.percentage or 0),
                                                      l.member.name)):
        pct = f"{line.percentage}%" if line.percentage is not None else "-"
        name = line.member.name
        if line.member.left is not None:
            name += f" (left {numeric_date(line.member.left)})"
        rows.append((name, line.member.initials, line.expected, line.attended,
                     line.apologies, line.absent, line.substituted or "", pct))
    if rows:
        lines.append(table(["Member", "Initials", "Expected", "Attended", "Apologies", "Absent",
                            "Subs", "%"], rows, shrink=[0]))
    else:
        lines.append("The board has no members in membership.xlsx.")
    if report.others:
        lines.append(textwrap.fill("Substitutes and guests: " + "; ".join(
            f"{name}: {count} meeting{'s' if count != 1 else ''}" for name, count in report.others) + ".",
            WIDTH))
    lines.append(textwrap.fill("Expected = meetings with minutes imported while they were a member; "
                               "Subs = meetings a substitute came in their place; % = attended in "
                               "person out of expected.", WIDTH))
    return "\n".join(lines)
