"""The forward plan (work programme) and the meeting schedule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .dates import numeric_date, parse_date
from .errors import InputError, NotFound
from .model import Board, GeneratedPaper, Meeting, OtherPurpose, PlanItem, PlanStatus, Purpose
from .references import issued_references, next_reference, remember_reference
from .registers import repository
from .registers.repository import MeetingRepository
from .registers.schema import PLAN_BOOK
from .registers.reading import WorkbookData
from .workspace import Workspace, require_clean


def _schedule_warning(data: WorkbookData, board: Board, day: dt.date | None) -> list[str]:
    if day is not None and day not in MeetingRepository(data).dates(board.code):
        return [f"There is no {board.name} meeting on {numeric_date(day)} in the schedule yet. Add it with "
                f"'meeting-packs meetings add {board.code} {day:%Y-%m-%d}'."]
    return []


def _purpose(board: Board, purpose: Purpose | OtherPurpose | str | None) -> Purpose | OtherPurpose | None:
    """A purpose as the board allows it: the standard ones and its boards.toml `purposes`."""
    if purpose is None or isinstance(purpose, Purpose):
        return purpose
    text = purpose.value if isinstance(purpose, OtherPurpose) else purpose
    try:
        return board.purpose(text)
    except ValueError as err:
        raise InputError(f"--purpose: {err}") from None


def _report_warnings(ws: Workspace, report: str) -> list[str]:
    if not report.lower().endswith(".docx"):
        return [f"The report file '{report}' is not a Word .docx file; the pack can only bind "
                ".docx reports. Ask the author for the Word version."]
    if not (ws.root / report).exists():
        return [f"The report file '{report}' does not exist in the workspace yet."]
    return []


def _check_exempt(exempt: int | None) -> None:
    if exempt is not None and not 1 <= exempt <= 7:
        raise InputError(f"The exempt paragraph must be 1 to 7 (Schedule 12A, Part 1), not {exempt}.")


def add_item(ws: Workspace, board_code: str, title: str, meeting: dt.date | None = None,
             purpose: Purpose | OtherPurpose | str | None = None, lead: str = "", report: str = "",
             exempt: int | None = None, author: str = "", recommendation: str = "",
             to_follow: bool = False, paper: GeneratedPaper | None = None,
             force: bool = False, now: dt.datetime | None = None) -> tuple[PlanItem, list[str]]:
    board = ws.board(board_code)
    now = now or dt.datetime.now()
    if not title.strip():
        raise InputError("The item title is empty.")
    _check_exempt(exempt)
    purpose = _purpose(board, purpose)
    warnings = []
    if report:
        report = report.replace("\\", "/")
        warnings += _report_warnings(ws, report)
    with ws.editing(PLAN_BOOK, force=force) as data:
        items = repository.plan_items(data)
        items.record_hand_edits(now)
        ref = next_reference(board.code, "P", items.references() + items.history_references()
                             + issued_references(data.properties))
        remember_reference(data.properties, ref)
        received = bool(report) and (ws.root / report).is_file()
        status = PlanStatus.TO_FOLLOW if to_follow else (PlanStatus.RECEIVED if received else PlanStatus.PLANNED)
        item = items.append(PlanItem(ref=ref, board=board.code, title=title, meeting=meeting,
                                     purpose=purpose, lead=lead, report=report, exempt=exempt,
                                     author=author, recommendation=recommendation, status=status,
                                     paper=paper))
        items.record_new(item, now)
        warnings += _schedule_warning(data, board, meeting)
    return item, warnings


def move_item(ws: Workspace, ref: str, meeting: dt.date | None,
              force: bool = False, now: dt.datetime | None = None) -> tuple[PlanItem, list[str]]:
    """Move an item to another meeting (None: unscheduled).  A dropped item is refused: it
    would stay dropped, and so not be on that agenda ('plan update REF --status Planned' first)."""
    now = now or dt.datetime.now()
    with ws.editing(PLAN_BOOK, force=force) as data:
        items = repository.plan_items(data)
        items.record_hand_edits(now)
        before = items.find(ref)
        if before.status is PlanStatus.DROPPED:
            raise InputError(f"{before.ref} is dropped, so moving it would not put it on any agenda. "
                             f"Bring it back first with 'meeting-packs plan update {before.ref} "
                             "--status Planned'.")
        item = replace(before, meeting=meeting, order=None)
        items.record_changes(before, item, now, "moved")
        item = items.replace(item)
        warnings = _schedule_warning(data, ws.board(item.board), meeting)
    return item, warnings


def drop_item(ws: Workspace, ref: str, force: bool = False, now: dt.datetime | None = None) -> PlanItem:
    """Dropped items stay in the register (so their reference is never reused)."""
    now = now or dt.datetime.now()
    with ws.editing(PLAN_BOOK, force=force) as data:
        items = repository.plan_items(data)
        items.record_hand_edits(now)
        before = items.find(ref)
        item = replace(before, status=PlanStatus.DROPPED)
        items.record_changes(before, item, now, "dropped")
        item = items.replace(item)
    return item


@dataclass
class PlanUpdate:
    item: PlanItem
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def update_item(ws: Workspace, ref: str, title: str | None = None, purpose: str | None = None,
                lead: str | None = None, author: str | None = None, report: str | None = None,
                status: PlanStatus | None = None, exempt: int | None = None, to_follow: bool = False,
                force: bool = False, now: dt.datetime | None = None) -> PlanUpdate:
    """Change a forward-plan item; each change is kept in the Plan history.

    A report given for an item whose status is Planned or To follow marks it 'Report
    received' (unless --status says otherwise): this is how the officer records that a
    report to follow has arrived, and the supplementary pack then includes it.
    `exempt` 0 makes the item public again.
    """
    now = now or dt.datetime.now()
    if all(v is None for v in (title, purpose, lead, author, report, status, exempt)) and not to_follow:
        raise InputError("Nothing to change: give at least one of --title, --purpose, --lead, --author, "
                         "--report, --status, --exempt or --to-follow.")
    if to_follow and status is not None and status is not PlanStatus.TO_FOLLOW:
        raise InputError(f"--to-follow and --status {status.value} contradict each other; give one.")
    if title is not None and not title.strip():
        raise InputError("The item title cannot be empty.")
    if exempt is not None and exempt != 0:
        _check_exempt(exempt)
    warnings: list[str] = []
    if report is not None:
        report = report.strip().replace("\\", "/")
        if report:
            warnings += _report_warnings(ws, report)
    with ws.editing(PLAN_BOOK, force=force) as data:
        items = repository.plan_items(data)
        items.record_hand_edits(now)
        before = items.find(ref)
        board = ws.board(before.board)
        item = before
        if title is not None:
            item = replace(item, title=title)
        if purpose is not None:
            item = replace(item, purpose=_purpose(board, purpose) if purpose.strip() else None)
        if lead is not None:
            item = replace(item, lead=lead.strip())
        if author is not None:
            item = replace(item, author=author.strip())
        if exempt is not None:
            item = replace(item, exempt=exempt or None)
        if report is not None:
            item = replace(item, report=report)
            arrived = bool(report) and (ws.root / report).is_file()
            if status is None and not to_follow and arrived and item.status in (PlanStatus.PLANNED,
                                                                                 PlanStatus.TO_FOLLOW):
                item = replace(item, status=PlanStatus.RECEIVED)
        if to_follow:
            item = replace(item, status=PlanStatus.TO_FOLLOW)
        if status is not None:
            item = replace(item, status=status)
        changes = items.record_changes(before, item, now, "updated")
        item = items.replace(item)
        if item.exempt and not board.statutory:
            warnings.append(f"The {board.name} is not a statutory board; the exempt report will still be "
                            "left out of the public pack.")
    return PlanUpdate(item, changes, warnings)


def show_item(ws: Workspace, ref: str):
    """The item and its Plan history (see `action_log.RecordShown`)."""
    from .action_log import RecordShown

    items = repository.plan_items(ws.read(PLAN_BOOK))
    item = items.find(ref)
    return RecordShown(item, items.history(item.ref))


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


@dataclass
class MeetingChange:
    """A meeting cancelled or moved, and the forward-plan items that went with it."""

    board: Board
    meeting: Meeting
    new_date: dt.date | None
    items: list[PlanItem] = field(default_factory=list)


def _refuse_if_held(ws: Workspace, board: Board, day: dt.date, done: str) -> None:
    """A meeting whose attendance is recorded was held: it is not cancelled or moved."""
    if _held(ws, board, day):
        raise InputError(f"The {board.name} meeting on {numeric_date(day)} has attendance recorded, so it "
                         f"was held; it cannot be {done}.")


def _held(ws: Workspace, board: Board, day: dt.date) -> bool:
    """Whether attendance is recorded for the meeting (its minutes were imported)."""
    from .registers.schema import MEMBERS_BOOK

    loaded = ws.load((MEMBERS_BOOK,), board=board.code)
    return any(r.meeting == day for r in loaded.registers.attendance)


def _own_meeting(meetings: MeetingRepository, board: Board, day: dt.date) -> Meeting:
    for meeting in meetings.all():
        if meeting.board == board.code and meeting.date == day:
            return meeting
    raise NotFound(f"The {board.name} has no meeting on {numeric_date(day)} in the schedule. "
                   f"List them with 'meeting-packs meetings list {board.code}'.")


def cancel_meeting(ws: Workspace, board_code: str, day: dt.date, force: bool = False,
                   now: dt.datetime | None = None) -> MeetingChange:
    """Take a meeting off the schedule; its forward-plan items become unscheduled (and are
    listed, so the officer can move them).  A meeting whose attendance is recorded was held,
    and is refused."""
    board = ws.board(board_code)
    now = now or dt.datetime.now()
    _refuse_if_held(ws, board, day, "cancelled")
    with ws.editing(PLAN_BOOK, force=force) as data:
        meetings = MeetingRepository(data)
        meeting = _own_meeting(meetings, board, day)
        moved = _move_items(data, board, day, None, now, "meeting cancelled")
        meetings.remove(meeting)
    return MeetingChange(board, meeting, None, moved)


def move_meeting(ws: Workspace, board_code: str, day: dt.date, new_day: dt.date, force: bool = False,
                 now: dt.datetime | None = None) -> MeetingChange:
    """Move a meeting to another date; its forward-plan items move with it."""
    board = ws.board(board_code)
    now = now or dt.datetime.now()
    if new_day == day:
        raise InputError(f"The meeting is already on {numeric_date(day)}; give a different new date.")
    _refuse_if_held(ws, board, day, "moved")
    with ws.editing(PLAN_BOOK, force=force) as data:
        meetings = MeetingRepository(data)
        meeting = _own_meeting(meetings, board, day)
        if new_day in meetings.dates(board.code):
            raise InputError(f"The {board.name} already has a meeting on {numeric_date(new_day)}. Cancel "
                             f"one of them first with 'meeting-packs meetings cancel {board.code} DATE'.")
        moved = _move_items(data, board, day, new_day, now, "meeting moved")
        meeting = meetings.replace(replace(meeting, date=new_day))
        meetings.resort()
    return MeetingChange(board, meeting, new_day, moved)


def _move_items(data: WorkbookData, board: Board, day: dt.date, new_day: dt.date | None,
                now: dt.datetime, note: str) -> list[PlanItem]:
    items = repository.plan_items(data)
    items.record_hand_edits(now)
    moved = []
    for _, item in list(items.readable()):
        if item.board == board.code and item.meeting == day:
            changed = replace(item, meeting=new_day, order=item.order if new_day else None)
            items.record_changes(item, changed, now, note)
            moved.append(items.replace(changed))
    return moved


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
