"""Phase one: everything a meeting's documents need, loaded once into plain objects.

Every document (and the pack, which reuses exactly these objects) is built
from a `MeetingData`.  The helpers here turn model objects into the
dictionaries templates see; the field names are the template reference in
templates/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..dates import clock, long_date, numeric_date, short_date
from ..errors import NotFound
from ..forward_plan import find_meeting, meetings_of, previous_meeting, sort_items
from .. import agenda_rules
from ..agenda_rules import agenda_order
from ..model import (Board, GeneratedPaper, Meeting, Member, MemberType, PlanItem, PlanStatus, Registers,
                     match_member, members_on)
from ..publication import deadline_for
from ..workspace import Workspace, require_clean


@dataclass(frozen=True)
class MeetingData:
    root: Path
    templates: Path
    board: Board
    meeting: Meeting
    previous: Meeting | None
    registers: Registers
    today: dt.date
    scheduled: bool = True   # False when the date is not in the schedule (appendix without a meeting)
    published: dt.date | None = None   # the day the papers are published (`pack --published`); else `today`
    pack: str = ""           # "public" or "private" while a pack is built (the agenda then gives page ranges)

    @property
    def published_on(self) -> dt.date:
        return self.published or self.today

    @cached_property
    def history_index(self) -> dict:
        """Each action's history, oldest first, by reference (worked out once per document)."""
        from ..model import history_by_ref

        return history_by_ref(self.registers.history)

    @property
    def members(self) -> list[Member]:
        """The board's members at this meeting: those who left before it are not listed."""
        return members_on([m for m in self.registers.members if m.board == self.board.code],
                          self.meeting.date)

    @property
    def as_at(self) -> dt.date:
        """The day ratings and 'overdue' are judged on: the meeting, or today if that is earlier."""
        return min(self.today, self.meeting.date)

    def plan_items(self) -> list[PlanItem]:
        return sort_items([p for p in self.registers.plan if p.board == self.board.code
                           and p.meeting == self.meeting.date and p.status is not PlanStatus.DROPPED])


def load_meeting(ws: Workspace, board_code: str, when: str | dt.date | None,
                 today: dt.date | None = None, need_schedule: bool = True) -> MeetingData:
    """Read the registers once and pick the meeting ('next', 'last' or a date)."""
    today = today or dt.date.today()
    board = ws.board(board_code)
    registers = require_clean(ws.load(board=board.code))
    scheduled = True
    if when is None:
        own = meetings_of(registers.meetings, board.code)
        upcoming = [m for m in own if m.date >= today]
        if upcoming:
            meeting = upcoming[0]
        else:
            meeting = Meeting(board.code, today, board.start, board.end, board.venue)
            scheduled = False
    else:
        try:
            meeting = find_meeting(registers.meetings, board, when, today)
        except NotFound:
            if need_schedule or (isinstance(when, str) and when.strip().lower() in ("next", "last")):
                raise
            from ..dates import parse_date

            day = when if isinstance(when, dt.date) else parse_date(when, "date")
            meeting = Meeting(board.code, day, board.start, board.end, board.venue)
            scheduled = False
    previous = previous_meeting(registers.meetings, board, meeting.date)
    return MeetingData(ws.root, ws.templates_dir, board, meeting, previous, registers, today, scheduled)


# ------------------------------------------------------------------ dictionaries for templates

def contact_line(board: Board) -> str:
    c = board.contact
    parts = [p for p in (c.name, c.title) if p]
    line = ", ".join(parts)
    if c.title and not c.name:  # "send items to the Democratic Services Officer", not "… to Democratic …"
        line = f"the {c.title}" if not c.title.lower().startswith("the ") else c.title
    extras = [p for p in (f"Tel: {c.phone}" if c.phone else "", c.email) if p]
    if extras:
        line += f" ({'; '.join(extras)})" if line else "; ".join(extras)
    return line or "the board's clerk"


def board_dict(board: Board) -> dict[str, Any]:
    c = board.contact
    return {
        "code": board.code, "name": board.name, "short_name": board.short_name,
        "council": board.council, "statutory": board.statutory, "chairs": list(board.chairs),
        "chair_title": board.chair_title,
        "contact": {"name": c.name, "title": c.title, "phone": c.phone, "email": c.email,
                    "line": contact_line(board)},
    }


def meeting_dict(meeting: Meeting, board: Board) -> dict[str, Any]:
    start = meeting.start or board.start
    end = meeting.end or board.end
    time = clock(start) + (f" – {clock(end)}" if end else "") if start else ""
    return {"date": meeting.date, "date_long": long_date(meeting.date),
            "date_short": short_date(meeting.date), "date_numeric": numeric_date(meeting.date),
            "start": clock(start) if start else "", "end": clock(end) if end else "",
            "time": time, "venue": meeting.venue or board.venue, "notes": meeting.notes}


def member_dict(member: Member) -> dict[str, Any]:
    return {"name": member.name, "display_name": member.display_name, "initials": member.initials,
            "role": member.role, "organisation": member.organisation, "type": member.type.value,
            "email": member.email}


def ordered_members(members: list[Member]) -> list[Member]:
    rank = {MemberType.CHAIR: 0, MemberType.CO_CHAIR: 0, MemberType.MEMBER: 1,
            MemberType.OBSERVER: 2, MemberType.OFFICER: 3, MemberType.SUBSTITUTE: 4}
    return sorted(members, key=lambda m: rank[m.type])


def rag_scale_list(board: Board) -> list[dict[str, Any]]:
    return [{"label": level.label, "colour": level.colour, "text_colour": level.text_colour,
             "meaning": level.meaning, "complete": level.complete} for level in board.rag_scale.levels]


def common_context(md: MeetingData, title: str) -> dict[str, Any]:
    deadline = deadline_for(md.board, md.meeting)
    return {
        "title": title,
        "board": board_dict(md.board),
        "meeting": meeting_dict(md.meeting, md.board),
        "previous_meeting": meeting_dict(md.previous, md.board) if md.previous else None,
        "rag_scale": rag_scale_list(md.board),
        "generated_on": long_date(md.today),
        "publish_by": long_date(deadline.publish_by) if deadline else "",
        "published_on": long_date(md.published_on),
        "late": bool(deadline and md.published_on > deadline.publish_by),
        "marker": f"meeting-packs {md.board.code} {md.meeting.date.isoformat()}",
    }


def initials_for(text: str, members: list[Member]) -> str:
    """A presenter's initials where every name in `text` is a member ("AW / JC"), else the text exactly
    as typed: a job title such as "Director of Corporate and Commercial" or a web address is never
    split at its "and" or "/" (README, "Documents": text is printed as typed)."""
    if not text:
        return ""
    whole = match_member(text, members) or match_member(text.split(",")[0], members)
    if whole is not None:
        return whole.initials
    parts = [p.strip() for p in re.split(r"\s+and\s+|\s*/\s*|\s*&\s*", text) if p.strip()]
    found = [match_member(part, members) or match_member(part.split(",")[0], members) for part in parts]
    if len(parts) > 1 and all(found):
        return " / ".join(member.initials for member in found)
    return text


# ------------------------------------------------------------------ the agenda's items

@dataclass(frozen=True)
class AgendaItem:
    number: int
    title: str
    lines: tuple[str, ...]        # description and recommendation lines under the title
    lead: str
    appendix: str                 # letter, or ""
    role: str                     # standard item role, or "plan"
    plan: PlanItem | None = None
    exempt: int | None = None
    to_follow: bool = False
    part: int = 1


@dataclass(frozen=True)
class Appendix:
    letter: str
    title: str
    item_number: int
    plan: PlanItem
    generated: GeneratedPaper | None
    report: Path | None
    exempt: int | None
    to_follow: bool


def _recommendation(item: PlanItem) -> str:
    if item.recommendation:
        return item.recommendation
    if item.purpose is None:
        return ""
    if item.purpose.value.startswith("To ") or item.purpose.value.startswith("For "):
        return item.purpose.value
    return ""


def _standard_text(text: str, md: MeetingData) -> str:
    if md.previous is None:  # the board's first meeting in the schedule
        text = re.sub(r"the (last |previous )?meeting held on \{previous_meeting\}", "the previous meeting", text)
    previous = short_date(md.previous.date) if md.previous else "the previous meeting"
    return (text.replace("{previous_meeting}", previous)
            .replace("{contact}", contact_line(md.board))
            .replace("{board}", md.board.name))


def agenda_items(md: MeetingData) -> tuple[list[AgendaItem], list[Appendix]]:
    """The agenda's items and its papers (order, numbers and letters: `agenda_rules.agenda_order`)."""
    items: list[AgendaItem] = []
    appendices: list[Appendix] = []
    for slot in agenda_order(md.board, md.plan_items()):
        plan = slot.plan
        if plan is None:
            standard = slot.standard
            text = _standard_text(standard.text, md) if standard.text else ""
            items.append(AgendaItem(slot.number, standard.title, tuple([text] if text else []), "", "",
                                    standard.role or "standard"))
            continue
        lines = [line for line in (plan.description, _recommendation(plan)) if line]
        if plan.to_follow:
            lines.append("Report to follow")
        items.append(AgendaItem(slot.number, plan.title, tuple(lines), plan.lead, slot.letter,
                                "plan", plan, plan.exempt, plan.to_follow, slot.part))
        if slot.letter:
            report = (md.root / plan.report) if plan.report else None
            appendices.append(Appendix(slot.letter, plan.title, slot.number, plan, plan.paper, report,
                                       plan.exempt, plan.to_follow))
    return items, appendices


def exclusion_resolution(items: list[AgendaItem]) -> str:
    """The s100A(4) resolution for this agenda's Part 2 items."""
    return agenda_rules.exclusion_resolution((i.number, i.title, i.exempt) for i in items if i.part == 2)
