"""The agenda: board, date, time, venue, membership, contact; numbered items; the welcome page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..dates import numeric_date
from ..model import MemberType
from ..workspace import Workspace
from .context import (MeetingData, agenda_items, common_context, exclusion_resolution, exempt_description,
                      load_meeting, member_dict, ordered_members)
from .output import write_document

TEMPLATE = "agenda"
LABEL = "Agenda"


def matters_arising(md: MeetingData) -> list[dict[str, Any]]:
    """Open actions raised at the board's previous meeting."""
    if md.previous is None:
        return []
    chosen = [a for a in md.registers.actions if a.board == md.board.code and a.is_open
              and a.meeting == md.previous.date]
    return [{"ref": a.ref, "text": a.text, "owner": a.owner, "due": numeric_date(a.due) if a.due else "",
             "rag": a.rag or "Not rated", "progress": a.progress}
            for a in sorted(chosen, key=lambda a: a.ref)]


def build_context(md: MeetingData) -> dict[str, Any]:
    items, appendices = agenda_items(md)
    arising = matters_arising(md)
    has_minutes_item = any(i.role == "minutes" for i in items)
    rows = []
    for item in items:
        lines = list(item.lines)
        if item.role == "exclusion":
            lines = [exclusion_resolution(items)]
        lead = item.lead if not any(item.lead and item.lead in line for line in lines) else ""
        rows.append({
            "number": item.number, "title": item.title, "lines": lines, "lead": lead,
            "appendix": f"Appendix {item.appendix}" if item.appendix else "",
            "letter": item.appendix, "role": item.role, "exempt": item.exempt or "",
            "exempt_text": (f"Not for publication: Schedule 12A, paragraph {item.exempt} – "
                            f"{exempt_description(item.exempt)}") if item.exempt else "",
            "to_follow": item.to_follow, "part": item.part,
            "matters_arising": arising if (item.role == "minutes" or
                                           (item.role == "actions" and not has_minutes_item)) else [],
        })
    context = common_context(md, f"{md.board.name} – Agenda – {md.meeting.date.day} "
                                 f"{md.meeting.date:%B %Y}")
    context.update({
        "items": [r for r in rows if r["part"] == 1],
        "part2_items": [r for r in rows if r["part"] == 2],
        "appendices": [{"letter": a.letter, "title": a.title, "item": a.item_number,
                        "to_follow": a.to_follow, "exempt": a.exempt or ""} for a in appendices],
        "members": [member_dict(m) for m in ordered_members(md.members)
                    if m.type in (MemberType.CHAIR, MemberType.CO_CHAIR, MemberType.MEMBER, MemberType.OBSERVER)],
        "public_information": [{"heading": s.heading, "text": s.text} for s in md.board.public_information],
        "matters_arising": arising,
    })
    return context


def write_agenda(ws: Workspace, board: str, when: str, output: Path | None = None,
                 today: dt.date | None = None) -> Path:
    md = load_meeting(ws, board, when, today)
    return write_document(ws, md, TEMPLATE, build_context(md), LABEL, output)
