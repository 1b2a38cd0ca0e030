"""Write the example workspace's registers from `example_data` (drawn from ../shared/reference).

`python -m meeting_packs.example_workspace [FOLDER]` regenerates registers/*.xlsx
(default: the repository root, which is itself the example workspace).  The
files are committed and bundled into the package, so `meeting-packs init
--example` only copies them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .registers import convert
from .registers.schema import ACTIONS_BOOK, MEMBERS_BOOK, PLAN_BOOK, RISKS_BOOK, WORKBOOKS
from .registers.reading import new_workbook
from .workspace import Workspace


def write_example_registers(root: Path) -> list[Path]:
    from .example_data import example_registers

    ws = Workspace(root)
    registers = example_registers()
    books = {spec.key: new_workbook(spec, ws.register_path(spec)) for spec in WORKBOOKS}
    books["actions"]["Actions"].rows = [convert.action_to_row(a) for a in registers.actions]
    books["actions"]["History"].rows = [convert.history_to_row(h) for h in
                                        sorted(registers.history, key=lambda h: (h.when, h.ref))]
    risk_rows = []
    for risk in registers.risks:
        board = ws.board(risk.board)
        risk_rows.append(convert.risk_to_row(risk, board.band_for(risk.score).label,
                                             board.strategy_label(risk.strategy)))
    books["risks"]["Risks"].rows = risk_rows
    books["plan"]["Forward plan"].rows = [convert.plan_to_row(p) for p in registers.plan]
    books["plan"]["Meetings"].rows = [convert.meeting_to_row(m) for m in
                                      sorted(registers.meetings, key=lambda m: (m.board, m.date))]
    books["members"]["Members"].rows = [convert.member_to_row(m) for m in registers.members]
    books["members"]["Attendance"].rows = [convert.attendance_to_row(a) for a in registers.attendance]
    written = []
    for spec in (ACTIONS_BOOK, RISKS_BOOK, PLAN_BOOK, MEMBERS_BOOK):
        path = ws.register_path(spec)
        path.unlink(missing_ok=True)
        ws.save(books[spec.key])
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
    for path in write_example_registers(target):
        print(path)
