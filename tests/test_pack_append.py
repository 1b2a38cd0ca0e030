"""Appending a long table to the pack moves its rows instead of copying them (issue 14).

`docx_tools.append_document` must give the very XML docxcompose gives, style renaming
included, and leave to docxcompose every table whose rows need its care.
"""

from __future__ import annotations

import copy

import docx
import pytest
from lxml import etree

from meeting_packs.documents.docx_tools import append_document, composer


def _source(rows: int, *, numbered: bool = False, style_clash: bool = False):
    document = docx.Document()
    if style_clash:  # a style the pack has too, under the same id but another name
        document.styles.add_style("Cell Text", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Action log", style="Heading 1")
    table = document.add_table(rows=rows, cols=3)
    table.style = "Table Grid"
    for index, row in enumerate(table.rows):
        for cell in row.cells:
            paragraph = cell.paragraphs[0]
            paragraph.text = f"row {index} objective"
            if numbered and index == rows - 1:
                paragraph.style = "List Number"
            elif style_clash:
                paragraph.style = "Cell Text"
    document.add_paragraph("End")
    return document


def _master(style_clash: bool = False):
    document = docx.Document()
    if style_clash:
        style = document.styles.add_style("Cell Text Pack", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(docx.oxml.ns.qn("w:styleId"), "CellText")  # the source's id, another name
    document.add_paragraph("Agenda")
    return document


def _body(document) -> bytes:
    return etree.tostring(document.element.body)


@pytest.mark.parametrize("rows, numbered, clash", [(40, False, False), (40, True, False), (2, False, False),
                                                  (40, False, True)])
def test_append_document_gives_what_docxcompose_gives(rows, numbered, clash):
    ours, theirs = _master(clash), _master(clash)
    source = _source(rows, numbered=numbered, style_clash=clash)
    composer(theirs).append(copy.deepcopy(source))
    append_document(composer(ours), source)
    assert _body(ours) == _body(theirs)
    assert len(ours.tables[0].rows) == rows


def _report(title: str, clash: bool):
    """A report as authors write them: headings, bulleted and numbered lists (one numbered by its own
    paragraph properties), a table, a style whose id the pack uses under another name."""
    document = _source(3, numbered=True, style_clash=clash)
    document.add_paragraph(title, style="Heading 2")
    for text in ("first point", "second point"):
        document.add_paragraph(text, style="List Bullet")
    for text in ("step one", "step two"):
        document.add_paragraph(text, style="List Number")
    own = document.add_paragraph("numbered by its own properties", style="Normal")
    own._p.get_or_add_pPr().append(etree.fromstring(
        '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'))
    document.add_paragraph("Closing words", style="Heading 1")
    return document


@pytest.mark.parametrize("clash", [False, True])
def test_the_pack_composer_gives_what_docxcompose_own_gives(clash):
    """`composer` (styles listed as light views, what a style says about numbering kept for a report)
    gives docxcompose's own Composer's body, styles and numbering, report after report."""
    from docxcompose.composer import Composer

    ours, theirs = _master(clash), _master(clash)
    fast, plain = composer(ours), Composer(theirs)
    for title in ("First report", "Second report"):
        source = _report(title, clash)
        plain.append(copy.deepcopy(source))
        fast.append(source)
    assert _body(ours) == _body(theirs)
    assert etree.tostring(ours.styles.element) == etree.tostring(theirs.styles.element)
    assert etree.tostring(ours.part.numbering_part.element) == etree.tostring(theirs.part.numbering_part.element)
    assert b"lvlOverride" in etree.tostring(ours.part.numbering_part.element)  # (a list was restarted)
    assert ours.styles.__iter__.__func__ is theirs.styles.__iter__.__func__  # (the listing is put back)


def test_a_report_docxcompose_cannot_read_leaves_the_style_listing_as_it_was():
    """A report style whose name has no value (python-docx refuses it) fails as docxcompose's own
    Composer fails, and the composer's `Styles.__iter__` and its kept style facts are put back."""
    from docx.styles.styles import Styles
    from docxcompose.composer import Composer

    def report():
        document = _report("Odd report", False)
        document.styles.element.append(etree.fromstring(
            '<w:style xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:type="paragraph"'
            ' w:styleId="Odd" w:customStyle="1"><w:name/><w:rsid w:val="00AB12CD"/></w:style>'))
        document.add_paragraph("odd")._p.get_or_add_pPr().append(etree.fromstring(
            '<w:pStyle xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:val="Odd"/>'))
        return document

    listing = Styles.__iter__
    failures = []
    for make in (Composer, composer):
        made = make(_master())
        with pytest.raises(Exception) as raised:
            made.append(report())
        failures.append((type(raised.value), str(raised.value)))
    assert failures[0] == failures[1]
    assert Styles.__iter__ is listing and made._numbered_styles == {}
    assert type(next(iter(_master().styles))).__name__ != "_StyleView"
