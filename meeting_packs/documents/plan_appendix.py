"""The forward plan (work programme) appendix: items by meeting, then unscheduled items."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..dates import short_date
from ..forward_plan import meetings_of, sort_items
from ..model import PlanStatus
from ..workspace import Workspace
from .context import MeetingData, common_context, contact_line


def _item(p) -> dict[str, Any]:
    return {"ref": p.ref, "title": p.title, "purpose": p.purpose.value if p.purpose else "",
            "lead": p.lead, "to_follow": p.to_follow, "exempt": p.exempt or "",
            "status": p.status.value}


def build_context(md: MeetingData) -> dict[str, Any]:
    board = md.board
    items = sort_items([p for p in md.registers.plan if p.board == board.code
                        and p.status not in (PlanStatus.DROPPED, PlanStatus.DONE)])
    meetings = {m.date: m for m in meetings_of(md.registers.meetings, board.code)}
    later = sorted(d for d in meetings if d > md.meeting.date)
    scheduled = []
    for day in later:
        scheduled.append({"date": day, "date_text": short_date(day), "notes": meetings[day].notes,
                          "plan_items": [_item(p) for p in items if p.meeting == day]})
    # items planned for dates that are not (yet) in the schedule still belong in the programme
    for day in sorted({p.meeting for p in items if p.meeting and p.meeting > md.meeting.date} - set(later)):
        scheduled.append({"date": day, "date_text": short_date(day), "notes": "Date not yet in the schedule",
                          "plan_items": [_item(p) for p in items if p.meeting == day]})
    scheduled.sort(key=lambda s: s["date"])
    unscheduled = [_item(p) for p in items if p.meeting is None]
    context = common_context(md, f"{board.name} – Work programme – {short_date(md.meeting.date)}")
    context.update({
        "scheduled": scheduled,
        "unscheduled": unscheduled,
        "invitation": board.forward_plan_invitation.replace("{contact}", contact_line(board))
                                                   .replace("{board}", board.name),
    })
    return context


def write_plan_appendix(ws: Workspace, board: str, when: str | None = None, output: Path | None = None,
                        today: dt.date | None = None) -> Path:
    """`registry.write_document(ws, "plan-appendix", …)`, under the name the CLI has always called."""
    from .registry import write_document

    return write_document(ws, "plan-appendix", board, when, output, today)


def default_template():
    """The built-in template's layout (written by `python -m meeting_packs.documents.default_templates`)."""
    from .default_templates import base, para

    d = base(footer_label="{{ board.short_name }} – Work programme – {{ meeting.date_short }}")
    para(d, "{{ board.name }}", style="Title")
    para(d, "Work programme", style="Heading 1")
    para(d, "Members of the Board are invited to put forward suggestions for inclusion on future agendas.")
    para(d, "Current scheduled items", style="Heading 2")
    para(d, "{%p for s in scheduled %}")
    para(d, "{{ s.date_text }}", style="Heading 3")
    para(d, "{%p if s.notes %}")
    para(d, "{{ s.notes }}", italic=True)
    para(d, "{%p endif %}")
    para(d, "{%p for i in s.plan_items %}")
    para(d, "{{ i.title }}{% if i.lead %} – {{ i.lead }}{% endif %}{% if i.purpose %} ({{ i.purpose | lower }}){% endif %}"
            "{% if i.to_follow %} – report to follow{% endif %}", style="List Bullet")
    para(d, "{%p endfor %}")
    para(d, "{%p if not s.plan_items %}")
    para(d, "No items scheduled yet.")
    para(d, "{%p endif %}")
    para(d, "{%p endfor %}")
    para(d, "{%p if not scheduled %}")
    para(d, "No later meetings are in the schedule yet.")
    para(d, "{%p endif %}")
    para(d, "Unscheduled items", style="Heading 2")
    para(d, "{%p for i in unscheduled %}")
    para(d, "{{ i.title }}{% if i.lead %} – {{ i.lead }}{% endif %}", style="List Bullet")
    para(d, "{%p endfor %}")
    para(d, "{%p if not unscheduled %}")
    para(d, "None at present.")
    para(d, "{%p endif %}")
    para(d, "{{ invitation }}")
    return d
