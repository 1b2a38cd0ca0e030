"""A pack with a 10,000-row appendix in bounded time and memory (issue 14): the fast ways give the
very document the element-by-element ways give.

- the pack appends the papers it renders as they are, without writing each to a file and reading
  it back (a second copy of a long table's rows);
- the row writer renders and parses rows a batch at a time, and writes them kept whole when the
  document is to be laid out (instead of each row given `cantSplit` afterwards);
- column fitting measures a table's text in one XSLT pass and sets widths through one XPath.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from meeting_packs.documents import docx_tools, fast_tables, registry, render
from meeting_packs.documents.context import load_meeting
from meeting_packs.workspace import Workspace


def _body_xml(document) -> bytes:
    return etree.tostring(document.element.body, method="c14n")


def test_pack_appends_rendered_papers_without_a_file_round_trip(example_ws, monkeypatch):
    """Every paper of the pack is rendered in memory: no scratch file is written and read back."""
    from meeting_packs.documents.pack import build_pack

    written = []
    original = render.files.write_with
    monkeypatch.setattr(render.files, "write_with",
                        lambda path, *args, **kwargs: written.append(path) or original(path, *args, **kwargs))
    opened = []
    original_document = docx.Document
    monkeypatch.setattr(docx, "Document", lambda *args, **kwargs: opened.append(args) or
                        original_document(*args, **kwargs))
    result = build_pack(Workspace(example_ws), "sendpb", "2019-11-14", today=dt.date(2019, 11, 1))
    assert result.docx.exists()
    scratch = "meeting-packs-"  # the pack's scratch folder
    assert [path for path in written if scratch in str(path)] == []  # no paper written to a scratch file
    assert [args for args in opened if args and scratch in str(args[0])] == []  # nor read back


def _action_log(example_ws: Workspace, batch: int | None, monkeypatch) -> bytes:
    if batch is not None:
        monkeypatch.setattr(fast_tables, "BATCH", batch)
    md = load_meeting(example_ws, "sendpb", "2019-11-14", dt.date(2019, 11, 1))
    kind = registry.get("action-appendix")
    return _body_xml(render.render_document(kind.template_path(example_ws), kind.build_context(md)))


def test_rows_written_in_batches_are_the_rows_written_at_once(example_ws, monkeypatch):
    ws = Workspace(example_ws)
    at_once = _action_log(ws, 10_000, monkeypatch)
    in_batches = _action_log(ws, 2, monkeypatch)
    assert at_once.count(b"<w:tr") > 10  # the appendix has rows to batch
    assert in_batches == at_once


def test_rows_written_whole_are_the_rows_kept_whole_afterwards(example_ws):
    """With `rows_whole` the row writer's rows are, byte for byte, the rows `keep_rows_whole` gives afterwards."""
    ws = Workspace(example_ws)
    md = load_meeting(ws, "sendpb", "2019-11-14", dt.date(2019, 11, 1))
    kind = registry.get("action-appendix")
    template, context = kind.template_path(ws), kind.build_context(md)
    afterwards = render.render_document(template, context, docx_tools.keep_rows_whole)
    written = render.render_document(template, context, rows_whole=True)
    body = written.element.body
    assert len(body.xpath(".//w:tr[w:trPr/w:cantSplit]")) > 10  # the written rows have it already
    docx_tools.keep_rows_whole(written)  # as `lay_out` does: the other rows (headers, totals)
    assert etree.tostring(body) == etree.tostring(afterwards.element.body)


def test_rendering_pauses_the_garbage_collector_and_sets_it_back(example_ws):
    import gc

    ws = Workspace(example_ws)
    md = load_meeting(ws, "sendpb", "2019-11-14", dt.date(2019, 11, 1))
    kind = registry.get("action-appendix")
    seen = []
    render.render_document(kind.template_path(ws), kind.build_context(md), lambda document: seen.append(gc.isenabled()))
    assert seen == [False]  # rows written and laid out with the collector paused
    assert gc.isenabled()
    gc.disable()
    try:
        render.render_document(kind.template_path(ws), kind.build_context(md))
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_a_pack_leaves_what_existed_before_it_out_of_its_collections_and_gives_it_back(example_ws, monkeypatch):
    """`collector.settled`: while the pack is built, the registers read and the libraries (what existed when
    it started) are frozen out of the collector's walks; afterwards, and after a pack that failed, nothing is."""
    import gc

    from meeting_packs.documents import pack

    frozen = []
    real = pack._Pack.add_appendix

    def add(self, appendix):
        frozen.append(gc.get_freeze_count())
        return real(self, appendix)

    monkeypatch.setattr(pack._Pack, "add_appendix", add)
    ws = Workspace(example_ws)
    pack.build_pack(ws, "sendpb", "2019-11-14", today=dt.date(2019, 11, 1), force=True)
    assert frozen and min(frozen) > 10_000 and gc.get_freeze_count() == 0

    def fail(self, appendix):
        raise OSError("disk full")

    monkeypatch.setattr(pack._Pack, "add_appendix", fail)
    with pytest.raises(OSError):
        pack.build_pack(ws, "sendpb", "2019-11-14", today=dt.date(2019, 11, 1), force=True)
    assert gc.get_freeze_count() == 0


def test_a_pack_leaves_what_its_caller_froze_frozen():
    """`collector.settled` inside a program that froze its own objects (a server that forks its workers after
    `gc.freeze()`, so that they share its memory) leaves them frozen, as `collector.paused` leaves the
    collector as it found it: unfrozen, every page they are on would be written by the next collection."""
    import gc

    from meeting_packs import collector

    kept = [[index] for index in range(1000)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector.settled():
            made = [[index] for index in range(1000)]
        assert gc.get_freeze_count() == frozen
        with pytest.raises(OSError):
            with collector.settled():
                raise OSError("disk full")
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
    assert kept and made


def test_a_row_with_properties_of_its_own_is_left_to_keep_rows_whole():
    own = '<w:tr><w:trPr><w:trHeight w:val="400"/></w:trPr><w:tc><w:p/></w:tc></w:tr>'
    assert fast_tables._kept_whole(own) == own
    exceptions = '<w:tr><w:tblPrEx><w:tblW w:w="0" w:type="auto"/></w:tblPrEx><w:tc><w:p/></w:tc></w:tr>'
    assert fast_tables._kept_whole(exceptions) == exceptions
    jinja_first = '<w:tr>{% if a.x %}<w:tc><w:p/></w:tc>{% endif %}</w:tr>'
    assert fast_tables._kept_whole(jinja_first) == jinja_first
    plain = '<w:tr w:rsidR="00AB12CD"><w:tc><w:p/></w:tc></w:tr>'
    assert fast_tables._kept_whole(plain) == \
        '<w:tr w:rsidR="00AB12CD"><w:trPr><w:cantSplit/></w:trPr><w:tc><w:p/></w:tc></w:tr>'


def test_line_breaks_and_tabs_only_in_texts_become_breaks_and_tabs():
    xml = ('<w:p><w:r><w:t xml:space="preserve">Due 01/02\nOVERDUE</w:t></w:r><w:r><w:t>a &gt; b\tc</w:t></w:r>'
           '<w:r><w:t>plain</w:t></w:r></w:p>\n<w:p><w:r><w:instrText>\t PAGE</w:instrText></w:r></w:p>')
    assert fast_tables._listing(xml) == (
        '<w:p><w:r><w:t xml:space="preserve">Due 01/02</w:t><w:br/><w:t xml:space="preserve">OVERDUE</w:t></w:r>'
        '<w:r><w:t xml:space="preserve">a &gt; b</w:t><w:tab/><w:t xml:space="preserve">c</w:t></w:r>'
        '<w:r><w:t>plain</w:t></w:r></w:p>\n<w:p><w:r><w:instrText>\t PAGE</w:instrText></w:r></w:p>')
    assert fast_tables._listing("<w:t>none</w:t>") == "<w:t>none</w:t>"


def _table_document():
    """A table with what the measuring has to read: sizes, bold runs, line breaks, tabs, short cells
    with digits, a long text, a header row, a cell with no width and cells whose shading comes
    before their width (as docxtpl's cellbg writes it)."""
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    texts = [["Ref", "Action", "Due"],
             ["A-001", "Publish the autism diagnostic waiting list data with the Parent Carer Forum", "01/02/2026"],
             ["A-002", "Line one\nline two\tafter a tab", "Light green"],
             ["A-003", "", "12/07/2026"]]
    for row, values in zip(table.rows, texts):
        for cell, value in zip(row.cells, values):
            run = cell.paragraphs[0].add_run()
            for index, line in enumerate(value.split("\n")):
                if index:
                    run.add_break()
                run.add_text(line)
            if value.startswith("A-"):
                run.bold = True
                run.font.size = docx.shared.Pt(9.5)
    docx_tools.mark_header_row(table.rows[0])
    for row in table.rows[1:]:
        docx_tools.shade_cell(row.cells[2], "92D050")
        tc_pr = row.cells[2]._tc.tcPr
        tc_pr.insert(0, tc_pr.find(qn("w:shd")))  # shading first, width after
    tc_pr = table.rows[3].cells[0]._tc.tcPr
    if tc_pr is not None:
        tc_pr.getparent().remove(tc_pr)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_fit_columns_fast_ways_give_the_element_by_element_widths(monkeypatch):
    data = _table_document()
    fast = docx.Document(io.BytesIO(data))
    docx_tools.fit_columns(fast)
    monkeypatch.setattr(docx_tools, "_table_measures", lambda tbl, size: None)
    monkeypatch.setattr(docx_tools, "_set_widths_at_once", lambda tbl, widths: False)
    slow = docx.Document(io.BytesIO(data))
    docx_tools.fit_columns(slow)
    assert _body_xml(fast) == _body_xml(slow)
    widths = [int(col.get(qn("w:w"))) for col in fast.element.body.iter(qn("w:gridCol"))]
    assert widths[1] > widths[0] and widths[1] > widths[2]  # the long text gets the room


def test_fit_columns_measures_a_table_holding_a_separator_character_element_by_element():
    document = docx.Document(io.BytesIO(_table_document()))
    table = document.tables[0]
    table.rows[1].cells[1].paragraphs[0].add_run(" \ue001 private use")
    assert docx_tools._table_measures(table._tbl, 11.0) is None
    docx_tools.fit_columns(document)  # and still fits the columns
    assert all(int(col.get(qn("w:w"))) > 0 for col in document.element.body.iter(qn("w:gridCol")))


def test_streamed_save_writes_python_docx_own_parts(tmp_path):
    """The pack is saved part by part into the zip: the same members, in the same order, with the
    same bytes as python-docx's own save."""
    import zipfile

    document = docx.Document(io.BytesIO(_table_document()))
    document.add_paragraph("Appendix E", style="Heading 1")
    document.core_properties.title = "Agenda pack"
    ours, theirs = tmp_path / "streamed.docx", tmp_path / "python-docx.docx"
    docx_tools.save_streamed(document, ours)
    document.save(str(theirs))
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            assert a.read(name) == b.read(name), name
            assert a.getinfo(name).external_attr == b.getinfo(name).external_attr


def test_settled_in_place_is_the_document_saved_and_read_back(tmp_path):
    """`fast_tables.settled` makes docxtpl's rendered body and its headers and footers python-docx's own in
    place: the document is the one saving and reading back gave, part for part, and its header and footer
    are python-docx's header and footer parts, reached by their relationship either way."""
    from docx.parts.hdrftr import FooterPart, HeaderPart
    from docxtpl import DocxTemplate

    template = docx.Document()
    template.add_paragraph("Body {{ title }}")
    template.sections[0].header.paragraphs[0].text = "Header {{ title }}"
    template.sections[0].footer.paragraphs[0].text = "Footer {{ board }}"
    template.add_picture(io.BytesIO(_png()), width=docx.shared.Mm(10))
    path = tmp_path / "template.docx"
    template.save(path)

    def rendered():
        tpl = DocxTemplate(str(path))
        tpl.render({"title": "Action log", "board": "SEND Partnership Board"})
        return tpl.docx

    in_place = fast_tables.settled(rendered())
    buffer = io.BytesIO()
    rendered().save(buffer)
    read_back = docx.Document(io.BytesIO(buffer.getvalue()))

    def parts(document) -> dict:
        saved = io.BytesIO()
        docx_tools.save_streamed(document, saved)
        with zipfile.ZipFile(saved) as package:
            return {name: package.read(name) for name in package.namelist() if name != "docProps/core.xml"}

    assert parts(in_place) == parts(read_back)
    section = in_place.sections[0]
    assert type(section.header.part) is HeaderPart and type(section.footer.part) is FooterPart
    assert section.header.paragraphs[0].text == "Header Action log"
    assert section.footer.paragraphs[0].text == "Footer SEND Partnership Board"
    assert [type(p.part).__name__ for p in (read_back.sections[0].header, read_back.sections[0].footer)] == \
        ["HeaderPart", "FooterPart"]
    assert type(in_place.element.body).__name__ == "CT_Body"


@pytest.mark.parametrize("feature", ["first and even pages", "picture in the header", "footnotes", "comments",
                                     "custom XML", "link in the header"])
def test_settled_in_place_is_the_document_saved_and_read_back_whatever_its_parts(tmp_path, feature):
    """`fast_tables.settled` on templates with more parts than a header and a footer: the first page's and
    even pages' headers and footers, a picture or a link in a header (relationships of a part made again),
    footnotes docxtpl fills in, comments, custom XML: the same parts and bytes as saving and reading back, for
    the row writer and for docxtpl alone, and every header reached the same way by its relationship."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docxtpl import DocxTemplate

    w = docx_tools._W[1:-1]
    template = docx.Document()
    template.add_paragraph("Body {{ title }}")
    section = template.sections[0]
    section.header.paragraphs[0].text = "Header {{ title }}"
    if feature == "first and even pages":
        section.different_first_page_header_footer = True
        template.settings.odd_and_even_pages_header_footer = True
        section.first_page_header.paragraphs[0].text = "First {{ title }}"
        section.even_page_footer.paragraphs[0].text = "Even {{ board }}"
    elif feature == "picture in the header":
        section.header.paragraphs[0].add_run().add_picture(io.BytesIO(_png()), width=docx.shared.Mm(5))
    elif feature == "footnotes":
        notes = Part(PackURI("/word/footnotes.xml"), "application/vnd.openxmlformats-officedocument."
                     "wordprocessingml.footnotes+xml",
                     f'<w:footnotes xmlns:w="{w}"><w:footnote w:id="1"><w:p><w:r><w:t>Note {{{{ title }}}}</w:t>'
                     '</w:r></w:p></w:footnote></w:footnotes>'.encode(), template.part.package)
        template.part.relate_to(notes, RT.FOOTNOTES)
    elif feature == "comments":
        paragraph = template.add_paragraph("Commented")
        template.add_comment(paragraph.runs, text="A comment {{ title }}", author="Clerk")
    elif feature == "custom XML":
        item = Part(PackURI("/customXml/item9.xml"), "application/xml", b"<root>{{ title }}</root>",
                    template.part.package)
        template.part.relate_to(item, RT.CUSTOM_XML)
    else:
        link = section.header.part.relate_to("https://example.org/", RT.HYPERLINK, is_external=True)
        section.header.paragraphs[0]._p.append(etree.fromstring(
            f'<w:hyperlink xmlns:w="{w}" xmlns:r="{docx.oxml.ns.nsmap["r"]}" r:id="{link}"><w:r><w:t>link</w:t>'
            '</w:r></w:hyperlink>'))
    path = tmp_path / "template.docx"
    template.save(path)
    context = {"title": "Action log", "board": "SEND Partnership Board"}

    def parts(document) -> dict:
        saved = io.BytesIO()
        docx_tools.save_streamed(document, saved)
        with zipfile.ZipFile(saved) as package:
            return {name: package.read(name) for name in package.namelist() if name != "docProps/core.xml"}

    def read_back(document):
        buffer = io.BytesIO()
        document.save(buffer)
        return docx.Document(io.BytesIO(buffer.getvalue()))

    for engine in ("fast", "docxtpl"):
        tpl = fast_tables.FastRowTemplate(str(path)) if engine == "fast" else DocxTemplate(str(path))
        tpl.render(context)
        in_place = tpl.docx if engine == "fast" else fast_tables.settled(tpl.docx)   # (the row writer settles it)
        tpl = DocxTemplate(str(path))
        tpl.render(context)
        assert parts(in_place) == parts(read_back(tpl.docx)), engine
        for source in (in_place.part.package, *in_place.part.package.iter_parts()):
            for rId, rel in source.rels.items():
                if not rel.is_external:
                    assert source.rels.related_parts[rId] is rel.target_part
                    assert type(rel.target_part).__name__ != "XmlPart"
    assert b"Action log" in b"".join(parts(in_place).values())


def _png() -> bytes:
    """A 1×1 white PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))
