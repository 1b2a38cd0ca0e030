"""Word XML surgery: every part of a .docx that python-docx's friendly API does not reach.

python-docx keeps its own layers (the `oxml` XML classes below, the document
objects above); this module is our `oxml` layer.  Every `qn`, `OxmlElement`,
XPath and `._element` / `._p` / `._r` / `._tc` / `._tbl` use of the tool's
document code is here: the document modules (agenda, the appendices, the
minutes template, the pack and its contexts, the registry) and the built-in
template layouts work with python-docx objects and these functions only
(tests/test_documents_registry.py holds them to it).  Below them all, the
template engine's row writer (fast_tables.py) fills table rows in a template's
XML by itself, as text and lxml, for speed.
"""

from __future__ import annotations

import copy
import io
import itertools
import re
import secrets
import threading
from contextlib import contextmanager

from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

A4_SHORT, A4_LONG = Mm(210), Mm(297)


def mark_header_row(row) -> None:
    """Make a table row repeat at the top of every page (and count as a header for screen readers)."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)
    cant_split = tr_pr.find(qn("w:cantSplit"))
    if cant_split is None:
        tr_pr.insert(0, OxmlElement("w:cantSplit"))


def shade_cell(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    # schema order: shd comes after tcW, gridSpan, vMerge, tcBorders
    _insert_in_order(tc_pr, shd, ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
                                 "w:hideMark"))


def _insert_in_order(parent, element, followers: tuple[str, ...]) -> None:
    """Put `element` in `parent` before the first child that the schema orders after it
    (`followers`, e.g. "w:vAlign"), else at the end: Word refuses children out of order."""
    for tag in followers:
        anchor = parent.find(qn(tag))
        if anchor is not None:
            anchor.addprevious(element)
            return
    parent.append(element)


def set_language(document, language: str = "en-GB") -> None:
    """Proofing language in the document defaults (rPrDefault), and in core properties."""
    styles = document.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    if doc_defaults is None:
        doc_defaults = OxmlElement("w:docDefaults")
        styles.insert(0, doc_defaults)
    rpr_default = doc_defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        doc_defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), "ar-SA")
    document.core_properties.language = language


CORE_PROPERTIES_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
CUSTOM_PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


def set_core_keywords(document, keywords: str) -> None:
    """Keywords in the core-properties namespace.

    docxcompose (imported by docxtpl) rebinds python-docx's `cp` prefix to the
    custom-properties namespace, so `core_properties.keywords = …` then writes a
    second, foreign `cp:keywords` that Word reports as unreadable content
    (docxtpl #471, docxcompose #101).
    """
    core = document.core_properties._element
    for namespace in (CORE_PROPERTIES_NS, CUSTOM_PROPERTIES_NS):
        for old in core.findall(f"{{{namespace}}}keywords"):
            core.remove(old)
    element = core.makeelement(f"{{{CORE_PROPERTIES_NS}}}keywords", {})
    element.text = keywords
    core.append(element)


def set_custom_property(document, name: str, value: str) -> None:
    """A text custom property (File > Properties > Custom in Word): unlike the keywords, which
    LibreOffice rewrites when it saves ("…; Minutes template" loses its semicolon), Word and
    LibreOffice both keep it as it is."""
    from docxcompose.properties import CustomProperties

    CustomProperties(document)[name] = value


def remove_custom_property(document, name: str) -> None:
    from docxcompose.properties import CustomProperties

    properties = CustomProperties(document)
    if name in properties.keys():
        del properties[name]


def add_field(paragraph, instruction: str, placeholder: str = "1", dirty: bool = False):
    """Insert a Word field (PAGE, NUMPAGES …) as begin / instrText / separate / result / end runs.

    `dirty`: Word recomputes the result when it opens the document (a PAGEREF's placeholder is a guess).
    """
    def run_with(child):
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    if dirty:
        begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    text = OxmlElement("w:t")
    text.text = placeholder
    run_with(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def restart_page_numbers(section, start: int = 1) -> None:
    sect_pr = section._sectPr
    pg = sect_pr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        # pgNumType sits after pgMar/paperSrc/pgBorders/lnNumType in sectPr
        _insert_in_order(sect_pr, pg, ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                                      "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                                      "w:printerSettings"))
    pg.set(qn("w:start"), str(start))


def set_orientation(section, landscape: bool) -> None:
    width, height = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height


def copy_page_setup(source_section, target_section) -> None:
    """Orientation, size and margins from one section to another (docxcompose drops them)."""
    target_section.orientation = source_section.orientation
    target_section.page_width = source_section.page_width
    target_section.page_height = source_section.page_height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin",
                 "header_distance", "footer_distance", "gutter"):
        value = getattr(source_section, side)
        if value is not None:
            setattr(target_section, side, value)


def split_long_tables(document, max_rows: int = 250) -> int:
    """Split tables longer than `max_rows` into several, each repeating the header row.

    LibreOffice lays out one long table in quadratic time (10,000 rows: minutes);
    the same rows as tables of a few hundred convert in seconds.  Returns how
    many tables were added.
    """
    added = 0
    body = document.element.body
    for tbl in list(body.iter(qn("w:tbl"))):
        if tbl.find(TEXT_ROWS_TAG) is not None:
            added += _split_text_rows(document, tbl, max_rows)
            continue
        rows = tbl.findall(qn("w:tr"))
        if len(rows) <= max_rows + 1:
            continue
        headers = []
        for tr in rows:
            tr_pr = tr.find(qn("w:trPr"))
            if tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None:
                headers.append(tr)
            else:
                break
        body_rows = rows[len(headers):]
        anchor = tbl
        # the table without its rows, copied once (copying the whole table for each part,
        # rows and all, took seconds for 10,000 rows)
        skeleton = OxmlElement("w:tbl")
        for child in tbl:
            if child.tag != qn("w:tr"):
                skeleton.append(copy.deepcopy(child))
        for start in range(max_rows, len(body_rows), max_rows):
            chunk = body_rows[start:start + max_rows]
            new = copy.deepcopy(skeleton)
            for header in headers:
                new.append(copy.deepcopy(header))
            for tr in chunk:
                new.append(tr)  # moves the row out of the original table
            spacer = OxmlElement("w:p")  # two tables side by side would merge back into one
            anchor.addnext(spacer)
            spacer.addnext(new)
            anchor = new
            added += 1
    return added


def _split_text_rows(document, tbl, max_rows: int) -> int:
    """`split_long_tables` for a table whose rows are partly kept as text: the same tables, each part's
    rows kept as text in its own table (not parsed, moved and walked)."""
    w_tr = qn("w:tr")
    headers: list = []
    for child in tbl:  # the leading header rows, as `split_long_tables` finds them
        if child.tag == w_tr and _header_row(child):
            headers.append(child)
        elif child.tag in (w_tr, TEXT_ROWS_TAG):
            break
    total = len(tbl.findall(w_tr)) + sum(_rows_text(rows).count("</w:tr>")
                                         for rows in tbl.iterchildren(TEXT_ROWS_TAG))
    if total <= max_rows + 1:
        return 0
    parts: list[list] = []   # the rows of each new table: elements, and text of rows in order
    position = 0
    for child in list(tbl):
        if child.tag == w_tr:
            if any(child is header for header in headers):
                continue
            part = position // max_rows
            position += 1
            if part:
                while len(parts) < part:
                    parts.append([])
                parts[part - 1].append(child)
        elif child.tag == TEXT_ROWS_TAG:
            kept = []
            for row in _row_texts(child):
                part = position // max_rows
                position += 1
                if not part:
                    kept.append(row)
                    continue
                while len(parts) < part:
                    parts.append([])
                parts[part - 1].append(row)
            if kept:
                _set_rows_text(child, "</w:tr>".join(kept) + "</w:tr>")
            else:
                _drop_rows_text(child)
                tbl.remove(child)
    skeleton = OxmlElement("w:tbl")
    for child in tbl:
        if child.tag not in (w_tr, TEXT_ROWS_TAG):
            skeleton.append(copy.deepcopy(child))
    anchor = tbl
    for part in parts:
        new = copy.deepcopy(skeleton)
        for header in headers:
            new.append(copy.deepcopy(header))
        texts: list[str] = []
        for item in part + [None]:
            if isinstance(item, str):
                texts.append(item)
                continue
            if texts:  # the rows kept as text stay text, in a table of their own
                new.append(new_text_rows(new, "</w:tr>".join(texts) + "</w:tr>"))
            texts = []
            if item is not None:
                new.append(item)  # moves the row out of the original table
        spacer = OxmlElement("w:p")
        anchor.addnext(spacer)
        spacer.addnext(new)
        anchor = new
    return len(parts)


# ------------------------------------------------------------------ table rows kept as text

# Rows the row writer keeps as XML text (`fast_tables.FastRowTemplate`, `text_rows`): an element of
# this tag, in the table where the rows go, holds them as its text until `parse_text_rows` (or
# `split_long_tables`) parses them.  `colour_shaded_text`, `fit_columns` and `split_long_tables` read
# and change them as text, with the results they give rows that are elements.
TEXT_ROWS_TAG = "{urn:meeting-packs:text-rows}rows"
# Their text is kept here, not in the element, which carries only the key to it: handing a text of 14 MB
# to lxml or taking it back costs a copy and an encoding each time (0.02 to 0.05 s), and each pass over
# the rows did both (README, "Performance").  A key is used once: a changed text gets a new key and the
# old one is dropped.  A copy of the element shares its key: docxcompose's, of a document it appends, which
# is then used up (`append_document`) and never read again.  An element made with its text in it
# (`rows.text`) is read as it is.  What the store holds goes when the rows are parsed or removed, and
# when the build that made them ends, saved or failed (`text_rows_let_go`, around a pack and a document on
# its own): a document dropped with its tree would otherwise leave its rows here until the process ends.
_ROWS_KEY = "{urn:meeting-packs:text-rows}key"
_KEPT_ROWS: dict[str, str] = {}
_KEY_PREFIX = secrets.token_hex(8)   # keys no text of a register can hold (`_write_with_text_rows`)
_KEYS = itertools.count()
_MAKING = threading.local()   # .keys: the keys made in this thread inside `text_rows_let_go`


def _rows_text(rows) -> str:
    """The rows kept as text in the element `rows`."""
    key = rows.get(_ROWS_KEY)
    return (rows.text or "") if key is None else _KEPT_ROWS[key]


def _set_rows_text(rows, text: str) -> None:
    """The rows kept as text in the element `rows` made `text`."""
    _drop_rows_text(rows)
    key = f"{_KEY_PREFIX}-{next(_KEYS)}"
    _KEPT_ROWS[key] = text
    rows.set(_ROWS_KEY, key)
    rows.text = None
    making = getattr(_MAKING, "keys", None)
    if making is not None:
        making.append(key)


def _drop_rows_text(rows) -> None:
    """The text of `rows` let go (the element is being removed or parsed)."""
    key = rows.attrib.pop(_ROWS_KEY, None)
    if key is not None:
        _KEPT_ROWS.pop(key, None)


def new_text_rows(anchor, text: str):
    """A new element holding `text` as rows kept as text (not yet in a tree)."""
    rows = anchor.makeelement(TEXT_ROWS_TAG, {})
    _set_rows_text(rows, text)
    return rows


@contextmanager
def text_rows_let_go():
    """Every row kept as text made inside (in this thread) let go on leaving, the build done or failed: a
    pack or a document that fails half made (a missing report after a 10,000-row action log) is dropped
    with its tree, but its rows' texts are beside the tree, where nothing else would let them go."""
    outer = getattr(_MAKING, "keys", None)
    made: list[str] = []
    _MAKING.keys = made
    try:
        yield
    finally:
        _MAKING.keys = outer
        for key in made:
            _KEPT_ROWS.pop(key, None)
        if outer is not None:
            outer.extend(made)


def _row_texts(rows) -> list[str]:
    """The rows kept as text in `rows`, each without its closing tag (join them with "</w:tr>")."""
    return _rows_text(rows).split("</w:tr>")[:-1]


def _parse_rows(text: str, nsmap) -> list:
    """The rows in `text`, parsed as the row writer parses them (python-docx's own row classes)."""
    if not text:
        return []
    from docx.oxml.parser import oxml_parser
    from lxml import etree

    declarations = " ".join(f'xmlns:{prefix}="{uri}"' if prefix else f'xmlns="{uri}"'
                            for prefix, uri in nsmap.items())
    holder = etree.fromstring(f"<w:tbl {declarations}>".encode("utf-8") + text.encode("utf-8") + b"</w:tbl>",
                              oxml_parser)
    return list(holder)


def parse_text_rows(document) -> None:
    """Every row still kept as text made an element, in its place."""
    nsmap = document.element.nsmap
    for rows in list(document.element.body.iter(TEXT_ROWS_TAG)):
        for row in _parse_rows(_rows_text(rows), nsmap):
            rows.addprevious(row)
        _drop_rows_text(rows)
        rows.getparent().remove(rows)


def remove_runs(paragraph, keep: int = 0) -> None:
    """Delete a paragraph's runs after the first `keep` (fields and tabs included)."""
    for run in list(paragraph.runs)[keep:]:
        run._r.getparent().remove(run._r)


def clear_body(document) -> None:
    """Empty the body, keeping the final section properties (page setup, headers, footers)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def set_style_fonts(style, font: str) -> None:
    """One font for every script of a style, in place of the theme's fonts (which follow the Office theme)."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), font)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def set_east_asian_font(style, font: str) -> None:
    """The East Asian font of a style whose other fonts python-docx already set (`style.font.name`)."""
    style.element.rPr.rFonts.set(qn("w:eastAsia"), font)


def remove_paragraph_border(style) -> None:
    """Drop a paragraph style's border (the default Title style underlines itself)."""
    ppr = style.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)


# rPr children come in schema order: these may stand before <w:b> and <w:color>.
_BOLD_AFTER = ("rStyle", "rFonts")
_COLOUR_AFTER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
                 "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden")


def colour_shaded_text(document, colours: dict[str, str]) -> None:
    """Colour and embolden the text of every cell whose shading is a key of `colours` (fill -> text colour).

    Plain lxml rather than python-docx proxies, the tags spelt out once: this runs over every row
    of a 10,000-action appendix.
    """
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    fill_attr, val_attr = f"{w}fill", f"{w}val"
    w_tc_pr, w_r, w_rpr, w_b, w_color = f"{w}tcPr", f"{w}r", f"{w}rPr", f"{w}b", f"{w}color"
    bold_after = frozenset(w + name for name in _BOLD_AFTER)
    colour_after = frozenset(w + name for name in _COLOUR_AFTER)
    def colour(run, text_colour: str) -> None:
        rpr = run.find(w_rpr)
        if rpr is None:
            rpr = etree.SubElement(run, w_rpr)
            run.insert(0, rpr)
        _set_child(rpr, w_b, bold_after)
        _set_child(rpr, w_color, colour_after).set(val_attr, text_colour)

    body = document.element.body
    for shd in body.iter(f"{w}shd"):
        tc_pr = shd.getparent()
        if tc_pr is None or tc_pr.tag != w_tc_pr:
            continue
        text_colour = colours.get((shd.get(fill_attr) or "").upper())
        if text_colour is None:
            continue
        for run in tc_pr.getparent().iter(w_r):
            colour(run, text_colour)
    runs: dict[tuple[str, str], str] = {}
    for rows in body.iter(TEXT_ROWS_TAG):
        text = _rows_text(rows)
        coloured = _coloured_text_rows(text, colours, runs, colour)
        if coloured is not text:
            _set_rows_text(rows, coloured)


_TC_PR = re.compile(r"<w:tcPr>(.*?)</w:tcPr>", re.S)
_SHD = re.compile(r"<w:shd[ /][^>]*>")
_FILL = re.compile(r' w:fill="([^"]*)"')
# a run's start tag and its properties; or an empty run (`<w:r/>`), which is given properties as a parsed one is
_RUN_START = re.compile(r"(<w:r(?: [^<>]*?)?)(/>|>(<w:rPr/>|<w:rPr>.*?</w:rPr>)?)", re.S)


def _coloured_text_rows(text: str, colours: dict[str, str], runs: dict, colour) -> str:
    """`colour_shaded_text` for rows kept as text: each shaded cell's runs given what `colour` gives
    an element (the start of each run, its properties, made once with lxml for each different one)."""
    if "<w:shd" not in text:
        return text
    cells = text.split("<w:tc>")
    done: dict[str, str] = {}
    for index in range(1, len(cells)):
        cell = cells[index]
        if cell in done:
            cells[index] = done[cell]
            continue
        if cell.find("<w:shd", 0, cell.find("</w:tcPr>")) == -1:
            continue  # (not shaded: its properties, first in it, hold no shading)
        properties = _TC_PR.match(cell)
        text_colour = None
        for shd in _SHD.findall(properties.group(1)) if properties else ():
            fill = _FILL.search(shd)
            found = colours.get(_unescape(fill.group(1) if fill else "").upper())
            if found is not None:  # (the last shading's colour, as the runs are given each in turn)
                text_colour = found
        if text_colour is None:
            continue

        def coloured(start: re.Match) -> str:
            key = (start.group(3) or "", text_colour)
            found = runs.get(key)
            if found is None:
                from lxml import etree

                run = etree.fromstring(f'<w:r xmlns:w="{_W[1:-1]}">{key[0]}</w:r>')
                colour(run, text_colour)
                serialised = etree.tostring(run, encoding="unicode")
                found = runs[key] = serialised[serialised.index(">") + 1:-len("</w:r>")]
            if start.group(2) == "/>":
                return start.group(1) + ">" + found + "</w:r>"
            return start.group(1) + ">" + found

        new = _RUN_START.sub(coloured, cell)
        if len(cell) <= 1000:  # (a RAG label's cell, met again and again: not a long text's)
            done[cell] = new
        cells[index] = new
    return "<w:tc>".join(cells)


def _unescape(text: str) -> str:
    """The text of XML character data: its entity and character references read."""
    if "&" not in text:
        return text
    # (not html.unescape: it reads a few numeric references as Windows-1252 does, which XML does not)
    text = re.sub(r"&#(x[0-9A-Fa-f]+|[0-9]+);", lambda m: chr(int(m.group(1)[1:], 16) if m.group(1)[0] == "x"
                                                              else int(m.group(1))), text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'") \
        .replace("&amp;", "&")


def _set_child(rpr, tag: str, after: frozenset[str]):
    """`rpr`'s child `tag`, made if missing: placed after the last child whose tag is in `after`."""
    found = rpr.find(tag)
    if found is not None:
        return found
    element = rpr.makeelement(tag, {})
    position = 0
    for index, child in enumerate(rpr):
        if child.tag in after:
            position = index + 1
    rpr.insert(position, element)
    return element


_XPATHS: dict[str, object] = {}   # XPath expression -> compiled XPath
_XPATHS_KEPT = 2_000                # (docxcompose writes a few ids into its questions)


def _cached_xpath(element, expression: str) -> list:
    """`docxcompose.utils.xpath(element, expression)`, compiled once: with the namespaces
    python-docx's own `xpath` uses (docxcompose adds its own to them)."""
    finder = _XPATHS.get(expression)
    if finder is None:
        from docx.oxml.ns import nsmap
        from lxml import etree

        finder = etree.XPath(expression, namespaces=dict(nsmap))
        if len(_XPATHS) < _XPATHS_KEPT:
            _XPATHS[expression] = finder
    return finder(element)


class _StyleView:
    """A style as docxcompose reads it when it lists a document's styles: its id and name read straight
    from its element (python-docx makes a full style object of each, for each of thousands of looks); any
    other attribute is the style object's own."""

    __slots__ = ("_element",)

    def __init__(self, element) -> None:
        self._element = element

    @property
    def style_id(self):
        return self._element.get(f"{_W}styleId")

    @property
    def name(self):
        from docx.styles import BabelFish

        found = self._element.find(f"{_W}name")
        value = found.get(f"{_W}val") if found is not None else None
        if value is None:
            return self._style().name  # (no name, or one without a value: as python-docx says it)
        return BabelFish.internal2ui(value)

    def _style(self):
        from docx.styles.style import StyleFactory

        return StyleFactory(self._element)

    def __getattr__(self, attribute: str):
        return getattr(self._style(), attribute)


def _styles_viewed(styles):
    """`Styles.__iter__` while a document is appended: each style as a `_StyleView`."""
    return (_StyleView(style) for style in styles._element.style_lst)


def composer(master):
    """docxcompose's Composer, without its per-element rescan of every style in the pack.

    docxcompose lists all the master's styles for every appended paragraph and
    table (0.5 s per report); here an element whose styles were already handled
    for the same source document is skipped, unless a style needs renaming.
    """
    import weakref

    import docxcompose.composer as composer_module
    from docx.styles.styles import Styles
    from docxcompose.composer import Composer

    class FastComposer(Composer):
        def __init__(self, doc):
            super().__init__(doc)
            self._handled: dict[int, set[str]] = {}
            self._numbered_styles: dict[str, tuple[bool, bool]] = {}

        def insert(self, index, doc, remove_property_fields=True):
            # docxcompose asks a dozen XPath questions of every element it appends, and python-docx
            # compiles each question every time it is asked: here each is compiled once (the
            # questions and their answers are the same), for this composer's work only.  It also lists
            # every style of both documents (for their ids and names) a few times for each report:
            # the styles are listed as light views of their elements (`_StyleView`), for the same time
            plain, listing = composer_module.xpath, Styles.__iter__
            composer_module.xpath = _cached_xpath
            Styles.__iter__ = _styles_viewed
            try:
                super().insert(index, doc, remove_property_fields=remove_property_fields)
            finally:
                composer_module.xpath = plain
                Styles.__iter__ = listing
                self._numbered_styles.clear()

        def restart_first_numbering(self, doc, element):
            # docxcompose looks up an appended paragraph's style, then its outline level and its own
            # numbering, for every paragraph (a bulleted list's, a heading's): what a style's element
            # says is kept for the report (a style once in the master is never changed, only added to)
            if self.restart_numbering:
                ids = _cached_xpath(element, ".//w:pStyle/@w:val")
                if not ids or ids[0] in self._numbering_restarted:
                    return
                facts = self._numbered_styles.get(ids[0])
                if facts is None:
                    style = self.doc.styles.element.get_by_id(ids[0])
                    if style is None:
                        return
                    facts = self._numbered_styles[ids[0]] = (
                        bool(_cached_xpath(style, ".//w:outlineLvl")), bool(_cached_xpath(style, ".//w:numId/@w:val")))
                headed, numbered = facts
                if headed or (not numbered and not _cached_xpath(element, ".//w:numPr/w:numId/@w:val")):
                    return  # (as docxcompose returns: a heading's, or a paragraph numbered by nothing)
            super().restart_first_numbering(doc, element)

        def add_styles(self, doc, element):
            used = {e.val for e in _cached_xpath(element, ".//w:tblStyle|.//w:pStyle|.//w:rStyle")}
            if not used:
                return
            key = id(doc)
            handled = self._handled.get(key)
            if handled is None:
                # forgotten with the document (an id is unique while its object lives), rather than
                # keeping every appended report alive until the pack is saved
                handled = self._handled[key] = set()
                weakref.finalize(doc, self._handled.pop, key, None)
            if used <= handled:
                return
            super().add_styles(doc, element)
            handled.update(style for style in used if self.mapped_style_id(style) == style)

    return FastComposer(master)


# Inside a table row, these need docxcompose's care when the row moves to another document
# (numbering, pictures and other related parts, bookmarks and notes renumbered, property
# fields dissolved, section breaks); rows holding none of them can move as they are.
_NEEDS_COMPOSER_NAMES = ("numPr", "drawing", "pict", "object", "footnoteReference", "endnoteReference",
                         "bookmarkStart", "fldSimple", "instrText", "sectPr")
# relationship ids (hyperlinks, pictures, embedded parts), and Word's own ids (bookmarks, comments,
# tracked changes); the other ids (VML shapes, drawing properties) are inside a pict or a drawing
_NEEDS_COMPOSER_ATTRIBUTES = ("r:id", "r:embed", "r:link", "w:id")
_NEEDS_COMPOSER: list = []   # the compiled XPath, made on first use


def _needs_composer(element) -> bool:
    """Whether `element` holds any of `_NEEDS_COMPOSER_NAMES` or `_NEEDS_COMPOSER_ATTRIBUTES`.

    Walks in C over the table (the elements by their tags, then an XPath step for each attribute):
    searching its serialised text with a regular expression took half a second for 10,000 rows,
    and so did an XPath predicate."""
    from lxml import etree

    if not _NEEDS_COMPOSER:
        ns = {"w": _W[1:-1], "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
        _NEEDS_COMPOSER.append(tuple(f"{_W}{name}" for name in _NEEDS_COMPOSER_NAMES))
        _NEEDS_COMPOSER.append(etree.XPath(
            "boolean(" + " | ".join(f"descendant-or-self::*/@{name}" for name in _NEEDS_COMPOSER_ATTRIBUTES) + ")",
            namespaces=ns))
    tags, attributes = _NEEDS_COMPOSER
    return next(element.iter(*tags), None) is not None or bool(attributes(element))


# the style references in an element: one walk in C (an XPath union of three paths walked 10,000 rows thrice)
_STYLE_REFS = tuple(qn(f"w:{name}") for name in ("tblStyle", "pStyle", "rStyle"))
KEEP_ROWS = 3   # rows left in each table for docxcompose to copy: the header and a sample of the body


def append_document(composer, doc) -> None:
    """`composer.append(doc)` without copying long tables' rows one element at a time.

    docxcompose deep-copies every element it appends and then scans it for styles,
    numbering, pictures and notes: for the Action log of 10,000 rows that is seconds and
    hundreds of megabytes (README, "Performance").  Here each table whose rows hold none
    of what needs that care (`_NEEDS_COMPOSER`) goes through docxcompose with its first
    rows only, so its table and paragraph styles are brought over (and renamed where the
    pack already has a different style of that name) as before; its other rows are then
    moved, not copied, into the appended table, with the same renaming.  `doc` is used up.
    """
    body = doc.element.body
    held: list[tuple[int, list]] = []
    sample: set[str] = set()
    elements = [e for e in body if e.tag != qn("w:sectPr")]
    for position, element in enumerate(elements):
        if element.tag != qn("w:tbl"):
            continue
        rows = element.findall(qn("w:tr"))
        if len(rows) <= KEEP_ROWS or element.find(TEXT_ROWS_TAG) is not None or _needs_composer(element):
            continue  # (rows kept as text need none of docxcompose's care, and are copied as one text)
        used = {e.val for e in element.iter(*_STYLE_REFS)}
        kept = {e.val for row in rows[:KEEP_ROWS] for e in row.iter(*_STYLE_REFS)}
        kept |= {e.val for e in element.xpath("w:tblPr/w:tblStyle")}
        if not used <= kept:  # a style only the other rows use: let docxcompose bring it over
            continue
        for row in rows[KEEP_ROWS:]:
            element.remove(row)
        held.append((position, rows[KEEP_ROWS:]))
        sample |= used
    master = composer.doc.element.body
    start = composer.append_index()
    composer.append(doc)
    renamed = {style: composer.mapped_style_id(style) for style in sample}
    renamed = {old: new for old, new in renamed.items() if new != old}
    for position, rows in held:
        table = master[start + position]
        if table.tag != qn("w:tbl") or len(table.findall(qn("w:tr"))) != KEEP_ROWS:
            raise RuntimeError("docxcompose placed the appended document's elements differently")
        for row in rows:
            if renamed:  # the pack already had another style of that name: as docxcompose renames
                for ref in row.iter(*_STYLE_REFS):
                    ref.val = renamed.get(ref.val, ref.val)
            table.append(row)


def save_streamed(document, path) -> None:
    """`document.save(path)`, with each XML part written into the zip as it is serialised.

    python-docx serialises a part to one bytes object before zipping it: for a pack with a
    10,000-row appendix that is a 16 MB string (and its growth) on top of the tree at the pack's
    peak.  The parts, their order and their bytes are python-docx's own.  Rows kept as text
    (`TEXT_ROWS_TAG`) are written in their places as lxml would write them parsed.
    """
    import time
    import zipfile

    from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
    from docx.opc.part import XmlPart
    from docx.opc.pkgwriter import _ContentTypesItem
    from lxml import etree

    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()

    def member(name: str) -> zipfile.ZipInfo:
        # as ZipFile.writestr makes it for a name
        info = zipfile.ZipInfo(filename=name, date_time=time.localtime(time.time())[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        return info

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package_file:
        package_file.writestr(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob)
        package_file.writestr(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            if isinstance(part, XmlPart):
                with package_file.open(member(part.partname.membername), "w") as stream:
                    if next(part.element.iter(TEXT_ROWS_TAG), None) is not None:
                        _write_with_text_rows(part.element, stream)
                    else:
                        etree.ElementTree(part.element).write(stream, encoding="UTF-8", standalone=True)
            else:
                package_file.writestr(part.partname.membername, part.blob)
            if len(part.rels):
                package_file.writestr(part.partname.rels_uri.membername, part.rels.xml)


def _write_with_text_rows(root, stream) -> None:
    """`root` serialised as lxml serialises it, its rows kept as text written in their places, in the
    form lxml gives them (`_serialised_rows`): each element holding them is written by lxml as an empty
    element carrying its key (`_set_rows_text`), found by the key and replaced by the rows."""
    from lxml import etree

    holders = list(root.iter(TEXT_ROWS_TAG))
    for holder in holders:
        if holder.get(_ROWS_KEY) is None or holder.text:  # (made with its text in it)
            _set_rows_text(holder, _rows_text(holder))
    buffer = io.BytesIO()
    etree.ElementTree(root).write(buffer, encoding="UTF-8", standalone=True)
    xml = buffer.getvalue()
    del buffer
    at = 0
    for holder in holders:
        key = holder.get(_ROWS_KEY)
        middle = xml.index(f'="{key}"'.encode("ascii"), at)
        start, end = xml.rindex(b"<", 0, middle), xml.index(b">", middle) + 1
        stream.write(xml[at:start])
        stream.write(_serialised_rows(_KEPT_ROWS[key], root.nsmap))
        at = end
    stream.write(xml[at:])


_EMPTY_ELEMENT = re.compile(rb"<(w:[A-Za-z]+)((?: [^<>]*)?)></\1>")
_EMPTY_BARE = re.compile(rb"<w:[A-Za-z]++></")   # an element without attributes closed just after it opened
# What lxml would write otherwise than the row writer: a character or entity reference but the three it
# keeps (and the ones the escaping of values writes); a ">" in text (so that the next angle bracket after
# a character in text is "<"); then a reference, a tab or a line break in a tag; a carriage return; a text
# of XML's white space only (which python-docx's parser drops).  Searched one by one, in the UTF-8 bytes
# (half the memory of a text holding a character beyond Latin-1, as a register's curly quote): each alone
# is a quick scan.
_NOT_AS_SERIALISED = (re.compile(rb"&(?!amp;|lt;|gt;|#34;|#39;|#95;)"), re.compile(rb">[^<]*>"),
                      re.compile(b"\r"), re.compile(rb">[ \t\n\r]+<"))
_IN_TAG = re.compile(rb"[&\t\n][^<>]*>")


def _serialised_rows(text: str, nsmap) -> bytes:
    """The rows kept as text as lxml writes them once parsed: the row writer's text, its empty elements
    closed and its escaped quotes and underscores written as characters; parsed and written by lxml
    when it holds anything else lxml would write otherwise (`_NOT_AS_SERIALISED`)."""
    from lxml import etree

    if not text:
        return b""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # (a lone surrogate: lxml says what it makes of it)
        data = b""
    if (data and nsmap.get("w") == _W[1:-1] and not any(pattern.search(data) for pattern in _NOT_AS_SERIALISED)
            and not ((b"&" in data or b"\t" in data or b"\n" in data) and _IN_TAG.search(data))):
        # an empty text is the usual empty element (an empty progress update, say)
        data = data.replace(b'<w:t xml:space="preserve"></w:t>', b'<w:t xml:space="preserve"/>')
        if b'"></' in data or _EMPTY_BARE.search(data):
            data = _EMPTY_ELEMENT.sub(rb"<\1\2/>", data)
        return data.replace(b"&#34;", b'"').replace(b"&#39;", b"'").replace(b"&#95;", b"_")
    del data
    holder = etree.fromstring(b'<w:tbl xmlns:w="' + _W[1:-1].encode("ascii") + b'"/>')
    for row in _parse_rows(text, nsmap):
        holder.append(row)
    serialised = etree.tostring(holder, encoding="UTF-8")  # (no declaration: bytes, not text)
    return serialised[serialised.index(b">") + 1:-len(b"</w:tbl>")]


def open_docx(path, what: str, fix: str):
    """Open a Word document, or raise DocumentError: "<what> <what is wrong>. <fix>".

    Refuses, before python-docx sees them, old .doc files, renamed files, packages
    without a document part and XML with entity declarations (which Word never writes).
    """
    import zipfile
    import zlib

    from docx import Document

    from ..errors import DocumentError

    if path.suffix.lower() == ".doc":
        raise DocumentError(f"{what} is an old-style Word file (.doc). Open it in Word and save it as a "
                            "Word Document (.docx).")
    if path.suffix.lower() != ".docx":
        raise DocumentError(f"{what} is not a Word .docx file. {fix}")
    if not zipfile.is_zipfile(path):
        raise DocumentError(f"{what} is damaged or not really a Word document. {fix}")
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "word/document.xml" not in names:
                raise DocumentError(f"{what} is not a Word document (it has no document part). {fix}")
            for part in ("word/document.xml", "docProps/core.xml"):
                if part in names:
                    head = package.read(part)[:2048]
                    if b"<!ENTITY" in head or b"<!DOCTYPE" in head:
                        raise DocumentError(f"{what} contains XML entity declarations, which Word never "
                                            f"writes. {fix}")
        return Document(str(path))
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError):
        # a part whose compressed bytes are damaged (zlib says "error", "invalid distance too far back" …)
        raise DocumentError(f"{what} is damaged: part of it cannot be unpacked. {fix}") from None
    except SyntaxError:  # (lxml's XMLSyntaxError): a part unpacked but not readable as XML
        raise DocumentError(f"{what} is damaged: its XML cannot be read. {fix}") from None
    except Exception as err:
        raise DocumentError(f"{what} cannot be opened ({type(err).__name__}). {fix}") from None


# ------------------------------------------------------------------ bookmarks, page references, pagination

_BOOKMARK_ID = [9000]  # above the ids Word gives a report's own bookmarks (0, 1, 2 …)


def add_bookmark(paragraph_element, name: str) -> None:
    """A Word bookmark around the start of a paragraph (an lxml w:p), for PAGEREF fields and PDF destinations."""
    _BOOKMARK_ID[0] += 1
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(_BOOKMARK_ID[0]))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(_BOOKMARK_ID[0]))
    ppr = paragraph_element.find(qn("w:pPr"))
    position = 1 if ppr is not None else 0
    paragraph_element.insert(position, start)
    start.addnext(end)


def first_paragraph(document, start: int = 0):
    """The first w:p (tables' cells included) of the body's children from index `start`, or None."""
    return _body_paragraph(document, start, last=False)


def last_paragraph(document, start: int = 0):
    """The last w:p (tables' cells included) of the body's children from index `start`, or None."""
    return _body_paragraph(document, start, last=True)


def _body_paragraph(document, start: int, last: bool):
    w_p, w_sect_pr = qn("w:p"), qn("w:sectPr")
    children = document.element.body[start:]
    for child in (reversed(children) if last else children):
        if child.tag == w_p:
            return child
        if child.tag != w_sect_pr:
            found = _edge_paragraph(document, child, last=last)
            if found is not None:
                return found
    return None


def _edge_paragraph(document, element, last: bool):
    """The first (or last) w:p inside `element`, the rows kept as text parsed when one of them holds it."""
    w_p = qn("w:p")
    if next(element.iter(TEXT_ROWS_TAG), None) is None:
        found = element.xpath("(.//w:p)[last()]") if last else [next(element.iter(w_p), None)]
        return found[0] if found else None
    while True:
        found = None
        if last:
            for found in element.iter(w_p, TEXT_ROWS_TAG):
                pass
        else:
            found = next(element.iter(w_p, TEXT_ROWS_TAG), None)
        if found is None or found.tag == w_p:
            return found
        _parse_table_text_rows(document, found.getparent())


def body_length(document) -> int:
    return len(document.element.body)


def section_break_paragraph(document):
    """The paragraph that ends the body's last-but-one section (python-docx's `add_section` writes it)."""
    for child in reversed(list(document.element.body)):
        if child.tag == qn("w:p") and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            return child
    return None


_UNSPLIT: list = []   # the compiled XPath, made on first use


def keep_rows_whole(document) -> None:
    """Every table row is kept on one page (Word and LibreOffice still split a row taller than a page)."""
    from lxml import etree

    if not _UNSPLIT:
        _UNSPLIT.append(etree.XPath("boolean(descendant-or-self::w:tr[not(w:trPr[1]/w:cantSplit)])",
                                    namespaces={"w": _W[1:-1]}))
    from docx.oxml.parser import oxml_parser

    w_tr_pr, w_cant_split, w_tbl_pr_ex = qn("w:trPr"), qn("w:cantSplit"), qn("w:tblPrEx")
    # OxmlElement("w:trPr") without reading its prefixed name each time (20,000 elements for 10,000 rows)
    make, w_only = oxml_parser.makeelement, {"w": _W[1:-1]}
    # table by table, and only the tables with a row without it (a pack's long tables have it from
    # their own papers: their 10,000 rows are not walked again)
    rows = (tr for child in document.element.body if _UNSPLIT[0](child) for tr in child.iter(qn("w:tr")))
    for tr in rows:
        tr_pr = tr.find(w_tr_pr)
        if tr_pr is None:
            tr_pr = make(w_tr_pr, nsmap=w_only)
            index = 0
            for child in tr:
                if child.tag == w_tbl_pr_ex:
                    index += 1
            tr.insert(index, tr_pr)
        if tr_pr.find(w_cant_split) is None:
            tr_pr.insert(0, make(w_cant_split, nsmap=w_only))


SUBHEADING_LENGTH = 100   # a row heading for the rows after it is a few words, not a sentence


_SUBHEADING_PATHS: list = []   # compiled XPaths, made on first use


def keep_subheadings_with_next(document) -> int:
    """Keep each table sub-heading row with the row after it (README, "Publishing"); returns how many.

    A sub-heading row is an author's heading for the rows that follow it inside a table (the
    SEND plan's "Intelligence and insight"): not a repeated header row, not the table's last row,
    its few words all in its first cell, and that cell either spanning the whole row or bold.
    Its paragraphs get Word's "keep with next", which keeps a row on the page of the next row
    (LibreOffice reads it the same way), so it never stands alone at the foot of a page.
    """
    from lxml import etree

    if not _SUBHEADING_PATHS:
        ns = {"w": _W[1:-1]}
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        # rows that may be sub-headings: none of the other cells holds a letter or a digit (the
        # usual row, with text in its second cell, is left out in C rather than looked at in Python).
        # A first step leaves out the rows whose second cell has a text starting with one, looking at
        # one character of each: translating every character of 10,000 rows took half a second
        first = "substring(., 1, 1)"
        _SUBHEADING_PATHS.append(etree.XPath(
            f"w:tr[not(w:tc[2]//w:t[{first} != ''][translate({first}, '{letters}', '') = ''])]"
            f"[not(w:tc[position() > 1]//w:t[translate(., '{letters}', '') != .])]", namespaces=ns))
        _SUBHEADING_PATHS.append(etree.XPath("w:tr[last()]", namespaces=ns))
    candidates, last_row = _SUBHEADING_PATHS
    kept = 0
    for tbl in document.element.body.iter(qn("w:tbl")):
        grid = tbl.find(qn("w:tblGrid"))
        columns = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
        if tbl.find(TEXT_ROWS_TAG) is not None and (candidates(tbl) or _text_row_candidates(tbl)):
            _parse_table_text_rows(document, tbl)  # (rare: a row that may be a sub-heading, looked at as elements)
        last = last_row(tbl)
        for tr in candidates(tbl):
            if tr is last[0]:
                continue  # (the table's last row has no next row to keep with)
            if _is_subheading(tr, columns):
                for p in tr.iter(qn("w:p")):
                    p.get_or_add_pPr().keepNext_val = True
                kept += 1
    return kept


# a text (w:t) holding a letter or a digit itself (not only in a character reference)
_TEXT_WITH_LETTER = re.compile(r"<w:t(?: [^>]*)?>(?:[^<&]|&[^;<]*;)*?[A-Za-z0-9]")


def _text_row_candidates(tbl) -> bool:
    """Whether a row of `tbl` kept as text may be a sub-heading: none of its cells after the first has a
    text holding a letter or a digit (the rows `keep_subheadings_with_next` looks at)."""
    for rows in tbl.iterchildren(TEXT_ROWS_TAG):
        for row in _row_texts(rows):
            second = row.find("<w:tc>", row.find("<w:tc>") + 1)
            if second == -1 or _TEXT_WITH_LETTER.search(row, second) is None:
                return True
    return False


def _is_subheading(tr, columns: int) -> bool:
    tr_pr = tr.find(qn("w:trPr"))
    if tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None:
        return False  # repeated on every page already
    cells = tr.findall(qn("w:tc"))
    w_t = qn("w:t")

    def text(tc) -> str:
        return "".join(t.text or "" for t in tc.iter(w_t)).strip()

    # the other cells first: in a table's usual row the second cell has text, and that settles it
    if not cells or any(text(tc) for tc in cells[1:]):
        return False
    heading = text(cells[0])
    if not heading or len(heading) > SUBHEADING_LENGTH:
        return False
    first = cells[0]
    span = (first.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") if len(cells) == 1 else None)
    value = span.get(qn("w:val"), "") if span is not None else ""
    if columns > 1 and value.isdigit() and int(value) >= columns:
        return True  # one cell across the whole row
    runs = [r for r in first.iter(qn("w:r")) if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()]
    return bool(runs) and all(_bold(r) for r in runs)


def _bold(run) -> bool:
    b = run.find(f"{qn('w:rPr')}/{qn('w:b')}")
    return b is not None and b.get(qn("w:val"), "true") not in ("0", "false", "off")


SHORT_TABLE = 20 * 300   # twips: a table estimated at up to 300 pt, under half a page of A4 text, is short


def keep_short_tables_whole(document, most: float = SHORT_TABLE) -> int:
    """Keep each short table on one page (README, "Publishing"); returns how many.

    A table whose estimated height (its text measured as in `fit_columns`, wrapped at its column
    widths) is under half a page gets "keep with next" on every row but its last, so it moves to
    the next page whole rather than leave a row or two there on their own; a longer table may
    still break between rows.  Tables inside tables are left to their outer table.
    """
    kept = 0
    for tbl in document.element.body.iter(qn("w:tbl")):
        if tbl.getparent() is not None and tbl.getparent().tag == qn("w:tc"):
            continue
        if tbl.find(TEXT_ROWS_TAG) is not None:
            # every row is at least 40 twips high (`_row_height`): enough rows kept as text make a long
            # table; fewer are parsed and measured
            if sum(_rows_text(rows).count("</w:tr>") for rows in tbl.iterchildren(TEXT_ROWS_TAG)) * 40 > most:
                continue
            _parse_table_text_rows(document, tbl)
        rows = tbl.findall(qn("w:tr"))
        grid = tbl.find(qn("w:tblGrid"))
        if len(rows) < 2 or grid is None:
            continue
        try:
            widths = [int(col.get(qn("w:w"))) for col in grid.findall(qn("w:gridCol"))]
        except (TypeError, ValueError):
            continue
        if not widths or _taller_than(rows, widths, most):
            continue
        for tr in rows[:-1]:
            for p in tr.iter(qn("w:p")):
                p.get_or_add_pPr().keepNext_val = True
        kept += 1
    return kept


def _taller_than(rows, widths: list[int], most: float) -> bool:
    """Whether the rows' estimated heights add up to more than `most`: measured only until they do
    (a table of 10,000 rows is long after its first few)."""
    height = 0.0
    for tr in rows:
        height += _row_height(tr, widths)
        if height > most:
            return True
    return False


def _row_height(tr, widths: list[int], default_size: float = 11.0) -> float:
    """A table row's height in twips, estimated from its text wrapped at its cells' widths."""
    import math

    tallest, column = 0.0, 0
    for tc in tr.findall(qn("w:tc")):
        span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
        count = int(span.get(qn("w:val"))) if span is not None and (span.get(qn("w:val")) or "").isdigit() else 1
        room = max(sum(widths[column:column + count]) - _CELL_PADDING, 200)
        column += count
        height = 0.0
        for p in tc.iter(qn("w:p")):
            size, bold = default_size, False
            first = p.find(f"{qn('w:r')}/{qn('w:rPr')}")
            if first is not None:
                sz = first.find(qn("w:sz"))
                if sz is not None and (sz.get(qn("w:val")) or "").isdigit():
                    size = int(sz.get(qn("w:val"))) / 2
                bold = first.find(qn("w:b")) is not None
            text = "".join(t.text or "" for t in p.iter(qn("w:t")))
            lines = max(1, math.ceil(text_width(text, size, bold) / room)) if text else 1
            height += lines * size * 20 * 1.17 + 60  # a line is about 1.17 em; a little space after
        tallest = max(tallest, height)
    return tallest + 2 * 20


LEAD_IN_LENGTH = 250     # a table's lead-in ("These risks … are owned by …") is a sentence or two


def keep_lead_ins_with_tables(document) -> int:
    """Keep the short paragraph just before a table (its lead-in, and so the heading above it, which
    keeps with its next paragraph already) on the page where the table starts; returns how many.
    Empty paragraphs between them are kept too; a section break or a page break ends the search, and
    a list item is not a lead-in."""
    kept = 0
    for tbl in document.element.body.iter(qn("w:tbl")):
        before = tbl.getprevious()
        gaps = []
        while before is not None and before.tag == qn("w:p") and len(gaps) < 2:
            if before.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None or _breaks_page(before):
                before = None
                break
            if "".join(t.text or "" for t in before.iter(qn("w:t"))).strip():
                break
            gaps.append(before)
            before = before.getprevious()
        if before is None or before.tag != qn("w:p") or before.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            continue
        text = "".join(t.text or "" for t in before.iter(qn("w:t"))).strip()
        if not text or len(text) > LEAD_IN_LENGTH or _breaks_page(before) or _in_list(before):
            continue  # (a list's last item is not a lead-in: it stays with its list)
        for p in [before, *gaps]:
            p.get_or_add_pPr().keepNext_val = True
        kept += 1
    return kept


def _in_list(p) -> bool:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return (p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None
            or (style is not None and "list" in (style.get(qn("w:val")) or "").lower()))


def _breaks_page(p) -> bool:
    return any(br.get(qn("w:type")) == "page" for br in p.iter(qn("w:br")))


# ------------------------------------------------------------------ column widths from measured text

# Arial's advance widths (the same as Helvetica's, in 1/1000 em) for printable ASCII, from its font
# metrics; other characters count as an "n".  Bold text is about 8% wider.
_ARIAL = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278) + (556,) * 10
    + (278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556,
       833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
       333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333,
       500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584)))
_WIDE = {"–": 556, "—": 1000, "’": 222, "‘": 222, "“": 333, "”": 333, "▲": 1000, "▼": 1000, "►": 1000,
         "●": 604, "£": 556, "€": 556}
_CELL_PADDING = 2 * 108 + 40   # Word's default left and right cell margins, and a little slack (twips)
SHORT_CELL = 24                 # a cell this short (a name, a date, "Light green") is kept on one line


class _Advances(dict):
    """Advance widths by character; any other character counts as an "n"."""

    def __missing__(self, character: str) -> int:
        return 556


_ADVANCE = _Advances(_ARIAL)
_ADVANCE.update(_WIDE)
_SPACE = _ADVANCE[" "]
# Measured texts by their units: an appendix of 10,000 actions repeats its owners, dates, RAG
# labels and most words thousands of times (one dictionary look-up instead of one per character).
_UNITS: dict[str, int] = {}
_UNITS_KEPT = 200_000


def _units(text: str) -> int:
    units = _UNITS.get(text)
    if units is None:
        units = sum(map(_ADVANCE.__getitem__, text))
        if len(_UNITS) < _UNITS_KEPT:
            _UNITS[text] = units
    return units


def _width(units: int, size_pt: float, bold: bool) -> float:
    return units * size_pt * 20 / 1000 * (1.08 if bold else 1.0)


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """The printed width of `text` in Arial at `size_pt`, in twips (1/20 pt)."""
    return _width(_units(text), size_pt, bold)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LINES: dict[tuple[str, float, bool], tuple[float, float]] = {}   # a measured line: (whole, least)


def _line_measure(text: str, size: float, bold: bool) -> tuple[float, float]:
    """(its width on one line, the narrowest width that breaks no word) of one line of text."""
    key = (text, size, bold)
    found = _LINES.get(key)
    if found is not None:
        return found
    if len(text) <= SHORT_CELL:  # with numbers, room for two more digits: a page reference may grow
        whole = text_width(text, size, bold)
        extra = text_width("00", size, bold) if any(map(str.isdigit, text)) else 0.0
        least = whole + extra
    elif text.isprintable():  # (no white space but the space: the line is its words and its spaces)
        # the widest word: the width grows with the units, so measure the word of most units; the whole
        # line its words' units and its spaces' (the words measured before looked up in C, without a Python
        # call for each of 200,000 words, or a look-up for each of a long table's million characters)
        words = text.split(" ")
        units = list(map(_UNITS.get, words))
        if None in units:
            units = list(map(_units, words))
        whole = _width(sum(units) + (len(words) - 1) * _SPACE, size, bold)
        least = _width(max(units), size, bold)
    else:
        whole = text_width(text, size, bold)
        words = text.split()
        units = list(map(_UNITS.get, words))
        if None in units:
            units = list(map(_units, words))
        least = _width(max(units), size, bold)
    if len(_LINES) < _UNITS_KEPT:
        _LINES[key] = (whole, least)
    return whole, least


def _paragraph_style(p, default_size: float, bold: bool) -> tuple[float, bool]:
    """The size and boldness of a paragraph's text: those of its first run with run properties."""
    for run in p.iterchildren(f"{_W}r"):
        first = next(run.iterchildren(f"{_W}rPr"), None)
        if first is None:
            continue
        sz = next(first.iterchildren(f"{_W}sz"), None)
        if sz is not None:
            value = sz.get(f"{_W}val") or ""
            if value.isdigit():
                default_size = int(value) / 2
        return default_size, bold or next(first.iterchildren(f"{_W}b"), None) is not None
    return default_size, bold


def _cell_measure(tc, header: bool, default_size: float) -> tuple[float, float, float]:
    """(the narrowest width that breaks no word, the width that needs no break at all, the width of all
    its text on one line) of one cell.

    Plain lxml and measured lines kept (`_LINES`): this runs over every cell of a 10,000-action appendix.
    """
    w_t, w_br, w_tab = f"{_W}t", f"{_W}br", f"{_W}tab"
    least = natural = total = 0.0
    for p in tc.iter(f"{_W}p"):
        size, bold = _paragraph_style(p, default_size, header)
        nodes = list(p.iter(w_t, w_br, w_tab))
        if len(nodes) == 1 and nodes[0].tag == w_t:
            joined = nodes[0].text or ""
        else:
            joined = "".join(node.text or "" if node.tag == w_t else ("\n" if node.tag == w_br else " ")
                             for node in nodes)
        for text in joined.split("\n"):
            if not text.strip():
                continue
            whole, low = _line_measure(text, size, bold)
            natural = max(natural, whole)
            total += whole
            least = max(least, low)
    return least, natural, total


def _header_row(tr) -> bool:
    tr_pr = tr.find(f"{_W}trPr")
    return tr_pr is not None and tr_pr.find(f"{_W}tblHeader") is not None


# What `_cell_measure` reads, for a whole table at once, as text: one C call instead of a Python step
# for every run and text of 10,000 rows.  Rows, cells and paragraphs are set apart by characters of
# Unicode's private use area (a table whose text holds one is measured element by element instead).
_ROW, _CELL, _PARA, _FIELD = "\ue000", "\ue001", "\ue002", "\ue003"
_MEASURE_XSLT = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:w="{_W[1:-1]}">
  <xsl:output method="text" encoding="utf-8"/>
  <xsl:template match="/">
    <xsl:for-each select="//w:tr">
      <xsl:text>{_ROW}</xsl:text>
      <xsl:if test="w:trPr[1]/w:tblHeader">h</xsl:if>
      <xsl:for-each select="w:tc">
        <xsl:text>{_CELL}</xsl:text>
        <xsl:for-each select=".//w:p">
          <xsl:text>{_PARA}</xsl:text>
          <xsl:value-of select="(w:r/w:rPr)[1]/w:sz[1]/@w:val"/>
          <xsl:text>{_FIELD}</xsl:text>
          <xsl:if test="(w:r/w:rPr)[1]/w:b">b</xsl:if>
          <xsl:text>{_FIELD}</xsl:text>
          <xsl:for-each select=".//w:t|.//w:br|.//w:tab">
            <xsl:choose>
              <xsl:when test="self::w:t"><xsl:value-of select="."/></xsl:when>
              <xsl:when test="self::w:br"><xsl:text>&#10;</xsl:text></xsl:when>
              <xsl:otherwise><xsl:text> </xsl:text></xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>"""
_MEASURE = []   # the compiled stylesheet, made on first use


def _table_measures(tbl, default_size: float):
    """For each row of `tbl` (nested tables' rows too, as `tbl.iter`), each cell's `_cell_measure`;
    None when the table's text holds one of the separators."""
    from lxml import etree

    if not _MEASURE:
        marks = " or ".join(f"contains(., '{mark}')" for mark in (_ROW, _CELL, _PARA, _FIELD))
        _MEASURE.append(etree.XSLT(etree.fromstring(_MEASURE_XSLT.encode("utf-8"))))
        _MEASURE.append(etree.XPath(f"boolean(.//w:t[{marks}])", namespaces={"w": _W[1:-1]}))
        _MEASURE.append(etree.XPath("string(.)"))
    transform, marked, all_text = _MEASURE
    # the table's text read once, in C: the texts one by one (four searches in each of 70,000) only
    # when one of the characters is somewhere in it (with rows kept as text, whose text would be read
    # too and has none of them, the few elements' texts one by one)
    if tbl.find(TEXT_ROWS_TAG) is not None:
        if marked(tbl):
            return None
    else:
        text = all_text(tbl)
        if any(mark in text for mark in (_ROW, _CELL, _PARA, _FIELD)) and marked(tbl):
            return None
    text = str(transform(tbl))
    # one row at a time: a list of every cell's figures of 10,000 rows would be megabytes at the peak
    return (_row_measures(row, default_size) for row in text.split(_ROW)[1:])


_CELL_MEASURES: dict[tuple[str, bool, float], tuple[float, float, float]] = {}


def _row_measures(row: str, default_size: float) -> list[tuple[float, float, float]]:
    """`row` as `_MEASURE_XSLT` writes it: "h" for a header row (`_header_row`), then its cells."""
    cells = []
    pieces = row.split(_CELL)
    header = pieces[0] == "h"
    for cell in pieces[1:]:
        # an owner, a date, a RAG label or a direction is measured once for the whole table (a long
        # text, not kept, is not looked for)
        short = len(cell) <= SHORT_CELL * 2
        if short:
            key = (cell, header, default_size)
            found = _CELL_MEASURES.get(key)
            if found is not None:
                cells.append(found)
                continue
        least = natural = total = 0.0
        for paragraph in cell.split(_PARA)[1:]:
            size_text, bold_text, joined = paragraph.split(_FIELD, 2)
            size = int(size_text) / 2 if size_text.isdigit() else default_size
            bold = header or bool(bold_text)
            for text in joined.split("\n"):
                if not text.strip():
                    continue
                whole, low = _line_measure(text, size, bold)
                if whole > natural:  # (comparisons, not max(): this runs for every line of 10,000 rows)
                    natural = whole
                total += whole
                if low > least:
                    least = low
        cells.append((least, natural, total))
        if short and len(_CELL_MEASURES) < _UNITS_KEPT:
            _CELL_MEASURES[key] = cells[-1]
    return cells


def fit_columns(document, default_size: float = 11.0) -> None:
    """Set each table's column widths from its measured text, keeping the table's total width.

    Every column first gets room for its longest word (for a short cell, its whole text: a name,
    a date, a RAG label stays on one line); what is left goes to the columns whose text would
    otherwise wrap, in proportion to how much they hold.  Tables with the same header row (the
    action log's groups) get the same widths; tables with merged cells are left alone.
    """
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    measured: dict[tuple, tuple[int, list[float], list[float], list[float]]] = {}
    tables = []
    for tbl in document.element.body.iter(f"{w}tbl"):
        grid = tbl.find(f"{w}tblGrid")
        if grid is None or tbl.find(f".//{w}gridSpan") is not None or tbl.find(f".//{w}vMerge") is not None:
            continue
        cols = grid.findall(f"{w}gridCol")
        try:
            total = sum(int(c.get(f"{w}w")) for c in cols)
        except (TypeError, ValueError):
            continue
        count = len(cols)
        least, natural, amount = [0.0] * count, [0.0] * count, [0.0] * count
        key: tuple = (id(tbl),)
        for index_row, tr in enumerate(tbl.iter(f"{w}tr")):
            tr_pr = tr.find(f"{w}trPr")
            header = tr_pr is not None and tr_pr.find(f"{w}tblHeader") is not None
            cells = tr.findall(f"{w}tc")
            if len(cells) != count:
                continue
            if index_row == 0 and header:
                key = (total,) + tuple("".join(t.text or "" for t in tc.iter(f"{w}t")) for tc in cells)
            break
        texts = tbl.find(TEXT_ROWS_TAG) is not None
        if texts and next(tbl.iterdescendants(f"{w}tbl"), None) is not None:
            _parse_table_text_rows(document, tbl)  # (a table inside: its rows measured in their order, as elements)
            texts = False
        rows = _table_measures(tbl, default_size)
        if rows is None:  # the element by element way, which gives the same figures
            rows = ([_cell_measure(tc, header, default_size) for tc in cells] for header, cells in
                    ((_header_row(tr), tr.findall(f"{w}tc")) for tr in tbl.iter(f"{w}tr")))
        if texts:  # the rows kept as text in their places among the others (the sums added in row order)
            rows = _in_row_order(tbl, rows, default_size)
        for cells in rows:
            if len(cells) != count:
                continue
            for index, (low, high, text) in enumerate(cells):
                low += _CELL_PADDING
                high += _CELL_PADDING
                if low > least[index]:
                    least[index] = low
                if high > natural[index]:
                    natural[index] = high
                amount[index] += text
        if key in measured:
            _, old_least, old_natural, old_amount = measured[key]
            least = [max(a, b) for a, b in zip(least, old_least)]
            natural = [max(a, b) for a, b in zip(natural, old_natural)]
            amount = [a + b for a, b in zip(amount, old_amount)]
        measured[key] = (total, least, natural, amount)
        tables.append((tbl, key))
    for tbl, key in tables:
        total, least, natural, amount = measured[key]
        _set_widths(tbl, _share(total, least, natural, amount))
    for kept in (_UNITS, _LINES, _CELL_MEASURES):  # a long table's texts, not needed any more
        kept.clear()


def _in_row_order(tbl, element_rows, default_size: float):
    """The measures of the rows of `tbl` (no table inside it): the element rows' (`element_rows`, in their
    order) and the rows kept as text (`_text_measures`), each in its place."""
    w_tr = qn("w:tr")
    measured: dict[str, tuple[float, float, float]] = {}   # (for the whole table: its batches repeat dates, owners)
    for child in tbl:
        if child.tag == w_tr:
            yield next(element_rows)
        elif child.tag == TEXT_ROWS_TAG:
            yield from _text_measures(child, default_size, measured)


def _parse_table_text_rows(document, tbl) -> None:
    nsmap = document.element.nsmap
    for rows in tbl.findall(TEXT_ROWS_TAG):
        for row in _parse_rows(_rows_text(rows), nsmap):
            rows.addprevious(row)
        _drop_rows_text(rows)
        tbl.remove(rows)


_PARAGRAPH = re.compile(r"<w:p(?: [^<>]*)?/?>")
_FIRST_RUN_PROPERTIES = re.compile(r"<w:r(?: [^<>]*)?><w:rPr(?:/>|>(.*?)</w:rPr>)", re.S)
_SIZE = re.compile(r"<w:sz[ />][^>]*")
_VALUE = re.compile(r' w:val="([^"]*)"')
_BOLD = re.compile(r"<w:b[ />]")
_TEXTS = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(br|tab)[ />]")


def _text_measures(rows, default_size: float, measured: dict[str, tuple[float, float, float]] | None = None):
    """`_table_measures` of rows kept as text: each cell read as `_MEASURE_XSLT` writes it and measured
    as `_row_measures` measures it (a short cell once for the table, kept in `measured`: an owner, a date,
    a label)."""
    measured = {} if measured is None else measured
    for row in _row_texts(rows):
        cells = []
        for cell in row.split("<w:tc>")[1:]:
            found = measured.get(cell)
            if found is None:
                found = _text_cell_measure(cell, default_size)
                if len(cell) <= 400:
                    measured[cell] = found
            cells.append(found)
        yield cells


_PROPERTIES_READ: dict[str, tuple[str, str]] = {}


def _text_cell_measure(cell: str, default_size: float) -> tuple[float, float, float]:
    """`_row_measures(_cell_as_read(cell))[0]` of a cell kept as text (not a header's), without writing
    the text `_cell_as_read` writes and splitting it again: this runs for each different cell of a
    10,000-row table (the test holds the two ways to the same figures)."""
    least = natural = total = 0.0
    for size_text, bold_text, joined in _text_paragraphs(cell):
        size = int(size_text) / 2 if size_text.isdigit() else default_size
        bold = bool(bold_text)
        for text in joined.split("\n"):
            if not text.strip():
                continue
            whole, low = _line_measure(text, size, bold)
            if whole > natural:
                natural = whole
            total += whole
            if low > least:
                least = low
    return least, natural, total


def _text_paragraphs(cell: str):
    """Each paragraph of a cell kept as text, as `_MEASURE_XSLT` reads it: the size (half points, as
    written) and boldness ("b" or "") of its first run with properties, and its texts, line breaks and tabs."""
    if "\r" in cell:  # a line end as XML reads it (the parsed rows' texts have "\n")
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    for paragraph in _PARAGRAPH.split(cell)[1:]:
        read = ("", "")
        first = _FIRST_RUN_PROPERTIES.search(paragraph)
        if first is not None and first.group(1):
            properties = first.group(1)
            read = _PROPERTIES_READ.get(properties) or _properties_read(properties)
        found = _TEXTS.findall(paragraph)
        if len(found) == 1 and not found[0][1]:
            yield read[0], read[1], _unescape(found[0][0])
        else:
            yield read[0], read[1], "".join(_unescape(text) if not kind else ("\n" if kind == "br" else " ")
                                            for text, kind in found)


def _properties_read(properties: str) -> tuple[str, str]:
    """The size (as written: half points) and boldness ("b" or "") of a run's properties kept as text."""
    size_tag = _SIZE.search(properties)
    value = _VALUE.search(size_tag.group(0)) if size_tag else None
    read = (_unescape(value.group(1)) if value else "", "b" if _BOLD.search(properties) else "")
    if len(_PROPERTIES_READ) < 1000:  # (a few different run properties in a table)
        _PROPERTIES_READ[properties] = read
    return read


def _cell_as_read(cell: str) -> str:
    """A cell kept as text, as `_MEASURE_XSLT` writes a cell: each paragraph's size and boldness (of its
    first run with properties) and its texts, line breaks and tabs."""
    return _CELL + "".join(f"{_PARA}{size}{_FIELD}{bold}{_FIELD}{texts}"
                           for size, bold, texts in _text_paragraphs(cell))


def _set_text_widths(tbl, widths: list[int]) -> None:
    """`_set_widths` for the rows of `tbl` kept as text: each cell's properties as `_width_first` and
    the width make them (made once with lxml for each different cell's properties and width)."""
    made: dict[tuple[str, str], str] = {}
    values = [str(width) for width in widths]
    for rows in tbl.findall(TEXT_ROWS_TAG):
        text = _rows_text(rows)
        count = text.count("</w:tr>")
        # as many cells as the rows have with one for each column: if every row has one for each (the rows of
        # one prototype row have its cells, unless one is in an `if`), the column of each is its place in its row
        aligned = text.count("<w:tc>") == count * len(values)
        if aligned:
            replaced = _replace_cell_properties(text, count, values, made)
            if replaced is not None:
                _set_rows_text(rows, replaced)
                continue
        if aligned and all(row.count("<w:tc>") == len(values) for row in text.split("</w:tr>")[:-1]):
            cells = text.split("<w:tc>")
            for index in range(1, len(cells)):
                cell = cells[index]
                end = _properties_end(cell)
                key = (cell[:end], values[(index - 1) % len(values)])
                found = made.get(key)
                if found is None:
                    found = made[key] = _cell_properties_with_width(*key)
                cells[index] = found + cell[end:]
            _set_rows_text(rows, "<w:tc>".join(cells))
            continue
        texts = text.split("</w:tr>")
        for index in range(len(texts) - 1):
            cells = texts[index].split("<w:tc>")
            if len(cells) - 1 != len(values):
                continue
            for column in range(1, len(cells)):
                cell = cells[column]
                end = _properties_end(cell)
                key = (cell[:end], values[column - 1])
                found = made.get(key)
                if found is None:
                    found = made[key] = _cell_properties_with_width(*key)
                cells[column] = found + cell[end:]
            texts[index] = "<w:tc>".join(cells)
        _set_rows_text(rows, "</w:tr>".join(texts))


# a cell's opening and its properties (the possessive form: the lazy `.*?` took half as long again)
_CELL_PROPERTIES = re.compile(r"(<w:tc><w:tcPr>[^<]*+(?:<(?!/w:tcPr>)[^<]*+)*+</w:tcPr>)")


def _replace_cell_properties(text: str, rows: int, values: list[str],
                             made: dict[tuple[str, str], str]) -> str | None:
    """`_set_text_widths` for `rows` rows kept as text, holding a cell for each column between them, all
    with properties written in full: the properties cut out and put back changed in C (one look-up for each
    cell in a list), rather than a Python step for each of 70,000 cells.  None, having changed nothing, for
    other rows: a cell without properties, or with them empty, or a row with more or fewer cells than
    `values` (a row's end is between each row's last cell and the next row's first, and none is between
    two cells of one row: the rows are then `rows` groups of a cell for each column)."""
    parts = _CELL_PROPERTIES.split(text)   # the text between, then a cell's opening and properties …
    count, start = len(values), len("<w:tc>")
    if len(parts) != 2 * rows * count + 1:
        return None
    between = parts[0::2]   # before the first cell, between each two cells, after the last
    if not all(map(_ends_row, between[count:-1:count])) or any(
            _ends_row("".join(between[column::count])) for column in range(1, count)):
        return None
    for column, width in enumerate(values):
        found = parts[1 + 2 * column::2 * count]
        changed: dict[str, str] = {}
        for opening in set(found):
            key = (opening[start:], width)
            new = made.get(key)
            if new is None:
                new = made[key] = _cell_properties_with_width(*key)
            changed[opening] = "<w:tc>" + new
        parts[1 + 2 * column::2 * count] = list(map(changed.__getitem__, found))
    return "".join(parts)


def _ends_row(piece: str) -> bool:
    return "</w:tr>" in piece


def _properties_end(cell: str) -> int:
    """Where a cell kept as text ends its properties (first in it, `fast_tables.text_ready`), or 0 if it has
    none: written in full, or empty as `<w:tcPr/>`, which takes the width as an element's does."""
    if cell.startswith("<w:tcPr>"):
        return cell.find("</w:tcPr>") + len("</w:tcPr>")
    return len("<w:tcPr/>") if cell.startswith("<w:tcPr/>") else 0


def _cell_properties_with_width(properties: str, width: str) -> str:
    from lxml import etree

    tc = etree.fromstring(f'<w:tc xmlns:w="{_W[1:-1]}">{properties}</w:tc>')
    tc_w = _width_first(tc)
    tc_w.set(f"{_W}w", width)
    tc_w.set(f"{_W}type", "dxa")
    serialised = etree.tostring(tc, encoding="unicode")
    return serialised[serialised.index(">") + 1:-len("</w:tc>")]


def _set_widths(tbl, widths: list[int]) -> None:
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for col, width in zip(tbl.find(f"{w}tblGrid").findall(f"{w}gridCol"), widths):
        col.set(f"{w}w", str(width))
    if tbl.find(TEXT_ROWS_TAG) is not None:
        _set_text_widths(tbl, widths)
    if _set_widths_at_once(tbl, widths):
        return
    for tr in tbl.iter(f"{w}tr"):
        cells = tr.findall(f"{w}tc")
        if len(cells) != len(widths):
            continue
        for tc, width in zip(cells, widths):
            tc_w = _width_first(tc)
            tc_w.set(f"{w}w", str(width))
            tc_w.set(f"{w}type", "dxa")


def _width_first(tc):
    """A cell's `w:tcW`, made if missing and put first in its properties (after cnfStyle):
    docxtpl's cellbg puts its shading ahead of it."""
    tc_pr = tc.find(f"{_W}tcPr")
    if tc_pr is None:
        tc_pr = OxmlElement("w:tcPr")
        tc.insert(0, tc_pr)
    tc_w = tc_pr.find(f"{_W}tcW")
    if tc_w is None:
        tc_w = OxmlElement("w:tcW")
    cnf = tc_pr.find(f"{_W}cnfStyle")
    tc_pr.insert(1 if cnf is not None else 0, tc_w)
    return tc_w


_WIDTH_PATHS: dict[str, object] = {}   # compiled on first use
_CELLS = "w:tr[count(w:tc) = $n]/w:tc"


def _set_widths_at_once(tbl, widths: list[int]) -> bool:
    """`_set_widths` for a table with neither tables inside nor cnfStyle, whose rows are all its own
    children (the usual one, and the 10,000-row appendix): the cells whose width is not first in their
    properties are put right one by one, then every width is set through one XPath; False, having
    changed nothing, for another table.  (Its rows looked for among its children alone: each walk
    through every element of 10,000 rows costs a tenth of a second.)"""
    from itertools import cycle

    from lxml import etree

    if not _WIDTH_PATHS:
        ns = {"w": _W[1:-1]}
        _WIDTH_PATHS["plain"] = etree.XPath("not(.//w:tbl) and count(.//w:tr) = count(w:tr)", namespaces=ns)
        _WIDTH_PATHS["usual"] = etree.XPath(f"not({_CELLS}/w:tcPr[1]/w:cnfStyle)", namespaces=ns)
        _WIDTH_PATHS["unusual"] = etree.XPath(f"{_CELLS}[not(w:tcPr[1]/node()[1][self::w:tcW])]",
                                              namespaces=ns)
        _WIDTH_PATHS["widths"] = etree.XPath(f"{_CELLS}/w:tcPr[1]/w:tcW[1]", namespaces=ns)
    count = len(widths)
    if not count or not _WIDTH_PATHS["plain"](tbl) or not _WIDTH_PATHS["usual"](tbl, n=count):
        return False
    for tc in _WIDTH_PATHS["unusual"](tbl, n=count):  # as `_set_widths` does (no cnfStyle here)
        _width_first(tc)
    # every cell now has its width first in its properties: one found for each cell, row by row
    w_w, w_type = f"{_W}w", f"{_W}type"
    for tc_w, value in zip(_WIDTH_PATHS["widths"](tbl, n=count), cycle([str(width) for width in widths])):
        tc_w.set(w_w, value)
        if tc_w.get(w_type) != "dxa":
            tc_w.set(w_type, "dxa")
    return True


def _share(total: int, least: list[float], natural: list[float], amount: list[float] | None = None) -> list[int]:
    """Widths (twips) adding up to `total`: each column's least, then the rest to the columns that would
    wrap, in proportion to how much text they hold (`amount`), none beyond its natural width."""
    least = [max(x, 300.0) for x in least]
    natural = [max(n, l) for n, l in zip(natural, least)]
    amount = amount or natural
    if sum(least) >= total:  # not even the words fit: share in proportion to them
        widths = [total * x / sum(least) for x in least]
    elif sum(natural) <= total:  # everything fits on one line: spread the spare room evenly by size
        spare = total - sum(natural)
        widths = [n + spare * n / sum(natural) for n in natural]
    else:
        widths = list(least)
        spare = total - sum(least)
        open_ = [i for i in range(len(widths)) if natural[i] > widths[i]]
        while spare > 1 and open_:
            weight = sum(amount[i] for i in open_) or len(open_)
            given = 0.0
            for i in list(open_):
                share = spare * (amount[i] / weight if weight else 1 / len(open_))
                room = natural[i] - widths[i]
                if share >= room:
                    widths[i] = natural[i]
                    given += room
                    open_.remove(i)
                else:
                    widths[i] += share
                    given += share
            spare -= given
            if given < 1:
                break
    out = [int(x) for x in widths]
    out[-1] += total - sum(out)
    return out
