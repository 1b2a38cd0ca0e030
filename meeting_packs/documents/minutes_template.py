"""The minutes template the board secretary fills in Word (and `minutes import` reads back)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..dates import clock, short_date
from ..forward_plan import later_meetings
from ..workspace import Workspace
from .agenda import matters_arising
from .context import MeetingData, agenda_items, common_context, initials_for, member_dict, ordered_members

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
    """`registry.write_document(ws, "minutes-template", …)`, under the name the CLI has always called."""
    from .registry import write_document

    return write_document(ws, "minutes-template", board, when, output, today)


def default_template():
    """The built-in template's layout (written by `python -m meeting_packs.documents.default_templates`)."""
    from .default_templates import base, bold_first_line, loop_table, para

    d = base(footer_label="Minutes – {{ board.short_name }} – {{ meeting.date_short }}")
    para(d, "Minutes of the {{ board.name }}", style="Title")
    para(d, "{{ meeting.date_long }}{% if meeting.time %}, {{ meeting.time }}{% endif %}"
            "{% if meeting.venue %}, {{ meeting.venue }}{% endif %}", bold=True)
    para(d, "Move anyone who did not attend from Present to Apologies (cut and paste the row). Add a row to "
            "Actions agreed for each action; put the owner's initials in the Owner column and the due date as "
            "DD/MM/YYYY. Then run 'meeting-packs minutes import' on this file.", italic=True, size=9)
    para(d, "Present", style="Heading 1")
    loop_table(d, ["Name", "Initials", "Role", "Organisation"], [5, 2, 5.5, 4.5], "for m in present",
                ["{{ m.display_name }}", "{{ m.initials }}", "{{ m.role }}", "{{ m.organisation }}"])
    para(d, "Apologies", style="Heading 1")
    apologies = loop_table(d, ["Name", "Initials", "Role", "Organisation"], [5, 2, 5.5, 4.5], "for m in apologies",
                            ["{{ m.display_name }}", "{{ m.initials }}", "{{ m.role }}", "{{ m.organisation }}"])
    apologies.add_row()
    para(d, "{%p if matters_arising %}")
    para(d, "Matters arising", style="Heading 1")
    loop_table(d, ["Ref", "Action", "Owner", "Due", "Update"], [2.6, 6.3, 1.5, 2.4, 4.2], "for a in matters_arising",
                ["{{ a.ref }}", "{{ a.text }}", "{{ a.owner }}", "{{ a.due }}", ""], size=9.5)
    para(d, "{%p endif %}")
    para(d, "Minutes", style="Heading 1")
    items = loop_table(d, ["No.", "Item", "Minutes", "Action"], [1.2, 4.6, 9.4, 1.8], "for i in items",
                       ["{{ i.number }}.", "{{ i.heading }}", "", ""])
    bold_first_line(items.rows[2].cells[1])
    para(d, "Actions agreed", style="Heading 1")
    loop_table(d, ["Item", "Action", "Owner", "Due"], [1.6, 10, 2.6, 2.8], "for a in actions_agreed",
                ["{{ a.item }}", "{{ a.action }}", "{{ a.owner }}", "{{ a.due }}"])
    para(d, "Future meeting dates", style="Heading 1")
    para(d, "{%p for f in future_meetings %}")
    para(d, "{{ f.date_text }}{% if f.time %}, {{ f.time }}{% endif %}{% if f.venue %}, {{ f.venue }}{% endif %}",
       style="List Bullet")
    para(d, "{%p endfor %}")
    para(d, "{%p if not future_meetings %}")
    para(d, "To be confirmed.")
    para(d, "{%p endif %}")
    return d
