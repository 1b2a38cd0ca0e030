"""What one `minutes import` did (or, with --dry-run, would do) to the registers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..action_log import Change
from ..model import Action, Attendance, AttendanceRecord, Board


@dataclass
class ActionUpdate:
    action: Action
    changes: list[Change]


@dataclass
class ImportResult:
    board: Board
    meeting: dt.date
    path: Path
    dry_run: bool
    added: list[Action] = field(default_factory=list)
    updated: list[ActionUpdate] = field(default_factory=list)
    linked: list[Action] = field(default_factory=list)
    removed: list[Action] = field(default_factory=list)      # rows gone since the last import
    renumbered: list[Action] = field(default_factory=list)   # same action, another row number
    arising: list[ActionUpdate] = field(default_factory=list)  # updates typed in matters arising
    unchanged: int = 0
    attendance: list[AttendanceRecord] = field(default_factory=list)
    attendance_changed: bool = False
    replaced_rows: int = 0
    warnings: list[str] = field(default_factory=list)
    saved: list[Path] = field(default_factory=list)

    @property
    def actions_changed(self) -> bool:
        return bool(self.added or self.updated or self.linked or self.removed or self.renumbered
                    or self.arising)

    @property
    def changed(self) -> bool:
        return self.actions_changed or self.attendance_changed

    def count(self, kind: Attendance) -> int:
        return sum(1 for r in self.attendance if r.attendance is kind)
