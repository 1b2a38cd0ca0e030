"""The forward plan (work programme) and the meeting schedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from .dates import numeric_date, parse_date
from .errors import InputError, NotFound
from .model import Board, GeneratedPaper, Meeting, PlanItem, PlanStatus, Purpose
from .references import issued_references, next_reference, remember_reference
from .registers import repository
from .registers.repository import MeetingRepository
from .registers.schema import PLAN_BOOK
from .registers.workbook import WorkbookData
from .workspace import Workspace, require_clean


def _schedule_warning(data: WorkbookData, board: Board, day: dt.date | None) -> list[str]:
    if day is not None and day not in MeetingRepository(data).dates(board.code):
        return [f"There is no {board.name} meeting on {numeric_date(day)} in the schedule yet. Add it with "
                f"'meeting-packs meetings add {board.code} {day:%Y-%m-%d}'."]
    return []


def add_item(ws: Workspace, board_code: str, title: str, meeting: dt.date | None = None,
             purpose: Purpose | None = None, lead: str = "", report: str = "",
             exempt: int | None = None, author: str = "", recommendation: str = "",
             to_follow: bool = False, paper: GeneratedPaper | None = None,
             force: bool = False) -> tuple[PlanItem, list[str]]:
    board = ws.board(board_code)
    if not title.strip():
        raise InputError("The item title is empty.")
    if exempt is not None and not 1 <= exempt <= 7:
        raise InputError(f"The exempt paragraph must be 1 to 7 (Schedule 12A, Part 1), not {exempt}.")
    warnings = []
    if report:
        report = report.replace("\\", "/")
        if not report.lower().endswith(".docx"):
            warnings.append(f"The report file '{report}' is not a Word .docx file; the pack can only bind "
                            ".docx reports. Ask the author for the Word version.")
        elif not (ws.root / report).exists():
            warnings.append(f"The report file '{report}' does not exist in the workspace yet.")
    with ws.editing(PLAN_BOOK, force=force) as data:
        items = repository.plan_items(data)
        ref = next_reference(board.code, "P", items.references() + issued_references(data.properties))
        remember_reference(data.properties, ref)
        received = bool(report) and (ws.root / report).is_file()
        status = PlanStatus.TO_FOLLOW if to_follow else (PlanStatus.RECEIVED if received else PlanStatus.PLANNED)
        item = items.append(PlanItem(ref=ref, board=board.code, title=title, meeting=meeting,
                                     purpose=purpose, lead=lead, report=report, exempt=exempt,
                                     author=author, recommendation=recommendation, status=status,
                                     paper=paper))
        warnings += _schedule_warning(data, board, meeting)
    return item, warnings


def move_item(ws: Workspace, ref: str, meeting: dt.date | None,
              force: bool = False) -> tuple[PlanItem, list[str]]:
    with ws.editing(PLAN_BOOK, force=force) as data:
        items = repository.plan_items(data)
        item = items.replace(replace(items.find(ref), meeting=meeting, order=None))
        warnings = _schedule_warning(data, ws.board(item.board), meeting)
    return item, warnings


def drop_item(ws: Workspace, ref: str, force: bool = False) -> PlanItem:
    """Dropped items stay in the register (so their reference is never reused)."""
    with ws.editing(PLAN_BOOK, force=force) as data:
        items = repository.plan_items(data)
        item = items.replace(replace(items.find(ref), status=PlanStatus.DROPPED))
    return item


def list_items(ws: Workspace, board: str | None = None, include_dropped: bool = False) -> list[PlanItem]:
    code = ws.board(board).code if board else None
    registers = require_clean(ws.load((PLAN_BOOK,)))
    items = [p for p in registers.plan if (not code or p.board == code)
             and (include_dropped or p.status is not PlanStatus.DROPPED)]
    return sort_items(items)


def sort_items(items: list[PlanItem]) -> list[PlanItem]:
    """By meeting date (unscheduled last), then the Order column, then sheet order."""
    return sorted(items, key=lambda p: (p.board, p.meeting is None, p.meeting or dt.date.max,
                                        p.order if p.order is not None else 10_000, p.row or 0))


# ------------------------------------------------------------------ meetings

def add_meeting(ws: Workspace, board_code: str, day: dt.date, start: dt.time | None = None,
                end: dt.time | None = None, venue: str = "", notes: str = "",
                force: bool = False) -> Meeting:
    board = ws.board(board_code)
    with ws.editing(PLAN_BOOK, force=force) as data:
        meetings = MeetingRepository(data)
        if day in meetings.dates(board.code):
            raise InputError(f"The {board.name} already has a meeting on {numeric_date(day)}.")
        meeting = meetings.append(Meeting(board.code, day, start or board.start, end if end else board.end,
                                          venue or board.venue, notes))
    return meeting


def list_meetings(ws: Workspace, board: str | None = None) -> list[Meeting]:
    code = ws.board(board).code if board else None
    registers = require_clean(ws.load((PLAN_BOOK,)))
    return sorted((m for m in registers.meetings if not code or m.board == code),
                  key=lambda m: (m.board, m.date))


def meetings_of(meetings: tuple[Meeting, ...] | list[Meeting], board: str) -> list[Meeting]:
    return sorted((m for m in meetings if m.board == board), key=lambda m: m.date)


def find_meeting(meetings, board: Board, when: str | dt.date, today: dt.date | None = None) -> Meeting:
    """A meeting by date, or 'next' (today or later) / 'last' (before today)."""
    today = today or dt.date.today()
    own = meetings_of(meetings, board.code)
    if isinstance(when, str) and when.strip().lower() in ("next", "last"):
        if when.strip().lower() == "next":
            chosen = [m for m in own if m.date >= today]
            if chosen:
                return chosen[0]
            raise NotFound(f"The {board.name} has no meeting on or after {numeric_date(today)} in the "
                           f"schedule. Add one with 'meeting-packs meetings add {board.code} DATE'.")
        chosen = [m for m in own if m.date < today]
        if chosen:
            return chosen[-1]
        raise NotFound(f"The {board.name} has no meeting before {numeric_date(today)} in the schedule.")
    day = when if isinstance(when, dt.date) else parse_date(when, "meeting date")
    for meeting in own:
        if meeting.date == day:
            return meeting
    nearest = sorted(own, key=lambda m: abs((m.date - day).days))[:6]
    near = ", ".join(numeric_date(m.date) for m in sorted(nearest, key=lambda m: m.date)) or "none"
    raise NotFound(f"The {board.name} has no meeting on {numeric_date(day)} in the schedule "
                   f"(meetings: {near}). Add it with 'meeting-packs meetings add {board.code} "
                   f"{day:%Y-%m-%d}'.")


def previous_meeting(meetings, board: Board, day: dt.date) -> Meeting | None:
    earlier = [m for m in meetings_of(meetings, board.code) if m.date < day]
    return earlier[-1] if earlier else None


def later_meetings(meetings, board: Board, day: dt.date) -> list[Meeting]:
    return [m for m in meetings_of(meetings, board.code) if m.date > day]
