"""The checked minutes applied to the action log and the Attendance sheet, each in one safe save.

The only module of the minutes package that touches register rows.  An
imported action's owner and due date change through the history, like
`actions update`; an action whose row has gone from the minutes is kept, its
Source marked "removed from the minutes" — nothing typed is ever deleted.
Importing again replaces that meeting's attendance rows for the board.
Nothing is saved when nothing changed, so importing the same minutes twice
leaves both workbooks byte-identical (README, "Guide for board secretaries").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..action_log import TRACKED, Change, record_hand_edits
from ..attendance import meeting_records, replace_meeting
from ..model import Action, AttendanceRecord, Board, HistoryEntry
from ..references import next_reference
from ..registers import convert
from ..registers.schema import ACTIONS_BOOK, MEMBERS_BOOK
from ..registers.workbook import WorkbookData, preflight
from ..workspace import Workspace
from .matching import adopt_typed, from_these_minutes, match_actions, removed_source, row_source
from .result import ActionUpdate, ImportResult
from .rows import AgreedAction, snippet


def apply_minutes(ws: Workspace, board: Board, meeting: dt.date, agreed: list[AgreedAction],
                  records: list[AttendanceRecord], result: ImportResult, dry_run: bool, force: bool,
                  now: dt.datetime) -> None:
    """Change the action log and attendance in memory, record it in `result`, and save the
    workbooks that changed (none with `dry_run`)."""
    actions_data = ws.read(ACTIONS_BOOK)
    # edits made in Excel go into the history before ours (saved only if the import changes something)
    record_hand_edits(actions_data, now)
    _apply_actions(actions_data, board, meeting, agreed, result, now)
    members_data = ws.read(MEMBERS_BOOK)
    result.replaced_rows = len(meeting_records(members_data, board.code, meeting))
    result.attendance_changed = replace_meeting(members_data, board.code, meeting, records)
    if dry_run or not result.changed:
        return
    to_save = ([actions_data] if result.actions_changed else []) + (
        [members_data] if result.attendance_changed else [])
    for data in to_save:  # every workbook checked before either is written
        preflight(data, force)
    for data in to_save:
        ws.save(data, force=force)
        result.saved.append(data.path)


def _history_text(value: Any) -> str:
    """A cell as the History sheet records it (dates DD/MM/YYYY, whole numbers without '.0'),
    as the action log records its own changes: text as it is, anything else as Excel shows it."""
    if isinstance(value, str):
        return str(value)
    return convert.RowReader({"value": value}, False).text("value")


def _append_history(data: WorkbookData, ref: str, when: dt.datetime, what: str, old: str, new: str,
                    note: str) -> None:
    data["History"].rows.append(convert.history_to_row(HistoryEntry(ref, when, what, old, new, note)))


def _row_action(data: WorkbookData, row: dict[str, Any]) -> Action | None:
    try:
        return convert.action_from_row(convert.RowReader(row, data.date1904))
    except Exception:  # a damaged row is left as it is and not treated as this meeting's
        return None


def _apply_actions(data: WorkbookData, board: Board, meeting: dt.date, agreed: list[AgreedAction],
                   result: ImportResult, now: dt.datetime) -> None:
    """Make the changes on `data` (rows in memory) and record them in `result`."""
    sheet = data["Actions"]
    ours: list[tuple[int, Action]] = []
    typed: list[tuple[int, Action]] = []
    for index, row in enumerate(sheet.rows):
        action = _row_action(data, row)
        if action is None or action.board != board.code:
            continue
        if from_these_minutes(action, meeting):
            ours.append((index, action))
        elif not action.source and action.meeting == meeting:
            typed.append((index, action))
    pairs, gone = match_actions(agreed, ours, meeting)
    adopted = adopt_typed(agreed, typed, pairs)
    used = [r.get("Reference") for r in sheet.rows] + [r.get("Reference") for r in data["History"].rows]
    note = f"from the minutes of {meeting:%d/%m/%Y}"
    for index, row in enumerate(agreed):
        if index in pairs:
            _update_action(data, sheet.rows[pairs[index]], row, meeting, False, result, now, note)
        elif index in adopted:
            _update_action(data, sheet.rows[adopted[index]], row, meeting, True, result, now, note)
        else:
            ref = next_reference(board.code, "A", used)
            used.append(ref)
            _add_action(data, ref, board, meeting, row, result, now, note)
    for sheet_index in gone:
        _mark_removed(data, sheet.rows[sheet_index], meeting, result)


def _update_action(data: WorkbookData, sheet_row: dict[str, Any], row: AgreedAction, meeting: dt.date,
                   adopted: bool, result: ImportResult, now: dt.datetime, note: str) -> None:
    source = row_source(meeting, row.position)
    wanted = {"Action": row.text, "Owner": row.owner.initials, "Due date": row.due,
              "Agenda item": row.item or None}
    if adopted:
        wanted["Owner"] = sheet_row.get("Owner")  # the same member, kept as it was typed
    changes = []
    for what, value in wanted.items():
        old, new = _history_text(sheet_row.get(what)), _history_text(value)
        if old == new:
            continue
        sheet_row[what] = value
        changes.append(Change(what, old, new))
        if what in TRACKED:
            _append_history(data, str(sheet_row["Reference"]), now, what, old, new, f"updated {note}")
    moved = _history_text(sheet_row.get("Source")) != source
    sheet_row["Source"] = source
    action = _row_action(data, sheet_row)
    if adopted:
        result.linked.append(action)
    elif changes:
        result.updated.append(ActionUpdate(action, changes))
    else:
        result.unchanged += 1
        if moved:  # the row moved up or down the table: only its Source changes
            result.renumbered.append(action)


def _add_action(data: WorkbookData, ref: str, board: Board, meeting: dt.date, row: AgreedAction,
                result: ImportResult, now: dt.datetime, note: str) -> None:
    action = Action(ref=ref, board=board.code, text=row.text, owner=row.owner.initials, due=row.due,
                    meeting=meeting, item=row.item, source=row_source(meeting, row.position))
    new_row = convert.action_to_row(action)
    data["Actions"].rows.append(new_row)
    for what in TRACKED:
        value = _history_text(new_row.get(what))
        if value:
            _append_history(data, ref, now, what, "", value, f"added {note}")
    result.added.append(action)


def _mark_removed(data: WorkbookData, sheet_row: dict[str, Any], meeting: dt.date,
                  result: ImportResult) -> None:
    marked = removed_source(meeting)
    if sheet_row.get("Source") == marked:
        return
    sheet_row["Source"] = marked
    action = _row_action(data, sheet_row)
    result.removed.append(action)
    result.warnings.append(
        f"{action.ref} (\"{snippet(action.text)}\") was imported from an earlier version of "
        "these minutes but is no longer in the Actions agreed table. It stays in the action "
        f"log; close it with 'meeting-packs actions close {action.ref}' if it was dropped.")
