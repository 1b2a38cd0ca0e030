"""What staff see in Excel (issue 13): input messages, print setup, each board's own RAG list.

Checked by opening the saved workbooks with openpyxl, as Excel would show them.
"""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from meeting_packs.check import check_workspace
from meeting_packs.registers.schema import ACTIONS_BOOK, WORKBOOKS

SHEETS = [(book, sheet) for book in WORKBOOKS for sheet in book.sheets]


@pytest.mark.parametrize("book, spec", SHEETS, ids=[f"{b.key}-{s.name}" for b, s in SHEETS])
def test_every_drop_down_and_date_column_has_an_input_message(populated, book, spec):
    sheet = openpyxl.load_workbook(populated.register_path(book))[spec.name]
    prompts: dict[str, list] = {}
    for dv in sheet.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            prompts.setdefault(get_column_letter(cells.min_col), []).append(dv)
    for index, column in enumerate(spec.columns, 1):
        if not (column.choices or column.kind in ("date", "datetime", "time")):
            continue
        found = prompts.get(get_column_letter(index))
        assert found, column.header
        for dv in found:
            assert dv.showInputMessage and dv.promptTitle == column.header[:32], column.header
            assert 0 < len(dv.prompt) <= 255 and len(dv.promptTitle) <= 32
            if column.kind == "date":
                assert "DD/MM/YYYY" in dv.prompt
            if column.choices and column.choices != "rag":
                assert dv.prompt.startswith("Choose from the list: ")


@pytest.mark.parametrize("book, spec", SHEETS, ids=[f"{b.key}-{s.name}" for b, s in SHEETS])
def test_registers_print_landscape_one_page_wide_with_the_header_on_every_page(populated, book, spec):
    sheet = openpyxl.load_workbook(populated.register_path(book))[spec.name]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows.replace("$", "") == "1:1"


def test_print_titles_are_not_taken_for_staffs_named_ranges(populated):
    from meeting_packs.registers.loss import content_that_would_be_lost

    for book in WORKBOOKS:
        assert content_that_would_be_lost(populated.register_path(book), [s.name for s in book.sheets]) == []


def _rag_lists(populated) -> dict[int, str]:
    """Row number → the RAG drop-down it offers."""
    sheet = openpyxl.load_workbook(populated.register_path(ACTIONS_BOOK))["Actions"]
    rag = get_column_letter(ACTIONS_BOOK.sheets[0].headers.index("RAG") + 1)
    offered = {}
    for dv in sheet.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            if get_column_letter(cells.min_col) == rag:
                for row in range(cells.min_row, min(cells.max_row, 10) + 1):
                    offered[row] = dv.formula1
    return offered


def test_each_action_is_offered_its_own_boards_rag_scale(populated):
    offered = _rag_lists(populated)
    sendpb = '"' + ",".join(populated.board("sendpb").rag_scale.labels) + '"'
    hwb = '"' + ",".join(populated.board("hwb").rag_scale.labels) + '"'
    assert sendpb != hwb
    assert offered[2] == sendpb          # SENDPB-A001
    assert offered[3] == hwb             # HWB-A001
    everything = '"' + ",".join(populated.lists()["rag"]) + '"'
    assert offered[4] == everything      # a row not yet typed: every board's words


def test_check_names_a_rag_word_of_the_wrong_board(populated):
    hwb_only = next(label for label in populated.board("hwb").rag_scale.labels
                    if label not in populated.board("sendpb").rag_scale.labels)
    book = openpyxl.load_workbook(populated.register_path(ACTIONS_BOOK))
    rag = ACTIONS_BOOK.sheets[0].headers.index("RAG") + 1
    book["Actions"].cell(row=2, column=rag).value = hwb_only
    book.save(populated.register_path(ACTIONS_BOOK))
    report = check_workspace(populated)
    assert any(p.severity == "error" and p.where == "actions.xlsx, sheet Actions, row 2, column RAG"
               and f"'{hwb_only}' is not a RAG status of the SEND" in p.message for p in report.problems)
