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
from ..registers.schema import MEMBERS_BOOK, PLAN_BOOK
from ..workspace import Workspace, require_clean
from .apply import apply_minutes
from .reading import read_minutes
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
    registers = require_clean(ws.load((MEMBERS_BOOK, PLAN_BOOK)))
    members = [m for m in registers.members if m.board == board.code]
    own_meetings = sorted(m.date for m in registers.meetings if m.board == board.code)
    if minutes.meeting not in own_meetings:
        result.warnings.append(f"The {board.name} has no meeting on {minutes.meeting:%d/%m/%Y} in the "
                               "schedule; the minutes are imported all the same.")
    later = [d for d in own_meetings if d > minutes.meeting]
    agreed, records = check_minutes(minutes, board, members, later[0] if later else None, result.warnings)
    result.attendance = records
    apply_minutes(ws, board, minutes.meeting, agreed, records, result, dry_run, force, now)
    return result
