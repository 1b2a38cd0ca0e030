"""The forward plan (work programme) and the meeting schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .errors import InputError, NotFound
from .model import Board, GeneratedPaper, Meeting, PlanItem, PlanStatus, Purpose
from .references import issued_references, next_reference, remember_reference, same_ref
from .registers import convert
from .registers.schema import PLAN_BOOK
from .registers.workbook import WorkbookData
from .workspace import Workspace, require_clean


def _find(data: WorkbookData, ref: str) -> dict[str, Any]:
    for row in data["Forward plan"].rows:
        if same_ref(row.get("Reference"), ref):
            return row
    raise NotFound(f"There is no forward-plan item '{ref}' in {data.path.name}. List them with "
                   "'meeting-packs plan list'.")


def _board_meetings(data: WorkbookData, board: str) -> set[dt.date]:
    meetings, _ = convert.convert_rows(data.path, data["Meetings"], data.date1904, convert.meeting_from_row)
    return {m.date for m in meetings if m.board == board}


def _schedule_warning(data: WorkbookData, board: Board, day: dt.date | None) -> list[str]:
    if day is not None and day not in _board_meetings(data, board.code):
        return [f"There is no {board.name} meeting on {day:%d/%m/%Y} in the schedule yet. Add it with "
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
        ref = next_reference(board.code, "P", [r.get("Reference") for r in data["Forward plan"].rows]
                             + issued_references(data.properties))
        remember_reference(data.properties, ref)
        received = bool(report) and (ws.root / report).is_file()
        status = PlanStatus.TO_FOLLOW if to_follow else (PlanStatus.RECEIVED if received else PlanStatus.PLANNED)
        item = PlanItem(ref=ref, board=board.code, title=title, meeting=meeting, purpose=purpose,
                        lead=lead, report=report, exempt=exempt, author=author,
                        recommendation=recommendation, status=status, paper=paper)
        data["Forward plan"].rows.append(convert.plan_to_row(item))
        warnings += _schedule_warning(data, board, meeting)
    return item, warnings


def move_item(ws: Workspace, ref: str, meeting: dt.date | None,
              force: bool = False) -> tuple[PlanItem, list[str]]:
    with ws.editing(PLAN_BOOK, force=force) as data:
        row = _find(data, ref)
        row["Meeting date"] = meeting
        row["Order"] = None
        item = convert.plan_from_row(convert.RowReader(row, data.date1904))
        warnings = _schedule_warning(data, ws.board(item.board), meeting)
    return item, warnings


def drop_item(ws: Workspace, ref: str, force: bool = False) -> PlanItem:
    """Dropped items stay in the register (so their reference is never reused)."""
    with ws.editing(PLAN_BOOK, force=force) as data:
        row = _find(data, ref)
        row["Status"] = PlanStatus.DROPPED.value
        item = convert.plan_from_row(convert.RowReader(row, data.date1904))
    return item


def list_items(ws: Workspace, board: str | None = None, include_dropped: bool = False) -> list[PlanItem]:
    if board:
        ws.board(board)
    registers = require_clean(ws.load((PLAN_BOOK,)))
    items = [p for p in registers.plan if (not board or p.board == board.lower())
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
        if day in _board_meetings(data, board.code):
            raise InputError(f"The {board.name} already has a meeting on {day:%d/%m/%Y}.")
        meeting = Meeting(board.code, day, start or board.start, end if end else board.end,
                          venue or board.venue, notes)
        data["Meetings"].rows.append(convert.meeting_to_row(meeting))
        data["Meetings"].rows.sort(key=lambda r: (str(r.get("Board") or ""),
                                                  _sortable_date(r.get("Date"))))
    return meeting


def _sortable_date(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


def list_meetings(ws: Workspace, board: str | None = None) -> list[Meeting]:
    if board:
        ws.board(board)
    registers = require_clean(ws.load((PLAN_BOOK,)))
    return sorted((m for m in registers.meetings if not board or m.board == board.lower()),
                  key=lambda m: (m.board, m.date))


def meetings_of(meetings: tuple[Meeting, ...] | list[Meeting], board: str) -> list[Meeting]:
    return sorted((m for m in meetings if m.board == board), key=lambda m: m.date)


def find_meeting(meetings, board: Board, when: str | dt.date, today: dt.date | None = None) -> Meeting:
    """A meeting by date, or 'next' (today or later) / 'last' (before today)."""
    from .dates import parse_date

    today = today or dt.date.today()
    own = meetings_of(meetings, board.code)
    if isinstance(when, str) and when.strip().lower() in ("next", "last"):
        if when.strip().lower() == "next":
            chosen = [m for m in own if m.date >= today]
            if chosen:
                return chosen[0]
            raise NotFound(f"The {board.name} has no meeting on or after {today:%d/%m/%Y} in the "
                           f"schedule. Add one with 'meeting-packs meetings add {board.code} DATE'.")
        chosen = [m for m in own if m.date < today]
        if chosen:
            return chosen[-1]
        raise NotFound(f"The {board.name} has no meeting before {today:%d/%m/%Y} in the schedule.")
    day = when if isinstance(when, dt.date) else parse_date(when, "meeting date")
    for meeting in own:
        if meeting.date == day:
            return meeting
    nearest = sorted(own, key=lambda m: abs((m.date - day).days))[:6]
    near = ", ".join(f"{m.date:%d/%m/%Y}" for m in sorted(nearest, key=lambda m: m.date)) or "none"
    raise NotFound(f"The {board.name} has no meeting on {day:%d/%m/%Y} in the schedule "
                   f"(meetings: {near}). Add it with 'meeting-packs meetings add {board.code} "
                   f"{day:%Y-%m-%d}'.")


def previous_meeting(meetings, board: Board, day: dt.date) -> Meeting | None:
    earlier = [m for m in meetings_of(meetings, board.code) if m.date < day]
    return earlier[-1] if earlier else None


def later_meetings(meetings, board: Board, day: dt.date) -> list[Meeting]:
    return [m for m in meetings_of(meetings, board.code) if m.date > day]
