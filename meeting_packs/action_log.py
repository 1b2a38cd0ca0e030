"""The action log: add, update, close and list actions, with a change history.

Every change to a tracked field is recorded in the History sheet, and so is a
change staff made by hand in Excel, found the next time the tool saves — so
the direction of travel of each RAG rating can be worked out as at any date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .errors import InputError
from .model import Action, ActionStatus, Board, Member, match_member, with_changes
from .references import next_reference
from .registers.repository import ActionRepository
from .registers.schema import ACTIONS_BOOK, ATTENDANCE, MEMBERS_BOOK
from .registers.reading import WorkbookData
from .workspace import Workspace, require_clean

# The order `update_action` reports its changes in: the order of the command's options.
_OPTION_ORDER = ("rag", "status", "progress", "due", "owner", "text", "workstream", "meeting", "item")


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


def record_hand_edits(data: WorkbookData, now: dt.datetime) -> int:
    """Add history for values changed in Excel since the tool last saw them."""
    return ActionRepository(data).record_hand_edits(now)


def _members(ws: Workspace, board: str) -> list[Member]:
    loaded = ws.load((MEMBERS_BOOK,), skip=frozenset({ATTENDANCE.name}))  # the members alone
    return [m for m in loaded.registers.members if m.board == board]


def owner_warning(ws: Workspace, board: Board, owner: str) -> str | None:
    if match_member(owner, _members(ws, board.code)) is None:
        return (f"'{owner}' is not a member of the {board.name}. Add them with 'meeting-packs members "
                f"add {board.code} NAME --initials X' so that chasing and the minutes know them.")
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
        actions = ActionRepository(data)
        ref = next_reference(board.code, "A", actions.references() + actions.history_references())
        action = actions.append(Action(ref=ref, board=board.code, text=text, owner=owner.strip(), due=due,
                                       meeting=meeting, item=item.strip(), workstream=workstream.strip(),
                                       rag=rag))
        for what, value in actions.tracked(action).items():
            if value:
                actions.record(ref, now, what, "", value, "added")
    return Outcome(action, warnings=warnings)


def update_action(ws: Workspace, ref: str, rag: str | None = None, status: ActionStatus | None = None,
                  progress: str | None = None, due: dt.date | None = None, owner: str | None = None,
                  force: bool = False, now: dt.datetime | None = None,
                  closing: bool = False, text: str | None = None, workstream: str | None = None,
                  meeting: dt.date | None = None, item: str | None = None,
                  closed_on: dt.date | None = None, note: str | None = None) -> Outcome:
    """Change an action; each changed field gets a line in its history.

    `closed_on` dates a closure (default: the day of `now`); `note` overrides the
    history's note ("updated", or "closed" when `closing`, which also moves the RAG to
    the board's 'complete' status if it has one and no other RAG is given).
    """
    now = now or dt.datetime.now()
    if all(v is None for v in (rag, status, progress, due, owner, text, workstream, meeting, item)):
        raise InputError("Nothing to change: give at least one of --rag, --status, --progress, "
                         "--due, --owner, --text, --workstream, --meeting or --item.")
    if text is not None and not text.strip():
        raise InputError("The action text cannot be empty. Say what is to be done.")
    warnings: list[str] = []
    with ws.editing(ACTIONS_BOOK, force=force) as data:
        record_hand_edits(data, now)
        actions = ActionRepository(data)
        action = actions.find(ref)
        board = ws.board(action.board)
        if closing and rag is None and board.rag_scale.complete is not None:
            rag = board.rag_scale.complete.label
        if owner is not None:
            if not owner.strip():
                raise InputError("The owner cannot be empty.")
            warning = owner_warning(ws, board, owner)
            if warning:
                warnings.append(warning)
        # progress and text exactly as typed; the other text fields trimmed
        changed = with_changes(action, status=status, due=due, owner=owner, workstream=workstream,
                               meeting=meeting, item=item,
                               rag=None if rag is None else (check_rag(board, rag) if rag.strip() else ""))
        if progress is not None or text is not None:
            changed = replace(changed, progress=changed.progress if progress is None else progress,
                              text=changed.text if text is None else text)
        if status is not None:
            if status.is_closed and (action.closed is None or closed_on is not None):
                changed = replace(changed, closed=closed_on or now.date())
            elif not status.is_closed:
                changed = replace(changed, closed=None)
        changes = [Change(*difference) for difference in actions.differences(action, changed, _OPTION_ORDER)]
        for change in changes:
            actions.record(action.ref, now, change.field, change.old, change.new,
                           note or ("closed" if closing else "updated"))
        action = actions.replace(changed)
    return Outcome(action, changes, warnings)


def close_action(ws: Workspace, ref: str, progress: str | None = None, force: bool = False,
                 now: dt.datetime | None = None, on: dt.date | None = None,
                 today: dt.date | None = None) -> Outcome:
    """Mark complete, date it, and move the RAG to the board's 'complete' status if it has one.

    `on` is the day it was done (default: `today`, itself default the real today); a day
    after `today` is refused.  The history is dated that day, so the action appendix of a
    meeting held since shows it complete.
    """
    today = today or (now.date() if now else dt.date.today())
    if on is not None and on > today:
        raise InputError(f"--on {on:%d/%m/%Y} is after today ({today:%d/%m/%Y}); an action is closed "
                         "on the day it was done.")
    on = on or today
    if now is None or now.date() != on:
        now = dt.datetime.combine(on, (now or dt.datetime.now()).time())
    return update_action(ws, ref, status=ActionStatus.COMPLETE, progress=progress, force=force, now=now,
                         closing=True, closed_on=on)


def reopen_action(ws: Workspace, ref: str, progress: str | None = None, force: bool = False,
                  now: dt.datetime | None = None) -> Outcome:
    """Open a completed action again: status Open, no closing date, and the RAG it had before
    it was closed (from its history; none when the history does not say)."""
    now = now or dt.datetime.now()
    data = ws.read(ACTIONS_BOOK)
    actions = ActionRepository(data)
    action = actions.find(ref)
    if action.is_open:
        raise InputError(f"{action.ref} is not complete (its status is {action.status.value}); only a "
                         "completed action can be reopened.")
    board = ws.board(action.board)
    rag = action.rag
    if board.rag_scale.find(rag) is not None and board.rag_scale.find(rag).complete:
        earlier = [e.new for e in actions.history(action.ref) if e.field == "RAG"
                   and e.new and not (board.rag_scale.find(e.new) and board.rag_scale.find(e.new).complete)]
        rag = earlier[-1] if earlier else ""
    return update_action(ws, ref, rag=rag, status=ActionStatus.OPEN, progress=progress, force=force,
                         now=now, note="reopened")


@dataclass(frozen=True)
class RecordShown:
    """One register record and its history, oldest first (`actions show`, `risks show`, `plan show`)."""

    record: object
    history: list


def show_action(ws: Workspace, ref: str) -> RecordShown:
    actions = ActionRepository(ws.read(ACTIONS_BOOK))
    action = actions.find(ref)
    return RecordShown(action, actions.history(action.ref))


def list_actions(ws: Workspace, board: str | None = None, owner: str | None = None,
                 overdue: bool = False, include_closed: bool = False,
                 today: dt.date | None = None) -> list[Action]:
    today = today or dt.date.today()
    code = ws.board(board).code if board else None
    registers = require_clean(ws.load((ACTIONS_BOOK,), skip=frozenset({"History"}), board=code))
    chosen = []
    for action in registers.actions:
        if code and action.board != code:
            continue
        if owner and action.owner.casefold() != owner.strip().casefold():
            continue
        if not include_closed and not action.is_open:
            continue
        if overdue and not action.is_overdue(today):
            continue
        chosen.append(action)
    return sorted(chosen, key=lambda a: (a.board, a.due or dt.date.max, a.ref))
