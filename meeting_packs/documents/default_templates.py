"""The built-in Word templates, made with python-docx so they are reproducible.

Run `python -m meeting_packs.documents.default_templates` to write them into
templates/.  Users may replace any of them with a corporate template that
uses the same fields (templates/README.md lists them).

Each template: real heading styles, header rows that repeat on every page,
English (UK) as the proofing language, a footer with page numbers, and
landscape pages where a table is wide.  Tags sit in runs of their own so
Word never splits them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .docx_tools import add_field, mark_header_row, set_language, set_orientation, shade_cell

FONT = "Arial"
HEADER_FILL = "D9E2F3"
DARK = RGBColor(0x1F, 0x38, 0x64)


def _base(landscape: bool = False, footer_label: str = "") -> Document:
    document = Document()
    section = document.sections[0]
    set_orientation(section, landscape)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin = Cm(1.8)
    section.bottom_margin = Cm(1.8)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 20), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = DARK
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    title_ppr = styles["Title"].element.get_or_add_pPr()
    border = title_ppr.find(qn("w:pBdr"))
    if border is not None:
        title_ppr.remove(border)
    set_language(document, "en-GB")
    footer = section.footer.paragraphs[0]
    footer.style = styles["Normal"]
    run = footer.add_run(footer_label)
    run.font.size = Pt(9)
    text_width = section.page_width - section.left_margin - section.right_margin
    footer.paragraph_format.tab_stops.clear_all()
    footer.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run("\tPage ").font.size = Pt(9)
    add_field(footer, "PAGE")
    for run in footer.runs:
        run.font.size = Pt(9)
    return document


def _p(document_or_cell, text: str = "", style: str | None = None, bold: bool = False,
       italic: bool = False, size: float | None = None, align=None):
    paragraph = document_or_cell.add_paragraph(style=style) if style else document_or_cell.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _cell_text(cell, text: str, bold: bool = False, first: bool = True, style: str | None = None):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    if style:
        paragraph.style = style
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    return paragraph


def _table(document, headers: list[str], widths_cm: list[float], rows: list[list[str]],
           size: float | None = None):
    """A table with a shaded, repeating header row and the given body rows (texts with tags)."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)  # the grid, which LibreOffice and Word use for layout
    header = table.rows[0]
    mark_header_row(header)
    for cell, text, width in zip(header.cells, headers, widths_cm):
        cell.width = Cm(width)
        _cell_text(cell, text, bold=True)
        shade_cell(cell, HEADER_FILL)
    for body in rows:
        row = table.add_row()
        for cell, text, width in zip(row.cells, body, widths_cm):
            cell.width = Cm(width)
            lines = text.split("\n") if text else [""]
            _cell_text(cell, lines[0])
            for line in lines[1:]:
                _cell_text(cell, line, first=False)
    if size:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
    return table


def _loop_table(document, headers, widths, loop: str, cells: list[str], size: float | None = None):
    """Header row, `{%tr for … %}` row, the prototype row, `{%tr endfor %}` row."""
    rows = [[f"{{%tr {loop} %}}"] + [""] * (len(headers) - 1), cells,
            ["{%tr endfor %}"] + [""] * (len(headers) - 1)]
    return _table(document, headers, widths, rows, size)


def _page_break(document):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# ------------------------------------------------------------------ the templates

def agenda() -> Document:
    d = _base(footer_label="{{ board.short_name }} – {{ meeting.date_short }} – Agenda")
    _p(d, "{{ board.name }}", style="Title")
    _p(d, "{% if board.council %}{{ board.council }}{% endif %}", bold=True)
    _p(d, "Date and time: {{ meeting.date_long }}{% if meeting.time %}, {{ meeting.time }}{% endif %}", bold=True)
    _p(d, "{% if meeting.venue %}Venue: {{ meeting.venue }}{% endif %}", bold=True)
    _p(d, "{% if publish_by %}Published by {{ publish_by }}{% endif %}", italic=True, size=9)
    _p(d, "Members", style="Heading 1")
    _p(d, "{%p if members %}")
    _p(d, "{% for m in members %}{{ m.display_name }}{% if m.organisation %} ({{ m.organisation }}){% endif %}"
          "{% if not loop.last %}; {% endif %}{% endfor %}")
    _p(d, "{%p else %}")
    _p(d, "The membership is listed on the council's website.")
    _p(d, "{%p endif %}")
    _p(d, "Contact: {{ board.contact.line }}")
    _p(d, "Agenda", style="Heading 1")
    item_cell = ("{{ item.title }}\n{%p for line in item.lines %}\n{{ line }}\n{%p endfor %}\n"
                 "{%p if item.lead %}\nLead: {{ item.lead }}\n{%p endif %}\n"
                 "{%p if item.matters_arising %}\nMatters arising – open actions from the last meeting:\n"
                 "{%p for a in item.matters_arising %}\n{{ a.ref }}: {{ a.text }} ({{ a.owner }}, due {{ a.due }}, {{ a.rag }})\n"
                 "{%p endfor %}\n{%p endif %}")
    table = _loop_table(d, ["Item", "Business", "Paper"], [1.6, 12.2, 3.2], "for item in items",
                        ["{{ item.number }}.", item_cell, "{{ item.appendix }}{% if item.to_follow %} (to follow){% endif %}"])
    _bold_first_line(table.rows[2].cells[1])
    _p(d, "{%p if part2_items %}")
    _p(d, "Part 2 – Not for publication", style="Heading 2")
    _p(d, "The following items are likely to be considered in private, after the resolution to exclude "
          "the press and public.")
    part2 = _loop_table(d, ["Item", "Business", "Paper"], [1.6, 12.2, 3.2], "for item in part2_items",
                        ["{{ item.number }}.", "{{ item.title }}\n{%p for line in item.lines %}\n{{ line }}\n{%p endfor %}\n{{ item.exempt_text }}",
                         "{{ item.appendix }}"])
    _bold_first_line(part2.rows[2].cells[1])
    _p(d, "{%p endif %}")
    _p(d, "{%p if appendices %}")
    _p(d, "Appendices", style="Heading 2")
    _p(d, "{%p for a in appendices %}")
    _p(d, "Appendix {{ a.letter }} – {{ a.title }} (item {{ a.item }}){% if a.to_follow %} – to follow{% endif %}"
          "{% if a.exempt %} – not for publication (paragraph {{ a.exempt }}){% endif %}", style="List Bullet")
    _p(d, "{%p endfor %}")
    _p(d, "{%p endif %}")
    _page_break(d)
    _p(d, "Welcome to this meeting", style="Heading 1")
    _p(d, "The following information explains the way some things are done at the meeting and some of "
          "the procedures.")
    _p(d, "{%p for s in public_information %}")
    _p(d, "{{ s.heading }}", style="Heading 2")
    _p(d, "{{ s.text }}")
    _p(d, "{%p endfor %}")
    return d


def _bold_first_line(cell) -> None:
    for run in cell.paragraphs[0].runs:
        run.bold = True


def action_appendix() -> Document:
    d = _base(landscape=True, footer_label="{{ board.short_name }} – Action log – {{ meeting.date_short }}")
    _p(d, "{{ board.name }}", style="Title")
    _p(d, "Action log", style="Heading 1")
    _p(d, "Actions as at {{ as_at }}{% if previous_meeting %}, with the direction of travel of each RAG "
          "rating since the meeting of {{ previous_meeting.date_short }}{% endif %}. "
          "{{ counts.open }} open, {{ counts.overdue }} overdue, {{ counts.closed_since }} closed since the last meeting.")
    _p(d, "RAG rating key", style="Heading 2")
    _loop_table(d, ["Status", "Meaning"], [4.5, 21], "for k in rag_key",
                ["{% cellbg k.colour %}{{ k.label }}", "{{ k.meaning }}"])
    _p(d, "Summary", style="Heading 2")
    table = _loop_table(d, ["Status", "{{ previous_heading }}", "{{ now_heading }}"], [6, 5, 5], "for s in summary",
                        ["{% cellbg s.colour %}{{ s.label }}", "{{ s.previous }}", "{{ s.now }}"])
    total = table.add_row()
    for cell, text in zip(total.cells, ["Total", "{{ summary_total.previous }}", "{{ summary_total.now }}"]):
        _cell_text(cell, text, bold=True)
    _p(d, "Actions", style="Heading 2")
    _p(d, "Direction of travel: ▲ Improved, ► Unchanged, ▼ Worse, ● New since the last meeting.", italic=True, size=9)
    _p(d, "{%p for g in groups %}")
    _p(d, "{{ g.name }}", style="Heading 3")
    _loop_table(d, ["Ref", "Action", "Owner", "Due", "RAG", "Direction", "Progress update"],
                [2.7, 7.0, 1.5, 2.4, 2.6, 2.4, 7.1], "for a in g.actions",
                ["{{ a.ref }}", "{{ a.text }}", "{{ a.owner }}", "{{ a.due_text }}",
                 "{% cellbg a.rag_colour %}{{ a.rag }}", "{{ a.direction_text }}",
                 "{{ a.progress }}{% if a.closed_text %} ({{ a.closed_text }}){% endif %}"], size=9.5)
    _p(d, "{%p endfor %}")
    _p(d, "{%p if not groups %}")
    _p(d, "There are no open actions.")
    _p(d, "{%p endif %}")
    return d


def risk_appendix() -> Document:
    d = _base(landscape=True, footer_label="{{ board.short_name }} – Risk register – {{ meeting.date_short }}")
    _p(d, "{{ board.name }}", style="Title")
    _p(d, "Risk register", style="Heading 1")
    _p(d, "{{ risk_count }} open risk(s), highest score first. Score = likelihood × impact (1 to 25).")
    _p(d, "Heat map", style="Heading 2")
    _p(d, "Number of open risks in each cell; rows are likelihood (5 = almost certain), columns impact (5 = severe).",
       size=9, italic=True)
    heat = _loop_table(d, ["Likelihood", "Impact 1", "Impact 2", "Impact 3", "Impact 4", "Impact 5"],
                       [3, 2.6, 2.6, 2.6, 2.6, 2.6], "for row in heatmap",
                       ["{{ row.likelihood }}"] + [f"{{% cellbg row.cells[{i}].colour %}}{{{{ row.cells[{i}].text }}}}"
                                                   for i in range(5)])
    for cell in heat.rows[2].cells[1:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _p(d, "Rating bands", style="Heading 2")
    _loop_table(d, ["Rating", "Scores", "Open risks"], [4, 3, 3], "for b in bands",
                ["{% cellbg b.colour %}{{ b.label }}", "{{ b.range }}", "{{ b.count }}"])
    _p(d, "Risks", style="Heading 2")
    _loop_table(d, ["Ref", "Risk and impact", "L", "I", "Rating", "Strategy", "Mitigating actions", "Owner", "Review"],
                [2.5, 7.0, 0.8, 0.8, 2.5, 2.0, 6.6, 1.4, 2.1], "for r in risks",
                ["{{ r.ref }}", "{{ r.text }}{% if r.workstream %} [{{ r.workstream }}]{% endif %}\n"
                 "{%p if r.consequence %}\nImpact: {{ r.consequence }}\n{%p endif %}",
                 "{{ r.likelihood }}", "{{ r.impact }}", "{% cellbg r.band_colour %}{{ r.band_text }}",
                 "{{ r.strategy }}", "{{ r.mitigation }}", "{{ r.owner }}", "{{ r.review_text }}"], size=9.5)
    return d


def plan_appendix() -> Document:
    d = _base(footer_label="{{ board.short_name }} – Work programme – {{ meeting.date_short }}")
    _p(d, "{{ board.name }}", style="Title")
    _p(d, "Work programme", style="Heading 1")
    _p(d, "Members of the Board are invited to put forward suggestions for inclusion on future agendas.")
    _p(d, "Current scheduled items", style="Heading 2")
    _p(d, "{%p for s in scheduled %}")
    _p(d, "{{ s.date_text }}", style="Heading 3")
    _p(d, "{%p if s.notes %}")
    _p(d, "{{ s.notes }}", italic=True)
    _p(d, "{%p endif %}")
    _p(d, "{%p for i in s.plan_items %}")
    _p(d, "{{ i.title }}{% if i.lead %} – {{ i.lead }}{% endif %}{% if i.purpose %} ({{ i.purpose | lower }}){% endif %}"
          "{% if i.to_follow %} – report to follow{% endif %}", style="List Bullet")
    _p(d, "{%p endfor %}")
    _p(d, "{%p if not s.plan_items %}")
    _p(d, "No items scheduled yet.")
    _p(d, "{%p endif %}")
    _p(d, "{%p endfor %}")
    _p(d, "{%p if not scheduled %}")
    _p(d, "No later meetings are in the schedule yet.")
    _p(d, "{%p endif %}")
    _p(d, "Unscheduled items", style="Heading 2")
    _p(d, "{%p for i in unscheduled %}")
    _p(d, "{{ i.title }}{% if i.lead %} – {{ i.lead }}{% endif %}", style="List Bullet")
    _p(d, "{%p endfor %}")
    _p(d, "{%p if not unscheduled %}")
    _p(d, "None at present.")
    _p(d, "{%p endif %}")
    _p(d, "{{ invitation }}")
    return d


def minutes_template() -> Document:
    d = _base(footer_label="Minutes – {{ board.short_name }} – {{ meeting.date_short }}")
    _p(d, "Minutes of the {{ board.name }}", style="Title")
    _p(d, "{{ meeting.date_long }}{% if meeting.time %}, {{ meeting.time }}{% endif %}"
          "{% if meeting.venue %}, {{ meeting.venue }}{% endif %}", bold=True)
    _p(d, "Move anyone who did not attend from Present to Apologies (cut and paste the row). Add a row to "
          "Actions agreed for each action; put the owner's initials in the Owner column and the due date as "
          "DD/MM/YYYY. Then run 'meeting-packs minutes import' on this file.", italic=True, size=9)
    _p(d, "Present", style="Heading 1")
    _loop_table(d, ["Name", "Initials", "Role", "Organisation"], [5, 2, 5.5, 4.5], "for m in present",
                ["{{ m.display_name }}", "{{ m.initials }}", "{{ m.role }}", "{{ m.organisation }}"])
    _p(d, "Apologies", style="Heading 1")
    apologies = _loop_table(d, ["Name", "Initials", "Role", "Organisation"], [5, 2, 5.5, 4.5], "for m in apologies",
                            ["{{ m.display_name }}", "{{ m.initials }}", "{{ m.role }}", "{{ m.organisation }}"])
    apologies.add_row()
    _p(d, "{%p if matters_arising %}")
    _p(d, "Matters arising", style="Heading 1")
    _loop_table(d, ["Ref", "Action", "Owner", "Due", "Update"], [2.6, 6.3, 1.5, 2.4, 4.2], "for a in matters_arising",
                ["{{ a.ref }}", "{{ a.text }}", "{{ a.owner }}", "{{ a.due }}", ""], size=9.5)
    _p(d, "{%p endif %}")
    _p(d, "Minutes", style="Heading 1")
    items = _loop_table(d, ["No.", "Item", "Minutes", "Action"], [1.2, 4.6, 9.4, 1.8], "for i in items",
                        ["{{ i.number }}.", "{{ i.heading }}", "", ""])
    _bold_first_line(items.rows[2].cells[1])
    _p(d, "Actions agreed", style="Heading 1")
    _loop_table(d, ["Item", "Action", "Owner", "Due"], [1.6, 10, 2.6, 2.8], "for a in actions_agreed",
                ["{{ a.item }}", "{{ a.action }}", "{{ a.owner }}", "{{ a.due }}"])
    _p(d, "Future meeting dates", style="Heading 1")
    _p(d, "{%p for f in future_meetings %}")
    _p(d, "{{ f.date_text }}{% if f.time %}, {{ f.time }}{% endif %}{% if f.venue %}, {{ f.venue }}{% endif %}",
       style="List Bullet")
    _p(d, "{%p endfor %}")
    _p(d, "{%p if not future_meetings %}")
    _p(d, "To be confirmed.")
    _p(d, "{%p endif %}")
    return d


BUILDERS = {
    "agenda": agenda,
    "action-appendix": action_appendix,
    "risk-appendix": risk_appendix,
    "plan-appendix": plan_appendix,
    "minutes-template": minutes_template,
}


def write_default_templates(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in BUILDERS.items():
        document = build()
        document.core_properties.title = name
        document.core_properties.author = "meeting-packs"
        path = folder / f"{name}.docx"
        document.save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "templates"
    for path in write_default_templates(target):
        print(path)
