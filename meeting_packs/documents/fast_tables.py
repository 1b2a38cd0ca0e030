"""Our table writer: `{%tr for %}` rows filled by rendering one prototype row per item.

docxtpl renders a whole document as one Jinja template and then re-parses
and post-processes the result with regular expressions; with 10,000 table
rows that takes seconds.  Here each `{%tr for x in items %}` row loop is cut
out of the template before rendering and replaced by a marker; after docxtpl
has rendered the (now small) rest, every marker is replaced by the rows,
rendered from the prototype row with the same sandboxed, autoescaping Jinja
environment and parsed by lxml in one go.  Templates keep docxtpl's syntax.

A row may use its loop variable and the document's top-level fields (not the
variable of an enclosing `{%p for %}` loop: pass what a row needs on the item).

In the pack (`text_rows`), a loop of more than `TEXT_ROWS` rows whose prototype
row qualifies (`text_ready`) is not parsed at all: its rows stay XML text inside
one element per batch (`docx_tools.TEXT_ROWS_TAG`), which the pack colours, fits,
splits, appends and saves as text (README, "Performance"): a 10,000-row table is
then never 700,000 elements walked by each pass.
"""

from __future__ import annotations

import re
from typing import Any

from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup

_ROW_LOOP = re.compile(
    r"\{%-?\s*for\s+(\w+)\s+in\s+((?:(?!%\}).)+?)\s*-?%\}"      # {% for a in g.actions %}
    r"(<w:tr[ >](?:(?!<w:tbl[ >]|\{%-?\s*endfor).)*?</w:tr>)"     # one prototype row
    r"\{%-?\s*endfor\s*-?%\}", re.S)
# The marker that stands for a row loop until its rows are written.  It carries a token made
# afresh for every document, so no text typed in a register can look like it.
_MARK = "\u2063FASTROWS{token}-{index}\u2063"
_OPENING_T = re.compile(r"<w:t(?: [^>]*)?>")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _listing(xml: str) -> str:
    """Line breaks and tabs in text become Word breaks and tabs (as docxtpl does).

    The texts holding one are found from the characters themselves (`str.find`, then back to the
    `<w:t>` they are in): a regular expression tried at each of the 70,000 texts of 10,000 rows
    took a tenth of a second to change a few of them."""
    if "\n" not in xml and "\t" not in xml:
        return xml
    openings = set()
    for char in ("\n", "\t"):
        at = xml.find(char)
        while at != -1:
            openings.add(xml.rfind("<", 0, at))  # text holds no "<": the tag it is in, or after
            at = xml.find(char, at + 1)
    pieces, done = [], 0
    for start in sorted(openings):
        opening = _OPENING_T.match(xml, start) if start >= done else None
        if opening is None:
            continue
        close = xml.find("<", opening.end())
        if close == -1 or not xml.startswith("</w:t>", close):
            continue
        text = xml[opening.end():close]
        if "\n" not in text and "\t" not in text:
            continue  # (the character was inside the tag)
        text = text.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
        text = text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
        pieces += [xml[done:start], '<w:t xml:space="preserve">', text, "</w:t>"]
        done = close + len("</w:t>")
    pieces.append(xml[done:])
    return "".join(pieces)


class FastRowTemplate(DocxTemplate):
    """A DocxTemplate whose table row loops are written by `fill_rows` after rendering."""

    def __init__(self, template_file, rows_whole: bool = False, text_rows: bool = False) -> None:
        """`rows_whole`: the document is to have every row kept whole (`docx_tools.keep_rows_whole`, which
        `lay_out` runs): its rows are written with it, rather than each given it afterwards.
        `text_rows` (with `rows_whole`): a loop of more than `TEXT_ROWS` rows is left as XML text
        (`docx_tools.TEXT_ROWS_TAG`) for the document's finishing, which parses it (`render_document`)."""
        import secrets

        super().__init__(template_file)
        self.rows_whole = rows_whole
        self.text_rows = text_rows and rows_whole
        self._row_templates: list[tuple[str, str]] = []
        self._pending: list[tuple[int, Any]] = []
        self._token = secrets.token_hex(8)
        self._mark = re.compile("\u2063FASTROWS%s-(\\d+)\u2063" % self._token)

    def patch_xml(self, src_xml: str) -> str:
        xml = super().patch_xml(src_xml)

        def cut(match: re.Match) -> str:
            variable, sequence, row = match.groups()
            self._row_templates.append((variable, row))
            cells = max(1, row.count("<w:tc>") + row.count("<w:tc "))
            marker_cells = "<w:tc><w:p/></w:tc>" * (cells - 1)
            index = len(self._row_templates) - 1
            return ("<w:tr><w:tc><w:p><w:r><w:t>{{ _fast_rows(%d, %s) }}</w:t></w:r></w:p></w:tc>%s</w:tr>"
                    % (index, sequence, marker_cells))

        return _ROW_LOOP.sub(cut, xml)

    def render(self, context: dict[str, Any], jinja_env=None, autoescape: bool = False) -> None:
        self._pending = []
        context = dict(context)

        def fast_rows(index: int, items: Any) -> Markup:
            self._pending.append((index, list(items)))
            return Markup(_MARK.format(token=self._token, index=len(self._pending) - 1))

        context["_fast_rows"] = fast_rows
        super().render(context, jinja_env=jinja_env, autoescape=autoescape)
        self.docx = settled(self.docx)
        self.fill_rows(context, jinja_env)

    def fill_rows(self, context: dict[str, Any], jinja_env) -> None:
        """Each marker row replaced by its rows, rendered and parsed `BATCH` items at a time, so that
        no more than a batch's XML text is held beside the document (README, "Performance")."""
        from docx.oxml.parser import oxml_parser

        body = self.docx.element.body
        w_t = f"{{{W_NS}}}t"
        w_tr = f"{{{W_NS}}}tr"
        markers = [t for t in body.iter(w_t) if t.text and self._mark.search(t.text)]
        if not markers:
            return
        from .docx_tools import new_text_rows
        from .render import MARKUP_WRITTEN

        compiled: dict[int, Any] = {}
        template_rows: dict[int, str] = {}
        nsmap = self.docx.element.nsmap
        declarations = " ".join(f'xmlns:{prefix}="{uri}"' if prefix else f'xmlns="{uri}"'
                                for prefix, uri in nsmap.items())
        head, tail = f"<w:tbl {declarations}>".encode("utf-8"), b"</w:tbl>"
        for marker in markers:
            pending_index = int(self._mark.search(marker.text).group(1))
            index, items = self._pending[pending_index]
            variable, row_xml = self._row_templates[index]
            template = compiled.get(index)
            if template is None:  # one render for a batch of rows: no per-row context to build
                if self.rows_whole:
                    row_xml = _kept_whole(row_xml)
                template_rows[index] = row_xml
                template = compiled[index] = jinja_env.from_string(
                    "{%% for %s in _fast_items %%}%s{%% endfor %%}" % (variable, row_xml))
                _escape_markup_once(template)
            row = marker
            while row is not None and row.tag != w_tr:
                row = row.getparent()
            if row is None:
                continue
            anchor = row
            # a row that uses Jinja's `loop` (loop.index …) is rendered in one go: batches would restart it
            batch = len(items) if re.search(r"\bloop\b", row_xml) else BATCH
            as_text = self.text_rows and len(items) > TEXT_ROWS and text_ready(template_rows[index])
            for start in range(0, len(items), max(batch, 1)):
                written = MARKUP_WRITTEN[0]
                xml = _listing(template.render(dict(context, _fast_items=items[start:start + batch])))
                if not xml:
                    continue
                # kept as text when nothing but escaped values went into the prototype row: the rows
                # are then as well formed as the prototype (markup, or a character XML refuses, is
                # parsed here, so that any mistake is reported as it always was)
                if as_text and MARKUP_WRITTEN[0] == written and not _NOT_TEXT.search(xml):
                    holder = new_text_rows(anchor, xml)
                    anchor.addnext(holder)
                    anchor = holder
                    continue
                # parsed as python-docx parses a saved document, so the rows are its own row classes
                holder = etree.fromstring(head + xml.encode("utf-8") + tail, oxml_parser)
                del xml
                for new in list(holder):
                    anchor.addnext(new)
                    anchor = new
            row.getparent().remove(row)  # the marker row out, once every new row is in


def _escape_markup_once(template) -> None:
    """The row template's output escaping given a value `finalize` (`render._as_typed`) made markup back as
    it is: Jinja escapes every value it writes again, which for markup is a copy of it (85,000 for
    10,000 rows).  Only this template's own namespace is changed."""
    namespace = getattr(template.root_render_func, "__globals__", {})
    escape = namespace.get("escape")
    if escape is None:
        return

    def escape_once(value, markup=Markup, escape=escape):
        return value if type(value) is markup else escape(value)

    namespace["escape"] = escape_once


_ROW_OPENING = re.compile(r"<w:tr(?: [^>]*)?>(?=<w:tc[ >])")


def _kept_whole(row_xml: str) -> str:
    """The prototype row with the properties `keep_rows_whole` gives a row that has none (`cantSplit`),
    so that 10,000 rows are not each given them one by one; a row with properties of its own (or
    anything but a cell first) is left to `keep_rows_whole`."""
    opening = _ROW_OPENING.match(row_xml)
    if opening is None or "<w:trPr" in row_xml or "<w:tblPrEx" in row_xml:
        return row_xml
    return row_xml[:opening.end()] + "<w:trPr><w:cantSplit/></w:trPr>" + row_xml[opening.end():]


BATCH = 500   # rows rendered and parsed at a time: a few hundred kilobytes of XML text
TEXT_ROWS = 250   # `text_rows`: a loop of more rows than this is kept as text (`split_long_tables`' length)

# What the rows kept as text may hold, so that `docx_tools` can colour, measure, fit and split them as
# text: WordprocessingML tags of a table row's usual formatting (no nested table, field, picture,
# bookmark, style, numbering or merged cell), the containers written without attributes.
_TEXT_TAGS = frozenset({"tr", "trPr", "cantSplit", "tc", "tcPr", "tcW", "shd", "vAlign", "p", "pPr", "jc",
                        "spacing", "ind", "keepNext", "keepLines", "r", "rPr", "rFonts", "b", "bCs", "i", "iCs",
                        "u", "strike", "color", "sz", "szCs", "lang", "t", "br", "tab"})
_BARE = frozenset({"trPr", "tc", "tcPr", "pPr", "rPr"})   # (Word gives rows, paragraphs and runs ids)
_TAG = re.compile(r'<(/?)w:([A-Za-z]+)((?: (?:w:[A-Za-z]+|xml:space)="[^"<>&]*")*)(/?)>')
_JINJA_BLOCK = re.compile(r"\{%-?\s*(\w+)(?:(?!%\}).)*%\}", re.S)
_JINJA_VALUE = re.compile(r"\{\{(?:(?!\}\}).)*\}\}|\{#(?:(?!#\}).)*#\}", re.S)
_KEPT_WHOLE_START = re.compile(r"<w:tr(?: [^<>]*)?><w:trPr><w:cantSplit/></w:trPr><w:tc>")
_RUN_PROPERTIES_FIRST = re.compile(r"<w:r(?: [^<>]*)?><w:rPr")
# characters XML refuses, and those `docx_tools._MEASURE_XSLT` separates with
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\ue000-\ue003]")


def text_ready(row_xml: str) -> bool:
    """Whether the rows of the prototype `row_xml` (kept whole) can be kept as text: it is one row of
    `_TEXT_TAGS` only, kept whole, every run's and cell's properties first in it, and its Jinja tags
    stand in text or attribute values, an `if` or `for` holding no tag, so that every row written has
    the prototype's elements and is as well formed as it (its values are escaped; a value given as
    markup, which is not, makes `fill_rows` parse its rows at once)."""
    if not _KEPT_WHOLE_START.match(row_xml) or not row_xml.endswith("</w:tc></w:tr>"):
        return False
    plain = _JINJA_VALUE.sub("x", row_xml)
    depth, pieces, at = 0, [], 0
    for block in _JINJA_BLOCK.finditer(plain):
        between = plain[at:block.start()]
        if depth and ("<" in between or ">" in between):
            return False
        pieces.append(between)
        at = block.end()
        word = block.group(1)
        if word in ("if", "for"):
            depth += 1
        elif word in ("endif", "endfor"):
            depth -= 1
        elif word not in ("elif", "else"):
            return False
    pieces.append(plain[at:])
    plain = "".join(pieces)
    if depth or "{%" in plain or "{{" in plain:
        return False
    tags = 0
    for tag in _TAG.finditer(plain):
        closing, name, attributes, empty = tag.groups()
        if name not in _TEXT_TAGS or (name in _BARE and attributes):
            return False
        tags += 1
    # every tag one of those, and properties first in their run and cell (where the text ways look)
    if (tags != plain.count("<") or plain.count("<w:rPr") != len(_RUN_PROPERTIES_FIRST.findall(plain))
            or plain.count("<w:tcPr") != plain.count("<w:tc><w:tcPr")):
        return False
    try:
        etree.fromstring(f'<w:tbl xmlns:w="{W_NS}">{plain}</w:tbl>'.encode("utf-8"))
    except etree.XMLSyntaxError:
        return False
    return True


def settled(document):
    """The document as python-docx reads it back once saved.

    docxtpl leaves its rendered body as elements of a plain lxml parser and its headers and footers
    as plain XML parts (`XmlPart`, reached by the relationship but not by `related_parts`), which
    python-docx's own classes (and docxcompose) do not handle.  Saving the document and reading it back
    made them python-docx's again (some 30 ms a document: its styles, half a megabyte, written, zipped
    and parsed again); here only what docxtpl changed is read again in place: the main part's XML, and
    each part whose class is not the one python-docx's reader gives its content type and relationship,
    made again by the reader's part factory and put wherever the old one was.  The test holds the two
    ways to the same documents.
    """
    from docx.opc.oxml import serialize_part_xml
    from docx.opc.part import PartFactory
    from docx.oxml.parser import parse_xml

    main = document.part
    package = main.package
    main._element = parse_xml(serialize_part_xml(main._element))
    sources = [package, *package.iter_parts()]
    remade: dict[int, object] = {}
    for source in sources:
        for rel in source.rels.values():
            if rel.is_external or id(rel.target_part) in remade:
                continue
            part = rel.target_part
            wanted = PartFactory.part_class_selector(part.content_type, rel.reltype) \
                if PartFactory.part_class_selector is not None else None
            wanted = wanted or PartFactory._part_cls_for(part.content_type)
            if type(part) is wanted or part is main:
                continue
            new = PartFactory(part.partname, part.content_type, rel.reltype, part.blob, package)
            for kept in part.rels.values():
                new.load_rel(kept.reltype, kept._target, kept.rId, kept.is_external)
            remade[id(part)] = new
    if remade:
        for source in [*sources, *remade.values()]:   # (a remade part's own relationships too)
            for rId, rel in source.rels.items():
                if not rel.is_external and id(rel.target_part) in remade:
                    rel._target = source.rels.related_parts[rId] = remade[id(rel.target_part)]
    return main.document
