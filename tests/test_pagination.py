"""Clean pagination in the pack (issue 11, "Clean pagination"): which rows and paragraphs get Word's
"keep with next", read from the Word XML (tests/test_pdf.py checks the pages LibreOffice lays out).
"""

from __future__ import annotations

from docx import Document
from docx.oxml.ns import qn

from meeting_packs.documents.docx_tools import (keep_lead_ins_with_tables, keep_short_tables_whole,
                                                keep_subheadings_with_next, mark_header_row)


def kept(row) -> bool:
    flags = [p.paragraph_format.keep_with_next for p in (para for cell in row.cells for para in cell.paragraphs)]
    return bool(flags) and all(flags)


def plan_table(document, rows: int = 0):
    """Like the SEND plan's activity table: header, sub-heading across the row, activities, a bold
    first-cell-only sub-heading, a total row (bold, with figures) last."""
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Activity", "Lead", "Cost")):
        cell.text = text
    mark_header_row(table.rows[0])
    spanning = table.add_row()
    merged = spanning.cells[0].merge(spanning.cells[2])
    merged.text = "Intelligence and insight"
    for number in range(rows or 2):
        values = table.add_row().cells
        values[0].text, values[1].text, values[2].text = f"Activity {number}", "Head of Intelligence", "8,000"
    bold = table.add_row().cells
    bold[0].paragraphs[0].add_run("Sustainable funding").bold = True
    values = table.add_row().cells
    values[0].text, values[1].text, values[2].text = "Shared understanding", "Director", "0"
    total = table.add_row().cells
    for cell, text in zip(total, ("Total", "", "8,000")):
        cell.paragraphs[0].add_run(text).bold = True
    return table


def test_subheading_rows_keep_with_the_next_row_and_nothing_else_does():
    document = Document()
    table = plan_table(document)
    assert keep_subheadings_with_next(document) == 2
    rows = table.rows
    assert [kept(row) for row in rows] == [False, True, False, False, True, False, False]


def test_a_bold_row_with_figures_or_a_long_sentence_is_not_a_subheading():
    document = Document()
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].paragraphs[0].add_run("Subtotal").bold = True
    table.rows[0].cells[1].paragraphs[0].add_run("12").bold = True
    table.rows[1].cells[0].paragraphs[0].add_run("A bold sentence that runs on and on " * 4).bold = True
    table.rows[2].cells[0].text = "Last"
    assert keep_subheadings_with_next(document) == 0


def test_the_last_row_is_never_kept_with_what_follows_the_table():
    document = Document()
    table = document.add_table(rows=2, cols=2)
    table.rows[0].cells[0].text = "Data"
    merged = table.rows[1].cells[0].merge(table.rows[1].cells[1])
    merged.paragraphs[0].add_run("Closing heading").bold = True
    assert keep_subheadings_with_next(document) == 0


def test_a_short_table_is_kept_whole_and_a_long_one_may_break_between_rows():
    document = Document()
    short = plan_table(document)
    long = plan_table(document, rows=60)
    assert keep_short_tables_whole(document) == 1
    assert all(kept(row) for row in short.rows[:-1]) and not kept(short.rows[-1])
    assert not any(kept(row) for row in long.rows)


def test_a_short_lead_in_keeps_with_its_table_but_a_list_item_or_a_long_paragraph_does_not():
    document = Document()
    document.add_heading("Risk analysis", level=2)
    lead_in = document.add_paragraph("These risks are owned by the chair of the workstream.")
    document.add_paragraph("")
    document.add_table(rows=2, cols=2)
    item = document.add_paragraph("We will challenge ourselves.", style="List Bullet")
    document.add_table(rows=2, cols=2)
    long = document.add_paragraph("A paragraph of the report's own. " * 12)
    document.add_table(rows=2, cols=2)
    assert keep_lead_ins_with_tables(document) == 1
    assert lead_in.paragraph_format.keep_with_next
    assert document.paragraphs[2].paragraph_format.keep_with_next  # the empty one between them
    assert not item.paragraph_format.keep_with_next
    assert not long.paragraph_format.keep_with_next


def test_keep_with_next_is_written_where_word_reads_it():
    """w:keepNext in the paragraph properties, in schema order (before w:spacing), as Word expects."""
    document = Document()
    table = plan_table(document)
    keep_subheadings_with_next(document)
    p_pr = table.rows[1].cells[0].paragraphs[0]._p.pPr
    names = [child.tag for child in p_pr]
    assert qn("w:keepNext") in names
    if qn("w:spacing") in names:
        assert names.index(qn("w:keepNext")) < names.index(qn("w:spacing"))
