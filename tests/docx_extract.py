"""Read a .docx back through python-docx: what a reader (or a screen reader) would get.

The document tests compare these extractions, never the bytes of a file:
Word and docxtpl may legitimately change ids, rsids and zip order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

W_TBL, W_P = qn("w:tbl"), qn("w:p")


def open_docx(path_or_document):
    """A python-docx Document from a path (or the Document itself)."""
    if isinstance(path_or_document, (str, Path)):
        return Document(str(path_or_document))
    return path_or_document


def _blocks(parent_element, parent) -> Iterator[Paragraph | Table]:
    for child in parent_element.iterchildren():
        if child.tag == W_P:
            yield Paragraph(child, parent)
        elif child.tag == W_TBL:
            yield Table(child, parent)


def body_blocks(document) -> Iterator[Paragraph | Table]:
    """Top-level paragraphs and tables of the body, in reading order."""
    document = open_docx(document)
    yield from _blocks(document.element.body, document._body)


def paragraph_style(paragraph: Paragraph) -> str:
    try:
        return paragraph.style.name if paragraph.style is not None else ""
    except KeyError:  # a style id the document does not define
        return paragraph._p.pPr.pStyle.val if paragraph._p.pPr is not None and paragraph._p.pPr.pStyle is not None else ""


def paragraphs(document, skip_empty: bool = True) -> list[list[str]]:
    """Top-level body paragraphs as [style name, text] (tables excluded)."""
    out = []
    for block in body_blocks(document):
        if isinstance(block, Paragraph):
            text = block.text
            if skip_empty and not text.strip():
                continue
            out.append([paragraph_style(block), text])
    return out


def cell_text(cell) -> str:
    """A cell's text: its paragraphs joined by newlines (a nested table's cells too)."""
    return "\n".join(p.text for p in cell.paragraphs)


def table_rows(table: Table) -> list[list[str]]:
    """A table as rows of cell texts (each merged cell once, at its top-left position)."""
    rows = []
    for tr in table._tbl.tr_lst:
        rows.append([cell_text(_cell(tc, table)) for tc in tr.tc_lst])
    return rows


def _cell(tc, table):
    from docx.table import _Cell

    return _Cell(tc, table)


def tables(document) -> list[Table]:
    """Every top-level table of the body, in order."""
    return [b for b in body_blocks(document) if isinstance(b, Table)]


def all_tables_text(document) -> list[list[list[str]]]:
    return [table_rows(t) for t in tables(document)]


def cell_fill(tc_or_cell) -> str | None:
    """The shading fill (RRGGBB, upper case) of a cell, or None."""
    tc = getattr(tc_or_cell, "_tc", tc_or_cell)
    tc_pr = tc.tcPr
    if tc_pr is None:
        return None
    shd = tc_pr.find(qn("w:shd"))
    if shd is None:
        return None
    fill = shd.get(qn("w:fill"))
    return fill.upper() if fill else None


def run_colours(tc_or_cell) -> set[str]:
    """Every explicit text colour (w:color) of the runs in a cell ('AUTO' where unset)."""
    tc = getattr(tc_or_cell, "_tc", tc_or_cell)
    colours = set()
    for run in tc.iter(qn("w:r")):
        if not "".join(t.text or "" for t in run.iter(qn("w:t"))).strip():
            continue
        rpr = run.find(qn("w:rPr"))
        colour = rpr.find(qn("w:color")) if rpr is not None else None
        colours.add((colour.get(qn("w:val")) or "auto").upper() if colour is not None else "AUTO")
    return colours


def shaded_cells(document, ignore: set[str] = frozenset()) -> list[dict[str, Any]]:
    """Every shaded cell of every table (body, top level and nested), with its text and fill.

    `ignore` holds fills (e.g. the header-row blue) that are decoration, not meaning.
    """
    document = open_docx(document)
    out = []
    for t_index, tbl in enumerate(document.element.body.iter(W_TBL)):
        for r_index, tr in enumerate(tbl.tr_lst):
            for c_index, tc in enumerate(tr.tc_lst):
                fill = cell_fill(tc)
                if fill is None or fill in ignore or fill == "AUTO":
                    continue
                text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                                 for p in tc.iter(W_P))
                out.append({"table": t_index, "row": r_index, "column": c_index, "fill": fill,
                            "text": text, "colours": sorted(run_colours(tc))})
    return out


def header_repeat_flags(document) -> list[bool]:
    """For every table in the body: whether its first row is marked w:tblHeader (repeat, and a header)."""
    document = open_docx(document)
    flags = []
    for tbl in document.element.body.iter(W_TBL):
        first = tbl.tr_lst[0] if tbl.tr_lst else None
        tr_pr = first.trPr if first is not None else None
        header = tr_pr.find(qn("w:tblHeader")) if tr_pr is not None else None
        flags.append(header is not None and header.get(qn("w:val"), "true") not in ("0", "false", "off"))
    return flags


CORE_PROPERTIES_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def core(document) -> dict[str, str]:
    """Title, language, subject and keywords from docProps/core.xml.

    Keywords are read by namespace: once docxtpl (and so docxcompose) is imported,
    python-docx's `cp` prefix points at the custom-properties namespace and
    `core_properties.keywords` would read the wrong element.
    """
    props = open_docx(document).core_properties
    keywords = props._element.find(f"{{{CORE_PROPERTIES_NS}}}keywords")
    return {"title": props.title, "language": props.language, "subject": props.subject,
            "keywords": (keywords.text or "") if keywords is not None else ""}


def style_language(document) -> str | None:
    """w:lang in the style defaults (docDefaults/rPrDefault), which proofing and screen readers use."""
    document = open_docx(document)
    lang = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    return lang.get(qn("w:val")) if lang is not None else None


def orientations(document) -> list[str]:
    """Each section's orientation as 'landscape' or 'portrait' (by the page's shape, as printed)."""
    out = []
    for section in open_docx(document).sections:
        width, height = section.page_width, section.page_height
        out.append("landscape" if width and height and width > height else "portrait")
    return out


def _field_instructions(element) -> list[str]:
    return [" ".join((i.text or "").split()) for i in element.iter(qn("w:instrText"))] + \
           [" ".join((f.get(qn("w:instr")) or "").split()) for f in element.iter(qn("w:fldSimple"))]


def footers(document) -> list[dict[str, Any]]:
    """Per section: the default footer's text, its field instructions, whether it is linked to the
    previous section, and the page-number restart (w:pgNumType w:start) if any."""
    out = []
    for section in open_docx(document).sections:
        footer = section.footer
        sect_pr = section._sectPr
        pg = sect_pr.find(qn("w:pgNumType"))
        start = pg.get(qn("w:start")) if pg is not None else None
        linked = footer.is_linked_to_previous
        element = None if linked else footer._element
        out.append({
            "linked": linked,
            "text": "" if linked else "\n".join(p.text for p in footer.paragraphs),
            "fields": [] if element is None else _field_instructions(element),
            "start": int(start) if start is not None else None,
        })
    return out


def headers(document) -> list[str]:
    """Per section: the default header's text ('' when linked to the previous one)."""
    out = []
    for section in open_docx(document).sections:
        header = section.header
        out.append("" if header.is_linked_to_previous else "\n".join(p.text for p in header.paragraphs))
    return out


def section_texts(document) -> list[str]:
    """The body text of each section (paragraphs and table cells), split where a section ends."""
    document = open_docx(document)
    texts, current = [], []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:sectPr"):
            continue
        current.append("\n".join("".join(t.text or "" for t in p.iter(qn("w:t")))
                                 for p in ([child] if child.tag == W_P else child.iter(W_P))))
        ends_section = child.tag == W_P and child.pPr is not None and child.pPr.sectPr is not None
        if ends_section:
            texts.append("\n".join(current))
            current = []
    texts.append("\n".join(current))
    return texts


def full_text(document) -> str:
    """All text of the body (paragraphs and every table cell), headers and footers included."""
    document = open_docx(document)
    parts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(W_P)]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if not part.is_linked_to_previous:
                parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)


def extract(document, shading_ignore: set[str] = frozenset()) -> dict[str, Any]:
    """The golden view of a document: styled paragraphs, table texts, shaded cells."""
    document = open_docx(document)
    return {
        "paragraphs": paragraphs(document),
        "tables": all_tables_text(document),
        "shading": [{k: c[k] for k in ("table", "row", "column", "fill", "text")}
                    for c in shaded_cells(document, shading_ignore)],
    }
