"""The minutes template the board secretary fills in Word (and `minutes import` reads back).

Each action is typed once, in the Action column of the item it was agreed
under (minutes/cells.py says how it is read); the Actions agreed table of
older templates is gone, and still read where a document has one.  Matters
arising lists every open action of the board raised before the meeting, with
an Update column read back as progress, status or RAG.  Part 2 items sit after
the "Part 2 – not for publication" heading and the exclusion resolution, each
marked with its Schedule 12A paragraph.  The notes to the secretary are in
their own paragraph style, which `minutes publish` leaves out (README, "Guide
for board secretaries").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..dates import clock, short_date
from ..forward_plan import later_meetings
from ..workspace import Workspace
from ..agenda_rules import exempt_item_note
from ..minutes.publishing import NOTE_STYLE
from .agenda import matters_arising
from .context import (MeetingData, agenda_items, common_context, exclusion_resolution, initials_for,
                      member_dict, ordered_members)

# The headers `minutes import` looks for; keep the template's tables in step.
PRESENT_HEADERS = ("Name", "Initials", "Role", "Organisation")
ITEM_HEADERS = ("No.", "Item", "Minutes", "Action")
ARISING_HEADERS = ("Ref", "Action", "Owner", "Due", "RAG", "Update")
# Paragraphs in NOTE_STYLE are the tool's notes to the secretary: `minutes publish` leaves them out.
PART2_HEADING = "Part 2 – not for publication"
INSTRUCTIONS = (
    "Notes for the secretary, left out of the published minutes: move anyone who did not attend from "
    "Present to Apologies (cut and paste the row). In Matters arising, type each action's update in the "
    "Update column; start it with Complete, In progress or a RAG rating to set that too. Type each "
    "action agreed in the Action column of its item, one a line: the owner's initials, what they will "
    "do, and 'by' the due date, for example 'ID – Resend the survey by 29/11/2019'. Then run "
    "'meeting-packs minutes import' on this file, and 'meeting-packs minutes publish' on the approved "
    "minutes.")


def build_context(md: MeetingData) -> dict[str, Any]:
    items, _ = agenda_items(md)
    members = md.members
    expected = [m for m in ordered_members(members) if m.type.expected]
    rows = []
    for item in items:
        lead = initials_for(item.lead, members)
        rows.append({"number": item.number, "title": item.title,
                     "presenter": lead, "heading": f"{item.title} – {lead}" if lead else item.title,
                     "part": item.part, "exempt": item.exempt or "",
                     "exempt_text": exempt_item_note(item.exempt) if item.exempt else ""})
    future = [{"date_text": short_date(m.date), "time": (f"{clock(m.start)}–{clock(m.end)}" if m.start and m.end
                                                        else clock(m.start) if m.start else ""),
               "venue": m.venue or md.board.venue}
              for m in later_meetings(md.registers.meetings, md.board, md.meeting.date)]
    context = common_context(md, f"Minutes of the {md.board.name} – {short_date(md.meeting.date)}")
    part2 = [r for r in rows if r["part"] == 2]
    context.update({
        "present": [member_dict(m) for m in expected],
        "apologies": [],
        "items": [r for r in rows if r["part"] == 1],
        "part2_items": part2,
        "exclusion_resolution": f"Resolved: {exclusion_resolution(items)}" if part2 else "",
        "instructions": INSTRUCTIONS,
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
    note = note_style(d)
    para(d, "Minutes of the {{ board.name }}", style="Title")
    para(d, "{{ meeting.date_long }}{% if meeting.time %}, {{ meeting.time }}{% endif %}"
            "{% if meeting.venue %}, {{ meeting.venue }}{% endif %}", bold=True)
    para(d, "{{ instructions }}", style=note.name)
    para(d, "Present", style="Heading 1")
    loop_table(d, list(PRESENT_HEADERS), [5, 2, 5.5, 4.5], "for m in present",
               ["{{ m.display_name }}", "{{ m.initials }}", "{{ m.role }}", "{{ m.organisation }}"])
    para(d, "Apologies", style="Heading 1")
    apologies = loop_table(d, list(PRESENT_HEADERS), [5, 2, 5.5, 4.5], "for m in apologies",
                           ["{{ m.display_name }}", "{{ m.initials }}", "{{ m.role }}", "{{ m.organisation }}"])
    apologies.add_row()
    para(d, "{%p if matters_arising %}")
    para(d, "Matters arising", style="Heading 1")
    loop_table(d, list(ARISING_HEADERS), [2.9, 5.6, 1.4, 2.2, 1.9, 3.0], "for a in matters_arising",
               ["{{ a.ref }}", "{{ a.text }}", "{{ a.owner }}", "{{ a.due }}", "{{ a.rag }}", ""], size=9.5)
    para(d, "{%p endif %}")
    para(d, "Minutes", style="Heading 1")
    items = loop_table(d, list(ITEM_HEADERS), [1.2, 4.0, 7.8, 4.0], "for i in items",
                       ["{{ i.number }}.", "{{ i.heading }}", "", ""])
    bold_first_line(items.rows[2].cells[1])
    para(d, "Future meeting dates", style="Heading 1")
    para(d, "{%p for f in future_meetings %}")
    para(d, "{{ f.date_text }}{% if f.time %}, {{ f.time }}{% endif %}{% if f.venue %}, {{ f.venue }}{% endif %}",
         style="List Bullet")
    para(d, "{%p endfor %}")
    para(d, "{%p if not future_meetings %}")
    para(d, "To be confirmed.")
    para(d, "{%p endif %}")
    para(d, "{%p if part2_items %}")
    para(d, PART2_HEADING, style="Heading 1")
    para(d, "{{ exclusion_resolution }}")
    part2 = loop_table(d, list(ITEM_HEADERS), [1.2, 4.0, 7.8, 4.0], "for i in part2_items",
                       ["{{ i.number }}.", "{{ i.heading }}\n{{ i.exempt_text }}", "", ""])
    bold_first_line(part2.rows[2].cells[1])
    para(d, "{%p endif %}")
    return d


def note_style(document):
    """The paragraph style of the notes to the secretary: small grey italic, named so that
    `minutes publish` finds them after Word or LibreOffice has saved the file."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    style = document.styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.italic = True
    style.font.size = Pt(9)
    style.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    return style
