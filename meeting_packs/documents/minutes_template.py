"""The minutes template the board secretary fills in Word (and `minutes import` reads back)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..dates import clock, short_date
from ..forward_plan import later_meetings
from ..workspace import Workspace
from .agenda import matters_arising
from .context import MeetingData, agenda_items, common_context, initials_for, load_meeting, member_dict, ordered_members
from .output import write_document

TEMPLATE = "minutes-template"
LABEL = "Minutes template"
BLANK_ACTION_ROWS = 5

# The headers `minutes import` looks for; keep the template's tables in step.
PRESENT_HEADERS = ("Name", "Initials", "Role", "Organisation")
ITEM_HEADERS = ("Item", "Minutes", "Action")
ACTION_HEADERS = ("Item", "Action", "Owner", "Due")


def build_context(md: MeetingData) -> dict[str, Any]:
    items, _ = agenda_items(md)
    members = md.members
    expected = [m for m in ordered_members(members) if m.type.expected]
    rows = []
    for item in items:
        lead = initials_for(item.lead, members)
        rows.append({"number": item.number, "title": item.title,
                     "presenter": lead, "heading": f"{item.title} – {lead}" if lead else item.title,
                     "part": item.part})
    future = [{"date_text": short_date(m.date), "time": (f"{clock(m.start)}–{clock(m.end)}" if m.start and m.end
                                                        else clock(m.start) if m.start else ""),
               "venue": m.venue or md.board.venue}
              for m in later_meetings(md.registers.meetings, md.board, md.meeting.date)]
    context = common_context(md, f"Minutes of the {md.board.name} – {short_date(md.meeting.date)}")
    context.update({
        "present": [member_dict(m) for m in expected],
        "apologies": [],
        "items": rows,
        "actions_agreed": [{"item": "", "action": "", "owner": "", "due": ""}] * BLANK_ACTION_ROWS,
        "matters_arising": matters_arising(md),
        "future_meetings": future,
    })
    return context


def write_minutes_template(ws: Workspace, board: str, when: str, output: Path | None = None,
                           today: dt.date | None = None) -> Path:
    md = load_meeting(ws, board, when, today)
    return write_document(ws, md, TEMPLATE, build_context(md), LABEL, output)
