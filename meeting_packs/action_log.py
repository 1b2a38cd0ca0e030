"""The action log: add, update, close and list actions, with a change history.

Every change to a tracked field is recorded in the History sheet, and so is a
change staff made by hand in Excel, found the next time the tool saves — so
the direction of travel of each RAG rating can be worked out as at any date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError, NotFound
from .model import Action, ActionStatus, Board, Direction, HistoryEntry, Member
from .references import next_reference, same_ref
from .registers import convert
from .registers.schema import ACTIONS_BOOK, MEMBERS_BOOK
from .registers.workbook import WorkbookData
from .workspace import Workspace, require_clean

TRACKED = ("RAG", "Status", "Due date", "Owner", "Progress update")


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass
class Outcome:
    action: Action
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _history_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _last_values(data: WorkbookData) -> dict[tuple[str, str], str]:
    """The newest recorded value of each tracked field of each action."""
    latest: dict[tuple[str, str], tuple[dt.datetime, int, str]] = {}
    for index, row in enumerate(data["History"].rows):
        ref = str(row.get("Reference") or "").strip().casefold()
        what = str(row.get("What") or "").strip()
        when = row.get("When")
        if not isinstance(when, dt.datetime):
            when = dt.datetime.combine(when, dt.time()) if isinstance(when, dt.date) else dt.datetime.min
        key = (ref, what)
        if key not in latest or (when, index) >= latest[key][:2]:
            latest[key] = (when, index, _history_text(row.get("New value")))
    return {key: value[2] for key, value in latest.items()}


def record_hand_edits(data: WorkbookData, now: dt.datetime) -> int:
    """Add history for values changed in Excel since the tool last saw them."""
    latest = _last_values(data)
    seen_refs = {ref for ref, _ in latest}
    added = 0
    for row in data["Actions"].rows:
        ref = str(row.get("Reference") or "").strip()
        if not ref:
            continue
        first_time = ref.casefold() not in seen_refs
        for what in TRACKED:
            current = _history_text(row.get(what))
            before = latest.get((ref.casefold(), what))
            if first_time:
                if current:
                    _append_history(data, ref, now, what, "", current, "first seen in the register")
                    added += 1
            elif before is not None and before != current:
                _append_history(data, ref, now, what, before, current, "changed in Excel")
                added += 1
            elif before is None and current:
                _append_history(data, ref, now, what, "", current, "changed in Excel")
                added += 1
    return added


def _append_history(data: WorkbookData, ref: str, when: dt.datetime, what: str, old: str, new: str,
                    note: str = "") -> None:
    data["History"].rows.append(convert.history_to_row(HistoryEntry(ref, when, what, old, new, note)))


def _find(data: WorkbookData, ref: str) -> dict[str, Any]:
    for row in data["Actions"].rows:
        if same_ref(row.get("Reference"), ref):
            return row
    raise NotFound(f"There is no action '{ref}' in {data.path.name}. List them with "
                   "'meeting-packs actions list --all'.")


def _to_action(data: WorkbookData, row: dict[str, Any]) -> Action:
    return convert.action_from_row(convert.RowReader(row, data.date1904))


def _members(ws: Workspace, board: str) -> list[Member]:
    loaded = ws.load((MEMBERS_BOOK,))
    return [m for m in loaded.registers.members if m.board == board]


def owner_warning(ws: Workspace, board: Board, owner: str) -> str | None:
    if resolve_owner(owner, _members(ws, board.code)) is None:
        return (f"'{owner}' is not a member of the {board.name}. Add them with 'meeting-packs members "
                f"add {board.code} NAME --initials X' so that chasing and the minutes know them.")
    return None


def resolve_owner(owner: str, members: list[Member]) -> Member | None:
    """Match initials or a name (case-insensitive) against the board's members."""
    wanted = " ".join(owner.split()).casefold()
    for member in members:
        if wanted in (member.initials.casefold(), " ".join(member.name.split()).casefold()):
            return member
    return None


def check_rag(board: Board, rag: str) -> str:
    level = board.rag_scale.find(rag)
    if level is None:
        raise InputError(f"'{rag}' is not a RAG status of the {board.name}. Use one of: "
                         f"{', '.join(board.rag_scale.labels)}.")
    return level.label


def add_action(ws: Workspace, board_code: str, text: str, owner: str, due: dt.date,
               meeting: dt.date | None = None, item: str = "", workstream: str = "",
               rag: str = "", force: bool = False, now: dt.datetime | None = None) -> Outcome:
    board = ws.board(board_code)
    now = now or dt.datetime.now()
    if not text.strip():
        raise InputError("The action text is empty. Say what is to be done.")
    if not owner.strip():
        raise InputError("The owner is empty. Give the initials or name of a board member.")
    rag = check_rag(board, rag) if rag else ""
    warnings = [w for w in [owner_warning(ws, board, owner)] if w]
    with ws.editing(ACTIONS_BOOK, force=force) as data:
        record_hand_edits(data, now)
        used = [r.get("Reference") for r in data["Actions"].rows]
        used += [r.get("Reference") for r in data["History"].rows]
        ref = next_reference(board.code, "A", used)
        action = Action(ref=ref, board=board.code, text=text, owner=owner.strip(), due=due,
                        meeting=meeting, item=item.strip(), workstream=workstream.strip(), rag=rag)
        row = convert.action_to_row(action)
        data["Actions"].rows.append(row)
        for what in TRACKED:
            value = _history_text(row.get(what))
            if value:
                _append_history(data, ref, now, what, "", value, "added")
    return Outcome(action, warnings=warnings)


def update_action(ws: Workspace, ref: str, rag: str | None = None, status: ActionStatus | None = None,
                  progress: str | None = None, due: dt.date | None = None, owner: str | None = None,
                  force: bool = False, now: dt.datetime | None = None,
                  closing: bool = False) -> Outcome:
    now = now or dt.datetime.now()
    if all(v is None for v in (rag, status, progress, due, owner)):
        raise InputError("Nothing to change: give at least one of --rag, --status, --progress, "
                         "--due or --owner.")
    warnings: list[str] = []
    changes: list[Change] = []
    with ws.editing(ACTIONS_BOOK, force=force) as data:
        record_hand_edits(data, now)
        row = _find(data, ref)
        board = ws.board(str(row.get("Board") or ""))
        new_values: dict[str, Any] = {}
        if rag is not None:
            new_values["RAG"] = check_rag(board, rag) if rag.strip() else None
        if status is not None:
            new_values["Status"] = status.value
        if progress is not None:
            new_values["Progress update"] = progress or None
        if due is not None:
            new_values["Due date"] = due
        if owner is not None:
            if not owner.strip():
                raise InputError("The owner cannot be empty.")
            new_values["Owner"] = owner.strip()
            warning = owner_warning(ws, board, owner)
            if warning:
                warnings.append(warning)
        if status is not None:
            if status.is_closed and not row.get("Date closed"):
                new_values["Date closed"] = now.date()
            elif not status.is_closed:
                new_values["Date closed"] = None
        for what, value in new_values.items():
            old = _history_text(row.get(what))
            new = _history_text(value)
            if old != new:
                row[what] = value
                if what in TRACKED:
                    changes.append(Change(what, old, new))
                    _append_history(data, str(row["Reference"]), now, what, old, new,
                                    "closed" if closing else "updated")
        action = _to_action(data, row)
    return Outcome(action, changes, warnings)


def close_action(ws: Workspace, ref: str, progress: str | None = None, force: bool = False,
                 now: dt.datetime | None = None) -> Outcome:
    """Mark complete, date it, and move the RAG to the board's 'complete' status if it has one."""
    data = ws.read(ACTIONS_BOOK)
    row = _find(data, ref)
    board = ws.board(str(row.get("Board") or ""))
    done = next((level.label for level in board.rag_scale.levels if level.complete), None)
    return update_action(ws, ref, rag=done, status=ActionStatus.COMPLETE, progress=progress,
                         force=force, now=now, closing=True)


def list_actions(ws: Workspace, board: str | None = None, owner: str | None = None,
                 overdue: bool = False, include_closed: bool = False,
                 today: dt.date | None = None) -> list[Action]:
    today = today or dt.date.today()
    if board:
        ws.board(board)
    registers = require_clean(ws.load((ACTIONS_BOOK,), skip=frozenset({"History"}),
                                      board=board.lower() if board else None))
    chosen = []
    for action in registers.actions:
        if board and action.board != board.lower():
            continue
        if owner and action.owner.casefold() != owner.strip().casefold():
            continue
        if not include_closed and not action.is_open:
            continue
        if overdue and not action.is_overdue(today):
            continue
        chosen.append(action)
    return sorted(chosen, key=lambda a: (a.board, a.due or dt.date.max, a.ref))


# ------------------------------------------------------------------ direction of travel

def history_by_ref(history: tuple[HistoryEntry, ...] | list[HistoryEntry]) -> dict[str, list[HistoryEntry]]:
    grouped: dict[str, list[HistoryEntry]] = {}
    for entry in sorted(history, key=lambda h: h.when):
        grouped.setdefault(entry.ref.casefold(), []).append(entry)
    return grouped


def value_as_at(entries: list[HistoryEntry], what: str, moment: dt.datetime) -> str | None:
    """The field's value at the moment, or None if the action did not exist then."""
    value = None
    for entry in entries:
        if entry.when > moment:
            break
        if entry.field == what:
            value = entry.new
    return value


def existed_at(entries: list[HistoryEntry], action: Action, moment: dt.datetime) -> bool:
    if entries:
        return entries[0].when <= moment
    return action.meeting is not None and dt.datetime.combine(action.meeting, dt.time()) <= moment


def direction_of_travel(board: Board, action: Action, entries: list[HistoryEntry],
                        previous: dt.date | None) -> Direction:
    """How the RAG moved between the end of the previous meeting's day and now."""
    if previous is None:
        return Direction.NEW
    moment = dt.datetime.combine(previous, dt.time(23, 59, 59))
    if not existed_at(entries, action, moment):
        return Direction.NEW
    before = value_as_at(entries, "RAG", moment) if entries else action.rag
    if not before or board.rag_scale.find(before) is None or board.rag_scale.find(action.rag) is None:
        return Direction.UNCHANGED if (before or "") == action.rag else Direction.NEW
    then, now = board.rag_scale.rank(before), board.rag_scale.rank(action.rag)
    if now > then:
        return Direction.IMPROVED
    if now < then:
        return Direction.WORSE
    return Direction.UNCHANGED


def rag_as_at(board: Board, action: Action, entries: list[HistoryEntry], day: dt.date) -> str | None:
    moment = dt.datetime.combine(day, dt.time(23, 59, 59))
    if not existed_at(entries, action, moment):
        return None
    return value_as_at(entries, "RAG", moment) if entries else action.rag


def status_as_at(action: Action, entries: list[HistoryEntry], day: dt.date) -> str | None:
    moment = dt.datetime.combine(day, dt.time(23, 59, 59))
    if not existed_at(entries, action, moment):
        return None
    return value_as_at(entries, "Status", moment) if entries else action.status.value
