"""What a rebuild of a register from its rows would drop, in words a user understands.

A save rebuilds the workbook from the rows (see `writing.py`), so anything else
staff put in it — another sheet, a formula, a picture, a comment, a named
range, rich text — would be lost.  `saving.preflight` refuses such a save
unless forced (README, "What the tool guarantees").

The parts are read by namespace URI with lxml (entity resolution off), never
by pattern on the text: `<x:f>` with `xmlns:x` bound to SpreadsheetML is the
same formula as a plain `<f>`, and the Open XML SDK and some council systems
write the prefixed form.
"""

from __future__ import annotations

import io
import re
import zipfile
from itertools import chain, compress, repeat
from pathlib import Path

from ..errors import cell_location
from .reading import MAIN_NS, book_info, main_children, norm_header

_EXTENSIONS = {
    "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}": "drop-down lists that refer to another sheet",
    "{78C0D931-6437-407d-A8EE-F0AAD8539E14}": "data bars or icon-set formatting",
    "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}": "sparklines",
    "{A8765BA9-456A-4dab-B4F3-ACF838C121DE}": "slicers",
    "{3A4CF648-6AED-40f4-86FF-DC5316D8AED3}": "slicers",
    "{7E03D99C-DC04-49d9-9315-930204A7B6E9}": "timelines",
    "{FC87AEE6-9EDD-4A0A-B7FB-166176984837}": "protected ranges",
    "{F7C9EE02-42E1-4005-9D12-6889AFFD525C}": "web add-ins",
}


def _tags(name: str) -> list[str]:
    return [f"{{{ns}}}{name}" for ns in MAIN_NS]


def _has_run(element) -> bool:
    """Rich text: a string made of runs (`<r>`), each with its own font."""
    return any(child.tag in _tags("r") for child in element)


# Whatever their prefix, the elements counted here are written `<f`, `<x:f` … followed by a
# space, `/` or `>`.  A part in which no such name occurs cannot hold one, and need not be
# parsed: that keeps a save of a plain 50,000-row register from spending seconds here.  The
# verdict itself always comes from the parser, by namespace URI.
_MAY_HOLD = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:f|hyperlink|ext|r)[\s/>]")


def _count_sheet(data: bytes) -> tuple[int, int, int, set[str]]:
    """(formulas, hyperlinks, cells with rich text, extensions) of one worksheet, streamed.

    Each row is dropped once looked at, so a 50,000-row sheet never sits in memory whole.
    """
    from lxml import etree

    formulas = hyperlinks = rich = 0
    extensions: set[str] = set()
    if not _MAY_HOLD.search(data):
        return formulas, hyperlinks, rich, extensions
    formula, inline, row = set(_tags("f")), set(_tags("is")), set(_tags("row"))
    link, ext = set(_tags("hyperlink")), set(_tags("ext"))
    wanted = sorted(formula | inline | row | link | ext)
    for _, element in etree.iterparse(io.BytesIO(data), events=("end",), tag=wanted,
                                      resolve_entities=False, load_dtd=False, no_network=True,
                                      huge_tree=True):
        tag = element.tag
        if tag in formula:
            formulas += 1
        elif tag in inline:
            rich += _has_run(element)
        elif tag in link:
            hyperlinks += 1
        elif tag in ext:
            uri = element.get("uri")
            if uri in _EXTENSIONS:
                extensions.add(_EXTENSIONS[uri])
        elif tag in row:
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    return formulas, hyperlinks, rich, extensions


def _rich_shared_strings(data: bytes) -> int:
    from lxml import etree

    rich = 0
    if not _MAY_HOLD.search(data):
        return rich
    items = _tags("si")
    for _, element in etree.iterparse(io.BytesIO(data), events=("end",), tag=items,
                                      resolve_entities=False, load_dtd=False, no_network=True,
                                      huge_tree=True):
        rich += _has_run(element)
        element.clear()
    return rich


def content_that_would_be_lost(path: Path, our_sheets: list[str],
                               trusted: frozenset[str] = frozenset()) -> list[str]:
    """What a rebuild from the rows would drop, in words a user understands.

    The sheets named in `trusted` are byte for byte as the tool wrote them
    (`as_saved.py`), so their XML, which holds none of these things, is not parsed.
    """
    from .reading import parse_xml

    found: list[str] = []
    with zipfile.ZipFile(path) as package:
        names = package.namelist()

        def any_part(prefix: str) -> bool:
            return any(n.startswith(prefix) for n in names)

        comments = any(re.match(r"xl/(comments|threadedComments/)", n) for n in names)
        # notes come with a VML drawing of their own: that alone is not a picture
        drawings = [n for n in names if n.startswith("xl/drawings/") and "/_rels/" not in n
                    and not (comments and n.endswith(".vml"))]
        if drawings or any_part("xl/media/"):
            found.append("pictures, shapes or text boxes")
        if any_part("xl/charts/"):
            found.append("charts")
        if comments:
            found.append("comments or notes on cells")
        if any_part("xl/pivot"):
            found.append("pivot tables")
        if any_part("xl/externalLinks/"):
            found.append("links to other workbooks")
        info = book_info(package)
        ours = {norm_header(s) for s in our_sheets}
        extra = [name for name, _ in info.sheets if norm_header(name) not in ours]
        if extra:
            found.append("the sheet(s) " + ", ".join(f"'{n}'" for n in extra))
        workbook = parse_xml(package.read("xl/workbook.xml"))
        defined = [d.get("name") or "" for d in main_children(workbook, "definedName")]
        defined = [n for n in defined if not n.startswith("_xlnm")]
        if defined:
            found.append("named ranges " + ", ".join(defined[:5]))
        formulas = hyperlinks = rich = 0
        extensions: set[str] = set()
        parts = {part for name, part in info.sheets if part in names and name not in trusted}
        parts |= {n for n in names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)
                  and n not in {part for name, part in info.sheets if name in trusted}}
        for part in sorted(parts):
            f, h, r, e = _count_sheet(package.read(part))
            formulas, hyperlinks, rich = formulas + f, hyperlinks + h, rich + r
            extensions |= e
        if formulas:
            found.append(f"{formulas} formula(s) (they would be replaced by their values)")
        if hyperlinks:
            found.append(f"{hyperlinks} hyperlink(s)")
        found.extend(sorted(extensions))
        if "xl/sharedStrings.xml" in names:
            rich += _rich_shared_strings(package.read("xl/sharedStrings.xml"))
        if rich:
            found.append(f"bold, italic or coloured words inside {rich} cell(s)")
    return found


# ------------------------------------------------------------------ cells `check` reports

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def cell_problems(data, sheet_name: str, fresh: bool = False) -> list:
    """What `check` says about cells that a rebuild keeps but the tool does not read, or cannot save.

    - a value in a column without a header (finding 2): kept beside its row; a warning;
    - an error value, a duration, a number that is no date (finding 6): kept as it is;
      reported here for columns the tool reads as text (a date or number column
      already reports it as a value it cannot read);
    - a control character Excel cannot store (finding 14): every save would refuse, so
      it is an error naming the cell, found before a save is attempted;
    - a risk Score that is not Likelihood × Impact (issue 13): the next save works it out again.

    `fresh` says the sheet is as read (`convert.convert_columns`): its cells are then
    looked at in the reader's lists, without building its rows (`reading.ListedSheet`).
    """
    from .convert import ERROR, WARNING, Problem
    from .reading import Kept
    from .schema import TEXT

    sheet = data.sheets[sheet_name]
    spec = sheet.spec
    path = data.path
    found: list = []

    def where(row: int | None, column: str | None = None, cell: str | None = None) -> str:
        place = cell_location(path, spec.name, row, column)
        return f"{place}, cell {cell}" if cell else place

    columns = {c.header: c for c in spec.columns}
    plain_text = {h for h in sheet.headers if h not in columns
                  or (columns[h].kind == TEXT and not columns[h].choices)}
    for header in sheet.headers:
        bad = _CONTROL.search(header)
        if bad:
            found.append(Problem(ERROR, where(1), _control_message(header, bad)))
    source = sheet.source if fresh else None
    if source is None:
        texts = "\n".join(v for row in sheet.rows for v in row.values() if type(v) is str)
    elif len(set(map(len, source.cells))) <= 1:  # every row as long: every cell is in a column
        texts = "\n".join(map(_texts_of, sheet.source_columns()))
    else:  # every cell read, headed or not: only says whether to look cell by cell below
        cells = list(chain.from_iterable(source.cells))
        texts = "\n".join(compress(cells, map(isinstance, cells, repeat(str))))
        del cells
    control = _may_hold_control(texts)
    del texts
    kept_anywhere = sheet.kept_cells > 0
    for cell, row in sheet.stray_cells:
        number = int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        shown = _shown(row.stray.get(column_of(cell)))
        message = (f"{shown} is typed in a column without a header. It is kept beside its row, but "
                   "the tool does not read it: give the column a header in row 1 if it is a column "
                   "of your own, or move it into a comment.")
        value = row.stray.get(column_of(cell))
        if isinstance(value, str) and _CONTROL.search(value):
            found.append(Problem(ERROR, where(number, cell=cell), _control_message(value, _CONTROL.search(value))))
        found.append(Problem(WARNING, where(number, cell=cell), message))
    if control or kept_anywhere:
        if source is None:
            rows = enumerate(map(dict.items, sheet.rows))
        else:
            pairs = list(zip(source.names, source.indexes))
            rows = enumerate([(name, cells[at]) for name, at in pairs] for cells in source.cells)
        for index, items in rows:
            for header, value in items:
                if isinstance(value, str):
                    bad = _CONTROL.search(value)
                    if bad:
                        found.append(Problem(ERROR, where(sheet.row_number(index), header),
                                             _control_message(value, bad)))
                elif isinstance(value, Kept) and header in plain_text:
                    found.append(Problem(WARNING, where(sheet.row_number(index), header),
                                         f"holds {value.describe()}, which the tool does not read as "
                                         f"text; it is kept as it is, and shown as '{value}'. Type "
                                         "the text you mean instead."))
    found += _score_problems(data, sheet)
    return found


def _texts_of(column: tuple) -> str:
    """A column's texts joined by line feeds (which `_CONTROL` allows): at once when it holds
    nothing else, as most columns do."""
    try:
        return "\n".join(column)
    except TypeError:  # a date, a number or an empty cell among them
        return "\n".join(compress(column, map(isinstance, column, repeat(str))))


# Every character `_CONTROL` looks for is one byte below 0x20 in UTF-8 (no byte of a longer
# character is), or U+FFFE/U+FFFF (EF BF BE/BF); tab, line feed and carriage return are allowed.
# The table turns those bytes into 0 and every other byte into 1.
_CONTROL_TABLE = bytes(0 if b < 0x20 and b not in b"\t\n\r" else 1 for b in range(256))


def _may_hold_control(text: str) -> bool:
    """Whether `_CONTROL` finds anything in `text`: at C speed (bytes.translate, memchr), three
    times faster than the regular expression over the tens of megabytes of a long register."""
    data = text.encode("utf-8", "surrogatepass")
    return b"\x00" in data.translate(_CONTROL_TABLE) or b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data


def column_of(cell: str) -> int:
    from .reading import column_number

    return column_number(cell.rstrip("0123456789"))


def _shown(value) -> str:
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    text = " ".join(text.split())
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _control_message(text: str, bad) -> str:
    return (f"the text contains an invisible control character (code {ord(bad.group()):#04x}) that "
            "Excel cannot store, so every save of this register would be refused. Remove it "
            "(retype the text) and run 'meeting-packs check' again.")


def _score_problems(data, sheet) -> list:
    """A risk's stored Score that is not Likelihood × Impact (after a likelihood was changed by hand)."""
    from .convert import SHEET_MODELS, WARNING, Problem, RowReader, convert_rows
    from .repository import RISK_WORKED_OUT

    model = SHEET_MODELS.get(sheet.spec.name)
    score_column = RISK_WORKED_OUT[0]
    if model is None or score_column not in sheet.headers or not hasattr(model.model, "score"):
        return []
    risks, _ = convert_rows(data.path, sheet, data.date1904, model.from_row)
    found = []
    for risk in risks:
        stored = sheet.rows[risk.row - 2].get(score_column)
        try:
            number = RowReader({score_column: stored}, data.date1904).integer(score_column)
        except Exception:  # text or a stray value: not a score at all
            number = None
        if number != risk.score:
            found.append(Problem(WARNING, model.where(risk.row, score_column),
                                 f"{risk.ref}'s score is {'empty' if stored in (None, '') else _shown(stored)}, "
                                 f"but likelihood {risk.likelihood} × impact {risk.impact} is {risk.score}. "
                                 "The next save of the risk register works it out again."))
    return found
