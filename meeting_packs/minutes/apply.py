"""The checked minutes applied to the action log and the Attendance sheet, each in one safe save.

The only module of the minutes package that opens registers to change them, and
it does so through the register repositories (registers/repository.py).  An
imported action's owner and due date change through the history, like
`actions update`; an action whose row has gone from the minutes is kept, its
Source marked "removed from the minutes" — nothing typed is ever deleted.  A
new action gets the workstream of its item and the board's `new_action_rag`.
An update typed in matters arising changes the action's status, RAG and
progress through the history too, once: importing the minutes again does not
undo a later change made with `actions update`.
Importing again replaces that meeting's attendance rows for the board.
Nothing is saved when nothing changed, so importing the same minutes twice
leaves both workbooks byte-identical (README, "Guide for board secretaries").
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..action_log import Change
from ..model import Action, ActionStatus, AttendanceRecord, Board
from ..references import next_reference
from ..registers.repository import ACTION_FIELDS, ActionRepository, AttendanceRepository, history_text
from ..registers.schema import ACTIONS_BOOK, MEMBERS_BOOK
from ..registers.saving import preflight
from ..workspace import Workspace
from .matching import adopt_typed, from_these_minutes, match_actions, removed_source, row_source
from .result import ActionUpdate, ImportResult
from .rows import AgreedAction, ArisingUpdate, snippet

# The fields an import sets on an action it added, as the summary names them.
_FIELDS = {field: ACTION_FIELDS[field] for field in ("text", "owner", "due", "item", "workstream")}
_TRACKED = ("owner", "due")
_ARISING = {field: ACTION_FIELDS[field] for field in ("status", "rag", "progress")}


def apply_minutes(ws: Workspace, board: Board, meeting: dt.date, agreed: list[AgreedAction],
                  records: list[AttendanceRecord], result: ImportResult, dry_run: bool, force: bool,
                  now: dt.datetime, arising: list[ArisingUpdate] | None = None) -> None:
    """Change the action log and attendance in memory, record it in `result`, and save the
    workbooks that changed (none with `dry_run`)."""
    actions_data = ws.read(ACTIONS_BOOK)
    actions = ActionRepository(actions_data)
    # edits made in Excel go into the history before ours (saved only if the import changes something)
    actions.record_hand_edits(now)
    _apply_actions(actions, board, meeting, agreed, result, now)
    _apply_arising(actions, board, meeting, arising or [], result, now)
    members_data = ws.read(MEMBERS_BOOK)
    attendance = AttendanceRepository(members_data)
    result.replaced_rows = len(attendance.of_meeting(board.code, meeting))
    result.attendance_changed = attendance.replace_meeting(board.code, meeting, records)
    if dry_run or not result.changed:
        return
    to_save = ([actions_data] if result.actions_changed else []) + (
        [members_data] if result.attendance_changed else [])
    for data in to_save:  # every workbook checked before either is written
        preflight(data, force)
    for data in to_save:
        ws.save(data, force=force)
        result.saved.append(data.path)


def _apply_actions(actions: ActionRepository, board: Board, meeting: dt.date, agreed: list[AgreedAction],
                   result: ImportResult, now: dt.datetime) -> None:
    """Make the changes on the Actions sheet (in memory) and record them in `result`."""
    ours: list[tuple[int, Action]] = []
    typed: list[tuple[int, Action]] = []
    for index, action in actions.readable():  # a damaged row is left as it is
        if action.board != board.code:
            continue
        if from_these_minutes(action, meeting):
            ours.append((index, action))
        elif not action.source and action.meeting == meeting:
            typed.append((index, action))
    by_index = dict(ours + typed)
    pairs, gone = match_actions(agreed, ours, meeting)
    adopted = adopt_typed(agreed, typed, pairs)
    used = actions.references() + actions.history_references()
    note = f"from the minutes of {meeting:%d/%m/%Y}"
    for index, row in enumerate(agreed):
        if index in pairs:
            _update_action(actions, by_index[pairs[index]], row, meeting, False, result, now, note)
        elif index in adopted:
            _update_action(actions, by_index[adopted[index]], row, meeting, True, result, now, note)
        else:
            ref = next_reference(board.code, "A", used)
            used.append(ref)
            _add_action(actions, ref, board, meeting, row, result, now, note)
    for sheet_index in gone:
        _mark_removed(actions, by_index[sheet_index], meeting, result)


def _update_action(actions: ActionRepository, action: Action, row: AgreedAction, meeting: dt.date,
                   adopted: bool, result: ImportResult, now: dt.datetime, note: str) -> None:
    wanted = {"text": row.text, "owner": row.owner.initials, "due": row.due, "item": row.item or ""}
    if adopted:
        wanted["owner"] = action.owner  # the same member, kept as it was typed
    if row.workstream and not action.workstream:  # never overwrite a workstream staff chose
        wanted["workstream"] = row.workstream
    changed = dataclasses.replace(action, **wanted, source=row_source(meeting, row.position))
    changes = [Change(_FIELDS[name], history_text(getattr(action, name)), history_text(value))
               for name, value in wanted.items()
               if history_text(getattr(action, name)) != history_text(value)]
    for what, old, new in actions.differences(action, changed, _TRACKED):
        actions.record(action.ref, now, what, old, new, f"updated {note}")
    moved = action.source != changed.source
    if not changes and not moved and not adopted:
        result.unchanged += 1
        return
    action = actions.replace(changed)
    if adopted:
        result.linked.append(action)
    elif changes:
        result.updated.append(ActionUpdate(action, changes))
    else:
        result.unchanged += 1
        result.renumbered.append(action)  # the row moved up or down: only its Source changes


def _add_action(actions: ActionRepository, ref: str, board: Board, meeting: dt.date, row: AgreedAction,
                result: ImportResult, now: dt.datetime, note: str) -> None:
    action = actions.append(Action(ref=ref, board=board.code, text=row.text, owner=row.owner.initials,
                                   due=row.due, rag=board.new_action_rag, workstream=row.workstream,
                                   meeting=meeting, item=row.item, source=row_source(meeting, row.position)))
    for what, value in actions.tracked(action).items():
        if value:
            actions.record(ref, now, what, "", value, f"added {note}")
    result.added.append(action)


def _mark_removed(actions: ActionRepository, action: Action, meeting: dt.date,
                  result: ImportResult) -> None:
    marked = removed_source(meeting)
    if action.source == marked:
        return
    action = actions.replace(dataclasses.replace(action, source=marked))
    result.removed.append(action)
    result.warnings.append(
        f"{action.ref} (\"{snippet(action.text)}\") was imported from an earlier version of "
        "these minutes but is no longer in them. It stays in the action "
        f"log; close it with 'meeting-packs actions close {action.ref}' if it was dropped.")


# ------------------------------------------------------------------ matters arising

def arising_note(meeting: dt.date) -> str:
    """The History note of a change typed in the matters arising of one meeting's minutes."""
    return f"updated from the matters arising in the minutes of {meeting:%d/%m/%Y}"


def _apply_arising(actions: ActionRepository, board: Board, meeting: dt.date, arising: list[ArisingUpdate],
                   result: ImportResult, now: dt.datetime) -> None:
    """Each Update typed in matters arising, as `actions update` would make it, once."""
    note = arising_note(meeting)
    for entry in arising:
        action = actions.find(entry.action.ref)
        done = {(h.field, h.new) for h in actions.history(action.ref) if h.note == note}
        wanted = {"status": entry.update.status, "rag": entry.update.rag, "progress": entry.update.progress}
        changed = action
        for name, value in wanted.items():
            if value is None:
                continue
            text = value.value if isinstance(value, ActionStatus) else value
            if (_ARISING[name], text) in done:  # imported before: a later change made by hand stands
                continue
            changed = dataclasses.replace(changed, **{name: value})
        if changed.status is not action.status:
            closed = (meeting if changed.status.is_closed and action.closed is None
                      else None if not changed.status.is_closed else action.closed)
            changed = dataclasses.replace(changed, closed=closed)
        differences = actions.differences(action, changed, tuple(_ARISING))
        if not differences:
            continue
        for what, old, new in differences:
            actions.record(action.ref, now, what, old, new, note)
        actions.replace(changed)
        result.arising.append(ActionUpdate(changed, [Change(*d) for d in differences]))
