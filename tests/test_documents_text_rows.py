"""Rows kept as XML text (issue 14): a long table's rows stay text from the row writer to the saved pack,
coloured, fitted, split and written as text, and give the very bytes the rows written as elements give.

Each test runs the text way and the element way on the same document and compares what they save.
`fast_tables.TEXT_ROWS` (how many rows make a table long) is set low so that a small table goes the text way.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from meeting_packs.documents import docx_tools, fast_tables, output, registry, render
from meeting_packs.documents.context import load_meeting
from meeting_packs.errors import TemplateError
from meeting_packs.workspace import Workspace

# values the writing has to get right: XML's own characters, quotes, non-ASCII, docxtpl's brace escape,
# line breaks and tabs, white space only, an empty text, a carriage return, a non-breaking space
AWKWARD = ["Fish & chips <b>bold</b> > \"quoted\" 'single'", "Café – naïve — ▲ ● £5 €6 “curly”",
           "{_ not a tag _} 50%_ _%", "Line one\nline two\tafter a tab", " ", "", "carriage\rreturn",
           "non\u00a0breaking", "A" * 300]


def _saved_body(document) -> bytes:
    buffer = io.BytesIO()
    docx_tools.save_streamed(document, buffer)
    with zipfile.ZipFile(buffer) as package:
        return package.read("word/document.xml")


def _action_log(ws: Workspace, monkeypatch, as_text: bool, values: list[str] | None = None, max_rows: int = 4,
                check=None, short: float = docx_tools.SHORT_TABLE) -> bytes:
    """The action log as the pack makes it (coloured, laid out, split at `max_rows`, every row kept whole,
    short tables kept whole), saved; its rows kept as text when `as_text`."""
    monkeypatch.setattr(fast_tables, "TEXT_ROWS", 0 if as_text else 10**9)
    md = load_meeting(ws, "sendpb", "2019-11-14", dt.date(2019, 11, 1))
    kind = registry.get("action-appendix")
    context = kind.build_context(md)
    if values:
        rows = [row for group in context["groups"] for row in group["actions"]]
        assert len(rows) >= len(values)
        for row, value in zip(rows, values):
            row.update(text=value, progress=value, owner=value[:20])
    colours = output.label_colours(md.board)

    def finish(document) -> None:
        output.colour_labels(document, colours)
        output.lay_out(document)
        docx_tools.split_long_tables(document, max_rows)

    document = render.render_document(kind.template_path(ws), context, finish, rows_whole=True, text_rows=True)
    assert (next(document.element.body.iter(docx_tools.TEXT_ROWS_TAG), None) is not None) == as_text
    docx_tools.keep_rows_whole(document)
    docx_tools.keep_short_tables_whole(document, short)
    docx_tools.keep_subheadings_with_next(document)
    docx_tools.keep_lead_ins_with_tables(document)
    if check is not None:
        check(document)
    return _saved_body(document)


@pytest.mark.parametrize("max_rows", [2, 4, 250])
def test_rows_kept_as_text_give_the_rows_written_as_elements(example_ws, monkeypatch, max_rows):
    ws = Workspace(example_ws)
    as_text = _action_log(ws, monkeypatch, True, max_rows=max_rows)
    as_elements = _action_log(ws, monkeypatch, False, max_rows=max_rows)
    assert as_text.count(b"<w:tr>") > 10
    assert as_text == as_elements


@pytest.mark.parametrize("values, quick", [(AWKWARD[:4] + AWKWARD[5:6] + AWKWARD[7:], True), (AWKWARD, False)])
def test_awkward_values_kept_as_text_give_the_same_bytes(example_ws, monkeypatch, values, quick):
    """Written the quick way (`_serialised_rows`), or, with a carriage return or a text of white space only,
    parsed and written by lxml: the bytes are the same."""
    ws = Workspace(example_ws)
    parsed = []
    original = docx_tools._parse_rows
    monkeypatch.setattr(docx_tools, "_parse_rows", lambda *args: parsed.append(1) or original(*args))
    as_text = _action_log(ws, monkeypatch, True, values, max_rows=250, short=0)  # (no table short: none parsed)
    assert (not parsed) is quick
    assert as_text == _action_log(ws, monkeypatch, False, values, max_rows=250, short=0)
    assert "Café – naïve".encode("utf-8") in as_text and b"Fish &amp; chips &lt;b&gt;" in as_text


def test_a_pack_with_rows_kept_as_text_is_the_pack_with_rows_as_elements(example_ws, monkeypatch):
    """The whole pack: its generated papers' tables appended, paginated and saved with their rows as text."""
    from meeting_packs.documents.pack import build_pack

    parts = []
    for text_rows in (0, 10**9):
        monkeypatch.setattr(fast_tables, "TEXT_ROWS", text_rows)
        monkeypatch.setattr(docx_tools, "_BOOKMARK_ID", [9000])
        result = build_pack(Workspace(example_ws), "sendpb", "2019-11-14", today=dt.date(2019, 11, 1), force=True)
        with zipfile.ZipFile(result.docx) as package:
            parts.append({name: package.read(name) for name in package.namelist() if name != "docProps/core.xml"})
    assert parts[0] == parts[1]
    assert parts[0]["word/document.xml"].count(b"<w:tr>") > 20


def test_the_first_and_last_paragraphs_of_a_table_kept_as_text(example_ws, monkeypatch):
    """The pack's bookmarks go on an appendix's first and last paragraphs, which may be in text rows."""
    found = {}

    def check(document):
        body = document.element.body
        tables = [child for child in body if child.tag == docx_tools.qn("w:tbl")]
        last = tables[-1]
        for child in list(last):
            if child.tag == docx_tools.qn("w:tr") and docx_tools._header_row(child):
                last.remove(child)  # no header row: the first paragraph is in a row kept as text
        start = list(body).index(last)
        found["first"] = docx_tools.first_paragraph(document, start)
        found["last"] = docx_tools.last_paragraph(document, start)
        docx_tools._BOOKMARK_ID[0] = 9000  # (the same ids both ways)
        for name in ("first", "last"):
            docx_tools.add_bookmark(found[name], name.title())

    ws = Workspace(example_ws)
    as_text = _action_log(ws, monkeypatch, True, max_rows=250, check=check)
    assert found["first"] is not None and found["last"] is not None
    assert as_text == _action_log(ws, monkeypatch, False, max_rows=250, check=check)


def test_a_subheading_kept_as_text_is_kept_with_its_next_row(example_ws, monkeypatch):
    """A row whose other cells are empty may be a sub-heading: its table's text rows are looked at as elements."""
    values = ["", "&"]  # (an entity is no letter)
    ws = Workspace(example_ws)
    as_text = _action_log(ws, monkeypatch, True, values, max_rows=250)
    assert as_text == _action_log(ws, monkeypatch, False, values, max_rows=250)


def test_a_character_xml_refuses_is_reported_as_before(example_ws, monkeypatch):
    ws = Workspace(example_ws)
    messages = []
    for as_text in (True, False):
        with pytest.raises(TemplateError) as caught:
            _action_log(ws, monkeypatch, as_text, ["bell \x07 in the text"])
        messages.append(str(caught.value))
    assert messages[0] == messages[1]


def test_rows_given_markup_are_parsed_at_once(example_ws, monkeypatch):
    """A value given as markup (here a row's text marked safe) may hold tags: those rows are not kept as text."""
    from markupsafe import Markup

    ws = Workspace(example_ws)
    monkeypatch.setattr(fast_tables, "TEXT_ROWS", 0)
    md = load_meeting(ws, "sendpb", "2019-11-14", dt.date(2019, 11, 1))
    kind = registry.get("action-appendix")
    context = kind.build_context(md)
    for group in context["groups"]:
        for row in group["actions"]:
            row["text"] = Markup("plain")
    document = render.render_document(kind.template_path(ws), context, rows_whole=True, text_rows=True)
    body = document.element.body
    assert [rows for rows in body.iter(docx_tools.TEXT_ROWS_TAG) if "plain" in docx_tools._rows_text(rows)] == []
    assert len(body.xpath(".//w:tr[.//w:t[contains(., 'plain')]]")) == len(
        [row for group in context["groups"] for row in group["actions"]])  # parsed as they were written


@pytest.mark.parametrize("row, ready", [
    ('<w:tr><w:tc><w:p><w:r><w:t>{{ a.x }}</w:t></w:r></w:p></w:tc></w:tr>', True),
    ('<w:tr><w:tc><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{{ a.c }}"/></w:tcPr><w:p><w:r>'
     '<w:t>{{ a.x }}{% if a.y %} ({{ a.y }}){% endif %}</w:t></w:r></w:p></w:tc></w:tr>', True),
    # (Word's ids on rows, paragraphs and runs)
    ('<w:tr w:rsidR="00AB"><w:tc><w:p w:rsidR="00AB"><w:r w:rsidR="00AB"><w:t>x</w:t></w:r></w:p></w:tc></w:tr>',
     True),
    # a block holding tags, an unknown block, a table inside, a bookmark, attributes on a cell, properties last
    ('<w:tr><w:tc>{% if a.x %}<w:p/>{% endif %}<w:p/></w:tc></w:tr>', False),
    ('<w:tr><w:tc><w:p><w:r><w:t>{% set y = 1 %}{{ y }}</w:t></w:r></w:p></w:tc></w:tr>', False),
    ('<w:tr><w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr>', False),
    ('<w:tr><w:tc><w:p><w:bookmarkStart w:id="1" w:name="x"/><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>', False),
    ('<w:tr><w:tc w:id="1"><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>', False),
    ('<w:tr><w:tc><w:p><w:r><w:t>x</w:t><w:rPr><w:b/></w:rPr></w:r></w:p></w:tc></w:tr>', False),
])
def test_which_prototype_rows_are_kept_as_text(row, ready):
    assert fast_tables.text_ready(fast_tables._kept_whole(row)) is ready


def test_rows_written_as_lxml_writes_them():
    """The quick way of writing rows kept as text gives lxml's bytes, and anything else is left to lxml."""
    w = docx_tools._W[1:-1]
    nsmap = {"w": w}
    rows = ('<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">a &amp; b &lt; c &gt; &#34;d&#34; &#39;e&#39; '
            '{&#95; é ▲</w:t><w:t xml:space="preserve"></w:t></w:r></w:p></w:tc></w:tr>')

    def lxml_way(text):  # parsed as the row writer parses rows (python-docx's parser), then written
        from docx.oxml.parser import oxml_parser

        holder = etree.fromstring(f'<w:tbl xmlns:w="{w}">{text}</w:tbl>'.encode("utf-8"), oxml_parser)
        return etree.tostring(holder, encoding="UTF-8")[len(f'<w:tbl xmlns:w="{w}">'):-len("</w:tbl>")]

    assert docx_tools._serialised_rows(rows, nsmap) == lxml_way(rows)
    for other in ("&#160;", "&quot;", "\r", "<w:b></w:b>", " ", "x > y"):
        text = rows.replace("{&#95; é ▲", other) if other != " " else rows.replace("</w:t></w:r>", "</w:t>   </w:r>")
        text = text.replace("<w:r>", "<w:r><w:rPr><w:b></w:b></w:rPr>") if other == "<w:b></w:b>" else text
        assert docx_tools._serialised_rows(text, nsmap) == lxml_way(text), other
    shaded = '<w:tr><w:tc><w:tcPr><w:shd w:fill="a&#34;b"/></w:tcPr><w:p/></w:tc></w:tr>'
    assert docx_tools._serialised_rows(shaded, nsmap) == lxml_way(shaded)


@pytest.mark.parametrize("cells", [
    '<w:tc><w:p><w:r><w:rPr><w:sz w:val="19"/></w:rPr><w:t xml:space="preserve">Ref &amp; &#34;x&#34; &#x41;</w:t>'
    '</w:r></w:p></w:tc>',
    '<w:tc><w:tcPr><w:tcW w:w="100" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>no size</w:t></w:r>'
    '<w:r><w:rPr><w:b/><w:sz w:val="30"/></w:rPr><w:t>later run</w:t></w:r></w:p><w:p/>'
    '<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:rPr/><w:t>a</w:t><w:br/><w:t>b</w:t><w:tab/>'
    '<w:t>c</w:t></w:r></w:p></w:tc>',
    '<w:tc><w:p><w:r><w:rPr><w:bCs/><w:sz w:val="x"/></w:rPr><w:t xml:space="preserve">carriage\rreturn\r\n'
    'and &lt;tag&gt;</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:rPr><w:b w:val="0"/></w:rPr>'
    '<w:t xml:space="preserve"></w:t></w:r></w:p></w:tc>',
])
def test_cells_kept_as_text_are_read_as_the_measuring_reads_elements(cells):
    """`fit_columns` reads a cell kept as text (`_cell_as_read`) as its XSLT reads the parsed cell."""
    row = "<w:tr>" + cells + "</w:tr>"
    parsed = docx_tools._parse_rows(row, {"w": docx_tools._W[1:-1]})[0]
    table = parsed.makeelement(docx_tools.qn("w:tbl"), {})
    table.append(parsed)
    docx_tools._table_measures(table, 11.0)  # (the stylesheet compiled)
    by_xslt = str(docx_tools._MEASURE[0](table)).split(docx_tools._ROW)[1]
    assert "".join(docx_tools._cell_as_read(cell) for cell in row[:-len("</w:tr>")].split("<w:tc>")[1:]) == by_xslt
    # and measured straight from the text as `_row_measures` measures what `_cell_as_read` writes
    for cell in row[:-len("</w:tr>")].split("<w:tc>")[1:]:
        as_read = docx_tools._row_measures(docx_tools._cell_as_read(cell), 11.0)[0]
        assert docx_tools._text_cell_measure(cell, 11.0) == as_read


_RUN_PROPERTIES = st.sampled_from(["", "<w:rPr/>", '<w:rPr><w:sz w:val="19"/></w:rPr>', "<w:rPr><w:b/></w:rPr>",
                                   '<w:rPr><w:b/><w:sz w:val="30"/></w:rPr>', '<w:rPr><w:sz w:val="x"/></w:rPr>'])
# a text as written in a row: characters escaped, and the character references a row may hold
_TEXT = st.lists(st.sampled_from([c.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                                  for c in "ab Wi1.-&<>\"'\r\n\té▲_{"] + ["&#34;", "&#x41;", "&#95;"]),
                 max_size=40).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(_RUN_PROPERTIES, st.lists(st.one_of(_TEXT, st.sampled_from(["<w:br/>", "<w:tab/>"])),
                                                             max_size=3)), max_size=3), max_size=3))
def test_a_cell_kept_as_text_is_measured_as_its_reading_is(paragraphs):
    """`_text_cell_measure` (the straight way) gives `_row_measures(_cell_as_read(...))` for any cell."""
    def piece(text: str) -> str:
        if text in ("<w:br/>", "<w:tab/>"):
            return text
        return f'<w:t xml:space="preserve">{text}</w:t>'

    cell = "<w:tcPr/>" + "".join(
        "<w:p>" + "".join(f"<w:r>{properties}{''.join(map(piece, texts))}</w:r>" for properties, texts in runs) + "</w:p>"
        for runs in paragraphs)
    docx_tools._CELL_MEASURES.clear()
    assert docx_tools._text_cell_measure(cell, 11.0) == docx_tools._row_measures(docx_tools._cell_as_read(cell), 11.0)[0]


@pytest.mark.parametrize("properties", [
    # two columns alike, a third whose shading differs from row to row (a RAG column)
    ['<w:tcPr><w:tcW w:w="100" w:type="dxa"/></w:tcPr>', '<w:tcPr><w:tcW w:w="100" w:type="dxa"/></w:tcPr>',
     '<w:tcPr><w:shd w:val="clear" w:fill="{fill}"/><w:tcW w:w="5"/></w:tcPr>'],
    # properties without a width, and one with a cnfStyle first
    ['<w:tcPr><w:vAlign w:val="top"/></w:tcPr>', '<w:tcPr><w:cnfStyle w:val="000"/></w:tcPr>',
     '<w:tcPr><w:tcW w:w="1" w:type="pct"/></w:tcPr>'],
    # a cell with empty properties: not for the quick way, which leaves the rows to the cell by cell way
    ['<w:tcPr><w:tcW w:w="100" w:type="dxa"/></w:tcPr>', "<w:tcPr/>", ""],
])
def test_widths_set_on_rows_kept_as_text_at_once_are_those_set_cell_by_cell(properties, monkeypatch):
    """`_set_text_widths`'s quick way (`_replace_cell_properties`) gives the cell by cell way's text."""
    rows = "".join("<w:tr>" + "".join(f"<w:tc>{p.format(fill=['FF0000', '00FF00'][r % 2])}<w:p><w:r><w:t>x{r}</w:t>"
                                      "</w:r></w:p></w:tc>" for p in properties) + "</w:tr>" for r in range(5))

    def widths_set() -> str:
        table = etree.fromstring(f'<w:tbl xmlns:w="{docx_tools._W[1:-1]}"/>')
        holder = etree.SubElement(table, docx_tools.TEXT_ROWS_TAG)
        holder.text = rows
        docx_tools._set_text_widths(table, [1200, 3400, 560])
        return docx_tools._rows_text(holder)

    quick_way = docx_tools._replace_cell_properties(rows, rows.count("</w:tr>"), ["1200", "3400", "560"], {})
    assert (quick_way is None) == ("<w:tcPr/>" in properties)
    quick = widths_set()
    monkeypatch.setattr(docx_tools, "_replace_cell_properties", lambda *args: None)
    cell_by_cell = widths_set()
    assert quick == cell_by_cell
    assert quick.count('w:w="3400"') == 5 and quick.count('w:w="560" w:type="dxa"') == 5


def test_rows_kept_as_text_parsed_are_the_rows_written_as_elements(example_ws, monkeypatch):
    """`parse_text_rows`: what a caller that does not save with `save_streamed` calls first."""
    ws = Workspace(example_ws)
    md = load_meeting(ws, "sendpb", "2019-11-14", dt.date(2019, 11, 1))
    kind = registry.get("action-appendix")
    bodies = []
    for text_rows in (0, 10**9):
        monkeypatch.setattr(fast_tables, "TEXT_ROWS", text_rows)
        document = render.render_document(kind.template_path(ws), kind.build_context(md), rows_whole=True,
                                          text_rows=True)
        docx_tools.parse_text_rows(document)
        bodies.append(etree.tostring(document.element.body))
    assert bodies[0] == bodies[1] and bodies[0].count(b"<w:tr>") > 10


def test_a_cell_whose_properties_are_not_first_is_left_to_the_elements():
    row = '<w:tr><w:tc><w:p><w:r><w:t>{{ a.x }}</w:t></w:r></w:p><w:tcPr><w:tcW w:w="1"/></w:tcPr></w:tc></w:tr>'
    assert not fast_tables.text_ready(fast_tables._kept_whole(row))


def test_a_template_saved_by_word_keeps_its_rows_as_text_too(example_ws, monkeypatch):
    """Word gives rows, paragraphs and runs ids (w:rsidR …): such a template's rows are kept as text, and
    give the bytes its rows written as elements give."""
    import re

    ws = Workspace(example_ws)
    _edit_own_template(ws, lambda xml: re.sub(r"<w:(tr|p|r)>", r'<w:\1 w:rsidR="00AB12CD">', xml))
    as_text = _action_log(ws, monkeypatch, True, AWKWARD[:4], max_rows=3)
    assert b'<w:r w:rsidR="00AB12CD">' in as_text
    assert as_text == _action_log(ws, monkeypatch, False, AWKWARD[:4], max_rows=3)


def test_a_template_cell_with_empty_properties_gets_one_set_of_properties(example_ws, monkeypatch):
    """A template whose row has a cell with empty properties (`<w:tcPr/>`, as a tool other than Word may
    write it): the width goes into those properties, as for the rows written as elements, not into a
    second `w:tcPr` of the same cell (which Word refuses)."""
    import re

    ws = Workspace(example_ws)

    def empty_properties(xml: str) -> str:
        xml, replaced = re.subn(r"<w:tcPr><w:tcW [^>]*/></w:tcPr>(<w:p><w:r><w:rPr><w:sz w:val=\"19\"/></w:rPr>"
                                r"<w:t>\{\{ a\.owner \}\})", r"<w:tcPr/>\1", xml)
        assert replaced == 1
        return xml

    _edit_own_template(ws, empty_properties)
    as_text = _action_log(ws, monkeypatch, True, AWKWARD[:4], max_rows=3)
    assert not re.search(rb"</w:tcPr><w:tcPr", as_text)
    assert as_text == _action_log(ws, monkeypatch, False, AWKWARD[:4], max_rows=3)


@pytest.mark.parametrize("empty_run", ["<w:r/>", '<w:r w:rsidR="00AB12CD"/>'])
def test_an_empty_run_in_a_shaded_cell_kept_as_text_is_coloured(example_ws, monkeypatch, empty_run):
    """An empty run (`<w:r/>`) in a RAG cell of the template's row: given the label's colour as a parsed
    run is (`colour_shaded_text`), not left as it is, nor given properties outside it."""
    ws = Workspace(example_ws)

    def with_empty_run(xml: str) -> str:
        assert xml.count("{{ a.rag }}</w:t></w:r>") == 1
        return xml.replace("{{ a.rag }}</w:t></w:r>", "{{ a.rag }}</w:t></w:r>" + empty_run)

    _edit_own_template(ws, with_empty_run)
    as_text = _action_log(ws, monkeypatch, True, max_rows=3)
    assert as_text == _action_log(ws, monkeypatch, False, max_rows=3)


def _edit_own_template(ws: Workspace, edit) -> None:
    """The workspace's own copy of the action-appendix template, its document XML changed by `edit`
    (as a user or another tool might have left it); the tool then uses that copy."""
    import shutil

    kind = registry.get("action-appendix")
    own = ws.templates_dir / kind.template
    if kind.template_path(ws) != own:
        shutil.copy(kind.template_path(ws), own)
    with zipfile.ZipFile(own) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    parts["word/document.xml"] = edit(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(own, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    assert kind.template_path(ws) == own


@pytest.mark.parametrize("name", ["action-appendix", "risk-appendix", "plan-appendix", "agenda"])
def test_a_document_on_its_own_keeps_long_tables_as_text_with_the_same_bytes(example_ws, monkeypatch, name):
    """`appendix actions` and the other single documents keep a long table's rows as text too (not only the
    pack): the saved document is byte for byte the one written with its rows as elements."""
    import zipfile as zf

    ws = Workspace(example_ws)
    asked: list[bool] = []
    real = render.render_document
    monkeypatch.setattr(render, "render_document",
                        lambda *args, **kwargs: asked.append(args[5]) or real(*args, **kwargs))
    written = []
    for text_rows in (0, 10**9):
        monkeypatch.setattr(fast_tables, "TEXT_ROWS", text_rows)
        target = example_ws / "out" / f"{name}-{text_rows}.docx"
        registry.write_document(ws, name, "sendpb", "2019-11-14", output=target, today=dt.date(2019, 11, 1))
        with zf.ZipFile(target) as package:
            written.append({n: package.read(n) for n in package.namelist() if n != "docProps/core.xml"})
    assert written[0] == written[1] and asked == [True, True]
    if name == "action-appendix":
        assert written[0]["word/document.xml"].count(b"<w:tr") > 10


def test_widths_on_rows_kept_as_text_go_by_each_row_own_cells():
    """Rows of two and four cells (a prototype row with a cell in an `if`) add up to as many cells as two
    rows of three: each row's cells are still given widths only when it has one for each column."""
    def row(cells: int) -> str:
        return "<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="{i}"/></w:tcPr><w:p/></w:tc>' for i in range(cells)) \
            + "</w:tr>"

    table = etree.fromstring(f'<w:tbl xmlns:w="{docx_tools._W[1:-1]}"/>')
    holder = etree.SubElement(table, docx_tools.TEXT_ROWS_TAG)
    holder.text = row(2) + row(4) + row(3)
    docx_tools._set_text_widths(table, [1200, 3400, 560])
    rows = docx_tools._rows_text(holder).split("</w:tr>")
    assert "1200" not in rows[0] and "1200" not in rows[1]  # (as `_set_widths` leaves such a row's cells)
    assert [rows[2].count(f'w:w="{width}"') for width in (1200, 3400, 560)] == [1, 1, 1]
    # a row without cells and one of six: as many cells as two rows of three, in their places too
    for text in (row(0) + row(6), row(6) + row(0), row(3) + row(0) + row(6) + row(3)):
        docx_tools._drop_rows_text(holder)
        holder.text = text
        docx_tools._set_text_widths(table, [1200, 3400, 560])
        changed = docx_tools._rows_text(holder).split("</w:tr>")[:-1]
        for before, after in zip(text.split("</w:tr>")[:-1], changed):
            assert (after == before) == (before.count("<w:tc>") != 3), text


_CELL_PROPERTIES = st.sampled_from(["", "<w:tcPr/>", '<w:tcPr><w:tcW w:w="100" w:type="dxa"/></w:tcPr>',
                                    '<w:tcPr><w:shd w:val="clear" w:fill="FF0000"/></w:tcPr>',
                                    '<w:tcPr><w:vAlign w:val="top"/><w:tcW w:w="3"/></w:tcPr>',
                                    '<w:tcPr><w:tcW w:w="1" w:type="pct"/><w:shd w:val="clear" w:fill="0F0"/></w:tcPr>'])
_CELL_TEXT = st.sampled_from(["x", "&lt;w:tc&gt;&lt;w:tcPr&gt;", "&lt;/w:tcPr&gt;", "a &amp; b"])


@settings(max_examples=300, deadline=None)
@given(st.data(), st.integers(1, 4), st.booleans())
def test_widths_on_rows_kept_as_text_are_the_element_ways(data, columns, full):
    """`_set_text_widths` (at once or cell by cell) gives rows kept as text the widths `_set_widths`
    gives the same rows as elements: rows of any cell count, cells with any or no properties."""
    w = docx_tools._W[1:-1]
    # mostly a cell for each column, each with properties in full (the way at once), else any cells
    properties = _CELL_PROPERTIES.filter(lambda p: p.startswith("<w:tcPr>")) if full else _CELL_PROPERTIES
    cells = st.lists(st.tuples(properties, _CELL_TEXT), min_size=columns, max_size=columns)
    rows = data.draw(st.lists(cells | st.lists(st.tuples(properties, _CELL_TEXT), max_size=5), max_size=4))
    text = "".join("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(
        f"<w:tc>{properties}<w:p><w:r><w:t>{value}</w:t></w:r></w:p></w:tc>" for properties, value in cells)
        + "</w:tr>" for cells in rows)
    widths = [1200 + 7 * column for column in range(columns)]
    table = etree.fromstring(f'<w:tbl xmlns:w="{w}"/>')
    etree.SubElement(table, docx_tools.TEXT_ROWS_TAG).text = text
    docx_tools._set_text_widths(table, widths)
    as_text = etree.fromstring(f'<w:tbl xmlns:w="{w}">{docx_tools._rows_text(table[0])}</w:tbl>')
    as_elements = etree.fromstring(f'<w:tbl xmlns:w="{w}">{text}</w:tbl>')
    for tr in as_elements.iter(docx_tools.qn("w:tr")):
        cells = tr.findall(docx_tools.qn("w:tc"))
        if len(cells) == columns:  # (as `_set_widths` does element by element)
            for tc, width in zip(cells, widths):
                tc_w = docx_tools._width_first(tc)
                tc_w.set(docx_tools.qn("w:w"), str(width))
                tc_w.set(docx_tools.qn("w:type"), "dxa")
    assert etree.tostring(as_text) == etree.tostring(as_elements)


def test_rows_kept_as_text_are_let_go_once_saved(example_ws, monkeypatch):
    """The rows' texts are kept beside the tree (`docx_tools._rows_text`), not in it: a pack and a document on
    its own leave none of theirs behind once saved, and a changed text does not keep its old one."""
    from meeting_packs.documents.pack import build_pack

    monkeypatch.setattr(fast_tables, "TEXT_ROWS", 0)
    ws = Workspace(example_ws)
    before = set(docx_tools._KEPT_ROWS)
    seen: list[int] = []
    real = docx_tools.save_streamed

    def save(document, path) -> None:
        seen.append(sum(1 for _ in document.element.body.iter(docx_tools.TEXT_ROWS_TAG)))
        real(document, path)

    made: list[int] = []
    new_text_rows = docx_tools.new_text_rows
    monkeypatch.setattr(docx_tools, "save_streamed", save)
    monkeypatch.setattr(docx_tools, "new_text_rows", lambda *args: made.append(1) or new_text_rows(*args))
    build_pack(ws, "sendpb", "2019-11-14", today=dt.date(2019, 11, 1), force=True)
    assert made  # (the pack's short tables are parsed before it is saved: let go then)
    registry.write_document(ws, "action-appendix", "sendpb", "2019-11-14", output=example_ws / "out" / "a.docx",
                            today=dt.date(2019, 11, 1))
    assert seen[-1]  # (saved with its rows kept as text)
    assert set(docx_tools._KEPT_ROWS) == before

    holder = etree.Element(docx_tools.TEXT_ROWS_TAG)
    docx_tools._set_rows_text(holder, "<w:tr/>")
    kept = len(docx_tools._KEPT_ROWS)
    docx_tools._set_rows_text(holder, "<w:tr></w:tr>")
    assert len(docx_tools._KEPT_ROWS) == kept and docx_tools._rows_text(holder) == "<w:tr></w:tr>"
    assert holder.text is None
    docx_tools._drop_rows_text(holder)
    assert len(docx_tools._KEPT_ROWS) == kept - 1 and docx_tools._rows_text(holder) == ""


def test_rows_kept_as_text_in_the_element_itself_are_saved_in_their_place():
    """An element holding its rows as its own text (made by hand, not by `_set_rows_text`) is written as the
    rows, beside one whose text is kept beside the tree."""
    import docx

    w = docx_tools._W[1:-1]
    row = '<w:tr><w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc></w:tr>'
    document = docx.Document()
    table = document.add_table(rows=0, cols=1)._tbl
    etree.SubElement(table, docx_tools.TEXT_ROWS_TAG).text = row.format("in the element")
    with docx_tools.text_rows_let_go():
        table.append(docx_tools.new_text_rows(table, row.format("beside the tree")))
        body = _saved_body(document)
    assert b"text-rows" not in body
    parsed = etree.fromstring(body)
    texts = [t.text for t in parsed.iter(f"{{{w}}}t")]
    assert texts == ["in the element", "beside the tree"]


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("ab Wé’–— x1")), min_size=20, max_size=80)
       | st.text(st.sampled_from(list("ab Wé’–—\u00a0\t\u2003\u2028x1") + ["\U0001f600"]), min_size=1, max_size=60),
       st.sampled_from([9.0, 11.0, 12.5]), st.booleans())
def test_a_line_is_measured_as_its_characters_and_its_widest_word(text, size, bold):
    """`_line_measure`: the width of every character of the line, and of its widest word (split at any white
    space), however the line is summed (a long line of words and spaces: word by word, its words kept)."""
    for kept in (docx_tools._UNITS, docx_tools._LINES):
        kept.clear()
    if not text.strip():
        return
    whole = docx_tools._width(sum(docx_tools._ADVANCE[c] for c in text), size, bold)
    if len(text) <= docx_tools.SHORT_CELL:
        least = whole + (docx_tools.text_width("00", size, bold) if any(c.isdigit() for c in text) else 0.0)
    else:
        least = max(docx_tools._width(sum(docx_tools._ADVANCE[c] for c in word), size, bold) for word in text.split())
    assert docx_tools._line_measure(text, size, bold) == (whole, least)
    docx_tools._LINES.clear()
    assert docx_tools._line_measure(text, size, bold) == (whole, least)  # (its words measured before)


@pytest.mark.parametrize("failing", ["pack end", "pack append", "document finish", "document rows"])
def test_rows_kept_as_text_are_let_go_when_the_build_fails(example_ws, monkeypatch, failing):
    """A pack or a document that fails once some of its rows are kept as text (a missing report after the
    action log, a full disk at the save, a mistake in a later batch of rows) leaves none of them behind: they
    are not in the tree, which the failure drops, but beside it, where nothing else would let them go."""
    from meeting_packs.documents import pack

    monkeypatch.setattr(fast_tables, "TEXT_ROWS", 0)
    monkeypatch.setattr(fast_tables, "BATCH", 2)
    ws = Workspace(example_ws)
    before = set(docx_tools._KEPT_ROWS)
    made: list[int] = []
    new_text_rows = docx_tools.new_text_rows
    monkeypatch.setattr(docx_tools, "new_text_rows", lambda *args: made.append(1) or new_text_rows(*args))

    def fail(*args, **kwargs):
        raise OSError("disk full")

    if failing == "pack end":
        monkeypatch.setattr(pack._Pack, "end", fail)
    elif failing == "pack append":
        monkeypatch.setattr(docx_tools, "clear_body", fail)
    elif failing == "document finish":
        monkeypatch.setattr(output, "lay_out", fail)
    else:
        listing = fast_tables._listing
        monkeypatch.setattr(fast_tables, "_listing", lambda xml: listing(xml) if len(made) < 2 else fail())
    with pytest.raises((OSError, TemplateError), match="disk full"):
        if failing.startswith("pack"):
            pack.build_pack(ws, "sendpb", "2019-11-14", today=dt.date(2019, 11, 1), force=True)
        else:
            registry.write_document(ws, "action-appendix", "sendpb", "2019-11-14",
                                    output=example_ws / "out" / "a.docx", today=dt.date(2019, 11, 1))
    assert made
    assert set(docx_tools._KEPT_ROWS) == before


# values as the row writer escapes them (Jinja's escaping; docxtpl's "_" escape), with every kind of white space
_ROW_VALUE = st.text(st.sampled_from(list(" \t\n\r\u00a0\u2028\x85\u3000\u200b\ufeffab&<>\"'_é’\U0001f600")), max_size=6)


def _escaped(value: str) -> str:
    from markupsafe import escape

    return str(escape(value)).replace("_", "&#95;")


_ROW_RUN = st.builds(lambda properties, value, space, after: f"<w:r>{properties}<w:t{space}>{_escaped(value)}</w:t>"
                     f"{after}</w:r>",
                     st.sampled_from(["", "<w:rPr><w:b/></w:rPr>", "<w:rPr></w:rPr>",
                                      '<w:rPr><w:color w:val="FF0000"/></w:rPr>']),
                     _ROW_VALUE, st.sampled_from(["", ' xml:space="preserve"']),
                     st.sampled_from(["", "", " ", "\n\t", "\u00a0", "\u2028"]))   # (a template's line between tags)
_ROW_CELL = st.builds(
    lambda properties, fill, runs: "<w:tc>" + properties.replace("{}", _escaped(fill)) + "<w:p>" + "".join(runs)
    + "</w:p></w:tc>",
    st.sampled_from(["", "<w:tcPr/>", "<w:tcPr></w:tcPr>", '<w:tcPr><w:shd w:val="clear" w:fill="{}"/></w:tcPr>']),
    _ROW_VALUE, st.lists(_ROW_RUN | st.just("<w:r><w:tab/></w:r>") | st.just("<w:r><w:br/></w:r>"), max_size=3))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.builds(lambda opening, cells: opening + "".join(cells) + "</w:tr>",
                          st.sampled_from(["<w:tr>", "<w:tr><w:trPr><w:cantSplit/></w:trPr>", '<w:tr w:rsidR="1">']),
                          st.lists(_ROW_CELL, max_size=3)), min_size=1, max_size=3))
def test_rows_kept_as_text_are_written_as_lxml_writes_them_parsed(rows):
    """`_serialised_rows` (in UTF-8 bytes, the quick way or lxml's) gives the bytes lxml writes for the rows
    parsed as the row writer parses them, whatever their values: XML's own characters, quotes, white space of
    every kind (only XML's is dropped by the parser), characters beyond Latin-1."""
    w = docx_tools._W[1:-1]
    text = "".join(rows)
    holder = etree.fromstring(f'<w:tbl xmlns:w="{w}"/>')
    for row in docx_tools._parse_rows(text, {"w": w}):
        holder.append(row)
    written = etree.tostring(holder, encoding="UTF-8")
    assert docx_tools._serialised_rows(text, {"w": w}) == written[written.index(b">") + 1:-len(b"</w:tbl>")]
