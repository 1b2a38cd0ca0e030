"""Papers a council can publish (issue 11): tagged PDF/UA, page labels, bookmarks, page references, clean pages.

Both example packs and every standalone document are built and converted once
(module fixture); the tests read the PDFs with pypdf and `pdftotext`.  They
skip when LibreOffice or poppler-utils is missing, except under CI=true, where
they fail (.ci/run installs both).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from conftest import require_tool
from meeting_packs.documents.pdf import Part, find_soffice, to_pdf

HWB = ("hwb", "2019-03-28", "2019-03-01")
SENDPB = ("sendpb", "2019-11-14", "2019-11-01")
STANDALONE = [("agenda", *HWB), ("agenda", *SENDPB), ("appendix actions", *SENDPB),
              ("appendix risks", *SENDPB), ("appendix plan", *HWB), ("minutes template", *SENDPB)]


def run(root, *args):
    return CliRunner().invoke(app, ["-w", str(root)] + [str(a) for a in args])


_require = require_tool


@pytest.fixture(scope="module")
def built(tmp_path_factory, _pristine_example):
    """{name: pdf path} for both packs (`pack --pdf`) and every standalone document."""
    _require("LibreOffice (soffice)", find_soffice(), "libreoffice-writer-nogui")
    _require("pdftotext", shutil.which("pdftotext"), "poppler-utils")
    root = tmp_path_factory.mktemp("pdfs") / "ex"
    shutil.copytree(_pristine_example, root)
    pdfs = {}
    for board, date, as_of in (HWB, SENDPB):
        result = run(root, "pack", board, date, "--as-of", as_of, "--pdf")
        assert result.exit_code == 0, result.stderr
        pdfs[f"pack {board}"] = Path(next(line for line in result.stdout.splitlines() if line.endswith(".pdf")))
    for command, board, date, as_of in STANDALONE:
        target = root / "standalone" / f"{command.replace(' ', '-')}-{board}.docx"
        result = run(root, *command.split(), board, date, "--as-of", as_of, "-o", target)
        assert result.exit_code == 0, result.stderr
        pdfs[f"{command} {board}"] = to_pdf(target)
    return pdfs


def pages_text(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def structure_tags(pdf: Path) -> set[str]:
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    found: set[str] = set()
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if not hasattr(node, "get"):
            continue
        if node.get("/S") is not None:
            found.add(str(node["/S"]))
        kids = node.get("/K")
        kids = kids.get_object() if hasattr(kids, "get_object") else kids
        if isinstance(kids, list):
            stack.extend(kids)
        elif kids is not None:
            stack.append(kids)
    return found


# ------------------------------------------------------------------ 1. accessible PDF

def test_every_pdf_is_tagged_pdf_ua_with_title_and_language(built):
    from pypdf import PdfReader

    for name, pdf in built.items():
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "Tagged:          yes" in info, f"{name}: {info}"
        reader = PdfReader(str(pdf))
        root = reader.trailer["/Root"]
        assert root["/Lang"] == "en-GB", name
        assert root["/ViewerPreferences"]["/DisplayDocTitle"], f"{name}: the viewer shows the file name"
        assert reader.metadata.title, name
        assert b"pdfuaid" in root["/Metadata"].get_object().get_data(), f"{name} does not declare PDF/UA"


def test_structure_tree_holds_headings_and_tables_with_header_cells(built):
    tags = structure_tags(built["pack hwb"])
    assert {"/H1", "/H2", "/Table", "/TR", "/TH", "/TD"} <= tags, tags


def test_hwb_pack_page_labels_match_the_footers(built):
    from pypdf import PdfReader

    labels = PdfReader(str(built["pack hwb"])).page_labels
    expected = ([str(n) for n in range(1, 5)] + [f"A{n}" for n in range(1, 7)] + [f"B{n}" for n in range(1, 12)]
                + [f"C{n}" for n in range(1, 7)] + ["D1", "D2"])
    assert labels == expected
    pages = pages_text(built["pack hwb"])
    for label, page in zip(labels, pages):
        footer = [line for line in page.splitlines() if line.strip()][-1].split()
        assert footer[-1] == label, f"page labelled {label} has the footer {' '.join(footer)}"


def test_pack_bookmarks_are_named_as_a_reader_expects(built):
    from pypdf import PdfReader

    reader = PdfReader(str(built["pack sendpb"]))
    titles = [item.title for item in reader.outline]
    assert titles[0] == "Agenda"
    assert titles[1:] == ["Appendix A – Updates: Written Statement of Action",
                          "Appendix B – Updates: SEND Transformation Plan"], titles
    assert [reader.get_destination_page_number(item) for item in reader.outline][1:] == \
        [reader.page_labels.index("A1"), reader.page_labels.index("B1")]


def _two_part_document(tmp_path):
    """A .docx of two parts, each opening with the bookmark the pack puts there."""
    from docx import Document

    from meeting_packs.documents.docx_tools import add_bookmark

    source = tmp_path / "two.docx"
    document = Document()
    add_bookmark(document.add_paragraph("First part", style="Heading 1")._p, "PackStart")
    document.add_page_break()
    add_bookmark(document.add_paragraph("Second part", style="Heading 1")._p, "AppendixAStart")
    document.save(str(source))
    return source


def test_labels_are_an_update_that_keeps_libreoffices_tags(tmp_path):
    """The labels are appended to LibreOffice's file: the original bytes are all still there."""
    _require("LibreOffice (soffice)", find_soffice(), "libreoffice-writer-nogui")

    source = _two_part_document(tmp_path)
    plain = to_pdf(source)
    before = plain.read_bytes()
    labelled = to_pdf(source, force=True, parts=[Part("PackStart", "", "Agenda"),
                                                 Part("AppendixAStart", "A", "Appendix A – Second")])
    after = labelled.read_bytes()
    assert after.startswith(before[:before.rindex(b"startxref")][:2000])
    from pypdf import PdfReader

    assert PdfReader(str(labelled)).page_labels == ["1", "A1"]


def test_the_labels_update_is_a_well_formed_cross_reference_section(built):
    """Every entry of the appended cross-reference section points at its object, and a strict reader
    reads the file (the update is written by hand: LibreOffice's file has a classic table)."""
    from pypdf import PdfReader

    data = built["pack hwb"].read_bytes()
    start = data.rindex(b"\nxref\n") + 1
    lines = data[start:data.index(b"trailer", start)].decode().split("\n")[1:]
    entries, index = 0, 0
    while index < len(lines) and lines[index].strip():
        first, count = map(int, lines[index].split())
        for number in range(first, first + count):
            index += 1
            offset, generation, kind = lines[index].split()
            if kind == "n":
                assert data[int(offset):].startswith(f"{number} {int(generation)} obj".encode()), number
                entries += 1
        index += 1
    assert entries >= 2  # the catalogue and the bookmarks
    reader = PdfReader(str(built["pack hwb"]), strict=True)
    assert reader.page_labels[0] == "1" and reader.metadata.title


def test_a_pdf_with_a_cross_reference_stream_is_labelled_by_pypdfs_writer(tmp_path):
    """A file that does not end in a classic table (another converter, a later LibreOffice) still gets
    its labels and bookmarks, through pypdf's own incremental writer."""
    _require("LibreOffice (soffice)", find_soffice(), "libreoffice-writer-nogui")
    from pypdf import PdfReader, PdfWriter

    from meeting_packs.documents.pdf import label_parts

    source = _two_part_document(tmp_path)
    plain = to_pdf(source)
    writer = PdfWriter(str(plain), incremental=True)
    writer.add_metadata({"/Subject": "a stream-ended file"})
    streamed = tmp_path / "streamed.pdf"
    with open(streamed, "wb") as handle:
        writer.write(handle)
    assert b"/XRef" in streamed.read_bytes()[-600:]
    label_parts(streamed, [Part("PackStart", "", "Agenda"), Part("AppendixAStart", "A", "Appendix A – Second")])
    reader = PdfReader(str(streamed))
    assert reader.page_labels == ["1", "A1"]
    assert [item.title for item in reader.outline] == ["Agenda", "Appendix A – Second"]


# ------------------------------------------------------------------ page references

def test_agenda_gives_each_papers_pages_and_each_appendix_its_item(built):
    pages = pages_text(built["pack hwb"])
    agenda = " ".join(" ".join(pages[:4]).split())
    for letter, last in (("A", 6), ("B", 11), ("C", 6), ("D", 2)):
        assert f"pages {letter}1–{letter}{last}" in agenda, letter
    from pypdf import PdfReader

    labels = PdfReader(str(built["pack hwb"])).page_labels
    for letter, item in (("A", 5), ("B", 7), ("C", 8), ("D", 9)):
        assert f"Agenda item {item}" in pages[labels.index(f"{letter}1")], letter


# ------------------------------------------------------------------ 5. clean pages

def test_no_page_is_nearly_empty(built):
    """Every page of both packs and every standalone document holds three lines or more besides its
    footer and the lines repeated from the page before (a table's repeated header row): a page with
    one heading, or with the tail of one row under a repeated header, fails.  The withheld-report
    page aside."""
    sparse = []
    for name, pdf in built.items():
        before: set[str] = set()
        for number, page in enumerate(pages_text(pdf), start=1):
            lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()][:-1]
            own = [line for line in lines if line not in before]
            if len(own) < 3 and "NOT FOR PUBLICATION" not in page:
                sparse.append((name, number, own))
            before = set(lines)
    assert not sparse, sparse


def example_subheadings(pristine: Path) -> set[str]:
    """The example reports' table sub-heading rows: one cell across the whole row ("Intelligence and
    insight" in the SEND plan), read from the reports themselves."""
    from docx import Document

    found = set()
    for report in (pristine / "reports").glob("*.docx"):
        for table in Document(str(report)).tables:
            for row in table.rows[:-1]:
                cells = row._tr.tc_lst
                if len(cells) == 1 and len(table.columns) > 1 and cells[0].grid_span >= len(table.columns):
                    found.add(" ".join(row.cells[0].text.split()))
    return found - {""}


def test_no_table_subheading_row_sits_at_the_foot_of_a_page(built, _pristine_example):
    """A report's sub-heading row (HWB pack page B6 ended with "Intelligence and insight") goes to
    the next page with the row it heads: no page's last line above its footer is one."""
    subheadings = example_subheadings(_pristine_example)
    assert "Intelligence and insight" in subheadings
    stranded = []
    for name, pdf in built.items():
        for number, page in enumerate(pages_text(pdf), start=1):
            lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
            if len(lines) >= 2 and lines[-2] in subheadings:
                stranded.append((name, number, lines[-2]))
    assert not stranded, stranded


def test_every_page_is_a4(built):
    for name, pdf in built.items():
        from pypdf import PdfReader

        for page in PdfReader(str(pdf)).pages:
            size = sorted((round(float(page.mediabox.width)), round(float(page.mediabox.height))))
            assert size == [595, 842], f"{name}: a page of {size} points"


def test_pdf_keywords_name_the_meeting_not_the_folder(built):
    from pypdf import PdfReader

    keywords = PdfReader(str(built["pack hwb"])).metadata["/Keywords"]
    assert "hwb" in keywords and "2019-03-28" in keywords
    assert "ex" not in [word.strip() for word in keywords.replace(";", ",").split(",")], keywords
