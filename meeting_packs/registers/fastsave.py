"""A save whose cost follows what changed: the register's package copied as it is, with
only the rows that changed written anew.

The full rebuild (`writing.py`) turns every row into openpyxl cells and writes every
sheet again: a minute for a 50,000-action register.  But an `actions add` changes two
rows, and the rest of the file is already right.  So, when the workbook on disk is one
this tool wrote (or an equivalent Excel saved), `write_changed` makes the new file from
the old one:

- parts that did not change (styles, theme, untouched sheets) are copied into the new
  zip still compressed, byte for byte;
- in a changed sheet, each changed row's `<row>` element is replaced, new rows are
  added before `</sheetData>`, and rows removed at the end are cut; every other row's
  XML is kept as it is;
- the sheet's dimension, its Excel table's range and the areas of its conditional
  formatting are moved to the new last row, as the rebuild sets them;
- its drop-downs are written anew by the rebuild's own `writing._validate` for the new
  rows (input messages on every column, each row offered its own board's RAG words),
  once the old ones are found to be exactly what it gives for the old rows.

New cells are written as the rebuild writes them: text always as text (an inline
string, never a formula, `_xHHHH_` escaped, a quote prefix before `=`, `+`, `-`, `@`),
dates with their DD/MM/YYYY format, the column's wrapping and top alignment, all
through cell styles the workbook already has.

Whenever the file is not in that shape — a sheet or column renamed or added, a
style the new cells need that the workbook lacks, drop-down lists or colours that
differ from boards.toml, a table or area Excel moved, a part written with XML
prefixes — `write_changed` returns False and the caller rebuilds the whole workbook
as before.  The caller (`saving._changes_only`) does not try this path at all for a
sheet holding values in columns without a header, notes below the data, kept values
(error cells, durations, numbers in date columns) or a possible control character:
only the rebuild writes those back, or names the cell to retype.  The caller's guarantees (lock, digest compare, loss check, read-back
check, backup, replace) do not depend on which way the file was written
(README, "What the tool guarantees"; guides/reliability.md).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import itertools
import math
import operator
import re
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import files
from ..errors import MeetingPacksError, RegisterError, cell_location
from . import as_saved
from .reading import SheetData, WorkbookData, book_info, parse_xml
from .schema import Column, SheetSpec
from .writing import _FORMULA_START, SheetStyles, check_text, column_letter, excel_value, stored_text

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PLAIN_ROOT = re.compile(rb'<worksheet\b[^>]*\sxmlns="' + re.escape(_MAIN.encode()) + rb'"')
_DIMENSION = re.compile(rb'<dimension ref="A1(?::([A-Z]{1,3})([0-9]+))?"\s*/>')
_SQREF = re.compile(rb'sqref="([^"]*)"')
_ROW_NUMBER = re.compile(rb'<row r="([0-9]+)"')
# Large sheets are compressed quickly: level 3 writes a part about a tenth larger than
# level 6, in a third of the time (measured on the 50,000-action History sheet).
LEVEL_LARGE, LEVEL_SMALL, LARGE = 3, 6, 1 << 20
# where a ZipInfo keeps its compression level (renamed in Python 3.13)
_LEVEL_SLOT = "compress_level" if "compress_level" in zipfile.ZipInfo.__slots__ else "_compresslevel"
_EPOCH_1900, _EPOCH_1904 = dt.datetime(1899, 12, 30), dt.datetime(1904, 1, 1)


class Unsupported(Exception):
    """The workbook is not in a shape this path can change; the full rebuild is used."""


@dataclass
class _Sheet:
    spec: SheetSpec
    data: SheetData
    part: str
    changed: list[int] = field(default_factory=list)   # indexes of rows changed in place
    old_count: int = 0
    fragments: list[bytes] = field(default_factory=list)  # the `<row>` elements written anew

    @property
    def new_count(self) -> int:
        if self.data.deferred:  # a sheet not read: its rows in the file, then the lines added
            return self.data.unread + len(self.data.added)
        return len(self.data.rows)

    def row(self, index: int) -> dict[str, Any]:
        if self.data.deferred:
            return self.data.added[index - self.data.unread]
        return self.data.rows[index]

    def rows_for_validation(self) -> list[dict[str, Any]]:
        """Every row as `writing._validate` sees it.  A sheet not read has no board column
        (checked in `_diff`), so its old rows give it nothing but their number."""
        if self.data.deferred:
            return [{}] * self.data.unread + self.data.added
        return self.data.rows

    @property
    def touched(self) -> bool:
        return bool(self.changed) or self.old_count != self.new_count


def write_changed(data: WorkbookData, lists: dict[str, list[str]], styles: SheetStyles,
                  source: Path, temp: Path) -> bool:
    """Write the changed register into `temp` from the file `source` it was read from.

    False (and `temp` left for the caller to overwrite) when the workbook is not one this
    path can change exactly as the full rebuild would; a value the rebuild would refuse
    (an invisible control character, text too long for a cell) is refused here alike.
    """
    try:
        return _write_changed(data, lists, styles, Path(source), Path(temp))
    except MeetingPacksError:
        raise
    except (Unsupported, zipfile.BadZipFile, zlib.error, KeyError, ValueError, IndexError,
            UnicodeError, OverflowError, struct.error):
        return False
    except SyntaxError:  # lxml's XMLSyntaxError: a part this path cannot read, the rebuild may
        return False


def _write_changed(data: WorkbookData, lists, styles, source: Path, temp: Path) -> bool:
    if data.digest is None or any(s.source is None and not s.deferred for s in data.sheets.values()):
        return False
    raw = source.read_bytes()
    if files.digest_bytes(raw) != data.digest:
        return False  # not the bytes that were read: the caller's own checks say so
    package = zipfile.ZipFile(io.BytesIO(raw))
    info = book_info(package)
    names = [spec.name for spec in data.spec.sheets]
    if [name for name, _ in info.sheets] != names or info.date1904 != data.date1904:
        raise Unsupported("sheets renamed, added or reordered")
    parts = dict(info.sheets)
    sheets = [_Sheet(spec, data.sheets[spec.name], parts[spec.name]) for spec in data.spec.sheets]
    for sheet in sheets:
        _diff(sheet)
    replaced: dict[str, bytes] = {}
    styles_xml = package.read("xl/styles.xml")
    style_ids, dxfs = _StyleIds(styles_xml), _dxf_colours(styles_xml)
    looks = as_saved.looks_hash(lists, styles, _rules(data, lists, styles))
    record = data.saved_record
    # a sheet as the tool wrote it, with the same lists and colours, has the drop-downs and
    # colours the rebuild would write: they are not looked at again (`as_saved.py`)
    trusted = data.as_saved if record is not None and record.looks == looks else frozenset()
    for sheet in sheets:
        table_part = _table_part(package, sheet.part)
        table = package.read(table_part)
        _check_table(table, sheet)
        if sheet.touched:
            # made while the zip is written, one sheet at a time: only one sheet's XML in memory
            replaced[sheet.part] = functools.partial(_sheet_pieces, package, sheet, lists, styles, dxfs,
                                                     style_ids, data, sheet.spec.name in trusted)
            replaced[table_part] = _new_table_xml(table, sheet)
        elif sheet.data.deferred:
            # copied as it is, but never read by this command: its checksum is checked now, so a
            # part damaged inside is not carried into the new file and the backup unnoticed
            with package.open(sheet.part) as stream:
                while stream.read(1 << 22):
                    pass
        elif sheet.spec.name not in trusted:
            _sheet_xml(package, sheet, lists, styles, dxfs)  # its drop-downs and colours must be right too
    if not replaced:
        return False  # no row changed: the rebuild tidies the layout, which such a save is for
    if "docProps/core.xml" in package.namelist():
        replaced["docProps/core.xml"] = _core_xml(package.read("docProps/core.xml"))
    from .repository import agreeing

    agrees, references, newest = agreeing(data)
    properties = {k: v for k, v in data.properties.items() if k != as_saved.PROPERTY}
    sizes: dict[str, int] = {}

    def custom() -> list[bytes]:
        """docProps/custom.xml, made last: it records the sheets' parts as written."""
        saved = {}
        for sheet in sheets:
            if sheet.part in checksums_so_far:
                crc, size = checksums_so_far[sheet.part], sizes[sheet.part]
            else:
                old = package.getinfo(sheet.part)
                crc, size = old.CRC, old.file_size
            saved[sheet.spec.name] = as_saved.SavedSheet(crc, size, sheet.new_count,
                                                         as_saved.headers_hash(sheet.data.headers),
                                                         stored.get(sheet.part))
        value = as_saved.render(saved, looks, agrees, references, newest)
        written = dict(properties, **({as_saved.PROPERTY: value} if value else {}))
        if old_custom is None:
            return [_custom_xml(written)]
        return [_custom_xml_edited(old_custom, written)]

    checksums_so_far: dict[str, int] = {}
    stored: dict[str, int | None] = {}  # each part's compressed bytes' CRC-32, as written
    old_custom = package.read("docProps/custom.xml") if "docProps/custom.xml" in package.namelist() else None
    extra = _custom_part_links(package) if old_custom is None else {}
    replaced.update(extra)
    checksums = _write_zip(raw, package, replaced, temp, source, last={"docProps/custom.xml": custom},
                           checksums=checksums_so_far, sizes=sizes, stored=stored)
    _verify(raw, package, checksums, temp, sheets, data)
    return True


def _rules(data: WorkbookData, lists, styles: SheetStyles) -> list:
    """What this version of the tool writes as drop-downs and colours for an empty sheet of
    each kind (part of the record's `looks`, `as_saved.py`)."""
    from .writing import validation_rules

    out = []
    for spec in data.spec.sheets:
        columns = {c.header: c for c in spec.columns}
        empty = _Sheet(spec, SheetData(spec, list(spec.headers)), "")
        out.append([validation_rules(_Rows(list(spec.headers), []), columns, lists, 1000),
                    _expected_formatting(empty, styles)])
    return out


def _sheet_xml(package: zipfile.ZipFile, sheet: _Sheet, lists, styles: SheetStyles, dxfs,
               trusted: bool = False) -> tuple[bytes, int]:
    """The sheet's XML and where `</sheetData>` is, once its shape and drop-downs are checked
    (not the drop-downs of a `trusted` sheet: the tool wrote them, for the same lists)."""
    xml = package.read(sheet.part)
    if not _PLAIN_ROOT.search(xml, 0, 4096):
        raise Unsupported("a sheet written with XML prefixes")
    end = xml.rfind(b"</sheetData>")
    if end < 0:
        raise Unsupported("no sheetData")
    if not trusted:
        _check_tail(xml, end, sheet, lists, styles, dxfs)
    return xml, end


def _sheet_pieces(package, sheet: _Sheet, lists, styles, dxfs, style_ids, data, trusted: bool = False) -> list:
    xml, end = _sheet_xml(package, sheet, lists, styles, dxfs, trusted)
    return _new_sheet_xml(xml, end, sheet, style_ids, data, lists)


# ------------------------------------------------------------------ what changed

def _diff(sheet: _Sheet) -> None:
    if sheet.data.deferred:
        # exactly as the tool wrote it (`as_saved.py`), with lines only added at its end
        if any(c.choices == "board" for c in sheet.spec.columns):
            raise Unsupported("a sheet not read whose drop-downs follow each row's board")
        sheet.old_count, sheet.changed = sheet.data.unread, []
        return
    src = sheet.data.source
    headers = sheet.data.headers
    header_texts = [h for h in src.header_cells if h not in (None, "")]
    if (src.names != headers or header_texts != headers or src.indexes != list(range(len(headers)))
            or any(stored_text(h) != h for h in headers)):
        raise Unsupported("columns renamed, added or moved")
    width = len(headers)
    rows, old = sheet.data.rows, src.cells
    sheet.old_count = len(old)
    count = min(len(rows), len(old))
    if count and min(map(len, old[:count])) == max(map(len, old[:count])) == width:
        # the rows' values against the cells as read, list by list in C: the rows that may differ
        differ = map(operator.ne, map(list, map(dict.values, rows[:count])), old[:count])
        candidates = list(itertools.compress(range(count), differ))
    else:
        candidates = range(count)
    changed = []
    for index in candidates:
        row, cells = rows[index], old[index]
        # looked at header by header: a row whose keys are in another order may still be the same
        if [row.get(h) for h in headers] != list(cells[:width]) + [None] * (width - len(cells)):
            changed.append(index)
    sheet.changed = changed


# ------------------------------------------------------------------ styles

class _StyleIds:
    """The cell style (`s=` index) for each look a data cell can need, from styles.xml."""

    def __init__(self, styles_xml: bytes):
        root = parse_xml(styles_xml)
        ns = f"{{{_MAIN}}}"
        codes = {"0": None}
        for fmt in root.iter(f"{ns}numFmt"):
            codes[fmt.get("numFmtId")] = (fmt.get("formatCode") or "").upper()
        self.ids: dict[tuple, int] = {}
        xfs = root.find(f"{ns}cellXfs")
        if xfs is None:
            raise Unsupported("no cell styles")
        for index, xf in enumerate(xfs.findall(f"{ns}xf")):
            if any((xf.get(a) or "0") != "0" for a in ("fontId", "fillId", "borderId")):
                continue
            if xf.get("numFmtId", "0") not in codes:
                continue
            alignment = xf.find(f"{ns}alignment")
            wrap = alignment is not None and alignment.get("wrapText") in ("1", "true")
            top = alignment is not None and alignment.get("vertical") == "top"
            extra = alignment is not None and any(
                a not in ("wrapText", "vertical") for a in alignment.attrib)
            protected = xf.find(f"{ns}protection") is not None
            if not top or extra or protected:
                continue
            quote = (xf.get("quotePrefix") or "0") in ("1", "true")
            self.ids.setdefault((codes[xf.get("numFmtId", "0")], wrap, quote), index)

    def get(self, number_format: str | None, wrap: bool, quote: bool) -> int:
        key = (number_format.upper() if number_format else None, wrap, quote)
        if key not in self.ids:
            raise Unsupported(f"no cell style for {key}")
        return self.ids[key]


# ------------------------------------------------------------------ rows

def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")  # a bare carriage return would be read back as a line feed


def _serial(value, date1904: bool) -> str:
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time())
    else:  # a time of day is a fraction of a day
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return repr(seconds / 86400)
    if date1904:
        days = moment - _EPOCH_1904
    else:
        if moment < dt.datetime(1900, 3, 1):
            raise Unsupported("a date before March 1900")  # Excel's 1900 leap-year quirk
        days = moment - _EPOCH_1900
    if days.days < 0:
        raise Unsupported("a date before the workbook's epoch")
    if not days.seconds and not days.microseconds:
        return str(days.days)
    return repr(days.days + (days.seconds + days.microseconds / 1e6) / 86400)


def _row_xml(number: int, row: dict[str, Any], headers: list[str], columns: dict[str, Column],
             ids: _StyleIds, data: WorkbookData, sheet: str) -> str:
    """One `<row>` as the rebuild writes its values and looks."""
    out = [f'<row r="{number}">']
    for position, header in enumerate(headers, 1):
        column = columns.get(header)
        value, number_format = excel_value(row.get(header), column)
        if value is None:
            continue
        wrap = bool(column and column.wrap)
        ref = f"{column_letter(position)}{number}"
        if isinstance(value, str):
            check_text(value, lambda: cell_location(data.path, sheet, number, header))
            style = ids.get(number_format, wrap, value.startswith(_FORMULA_START))
            stored = stored_text(value)
            space = ' xml:space="preserve"' if stored != stored.strip() else ""
            text = _escape(stored)
            out.append(f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>')
        elif isinstance(value, bool):
            out.append(f'<c r="{ref}" s="{ids.get(number_format, wrap, False)}" t="b"><v>{int(value)}</v></c>')
        elif isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                raise Unsupported("a number Excel cannot store")
            out.append(f'<c r="{ref}" s="{ids.get(number_format, wrap, False)}" t="n"><v>{value!r}</v></c>')
        elif isinstance(value, (dt.date, dt.time)):
            out.append(f'<c r="{ref}" s="{ids.get(number_format, wrap, False)}" t="n">'
                       f'<v>{_serial(value, data.date1904)}</v></c>')
        else:
            raise Unsupported(f"a value of type {type(value).__name__}")
    out.append("</row>")
    return "".join(out)


def _row_span(xml: bytes, number: int, start: int, end: int) -> tuple[int, int]:
    """Where row `number`'s element is, searching from `start`; Unsupported when it is not written."""
    at = xml.find(b'<row r="%d"' % number, start, end)
    if at < 0:
        raise Unsupported(f"row {number} is not in the sheet's XML")
    close = xml.find(b">", at)
    if xml[close - 1:close] == b"/":
        return at, close + 1
    finish = xml.find(b"</row>", close)
    if finish < 0:
        raise Unsupported("a row without its end")
    return at, finish + len(b"</row>")


def _last_row_number(xml: bytes, data_start: int, end: int) -> int:
    at = xml.rfind(b"<row ", data_start, end)
    if at < 0:
        return 0
    found = _ROW_NUMBER.match(xml, at)
    if not found:
        raise Unsupported("a row without its number")
    return int(found.group(1))


def _area_end(count: int) -> int:
    """The last row of drop-down and formatting areas, as `build_openpyxl` sets it."""
    return max(max(2, count + 1), 1000)


def _new_sheet_xml(xml: bytes, end: int, sheet: _Sheet, ids: _StyleIds, data: WorkbookData,
                   lists: dict[str, list[str]]) -> list:
    """The new sheet part as pieces to be written one after another: the old XML's unchanged
    stretches (as views, not copies: a 50,000-action History sheet is 100 MB of XML) and new rows."""
    view = memoryview(xml)
    data_open = xml.find(b"<sheetData>")
    if data_open < 0 or data_open > end:
        raise Unsupported("no sheetData")
    data_start = data_open + len(b"<sheetData>")
    if _last_row_number(xml, data_start, end) > sheet.old_count + 1:
        raise Unsupported("rows below the data that hold no values")
    headers = sheet.data.headers
    columns = {c.header: c for c in sheet.spec.columns}
    pieces: list[bytes] = []
    position = data_start
    fragments = sheet.fragments
    for index in sheet.changed:
        number = index + 2
        at, finish = _row_span(xml, number, position, end)
        fragments.append(_row_xml(number, sheet.row(index), headers, columns, ids, data,
                                  sheet.spec.name).encode("utf-8"))
        pieces += [view[position:at], fragments[-1]]
        position = finish
    if sheet.new_count < sheet.old_count:
        cut, _ = _row_span(xml, sheet.new_count + 2, position, end)
        pieces.append(view[position:cut])
    else:
        pieces.append(view[position:end])
        for index in range(sheet.old_count, sheet.new_count):
            fragments.append(_row_xml(index + 2, sheet.row(index), headers, columns, ids, data,
                                      sheet.spec.name).encode("utf-8"))
            pieces.append(fragments[-1])
    tail = bytes(xml[end:])
    # the drop-downs anew for the new rows (a row's board picks its RAG words); `_check_tail`
    # found the old ones to be what the rebuild wrote for the old rows
    validations = _validations_xml(sheet, sheet.rows_for_validation(), lists)
    found = list(_VALIDATIONS.finditer(tail))
    if len(found) > 1 or (validations and not found):
        raise Unsupported("drop-downs written in another form")
    before, after = (tail[:found[0].start()], tail[found[0].end():]) if found else (tail, b"")
    old_end, new_end = _area_end(sheet.old_count), _area_end(sheet.new_count)
    if old_end != new_end:
        before = _SQREF.sub(lambda m: _moved_area(m, old_end, new_end), before)
        after = _SQREF.sub(lambda m: _moved_area(m, old_end, new_end), after)
    tail = before + validations + after
    return [_new_dimension(bytes(xml[:data_start]), sheet)] + pieces + [tail]


def _moved_area(match: re.Match, old_end: int, new_end: int) -> bytes:
    area = match.group(1).decode("ascii")
    letters, _, rest = area.partition("2:")
    return f'sqref="{letters}2:{letters}{new_end}"'.encode("ascii")


def _new_dimension(head: bytes, sheet: _Sheet) -> bytes:
    found = _DIMENSION.search(head)
    if not found:
        raise Unsupported("no dimension")
    last_col = column_letter(len(sheet.data.headers))
    ref = f"A1:{last_col}{sheet.new_count + 1}"
    return head[:found.start()] + f'<dimension ref="{ref}"/>'.encode("ascii") + head[found.end():]


# ------------------------------------------------------------------ drop-downs, colours, table

class _Rows:
    """What `writing._validate` looks at: the headers and each row's board."""

    def __init__(self, headers: list[str], rows: list[dict[str, Any]]):
        self.headers, self.rows = headers, rows


def _old_rows(sheet: _Sheet) -> list[dict[str, Any]]:
    """The rows as read, holding only the board column (all the drop-downs depend on)."""
    src = sheet.data.source
    board = next((c.header for c in sheet.spec.columns if c.choices == "board" and c.header in src.names), None)
    if board is None:
        return [{}] * len(src.cells)
    at = src.names.index(board)
    return [{board: cells[at] if at < len(cells) else None} for cells in src.cells]


def _validations_xml(sheet: _Sheet, rows: list[dict[str, Any]], lists: dict[str, list[str]]) -> bytes:
    """The `<dataValidations>` element the rebuild writes for these rows (b"" for none):
    made from the rebuild's own `writing.validation_rules`, so the input messages and each
    board's RAG words on its own rows are the same by construction."""
    from .writing import validation_rules, validations_xml

    columns = {c.header: c for c in sheet.spec.columns}
    return validations_xml(validation_rules(_Rows(sheet.data.headers, rows), columns, lists,
                                            _area_end(len(rows))))


def _shape(element) -> tuple:
    """An element as (name, attributes, text, children), without namespaces, to compare two writings."""
    name = element.tag.rsplit("}", 1)[-1]
    attributes = tuple(sorted((k.rsplit("}", 1)[-1], v) for k, v in element.attrib.items()))
    return (name, attributes, (element.text or "").strip(), tuple(_shape(child) for child in element))


_VALIDATIONS = re.compile(rb"<dataValidations\b.*?</dataValidations>|<dataValidations\b[^>]*/>", re.S)


def _expected_formatting(sheet: _Sheet, styles: SheetStyles) -> list[tuple]:
    expected = []
    for header, colours in ((sheet.spec.rag_column, styles.rag_colours),
                            (sheet.spec.band_column, styles.band_colours)):
        if not header or header not in sheet.data.headers:
            continue
        letter = column_letter(sheet.data.headers.index(header) + 1)
        for label, (fill, text) in colours.items():
            safe = label.replace('"', '""')
            expected.append((letter, f'LOWER(TRIM({letter}2))="{safe.lower()}"',
                             fill.upper()[-6:], text.upper()[-6:]))
    return sorted(expected)


def _check_tail(xml: bytes, end: int, sheet: _Sheet, lists, styles: SheetStyles,
                dxfs: list[tuple[str, str]]) -> None:
    """Refuse unless the drop-downs and colours are those the rebuild would write, on the old area."""
    root_end = xml.find(b">", xml.find(b"<worksheet")) + 1
    tail = parse_xml(xml[:root_end] + xml[end + len(b"</sheetData>"):])
    ns = f"{{{_MAIN}}}"
    area_end = _area_end(sheet.old_count)
    found = [_shape(dv) for dv in tail.iter(f"{ns}dataValidations")]
    expected = _validations_xml(sheet, _old_rows(sheet), lists)
    if found != ([_shape(parse_xml(expected))] if expected else []):
        raise Unsupported("drop-downs or input messages differ from what the rebuild writes")
    found_formatting = []
    for block in tail.iter(f"{ns}conditionalFormatting"):
        letter = _area_letter(block.get("sqref"), area_end)
        for rule in block.iter(f"{ns}cfRule"):
            formula = rule.find(f"{ns}formula")
            if rule.get("type") != "expression" or formula is None:
                raise Unsupported("conditional formatting of another kind")
            fill, text = dxfs[int(rule.get("dxfId"))]
            found_formatting.append((letter, formula.text, fill, text))
    if sorted(found_formatting) != _expected_formatting(sheet, styles):
        raise Unsupported("colours differ from boards.toml")
    if any(child.tag == f"{ns}extLst" for child in tail):
        raise Unsupported("extensions")


def _area_letter(sqref: str | None, area_end: int) -> str:
    match = re.fullmatch(r"([A-Z]{1,3})2:\1([0-9]+)", sqref or "")
    if not match or int(match.group(2)) != area_end:
        raise Unsupported(f"an area {sqref!r} the rebuild would not write")
    return match.group(1)


def _dxf_colours(styles_xml: bytes) -> list[tuple[str, str]]:
    root = parse_xml(styles_xml)
    ns = f"{{{_MAIN}}}"
    out = []
    dxfs = root.find(f"{ns}dxfs")
    for dxf in ([] if dxfs is None else dxfs.findall(f"{ns}dxf")):
        fg = dxf.find(f"{ns}fill/{ns}patternFill/{ns}fgColor")
        font = dxf.find(f"{ns}font/{ns}color")
        bold = dxf.find(f"{ns}font/{ns}b")
        if fg is None or font is None or bold is None:
            out.append(("", ""))
            continue
        out.append(((fg.get("rgb") or "").upper()[-6:], (font.get("rgb") or "").upper()[-6:]))
    return out


def _table_part(package: zipfile.ZipFile, part: str) -> str:
    folder, name = part.rsplit("/", 1)
    rels = parse_xml(package.read(f"{folder}/_rels/{name}.rels"))
    targets = [rel.get("Target") or "" for rel in rels.iter(
        "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship")
        if (rel.get("Type") or "").endswith("/table")]
    if len(targets) != 1:
        raise Unsupported("not one table on the sheet")
    target = targets[0]
    if target.startswith("/"):
        return target[1:]
    parts = folder.split("/")
    for piece in target.split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _table_ref(count: int, headers: list[str]) -> str:
    return f"A1:{column_letter(len(headers))}{max(2, count + 1)}"


def _check_table(table: bytes, sheet: _Sheet) -> None:
    root = parse_xml(table)
    ns = f"{{{_MAIN}}}"
    if root.tag != f"{ns}table" or root.get("displayName") != sheet.spec.table:
        raise Unsupported("the table was renamed")
    if root.get("totalsRowCount") not in (None, "0") or root.get("totalsRowShown") not in (None, "0"):
        raise Unsupported("a totals row")
    names = [c.get("name") for c in root.iter(f"{ns}tableColumn")]
    if names != sheet.data.headers or root.get("ref") != _table_ref(sheet.old_count, sheet.data.headers):
        raise Unsupported("the table's range or columns moved")
    auto = root.find(f"{ns}autoFilter")
    if auto is not None and auto.get("ref") != root.get("ref"):
        raise Unsupported("a filter on another range")


def _new_table_xml(table: bytes, sheet: _Sheet) -> bytes:
    old = f'ref="{_table_ref(sheet.old_count, sheet.data.headers)}"'.encode("ascii")
    new = f'ref="{_table_ref(sheet.new_count, sheet.data.headers)}"'.encode("ascii")
    if table.count(old) not in (1, 2):
        raise Unsupported("the table's range is written in another form")
    return table.replace(old, new)


# ------------------------------------------------------------------ document properties

_MODIFIED = re.compile(rb"(<dcterms:modified\b[^>]*>)[^<]*(</dcterms:modified>)")


def _core_xml(core: bytes) -> bytes:
    """docProps/core.xml with the time of this save as its last-modified time, as the rebuild sets it."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    return _MODIFIED.sub(lambda m: m.group(1) + now + m.group(2), core, count=1)


def _custom_xml(properties: dict[str, str]) -> bytes:
    """docProps/custom.xml holding `properties`, as openpyxl writes it."""
    out = ['<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">']
    for pid, (name, value) in enumerate(properties.items(), 2):
        check_text(value, f"{name} (a custom property)")
        out.append(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
                   f'name="{_escape(name).replace(chr(34), "&quot;")}"><vt:lpwstr>{_escape(value)}'
                   "</vt:lpwstr></property>")
    out.append("</Properties>")
    return "".join(out).encode("utf-8")


def _custom_xml_edited(old: bytes, properties: dict[str, str]) -> bytes:
    """The workbook's own docProps/custom.xml with its text properties set to `properties`
    (changed in place, added, or removed) and every other property — a Yes/No, a date, a
    number, as Excel's File > Properties > Custom or a records system sets them — kept as it was."""
    from lxml import etree

    ns = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    root = parse_xml(old)
    if root.tag != f"{{{ns}}}Properties":
        raise Unsupported("custom properties written in another form")
    wanted = dict(properties)
    pids = [0]
    for prop in list(root):
        text = prop.find(f"{{{vt}}}lpwstr")
        pid = prop.get("pid") or ""
        pids.append(int(pid) if pid.isdigit() else 0)
        if prop.tag != f"{{{ns}}}property" or text is None:
            continue  # not a text property: kept verbatim
        name = prop.get("name")
        if name in wanted:
            value = wanted.pop(name)
            check_text(value, f"{name} (a custom property)")
            text.text = value
        else:
            root.remove(prop)  # a text property no longer held (the reader read every one)
    for pid, (name, value) in enumerate(wanted.items(), max(pids + [1]) + 1):
        check_text(value, f"{name} (a custom property)")
        prop = etree.SubElement(root, f"{{{ns}}}property", fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}",
                                pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{vt}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


def _custom_part_links(package: zipfile.ZipFile) -> dict[str, bytes]:
    """[Content_Types].xml and _rels/.rels naming a custom properties part the package lacks
    (a workbook written before the tool recorded its saves), as openpyxl writes them."""
    types = package.read("[Content_Types].xml")
    rels = package.read("_rels/.rels")
    if not types.rstrip().endswith(b"</Types>") or not rels.rstrip().endswith(b"</Relationships>"):
        raise Unsupported("package parts written in another form")
    if b"custom-properties" in types or b"custom-properties" in rels:
        raise Unsupported("a custom properties part named but missing")
    taken = set(re.findall(rb'Id="([^"]*)"', rels))
    number = 1
    while f"rId{number}".encode() in taken:
        number += 1
    types = types.rstrip()[:-len(b"</Types>")] + (
        f'<Override PartName="/docProps/custom.xml" ContentType="{_CUSTOM_TYPE}"/></Types>').encode()
    rels = rels.rstrip()[:-len(b"</Relationships>")] + (
        f'<Relationship Id="rId{number}" Type="{_CUSTOM_REL}" Target="docProps/custom.xml"/>'
        "</Relationships>").encode()
    return {"[Content_Types].xml": types, "_rels/.rels": rels}


# ------------------------------------------------------------------ reading the copy back

def _same(want: Any, got: Any, column: Column | None) -> bool:
    """One cell reads back as written (the tolerances of `saving._rows_equal`)."""
    a, _ = excel_value(want, column)
    b, _ = excel_value(got, column)
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return abs((a - b).total_seconds()) < 1
    if isinstance(a, dt.datetime) and isinstance(b, dt.date):
        b = dt.datetime.combine(b, dt.time())
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) < 1e-9
    return a == b


def _verify(raw: bytes, package: zipfile.ZipFile, checksums: dict[str, int], temp: Path,
            sheets: list[_Sheet], data: WorkbookData) -> None:
    """Read the new copy back from disk before it may replace the register.

    Three checks, which together cover every byte of the new file without parsing the
    rows that did not change a second time (on a 50,000-action register that parse alone
    costs more than the rest of the save):

    - each part copied unchanged holds the original's compressed bytes and checksum, so
      it reads as it did when this command read the register;
    - each rewritten part decompresses from the disk (zipfile checks its CRC-32) and that
      checksum is the one of the XML meant to be written: old rows' bytes as they were,
      and the new `<row>` elements;
    - those new `<row>` elements, with the workbook's own styles, are read by
      python-calamine as every later command reads them, and each cell must come back
      as the value written (the tolerances of `saving._rows_equal`).
    """
    path = data.path

    def refuse(problem: str) -> None:
        raise RegisterError(f"{path.name} was not saved: checking the new copy found {problem}. "
                            "The register is unchanged.")

    written = temp.read_bytes()
    with zipfile.ZipFile(io.BytesIO(written)) as copy:
        if set(copy.namelist()) - set(package.namelist()) - set(checksums) or \
                set(package.namelist()) - set(copy.namelist()):
            refuse("a part missing")
        for info in package.infolist():
            new = copy.getinfo(info.filename)
            if info.filename in checksums:
                if new.CRC != checksums[info.filename]:
                    refuse(f"the part {info.filename} was not written as meant")
                try:
                    with copy.open(new) as stream:  # zipfile checks the CRC-32 at the end
                        while stream.read(1 << 22):
                            pass
                except zipfile.BadZipFile as err:
                    refuse(f"the part {info.filename} damaged on the way to the disk ({err})")
            elif (new.CRC, new.compress_size) != (info.CRC, info.compress_size) or \
                    _raw_part(written, new) != _raw_part(raw, info):
                refuse(f"the part {info.filename} changed on the way to the disk")
    styles_xml = package.read("xl/styles.xml")
    for sheet in sheets:
        if not sheet.fragments:
            continue
        top, left, values = _read_rows(sheet.fragments, styles_xml, data.date1904)
        headers, name = sheet.data.headers, sheet.spec.name
        columns = [next((c for c in sheet.spec.columns if c.header == h), None) for h in headers]
        indexes = sheet.changed + list(range(sheet.old_count, sheet.new_count))
        for index in indexes:
            at = index + 1 - top
            cells = values[at] if 0 <= at < len(values) else []
            for position, header in enumerate(headers):
                value = cells[position - left] if 0 <= position - left < len(cells) else None
                value = None if value == "" else value
                if not _same(sheet.row(index).get(header), value, columns[position]):
                    refuse(f"{cell_location(path, name, index + 2, header)}: wrote "
                           f"{excel_value(sheet.row(index).get(header), columns[position])[0]!r}, "
                           f"read back {value!r}")
        wanted = {index + 1 for index in indexes}
        stray = next((number for number, row in enumerate(values, top + 1)
                      if number - 1 not in wanted and any(cell != "" for cell in row)), None)
        if stray is not None:
            refuse(f"sheet {name}: a new row read back as row {stray}")


def _read_rows(fragments: list[bytes], styles_xml: bytes, date1904: bool) -> tuple[int, int, list[list[Any]]]:
    """python-calamine's reading of `<row>` elements, in a workbook of their own with these styles:
    (row and column of the first cell given, counting from 0; the rows from there)."""
    from python_calamine import CalamineWorkbook

    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        book.writestr("[Content_Types].xml",
                      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                      '<Default Extension="xml" ContentType="application/xml"/>'
                      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                      'officedocument.spreadsheetml.sheet.main+xml"/>'
                      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
                      'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
                      'officedocument.spreadsheetml.styles+xml"/></Types>')
        book.writestr("_rels/.rels",
                      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                      f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
                      '</Relationships>')
        book.writestr("xl/workbook.xml",
                      f'<workbook xmlns="{_MAIN}" xmlns:r="{rel}">'
                      f'<workbookPr date1904="{int(date1904)}"/>'
                      '<sheets><sheet name="rows" sheetId="1" r:id="rId1"/></sheets></workbook>')
        book.writestr("xl/_rels/workbook.xml.rels",
                      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                      f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
                      f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
                      '</Relationships>')
        book.writestr("xl/styles.xml", styles_xml)
        book.writestr("xl/worksheets/sheet1.xml",
                      f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode() + b"".join(fragments)
                      + b"</sheetData></worksheet>")
    buffer.seek(0)
    sheet = CalamineWorkbook.from_filelike(buffer).get_sheet_by_index(0)
    # only the area the new rows cover: after `actions add` on 50,000 actions that is two
    # rows, not a grid from A1 down to row 50,002
    values = sheet.to_python(skip_empty_area=True)
    top, left = sheet.start or (0, 0)
    return top, left, values




def _raw_part(raw: bytes, info: zipfile.ZipInfo) -> bytes:
    """A part's compressed bytes, as stored."""
    span = as_saved.stored_span(raw, info)
    if span is None:
        raise Unsupported("a damaged local header")
    return raw[span[0]:span[1]]


# ------------------------------------------------------------------ the package

def _write_zip(raw: bytes, package: zipfile.ZipFile, replaced: dict, temp: Path,
               source: Path, last: dict | None = None, checksums: dict[str, int] | None = None,
               sizes: dict[str, int] | None = None, stored: dict[str, int | None] | None = None
               ) -> dict[str, int]:
    """The new package: every part in the old order; unchanged ones copied still compressed.

    `replaced` gives each rewritten part as bytes, or as a function making its pieces;
    `last` the parts written after all others (moved there from their place, or new),
    made when everything else is written.  The CRC-32 of what was handed to the
    compressor is returned for each (and its size kept in `sizes`), for `_verify`.  The
    zip is made in memory and written in one go, as `saving.build_bytes` does: a full
    disk then fails one write, never half-way through a zip.  `stored` is given the CRC-32
    of each part's compressed bytes as written (`as_saved.stored_crc`).
    """
    last = last or {}
    stored = {} if stored is None else stored
    view = memoryview(raw)
    checksums = {} if checksums is None else checksums
    sizes = {} if sizes is None else sizes
    handle = io.BytesIO()
    old = {info.filename: info for info in package.infolist()}

    def write(out: zipfile.ZipFile, name: str, body, like: zipfile.ZipInfo | None) -> None:
        pieces = body() if callable(body) else [body]
        size = sum(len(piece) for piece in pieces)
        new = zipfile.ZipInfo(name, date_time=like.date_time if like else time.localtime()[:6])
        if like is not None:
            new.external_attr = like.external_attr
        new.compress_type = zipfile.ZIP_DEFLATED
        setattr(new, _LEVEL_SLOT, LEVEL_LARGE if size > LARGE else LEVEL_SMALL)
        with out.open(new, "w", force_zip64=size > 0x7FFFFFFF) as stream:
            for piece in pieces:
                stream.write(piece)
        # zipfile's CRC-32 of what was handed to the compressor, the one `_verify` checks against
        checksums[name], sizes[name] = new.CRC, size
        with handle.getbuffer() as written:
            stored[name] = as_saved.stored_crc(written, new)

    with zipfile.ZipFile(handle, "w", allowZip64=True) as out:
        for info in package.infolist():
            if info.filename in last:
                continue
            if info.filename in replaced:
                write(out, info.filename, replaced[info.filename], info)
                continue  # the sheet's XML goes before the next sheet's is read
            if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise Unsupported("an encrypted or unusually compressed part")
            body = _raw_part(view, info)
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.CRC, copy.compress_size, copy.file_size = info.CRC, info.compress_size, info.file_size
            copy.flag_bits = info.flag_bits & ~0x08  # sizes are in the header: no data descriptor
            copy.header_offset = handle.tell()
            handle.write(copy.FileHeader(zip64=info.file_size > 0xFFFFFFFF))
            handle.write(body)
            stored[info.filename] = zlib.crc32(body)
            out.filelist.append(copy)
            out.NameToInfo[copy.filename] = copy
            out.start_dir = handle.tell()
        out._didModify = True  # the central directory lists the copied parts too
        for name, body in last.items():
            write(out, name, body, old.get(name))
    try:
        temp.write_bytes(handle.getbuffer())
    except OSError as err:
        raise files.os_problem(err, source) from None
    return checksums
