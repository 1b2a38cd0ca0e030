"""The agenda: board, date, time, venue, membership, contact; numbered items; the welcome page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..agenda_rules import exempt_item_note, late_notice
from ..dates import numeric_date, short_date
from ..model import MemberType
from ..workspace import Workspace
from .context import (MeetingData, agenda_items, common_context, exclusion_resolution, member_dict,
                      ordered_members)


# Up to this many open actions are listed under the agenda's minutes (or actions) item; more, and
# the item points to the action log instead.  Each entry takes one to three lines of the item's
# cell, so eight keep the item to about half a page of the agenda's front pages; a longer list
# (the SEND board's 17 took two pages) is better read in the action log, with RAG and direction.
ARISING_LIST_LIMIT = 8


def matters_arising(md: MeetingData) -> list[dict[str, Any]]:
    """Every open action of the board raised before this meeting (or with no meeting recorded),
    whichever meeting raised it: an action carries over until it is closed."""
    chosen = [a for a in md.registers.actions if a.board == md.board.code and a.is_open
              and (a.meeting is None or a.meeting < md.meeting.date)]
    return [{"ref": a.ref, "text": a.text, "owner": a.owner, "due": numeric_date(a.due) if a.due else "",
             "rag": a.rag or "Not rated", "progress": a.progress,
             "overdue": a.is_overdue(md.as_at)}
            for a in sorted(chosen, key=lambda a: a.ref)]


def arising_pointer(arising: list[dict[str, Any]], appendices) -> str:
    """The one line the agenda gives matters arising when the list is too long to print."""
    from ..model import GeneratedPaper

    overdue = sum(1 for a in arising if a["overdue"])
    count = f"{len(arising)} open actions" + (f", {overdue} of them overdue" if overdue else "")
    log = next((a for a in appendices if a.plan.paper is GeneratedPaper.ACTIONS), None)
    where = (f"the action log, Appendix {log.letter} (item {log.item_number}), lists them in full" if log
             else "the action log lists them in full")
    return f"Matters arising: {count}; {where}."


def _pages(md: MeetingData, appendix) -> str:
    """How the agenda gives an item's pages: "range" (page-reference fields), "one" (a placeholder page), ""."""
    if not md.pack or appendix is None:
        return ""
    placeholder = ((appendix.exempt and md.pack == "public") or appendix.to_follow
                   or (appendix.generated is None and appendix.report is None))
    return "one" if placeholder else "range"


def build_context(md: MeetingData) -> dict[str, Any]:
    items, appendices = agenda_items(md)
    by_letter = {a.letter: a for a in appendices}
    arising = matters_arising(md)
    listed = arising if len(arising) <= ARISING_LIST_LIMIT else []
    pointer = arising_pointer(arising, appendices) if arising and not listed else ""
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
            "exempt_text": exempt_item_note(item.exempt) if item.exempt else "",
            "to_follow": item.to_follow, "part": item.part,
            "pages": _pages(md, by_letter.get(item.appendix)),
            **({"matters_arising": listed, "arising_pointer": pointer}
               if (item.role == "minutes" or (item.role == "actions" and not has_minutes_item))
               else {"matters_arising": [], "arising_pointer": ""}),
        })
    context = common_context(md, f"{md.board.name} – Agenda – {short_date(md.meeting.date)}")
    late = [{"number": i.number, "title": i.title} for i in items if i.role == "plan"] if context["late"] else []
    context.update({
        "late_items": late,
        "late_notice": late_notice(md.board, md.published_on, md.meeting.date) if late else "",
        "items": [r for r in rows if r["part"] == 1],
        "part2_items": [r for r in rows if r["part"] == 2],
        "appendices": [{"letter": a.letter, "title": a.title, "item": a.item_number,
                        "to_follow": a.to_follow, "exempt": a.exempt or ""} for a in appendices],
        "members": [member_dict(m) for m in ordered_members(md.members)
                    if m.type in (MemberType.CHAIR, MemberType.CO_CHAIR, MemberType.MEMBER, MemberType.OBSERVER)],
        # the built-in template's membership table: the role column says chair, observer …
        "member_rows": [dict(member_dict(m), role_text=_role_text(m), line=_member_line(m))
                        for m in ordered_members(md.members)
                        if m.type in (MemberType.CHAIR, MemberType.CO_CHAIR, MemberType.MEMBER,
                                      MemberType.OBSERVER)],
        "public_information": [{"heading": s.heading, "text": s.text} for s in md.board.public_information],
        "matters_arising": arising,
    })
    return context


def _role_text(member) -> str:
    kind = member.type.value if member.type is not MemberType.MEMBER else ""
    return "; ".join(part for part in (member.role, kind) if part and part.casefold() != member.name.casefold())


def _member_line(member) -> str:
    """"Ian Thomas (Chair) – Chief Executive, Royal Borough of Kingston upon Thames": one member, one line."""
    role = member.role if member.role.casefold() != member.name.casefold() else ""  # "Leader of the Council"
    details = ", ".join(part for part in (role, member.organisation) if part)
    return f"{member.display_name} – {details}" if details else member.display_name


def write_agenda(ws: Workspace, board: str, when: str, output: Path | None = None,
                 today: dt.date | None = None) -> Path:
    """`registry.write_document(ws, "agenda", …)`, under the name the CLI has always called."""
    from .registry import write_document

    return write_document(ws, "agenda", board, when, output, today)


def default_template():
    """The built-in template's layout (written by `python -m meeting_packs.documents.default_templates`)."""
    from docx.shared import Pt

    from .default_templates import base, bold_first_line, loop_table, page_break, para
    from .docx_tools import add_field

    d = base(footer_label="{{ board.short_name }} – {{ meeting.date_short }} – Agenda")
    para(d, "{{ board.name }}", style="Title")
    para(d, "{% if board.council %}{{ board.council }}{% endif %}", bold=True)
    para(d, "Date and time: {{ meeting.date_long }}{% if meeting.time %}, {{ meeting.time }}{% endif %}", bold=True)
    para(d, "{% if meeting.venue %}Venue: {{ meeting.venue }}{% endif %}", bold=True)
    para(d, "Published on {{ published_on }}", italic=True, size=9)
    para(d, "{%p if late_items %}")
    para(d, "Items published late", style="Heading 2")
    para(d, "{{ late_notice }}")
    para(d, "{%p for i in late_items %}")
    para(d, "Item {{ i.number }} – {{ i.title }}", style="List Bullet")
    para(d, "{%p endfor %}")
    para(d, "{%p endif %}")
    para(d, "Members", style="Heading 1")
    para(d, "{%p if member_rows %}")
    para(d, "{%p for m in member_rows %}")
    para(d, "{{ m.line }}").paragraph_format.space_after = Pt(0)  # one member per line, as a list reads
    para(d, "{%p endfor %}")
    para(d, "{%p else %}")
    para(d, "The membership is listed on the council's website.")
    para(d, "{%p endif %}")
    para(d, "Contact: {{ board.contact.line }}")
    para(d, "Agenda", style="Heading 1")
    item_cell = ("{{ item.title }}\n{%p for line in item.lines %}\n{{ line }}\n{%p endfor %}\n"
                 "{%p if item.lead %}\nLead: {{ item.lead }}\n{%p endif %}\n"
                 "{%p if item.matters_arising %}\nMatters arising – open actions:\n"
                 "{%p for a in item.matters_arising %}\n{{ a.ref }}: {{ a.text }} ({{ a.owner }}, due {{ a.due }}, {{ a.rag }})\n"
                 "{%p endfor %}\n{%p endif %}\n"
                 "{%p if item.arising_pointer %}\n{{ item.arising_pointer }}\n{%p endif %}")
    table = loop_table(d, ["Item", "Business", "Paper"], [1.6, 12.2, 3.2], "for item in items",
                       ["{{ item.number }}.", item_cell, ""])
    bold_first_line(table.rows[2].cells[1])
    _paper_cell(table.rows[2].cells[2].paragraphs[0], add_field)
    para(d, "{%p if part2_items %}")
    para(d, "Part 2 – Not for publication", style="Heading 2")
    para(d, "The following items are likely to be considered in private, after the resolution to exclude "
            "the press and public.")
    part2 = loop_table(d, ["Item", "Business", "Paper"], [1.6, 12.2, 3.2], "for item in part2_items",
                       ["{{ item.number }}.", "{{ item.title }}\n{%p for line in item.lines %}\n{{ line }}\n{%p endfor %}\n{{ item.exempt_text }}",
                         ""])
    bold_first_line(part2.rows[2].cells[1])
    _paper_cell(part2.rows[2].cells[2].paragraphs[0], add_field)
    para(d, "{%p endif %}")
    para(d, "{%p if appendices %}")
    para(d, "Appendices", style="Heading 2")
    para(d, "{%p for a in appendices %}")
    para(d, "Appendix {{ a.letter }} – {{ a.title }} (item {{ a.item }}){% if a.to_follow %} – to follow{% endif %}"
            "{% if a.exempt %} – not for publication (paragraph {{ a.exempt }}){% endif %}",
         style="List Bullet").paragraph_format.keep_with_next = True  # the list stays with its heading
    para(d, "{%p endfor %}")
    para(d, "{%p endif %}")
    page_break(d)
    para(d, "Welcome to this meeting", style="Heading 1")
    para(d, "The following information explains the way some things are done at the meeting and some of "
            "the procedures.")
    para(d, "{%p for s in public_information %}")
    para(d, "{{ s.heading }}", style="Heading 2")
    para(d, "{{ s.text }}")
    para(d, "{%p endfor %}")
    return d


def _paper_cell(paragraph, add_field) -> None:
    """"Appendix B", and in a pack its pages on the next line: "pages B1–B10", from PAGEREF fields to
    the pack's bookmarks (LibreOffice fills them in as it lays out the PDF, Word when the pack is opened
    or printed)."""
    from docx.enum.text import WD_BREAK

    paragraph.add_run("{{ item.appendix }}{% if item.to_follow %} (to follow){% endif %}"
                      "{% if item.pages == 'range' %}")
    paragraph.add_run().add_break(WD_BREAK.LINE)
    paragraph.add_run("pages {{ item.letter }}")
    add_field(paragraph, "PAGEREF Appendix{{ item.letter }}Start \\h", placeholder="1", dirty=True)
    paragraph.add_run("–{{ item.letter }}")
    add_field(paragraph, "PAGEREF Appendix{{ item.letter }}End \\h", placeholder="1", dirty=True)
    paragraph.add_run("{% elif item.pages == 'one' %}")
    paragraph.add_run().add_break(WD_BREAK.LINE)
    paragraph.add_run("page {{ item.letter }}1{% endif %}")
