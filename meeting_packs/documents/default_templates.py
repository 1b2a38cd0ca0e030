"""The built-in Word templates, made with python-docx so they are reproducible.

Run `python -m meeting_packs.documents.default_templates` to write them into
templates/: one per entry of the document registry (registry.py), each laid
out by its document module's `default_template()` with the kit below.  Users
may replace any of them with a corporate template that uses the same fields
(templates/README.md lists them).

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
from docx.enum.text import WD_BREAK, WD_TAB_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

from .docx_tools import (add_field, mark_header_row, remove_paragraph_border, set_east_asian_font, set_language,
                         set_orientation, set_style_fonts, shade_cell)

FONT = "Arial"
HEADER_FILL = "D9E2F3"
DARK = RGBColor(0x1F, 0x38, 0x64)


def base(landscape: bool = False, footer_label: str = "") -> Document:
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
    set_east_asian_font(normal, FONT)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 20), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = DARK
        set_style_fonts(style, FONT)
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    remove_paragraph_border(styles["Title"])
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


def para(document_or_cell, text: str = "", style: str | None = None, bold: bool = False,
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


def cell_text(cell, text: str, bold: bool = False, first: bool = True, style: str | None = None):
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    if style:
        paragraph.style = style
    run = paragraph.add_run(text)
    if bold:
        run.bold = True
    return paragraph


def table(document, headers: list[str], widths_cm: list[float], rows: list[list[str]],
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
        cell_text(cell, text, bold=True)
        shade_cell(cell, HEADER_FILL)
    for body in rows:
        row = table.add_row()
        for cell, text, width in zip(row.cells, body, widths_cm):
            cell.width = Cm(width)
            lines = text.split("\n") if text else [""]
            cell_text(cell, lines[0])
            for line in lines[1:]:
                cell_text(cell, line, first=False)
    if size:
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(size)
    return table


def loop_table(document, headers, widths, loop: str, cells: list[str], size: float | None = None):
    """Header row, `{%tr for … %}` row, the prototype row, `{%tr endfor %}` row."""
    rows = [[f"{{%tr {loop} %}}"] + [""] * (len(headers) - 1), cells,
            ["{%tr endfor %}"] + [""] * (len(headers) - 1)]
    return table(document, headers, widths, rows, size)


def page_break(document):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def bold_first_line(cell) -> None:
    for run in cell.paragraphs[0].runs:
        run.bold = True


def write_default_templates(folder: Path) -> list[Path]:
    """Every registered document's built-in template, written into `folder`."""
    from .. import files
    from .registry import DOCUMENTS

    written = []
    for kind in DOCUMENTS:
        document = kind.default_template()
        document.core_properties.title = kind.name
        document.core_properties.author = "meeting-packs"
        written.append(files.write_with(folder / kind.template, lambda temp: document.save(str(temp))))
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "templates"
    for path in write_default_templates(target):
        print(path)
