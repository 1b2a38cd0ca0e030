"""What list commands print: readable tables for an 80-column terminal."""

from __future__ import annotations

import datetime as dt

from .dates import clock, long_date
from .textable import table


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def meetings_table(meetings) -> str:
    if not meetings:
        return "No meetings in the schedule."
    rows = [(m.board, f"{m.date:%a} {_d(m.date)}",
             f"{clock(m.start)}–{clock(m.end)}" if m.start and m.end else (clock(m.start) if m.start else ""),
             m.venue, m.notes) for m in meetings]
    return table(["Board", "Date", "Time", "Venue", "Notes"], rows)


def members_table(members) -> str:
    if not members:
        return "No members yet. Add them with 'meeting-packs members add BOARD NAME --initials X'."
    rows = [(m.name, m.initials, m.role, m.organisation, m.type.value) for m in members]
    return table(["Name", "Initials", "Role", "Organisation", "Type"], rows) + f"\n{len(members)} member(s)."


def actions_table(actions, today: dt.date) -> str:
    if not actions:
        return "No actions match."
    rows = []
    for a in actions:
        due = _d(a.due) + (" OVERDUE" if a.is_overdue(today) else "")
        state = a.rag or "-"
        if not a.is_open:
            state += " (complete)"
        rows.append((a.ref, a.text, a.owner, due, state))
    return table(["Ref", "Action", "Owner", "Due", "RAG"], rows, shrink=[1]) + f"\n{len(actions)} action(s)."


def risks_table(ws, risks) -> str:
    if not risks:
        return "No risks match."
    rows = []
    for r in risks:
        band = ws.board(r.board).band_for(r.score).label
        rows.append((r.ref, r.text, f"{r.likelihood}×{r.impact}={r.score}", band, r.owner, _d(r.review)))
    return table(["Ref", "Risk", "Score", "Rating", "Owner", "Review"], rows, shrink=[1]) + \
        f"\n{len(risks)} risk(s)."


def plan_table(items) -> str:
    if not items:
        return "The forward plan is empty."
    rows = []
    for p in items:
        paper = ("to follow" if p.to_follow else "report" if p.report else
                 p.paper.value.lower() if p.paper else "")
        if p.exempt:
            paper += f" (exempt para {p.exempt})"
        rows.append((p.ref, _d(p.meeting) or "unscheduled", p.title,
                     p.purpose.value if p.purpose else "", p.lead, paper.strip()))
    return table(["Ref", "Meeting", "Item", "Purpose", "Lead", "Paper"], rows, shrink=[2, 4, 5])


def boards_overview(ws, today: dt.date) -> str:
    from .forward_plan import meetings_of
    from .registers.schema import PLAN_BOOK
    from .workspace import require_clean

    registers = require_clean(ws.load((PLAN_BOOK,)))
    lines = []
    for board in ws.boards.values():
        kind = "statutory committee" if board.statutory else "partnership board"
        lines.append(f"{board.code}: {board.name} ({kind})")
        upcoming = [m for m in meetings_of(registers.meetings, board.code) if m.date >= today][:3]
        if not upcoming:
            lines.append("  no meetings scheduled from today; add one with "
                         f"'meeting-packs meetings add {board.code} DATE'")
        for meeting in upcoming:
            time = f", {clock(meeting.start)}" if meeting.start else ""
            lines.append(f"  {long_date(meeting.date)}{time}, {meeting.venue or board.venue}")
    return "\n".join(lines)
