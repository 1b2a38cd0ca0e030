"""Guarantee 5: a workbook holding what the rebuild would drop is never saved over without --force."""

from __future__ import annotations

import re

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName

from conftest import leftovers, rewrite_zip
from meeting_packs.errors import ContentWouldBeLost, RegisterError
from meeting_packs.registers.schema import ACTIONS_BOOK
from meeting_packs.registers.loss import content_that_would_be_lost

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
       b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00"
       b"IEND\xaeB`\x82")


def _in_openpyxl(change):
    """Decorate the register the way a member of staff would, in a spreadsheet program."""
    def apply(path):
        book = openpyxl.load_workbook(path, rich_text=True)
        change(book)
        book.save(path)
    return apply


def _comment(book):
    book["Actions"]["E2"].comment = Comment("Check with the parents' forum", "Ian Thomas")


def _chart(book):
    chart = BarChart()
    chart.add_data(Reference(book["Actions"], min_col=1, min_row=1, max_row=2))
    book["Actions"].add_chart(chart, "P2")


def _formula(book):
    book["Actions"]["K2"] = "=UPPER(E2)"


def _sheet(book):
    book.create_sheet("My notes")["A1"] = "private jottings"


def _hyperlink(book):
    book["Actions"]["K2"].hyperlink = "https://www.kingston.gov.uk/send"


def _named_range(book):
    book.defined_names["OpenActions"] = DefinedName("OpenActions", attr_text="Actions!$A$2:$A$9")


def _inline_rich_text(book):
    book["Actions"]["E2"] = CellRichText(["Publish the ", TextBlock(InlineFont(b=True), "local offer")])


def _image(path):
    rewrite_zip(path, {"xl/media/image1.png": PNG})


def _data_bars(path):
    ext = (b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD8539E14}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"/></extLst>')
    rewrite_zip(path, {"xl/worksheets/sheet1.xml": lambda xml: xml.replace(b"</worksheet>",
                                                                         ext + b"</worksheet>")})


def _shared_rich_text(path):
    """Excel keeps text in a shared-strings part; a rich one is a list of runs."""
    sst = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
           b'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><r><t xml:space="preserve">Publish '
           b'the </t></r><r><rPr><b/></rPr><t>local offer</t></r></si></sst>')
    content_type = (b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                    b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    relation = (b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/'
                b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    rewrite_zip(path, {
        "xl/sharedStrings.xml": sst,
        "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", content_type),
        "xl/_rels/workbook.xml.rels": lambda xml: xml.replace(b"</Relationships>", relation),
        "xl/worksheets/sheet1.xml": lambda xml: re.sub(rb'<c r="E2"[^>]*>.*?</c>',
                                                       b'<c r="E2" t="s"><v>0</v></c>', xml, count=1),
    })


CASES = [
    pytest.param(_in_openpyxl(_comment), ["comments or notes on cells"], id="comment"),
    pytest.param(_in_openpyxl(_chart), ["pictures, shapes or text boxes", "charts"], id="chart"),
    pytest.param(_image, ["pictures, shapes or text boxes"], id="image"),
    pytest.param(_in_openpyxl(_formula), ["1 formula(s) (they would be replaced by their values)"],
                 id="formula"),
    pytest.param(_in_openpyxl(_sheet), ["the sheet(s) 'My notes'"], id="extra-sheet"),
    pytest.param(_in_openpyxl(_hyperlink), ["1 hyperlink(s)"], id="hyperlink"),
    pytest.param(_in_openpyxl(_named_range), ["named ranges OpenActions"], id="named-range"),
    pytest.param(_in_openpyxl(_inline_rich_text), ["bold, italic or coloured words inside 1 cell(s)"],
                 id="rich-text-inline"),
    pytest.param(_shared_rich_text, ["bold, italic or coloured words inside 1 cell(s)"],
                 id="rich-text-shared"),
    pytest.param(_data_bars, ["data bars or icon-set formatting"], id="unsupported-extension"),
]


@pytest.mark.parametrize("decorate, lost", CASES)
def test_what_would_be_lost_is_named(populated, decorate, lost):
    path = populated.register_path(ACTIONS_BOOK)
    decorate(path)
    assert content_that_would_be_lost(path, ["Actions", "History"]) == lost


def test_a_register_the_tool_wrote_loses_nothing(populated):
    assert content_that_would_be_lost(populated.register_path(ACTIONS_BOOK), ["Actions", "History"]) == []


@pytest.mark.parametrize("decorate, lost", CASES)
def test_library_save_refuses_without_force(populated, decorate, lost):
    path = populated.register_path(ACTIONS_BOOK)
    decorate(path)
    data = populated.read(ACTIONS_BOOK)
    before = path.read_bytes()
    with pytest.raises(ContentWouldBeLost) as caught:
        populated.save(data)
    message = str(caught.value)
    assert message.startswith("actions.xlsx holds things this tool cannot keep: " + "; ".join(lost))
    assert "run again with --force" in message
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


@pytest.mark.parametrize("decorate, lost", CASES[:6])
def test_cli_refuses_without_force_and_saves_with_it(populated, invoke, decorate, lost):
    path = populated.register_path(ACTIONS_BOOK)
    decorate(path)
    decorated = path.read_bytes()

    refused = invoke("actions", "update", "SENDPB-A001", "--rag", "Red")
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: actions.xlsx holds things this tool cannot keep: "
                                     + "; ".join(lost) + ". Nothing was saved.")
    assert path.read_bytes() == decorated

    backups_before = set((path.parent / "backups").iterdir())
    forced = invoke("actions", "update", "SENDPB-A001", "--rag", "Red", "--force")
    assert forced.exit_code == 0, forced.output
    assert "SENDPB-A001: RAG 'Amber' → 'Red'" in forced.output
    assert content_that_would_be_lost(path, ["Actions", "History"]) == []
    [backup] = set((path.parent / "backups").iterdir()) - backups_before
    assert backup.read_bytes() == decorated  # what was dropped is still in the backup
    rows = populated.read(ACTIONS_BOOK)["Actions"].rows
    assert [r["RAG"] for r in rows if r["Reference"] == "SENDPB-A001"] == ["Red"]


def test_forced_save_keeps_rows_of_extra_columns(populated, invoke):
    """A column staff added is not content that is lost: it is kept, header and values."""
    path = populated.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    sheet = book["Actions"]
    sheet.cell(row=1, column=14, value="Chased on")
    sheet.cell(row=2, column=14, value="phoned twice")
    book.save(path)
    result = invoke("actions", "update", "SENDPB-A001", "--progress", "Going well")
    assert result.exit_code == 0, result.output
    data = populated.read(ACTIONS_BOOK)
    assert data["Actions"].extra_headers == ["Chased on"]
    assert [r["Chased on"] for r in data["Actions"].rows] == ["phoned twice", None]


def test_macro_workbook_is_refused_on_read(populated, invoke):
    path = populated.register_path(ACTIONS_BOOK)
    rewrite_zip(path, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"})
    before = path.read_bytes()
    with pytest.raises(RegisterError, match=r"^actions\.xlsx contains macros"):
        populated.read(ACTIONS_BOOK)
    result = invoke("actions", "update", "SENDPB-A001", "--rag", "Red", "--force")
    assert result.exit_code == 1
    assert result.output.startswith("Error: actions.xlsx contains macros. Registers must be plain "
                                    "Excel workbooks (.xlsx) without macros")
    assert path.read_bytes() == before
