"""`minutes import` from end to end: read the document, check every row, then apply.

Two phases, as everywhere in the tool: the Word document is read into plain
rows (reading.py), every row is checked against the board's membership and
schedule (rows.py), and only when *everything* is valid are the action log and
the attendance written, each in one safe save (apply.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import DocumentError, NotFound
from ..files import lock_files
from ..model import Board, PlanItem, PlanStatus
from ..registers.schema import ACTIONS_BOOK, MEMBERS_BOOK, PLAN_BOOK
from ..workspace import Workspace, require_clean
from .apply import apply_minutes
from .reading import MinutesDocument, read_minutes
from .result import ImportResult
from .rows import check_minutes


def import_minutes(ws: Workspace, path: Path | str, dry_run: bool = False, force: bool = False,
                   now: dt.datetime | None = None) -> ImportResult:
    """Check the whole document, then (unless `dry_run`) write the action log and attendance."""
    now = now or dt.datetime.now()
    path = Path(path)
    minutes = read_minutes(path)
    try:
        board = ws.board(minutes.board)
    except NotFound:
        raise DocumentError(f"{path.name} is the minutes template of the board '{minutes.board}', which "
                            f"is not in this workspace's boards.toml ({', '.join(ws.boards)}). Import it "
                            "in the workspace it was made in (--workspace).") from None
    result = ImportResult(board, minutes.meeting, path, dry_run)
    locks = lock_files(path)
    if locks:
        result.warnings.append(f"{path.name} seems to be open in Word (lock file {locks[0].name}): changes "
                               "not yet saved there are not imported.")
    registers = require_clean(ws.load((MEMBERS_BOOK, PLAN_BOOK, ACTIONS_BOOK), skip=frozenset({"History"})))
    members = [m for m in registers.members if m.board == board.code]
    own_meetings = sorted(m.date for m in registers.meetings if m.board == board.code)
    if minutes.meeting not in own_meetings:
        result.warnings.append(f"The {board.name} has no meeting on {minutes.meeting:%d/%m/%Y} in the "
                               "schedule; the minutes are imported all the same.")
    later = [d for d in own_meetings if d > minutes.meeting]
    checked = check_minutes(minutes, board, members, later[0] if later else None, result.warnings,
                            [a for a in registers.actions if a.board == board.code],
                            item_workstreams(minutes, board, registers.plan))
    result.attendance = checked.records
    apply_minutes(ws, board, minutes.meeting, checked.agreed, checked.records, result, dry_run, force, now,
                  checked.arising)
    return result


def item_workstreams(minutes: MinutesDocument, board: Board, plan: list[PlanItem]) -> dict[str, str]:
    """Each item number of the minutes → the title of its forward-plan entry, the workstream an
    action agreed under it gets.  Numbered as the agenda numbers them; an item whose title in the
    minutes names another entry of the meeting (the plan changed since the template was made)
    takes that entry's."""
    from ..agenda_rules import agenda_order
    from ..forward_plan import sort_items

    own = sort_items([p for p in plan if p.board == board.code and p.meeting == minutes.meeting
                      and p.status is not PlanStatus.DROPPED])
    found = {str(slot.number): slot.plan.title for slot in agenda_order(board, own) if slot.plan}
    for row in minutes.items:
        number = row.line("No.").rstrip(".").strip()
        heading = row.line("Item").casefold()
        named = [p.title for p in own if heading.startswith(p.title.casefold())]
        if number and named:
            found[number] = max(named, key=len)
        elif number and heading and number in found and not heading.startswith(found[number].casefold()):
            del found[number]  # the item in the minutes is not the one the plan numbers so now
    return found
