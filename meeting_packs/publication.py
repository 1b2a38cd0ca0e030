"""The publication deadline: clear working days before a meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .dates import clear_working_days_before, long_date
from .model import Board, Meeting

UPCOMING_DAYS = 90


@dataclass(frozen=True)
class Deadline:
    board: Board
    meeting: Meeting
    publish_by: dt.date

    def days_left(self, today: dt.date) -> int:
        return (self.publish_by - today).days

    def describe(self, today: dt.date) -> str:
        rule = "agenda and reports" if self.board.statutory else "papers"
        text = (f"{self.board.name}, {long_date(self.meeting.date)}: publish by "
                f"{long_date(self.publish_by)} ({rule}, {self.board.publication_days} clear working days)")
        left = self.days_left(today)
        if left < 0:
            text += f" — LATE by {-left} day(s)"
        elif left == 0:
            text += " — that is today"
        elif left <= 3:
            text += f" — {left} day(s) left"
        return text


def deadline_for(board: Board, meeting: Meeting) -> Deadline | None:
    if board.publication_days is None:
        return None
    return Deadline(board, meeting, clear_working_days_before(meeting.date, board.publication_days))


def upcoming_deadlines(boards: dict[str, Board], meetings, today: dt.date) -> list[Deadline]:
    """Each board's meetings in the next 90 days (at least its next one)."""
    found = []
    for board in boards.values():
        own = sorted((m for m in meetings if m.board == board.code and m.date >= today),
                     key=lambda m: m.date)
        chosen = [m for m in own if (m.date - today).days <= UPCOMING_DAYS] or own[:1]
        for meeting in chosen:
            deadline = deadline_for(board, meeting)
            if deadline:
                found.append(deadline)
    return sorted(found, key=lambda d: d.meeting.date)
