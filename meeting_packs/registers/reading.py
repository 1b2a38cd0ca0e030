"""Reading a register workbook: container checks, sheet sizes, calamine, header matching.

Reading uses python-calamine (about nine times faster than openpyxl).  Before
calamine sees a file, the package is checked here, so that every way a file
can be damaged or hostile ends as one `RegisterError` naming the file (the
README's "What the tool guarantees"; guides/reliability.md):

- not a zip, cut short, a damaged part, a garbled name inside the zip, macros,
  XML entity declarations: "cannot be read: …";
- a sheet whose cells reach so far that reading it would need gigabytes
  (calamine builds the whole grid, so one value in XFD1048576 asks for 550 GB
  and aborts the process): refused, naming the cell.

The XML parts read here (workbook.xml, its relationships, custom properties)
are parsed by namespace URI with lxml, entity resolution off, so a workbook
written with prefixes (`<x:workbook xmlns:x=…>`) reads as the plain form does.

Each sheet read is checked and parsed in a thread of its own (`_SheetReading`):
python-calamine parses without holding Python's lock, so the History sheet is
parsed on a second core while the Actions sheet is converted.  Whatever fails
in a thread reaches the caller as the same one error, when the sheet is asked for.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, Callable, NamedTuple

from .. import files
from ..errors import RegisterError, cell_location
from . import as_saved
from .schema import SheetSpec, WorkbookSpec

BACKUP_FOLDER = "backups"

# Registers have at most 15 columns; 200 leaves room for many columns of staff's own notes,
# yet a cell beyond it (XFD1 is column 16,384) is a stray keystroke, not data.
MAX_COLUMNS = 200
# calamine builds the full grid (rows x columns) before the first row comes back, at roughly
# 40 bytes a cell once in Python.  Ten million cells (about 400 MB) holds 50,000 actions with
# their history many times over (the benchmarks' largest register is under 1.5 million cells)
# while refusing the stray value in row 1,048,576 that would ask for a grid of 13 million or more.
MAX_CELLS = 10_000_000

# SpreadsheetML's main namespace: transitional (what Excel writes) and strict ISO 29500
MAIN_NS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
           "http://purl.oclc.org/ooxml/spreadsheetml/main")
_REL_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
           "http://purl.oclc.org/ooxml/officeDocument/relationships")
_PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


class SheetSource(NamedTuple):
    """The cells as read, kept so a save can tell which rows changed (`fastsave.py`)."""

    header_cells: list[Any]    # row 1 as python-calamine gave it
    names: list[str]           # the headers found in the file, in file order
    indexes: list[int]         # their column positions
    cells: list[list[Any]]     # each data row's cells, row 2 first
    # what an empty cell is in `cells`: None; "" (as calamine gives it) in a sheet read only to
    # be looked at (`ListedSheet`), whose readers take "" as None
    blank: Any = None


@dataclass(frozen=True)
class Kept:
    """A cell value the tool does not model, written back on save exactly as it was read.

    `kind` is "error" (an error value such as #N/A, which the reader would see as
    empty), "duration" (a number shown as [h]:mm, read as a time span) or "number"
    (a number in a date column that is no date: -5, 0.5, 1e9).  It converts to text
    as Excel shows it, and to no number or date, so a column the tool reads reports
    it as a problem instead of turning it into something else (issue 10, finding 6).
    """

    kind: str
    value: Any                      # the error text, or the number as stored
    number_format: str | None = None

    def __str__(self) -> str:
        if self.kind == "duration" and isinstance(self.value, (int, float)):
            minutes = round(abs(self.value) * 24 * 60)
            return f"{'-' if self.value < 0 else ''}{minutes // 60}:{minutes % 60:02d}"
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return str(self.value)

    def __float__(self) -> float:
        raise ValueError(f"{self} is not a number the tool reads")

    def describe(self) -> str:
        if self.kind == "error":
            return f"the error value {self}"
        if self.kind == "duration":
            return f"the duration {self}"
        return f"the number {self}"


class Row(dict):
    """A row that also holds values typed in columns without a header (`stray`: column number → value).

    They are not part of the row's values (a row with only a note is still a blank
    row to the tool), but move with the row and are written back beside it
    (issue 10, finding 2).
    """

    __slots__ = ("stray",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stray: dict[int, Any] = {}


@dataclass
class SheetData:
    """One sheet's rows as header → value, in file order; row 2 is the first data row.

    `stray_cells` lists the cells read in columns without a header (cell, row object),
    so a save can tell if a row holding one was removed.
    """

    spec: SheetSpec
    headers: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    stray_cells: list[tuple[str, "Row"]] = field(default_factory=list)
    kept_cells: int = 0     # how many `Kept` values were read (so `check` need not look when none)
    below: list[tuple[int, "Row"]] = field(default_factory=list)  # notes below the data: (row number, row)
    source: SheetSource | None = field(default=None, repr=False, compare=False)
    _columns: list[tuple] | None = field(default=None, init=False, repr=False, compare=False)

    def row_number(self, index: int) -> int:
        return index + 2

    def source_columns(self) -> list[tuple]:
        """The cells as read (`source.cells`), column by column, cut to the shortest row: turned
        once for every reader of a sheet as read (`convert.convert_columns`, `loss.cell_problems`)."""
        if self._columns is None:
            self._columns = list(zip(*self.source.cells))
        return self._columns

    deferred = False  # see DeferredSheet

    def append_row(self, row: dict[str, Any]) -> None:
        self.rows.append(row)

    @property
    def extra_headers(self) -> list[str]:
        ours = set(self.spec.headers)
        return [h for h in self.headers if h not in ours]


@dataclass
class WorkbookData:
    spec: WorkbookSpec
    path: Path
    sheets: dict[str, SheetData]
    digest: str | None        # sha256 of the bytes read; None for a workbook not yet on disk
    date1904: bool = False
    properties: dict[str, str] = field(default_factory=dict)  # custom text properties, kept on save
    control_escapes: bool = False  # a part may hold an invisible control character (`_check_parts`)
    # sheets whose XML is byte for byte what the tool wrote at its last save, and what it
    # recorded then (`as_saved.py`); `history_checked` names the tracked sheets whose hand
    # edits this command has looked for (or knows there are none): sheet -> (its history
    # sheet, the columns tracked), for `repository.agreeing` at the save
    as_saved: frozenset[str] = frozenset()
    saved_record: Any = field(default=None, repr=False)
    history_checked: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    # sha256 of the bytes read, also for a workbook read in part (which `digest` leaves None, as
    # such a read cannot be saved): what the register cache is keyed by
    read_digest: str | None = None
    size: int = 0  # the bytes read

    def __getitem__(self, name: str) -> SheetData:
        return self.sheets[name]

    def load_deferred(self) -> None:
        """Read every sheet that was left unread (before a save that must rebuild them all)."""
        for sheet in self.sheets.values():
            if isinstance(sheet, DeferredSheet):
                sheet.load()


class DeferredSheet(SheetData):
    """A sheet not read yet: its rows are read the first time anything asks for them.

    Only a sheet whose XML is exactly as the tool last wrote it is left unread (a
    history sheet, for a command that only adds lines to it).  Until it is read, lines
    added with `append_row` wait in `added` and `unread` says how many rows the file
    holds, which is all a save that writes only what changed needs (`fastsave.py`).
    """

    def __init__(self, spec: SheetSpec, unread: int, loader: Callable[[], SheetData] | None):
        self._ready, self._rows = False, None
        super().__init__(spec, list(spec.headers))
        self.unread, self.added, self._loader, self._ready = unread, [], loader, True

    @property
    def deferred(self) -> bool:
        return self._rows is None

    @property
    def rows(self) -> list[dict[str, Any]]:
        if self._rows is None:
            self.load()
        return self._rows

    @rows.setter
    def rows(self, value: list[dict[str, Any]]) -> None:
        if self._ready:
            self._rows = value
        # else SheetData's own initialiser setting no rows: nothing is read yet

    def load(self) -> None:
        if self._rows is not None:
            return
        read = self._loader()
        self.headers, self.stray_cells, self.kept_cells = read.headers, read.stray_cells, read.kept_cells
        self.below, self.source = read.below, read.source
        self._rows = read.rows + self.added
        self.unread, self.added = 0, []

    def append_row(self, row: dict[str, Any]) -> None:
        if self._rows is None:
            self.added.append(row)
        else:
            self._rows.append(row)


class ListedSheet(SheetData):
    """A sheet read for looking at (`read_workbook(lazy_rows=True)`): its cells stay in the
    reader's lists (`source`), and header → value rows are built only if something asks.

    Checking a register (`workspace.load`) reads whole columns from the lists
    (`convert.convert_columns`, `loss.cell_problems`), so 300,000 History rows need never
    become dicts.  Only a sheet without cells in unheaded columns is read this way (those
    move with their rows, so their rows are built at once).
    """

    def __init__(self, spec: SheetSpec, headers: list[str], kept: int, source: SheetSource):
        self._rows = None
        super().__init__(spec, headers, None, [], kept, [], source)

    @property
    def rows(self) -> list[dict[str, Any]]:
        if self._rows is None:
            source = self.source
            cells = source.cells if source.blank is None else [list(map(BLANK_AS_NONE, row, row))
                                                               for row in source.cells]
            self._rows = list(map(dict, map(zip, repeat(source.names), cells)))
        return self._rows

    @rows.setter
    def rows(self, value: list[dict[str, Any]] | None) -> None:
        self._rows = value


def new_workbook(spec: WorkbookSpec, path: Path) -> WorkbookData:
    return WorkbookData(spec, path, {s.name: SheetData(s, s.headers, []) for s in spec.sheets}, None)


def unreadable(path: Path, why: str) -> RegisterError:
    return RegisterError(f"{path.name} cannot be read: {files.printable(why)}. If it was damaged, "
                         f"restore the latest copy from {path.parent.name}/{BACKUP_FOLDER}/ "
                         "or open it in Excel and save it again as an Excel Workbook (.xlsx).")


def cannot_open(path: Path, err: OSError) -> RegisterError:
    """A register the OS would not open: most often a OneDrive or SharePoint file that is only
    online (a placeholder), or a share that is not connected."""
    return RegisterError(f"{path.name} could not be opened ({files.printable(err.strerror or str(err))}). "
                         "If it is in OneDrive or SharePoint, make it available offline (right-click it, "
                         "'Always keep on this device'); if it is on a shared drive, check the drive is "
                         "connected. Then run the command again.")


def norm_header(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


# ------------------------------------------------------------------ XML by namespace

def parse_xml(data: bytes):
    """An lxml tree of one part: no entities resolved, no DTD loaded, no network."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                             remove_comments=True, remove_pis=True)
    return etree.fromstring(data, parser)


def main_children(element, name: str) -> list:
    """Descendants called `name` in SpreadsheetML's main namespace, whatever prefix they use."""
    return [e for ns in MAIN_NS for e in element.iter(f"{{{ns}}}{name}")]


@dataclass(frozen=True)
class BookInfo:
    """What workbook.xml says: the sheets (name, part) in order, and the date system."""

    sheets: tuple[tuple[str, str | None], ...]
    date1904: bool


def book_info(package: zipfile.ZipFile) -> BookInfo:
    root = parse_xml(package.read("xl/workbook.xml"))
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in package.namelist():
        rels = parse_xml(package.read("xl/_rels/workbook.xml.rels"))
        for rel in rels.iter(f"{{{_PACKAGE_REL_NS}}}Relationship"):
            target = (rel.get("Target") or "").lstrip("/")
            if not target.startswith("xl/"):
                target = "xl/" + target
            targets[rel.get("Id") or ""] = target
    sheets = []
    for sheet in main_children(root, "sheet"):
        rid = next((sheet.get(f"{{{ns}}}id") for ns in _REL_NS if sheet.get(f"{{{ns}}}id")), None)
        sheets.append((sheet.get("name") or "", targets.get(rid or "")))
    props = main_children(root, "workbookPr")
    date1904 = bool(props) and (props[0].get("date1904") or "").strip().lower() in ("1", "true")
    return BookInfo(tuple(sheets), date1904)


def custom_properties(package: zipfile.ZipFile) -> dict[str, str]:
    """File > Properties > Custom text values (ours, and others' such as sensitivity labels)."""
    if "docProps/custom.xml" not in package.namelist():
        return {}
    root = parse_xml(package.read("docProps/custom.xml"))
    found = {}
    for prop in root.iter(f"{{{_CUSTOM_NS}}}property"):
        value = prop.find(f"{{{_VT_NS}}}lpwstr")
        if prop.get("name") is not None and value is not None:
            found[prop.get("name")] = value.text or ""
    return found


# ------------------------------------------------------------------ the package

def _check_kind(path: Path, package: zipfile.ZipFile) -> None:
    """Refuse macros, a package without a workbook part, and XML entity declarations."""
    names = set(package.namelist())
    if "xl/vbaProject.bin" in names:
        raise RegisterError(f"{path.name} contains macros. Registers must be plain Excel "
                            "workbooks (.xlsx) without macros: save a copy without them.")
    if "xl/workbook.xml" not in names:
        raise unreadable(path, "it is not an Excel workbook (its workbook part is missing)")
    head = package.read("xl/workbook.xml")[:4096]
    if b"<!ENTITY" in head or b"<!DOCTYPE" in head:
        raise unreadable(path, "it contains XML entity declarations, which Excel never writes")


def _check_parts(path: Path, package: zipfile.ZipFile, ends_of: set[str],
                 skip: frozenset[str] = frozenset()) -> tuple[dict[str, tuple[bytes, bytes, bool]], bool]:
    """Read every part through once to check its checksum (as `ZipFile.testzip` does).

    The parts named in `ends_of` keep their first and last bytes on the way, for
    `check_sheet_size`, and say whether they hold an error cell (`t="e"`), which
    calamine reads as empty; so no sheet is decompressed twice.  Also says whether
    any part may hold an invisible control character (written `_x0007_`), which
    every save refuses: a save that writes only the changed rows
    (`fastsave.py`) then leaves the file to the rebuild, which checks every cell.
    """
    ends: dict[str, tuple[bytes, bytes, bool]] = {}
    escapes = False
    for info in package.infolist():
        if info.filename in skip:  # another sheet, not read now: checked when it is read
            continue
        head, tail, errors = b"", b"", False
        watch = info.filename in ends_of
        try:
            with package.open(info) as part:
                while True:
                    block = part.read(_BLOCK)
                    if not block:
                        break
                    # Each look starts with a search for one byte (memchr, a few milliseconds for
                    # 50 MB); the costlier searches run only on the blocks that hold it.  An error
                    # cell's value starts with '#' (#N/A, #REF!); an escape is `_x…_`.
                    if watch and not errors and b"#" in block:
                        seam = tail[-256:] + block  # the cell's start may lie in the block before
                        errors = (b'"e"' in seam or b"'e'" in seam) and _ERROR_CELL.search(seam) is not None
                    if not escapes and (b"_" in block or b"_" in tail[-32:]):
                        escapes = _CONTROL_ESCAPE.search(tail[-32:] + block) is not None
                    if len(head) < _HEAD:
                        head += block[:_HEAD - len(head)]
                    tail = block[-_TAIL:] if len(block) >= _TAIL else (tail + block)[-_TAIL:]
        except zipfile.BadZipFile:
            raise unreadable(path, f"the part {info.filename} is damaged") from None
        if watch:
            ends[info.filename] = (head, tail, errors)
    return ends, escapes


# `_xHHHH_` for a character below 0x20 or U+FFFE/U+FFFF (tab, line feed and return among them: harmless)
_CONTROL_ESCAPE = re.compile(rb"_x(?:00[01][0-9A-Fa-f]|[Ff]{3}[EeFf])_")
_ERROR_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\st\s*=\s*[\"']e[\"']")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref=\"([^\"]*)\"")
_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b")
_ROW_NUMBER = re.compile(rb"^<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr=\"([0-9]+)\"")
_CELL_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\sr=\"([A-Za-z]{1,4})([0-9]{1,8})\"")
_HEAD, _TAIL = 1 << 14, 1 << 16
# A part is read through in blocks this large: each block costs a turn of Python's lock, which a
# thread checking one sheet while the main thread converts another waits up to 5 ms for
_BLOCK = 1 << 23


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def sheet_extent(head: bytes, tail: bytes) -> tuple[int, int, str | None]:
    """(last row, last column, the cell that reaches furthest) of a sheet's XML, cheaply.

    Two places are read, not the whole part (a full scan costs a quarter of a second per
    50,000 rows): the `<dimension ref>` Excel, LibreOffice and openpyxl write at the top,
    and the last row at the bottom, where a stray value typed far below or to the right of
    the data ends up because rows are stored in order.  A file crafted with a far cell in
    the middle and a false dimension is not caught; no program staff use writes one.
    """
    max_row = max_col = 0
    far: str | None = None
    found = _DIMENSION.search(head)
    if found:
        corner = found.group(1).decode("ascii", "replace").split(":")[-1].replace("$", "")
        letters = corner.rstrip("0123456789")
        digits = corner[len(letters):]
        if letters.isalpha() and letters.isascii() and digits.isdigit() and len(letters) <= 4:
            max_row, max_col, far = int(digits), column_number(letters), corner.upper()
    starts = list(_ROW_START.finditer(tail))
    if starts:
        last = starts[-1].start()
        number = _ROW_NUMBER.match(tail, last)
        if number and int(number.group(1)) > max_row:
            max_row, far = int(number.group(1)), None
        cells = [(column_number(c.group(1).decode("ascii")), int(c.group(2)), c.group(1).decode("ascii"))
                 for c in _CELL_REF.finditer(tail, last)]
        if cells:
            column, row, letters = max(cells)  # the right-most cell of the bottom row
            if row >= max_row or column >= max_col:
                far = letters.upper() + str(row)
            max_row, max_col = max(row, max_row), max(column, max_col)
    return max_row, max_col, far


def _first_cell_beyond(xml: bytes, columns: int) -> str | None:
    """The first cell of a sheet's XML right of column `columns` (read only when a sheet is refused)."""
    for found in _CELL_REF.finditer(xml):
        letters = found.group(1).decode("ascii")
        if column_number(letters) > columns:
            return letters.upper() + found.group(2).decode("ascii")
    return None


def check_sheet_size(path: Path, sheet: str, head: bytes, tail: bytes,
                     whole: Callable[[], bytes] | None = None) -> None:
    """Refuse a sheet whose grid would be too big to read, naming the cell that is far out.

    The quick look (`sheet_extent`) knows the corner of the sheet's area; when a sheet is
    refused for its columns, `whole` (the sheet's XML) names the very cell typed there.
    """
    rows, columns, far = sheet_extent(head, tail)
    if columns > MAX_COLUMNS and whole is not None:
        far = _first_cell_beyond(whole(), MAX_COLUMNS) or far
        columns = column_number(far.rstrip("0123456789")) if far else columns
    cell = f"cell {far}" if far else f"row {rows:,}"
    if columns > MAX_COLUMNS:
        raise RegisterError(f"{cell_location(path, sheet)}: the sheet reaches {cell}, column {columns:,}, "
                            f"far beyond the register's columns (at most {MAX_COLUMNS} are read). "
                            f"Something is typed or formatted there: delete the columns right of "
                            "your data, save, and run the command again.")
    if rows * max(columns, 1) > MAX_CELLS:
        raise RegisterError(f"{cell_location(path, sheet)}: the sheet reaches {cell}, row {rows:,}, "
                            "so far below the register's rows that reading it would take more "
                            "memory than it should. Something is typed or formatted there: delete "
                            "the rows below your data, save, and run the command again.")


# ------------------------------------------------------------------ reading

def read_workbook(spec: WorkbookSpec, path: Path, only: frozenset[str] | None = None,
                  defer: frozenset[str] = frozenset(), lazy_rows: bool = False,
                  raw: bytes | None = None) -> WorkbookData:
    """Read every sheet of a register (or `only` those); a missing sheet or column is an error naming it.

    A workbook read with `only` is for looking at, and cannot be saved.  A sheet named in
    `defer` whose XML is exactly as the tool last wrote it (`as_saved.py`) is read only
    when something asks for its rows (`DeferredSheet`).  With `lazy_rows`, a sheet's rows
    are built only when asked for (`ListedSheet`): for a workbook read to be looked at and
    converted column by column, never saved.  `raw` is the file's bytes when the caller has
    read them already (`Workspace.load_each`, which looked them up in the cache): a register
    on a shared drive is then fetched once.  Every failure of the zip, zlib,
    XML or calamine layers ends as the one "cannot be read" error.
    """
    path = Path(path)
    if raw is None:
        if not path.exists():
            raise RegisterError(f"{path} is missing. Restore it from {BACKUP_FOLDER}/ or create the "
                                "workspace again with 'meeting-packs init'.")
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise cannot_open(path, err) from None
    if not raw:
        raise unreadable(path, "the file is empty")
    return _reading(path, raw, lambda: _read(spec, path, raw, only, defer, lazy_rows))


def _reading(path: Path, raw: bytes, read: Callable[[], Any]) -> Any:
    """`read()`, with every failure of the layers below ending as the one "cannot be read" error."""
    try:
        return read()
    except RegisterError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
        raise
    except BaseException as err:  # zipfile, zlib, lxml, UnicodeDecodeError, calamine's own types and panics
        if isinstance(err, zipfile.BadZipFile) and not zipfile.is_zipfile(io.BytesIO(raw)):
            raise unreadable(path, "it is not an Excel workbook (.xlsx), or it is damaged or cut short") from None
        raise unreadable(path, f"it is damaged ({type(err).__name__}: {err})") from None


def _read(spec: WorkbookSpec, path: Path, raw: bytes, only: frozenset[str] | None,
          defer: frozenset[str] = frozenset(), lazy_rows: bool = False) -> WorkbookData:
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise unreadable(path, "it is not an Excel workbook (.xlsx), or it is damaged or cut short")
    wanted = [s for s in spec.sheets if only is None or s.name in only]
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        _check_kind(path, package)
        info = book_info(package)
        names = [name for name, _ in info.sheets]
        found: dict[str, tuple[str, str]] = {}
        for sheet_spec in list(wanted):
            match = next(((n, part) for n, part in info.sheets
                          if norm_header(n) == norm_header(sheet_spec.name)), None)
            if match is None and sheet_spec.optional:  # a sheet added later: empty until saved
                continue
            if match is None:
                raise RegisterError(f"{path.name} has no sheet named '{sheet_spec.name}'. "
                                    f"Its sheets are: {', '.join(names)}. Rename the sheet back "
                                    f"to '{sheet_spec.name}'.")
            name, part = match
            if part is None or part not in package.namelist():
                raise unreadable(path, f"it is damaged (the part of sheet '{name}' is missing)")
            found[sheet_spec.name] = (name, part)
        properties = custom_properties(package)
        record = as_saved.parse(properties)
        parts = {s: part for s, (_, part) in found.items()}
        untouched = as_saved.unchanged(record, package, parts, {s.name: s.headers for s in wanted})
        later = {s for s in defer & untouched if found[s][0] == s}  # and not renamed since
        # sheets whose compressed bytes too are as the tool wrote them: not looked through before
        # calamine parses them (`_parse_sheet`)
        written = as_saved.as_written(record, raw, package, parts, untouched)
        # each sheet read now is checked and read in a thread of its own (`_SheetReading`); the
        # rest of the package is checked here meanwhile
        reading = [s for s in wanted if s.name in found and s.name not in later]
        read_parts = frozenset(found[s.name][1] for s in reading)
        others = frozenset(part for _, part in info.sheets if part is not None and part not in read_parts)
        skip = (others if only is not None or later else frozenset()) | read_parts
        # A read for looking at (`lazy_rows`: `Workspace.load_each`, several registers at once) or of
        # several sheets parses them side by side; a single sheet of a workbook about to be changed
        # is parsed here, as a thread would win nothing and its memory (glibc gives each thread its
        # own heap) would stay taken: 35 MB more for an `actions add` at 50,000 actions.
        side_by_side = lazy_rows or len(reading) > 1
        threads = {s.name: _SheetReading(path, raw, s, *found[s.name], lazy_rows, side_by_side,
                                         s.name in written)
                   for s in reading}
        _, escapes = _check_parts(path, package, set(), skip)
    sheets = _ArrivingSheets() if lazy_rows else {}
    for sheet_spec in wanted:
        if sheet_spec.name not in found:  # an optional sheet an older workbook lacks: gained on save
            sheets[sheet_spec.name] = SheetData(sheet_spec, sheet_spec.headers, [])
        elif sheet_spec.name in later:
            sheets[sheet_spec.name] = DeferredSheet(sheet_spec, record.sheets[found[sheet_spec.name][0]].rows,
                                                    None)
        else:
            sheets[sheet_spec.name] = threads[sheet_spec.name]
    read_digest = files.digest_bytes(raw)
    digest = read_digest if only is None else None
    data = WorkbookData(spec, path, sheets, digest, info.date1904, properties, escapes, untouched, record,
                        read_digest=read_digest, size=len(raw))
    for thread in threads.values():
        thread.data = data
    if not lazy_rows:  # every sheet now, in order: the first failure is the one reported
        for name in threads:
            sheets[name] = threads[name].wait()
    for sheet_name in later:
        sheets[sheet_name]._loader = functools.partial(_read_later, data, raw, sheets[sheet_name].spec,
                                                       found[sheet_name][1], sheet_name in written)
    return data


def _parse_sheet(path: Path, raw: bytes, spec: SheetSpec, name: str, part: str,
                 as_written: bool = False) -> tuple[Any, bool, bool]:
    """One sheet's part checked (checksum, size) before calamine parses it: (calamine's sheet, whether
    the part holds an error cell, whether it may hold a control character (`_check_parts`)).

    A part `as_written` (its compressed bytes the very ones the tool wrote: `as_saved.as_written`)
    is not looked through first, which would inflate it once more than calamine does (a third
    of a 50,000-action `check` beyond calamine's own read): calamine checks its checksum itself,
    and the tool writes no cell far out, no error cell and no control character.  Only its
    `<dimension>` is read, from the first bytes.  So damage is still found (it changes the
    compressed bytes), but a file crafted to fool the look — a record forged for a part with a
    cell far out below an honest dimension, like a far cell in the middle of any sheet below a
    false one (`sheet_extent`) — can still make calamine give up the whole process; no program
    staff use writes one.
    """
    from python_calamine import CalamineWorkbook

    if as_written:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            info = package.getinfo(part)
        start = as_saved.stored_span(raw, info)[0]  # (found by `as_written`)
        head = raw[start:start + _HEAD]
        if info.compress_type != zipfile.ZIP_STORED:
            head = zlib.decompressobj(-zlib.MAX_WBITS).decompress(head, _HEAD)
        check_sheet_size(path, spec.name, head, b"")
        return CalamineWorkbook.from_filelike(io.BytesIO(raw)).get_sheet_by_name(name), False, False
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        skip = frozenset(n for n in package.namelist() if n != part)
        ends, escapes = _check_parts(path, package, {part}, skip)
        check_sheet_size(path, spec.name, *ends[part][:2], whole=lambda: package.read(part))
    return CalamineWorkbook.from_filelike(io.BytesIO(raw)).get_sheet_by_name(name), ends[part][2], escapes


def _sheet_from_parsed(path: Path, raw: bytes, spec: SheetSpec, part: str, parsed: list,
                       lazy_rows: bool = False) -> SheetData:
    """The sheet's values from calamine's parse (`parsed`, emptied: the parse is let go as soon as
    its values are out, before they are looked at, so the two are not held longer than needed)."""
    has_errors = parsed[1]
    values = parsed.pop(0).to_python(skip_empty_area=False)
    parsed.clear()
    return _sheet_from_values(path, spec, values, _RawCells(raw, part, has_errors), lazy_rows)


class _SheetReading(threading.Thread):
    """One sheet being parsed (`_parse_sheet`) while the caller goes on.

    python-calamine lets go of Python's lock while it parses a sheet, so the sheets of a
    workbook are parsed side by side, on as many cores as there are, while Python checks
    the rest of the package and converts the sheets already read (README, "Performance").
    Only the parse runs here: the sheet's Python values are made by the thread that asks
    for it (`wait`), after it is done with the sheet before, so that two sheets' values
    are not held at once.  The thread is a daemon: Ctrl-C ends the command without waiting.
    """

    def __init__(self, path: Path, raw: bytes, spec: SheetSpec, name: str, part: str, lazy_rows: bool,
                 side_by_side: bool = True, as_written: bool = False):
        super().__init__(name=f"reading {spec.name}", daemon=True)
        self.path, self.raw, self.spec, self.part, self.lazy_rows = path, raw, spec, part, lazy_rows
        self.work = functools.partial(_parse_sheet, path, raw, spec, name, part, as_written)
        self.data: WorkbookData | None = None
        self.result: tuple[Any, bool, bool] | None = None
        self.error: BaseException | None = None
        if side_by_side:
            self.start()
        else:  # parsed now, on the caller's thread; `wait` then has nothing to wait for
            self.run()

    def run(self) -> None:
        try:
            self.result = self.work()
        except BaseException as err:  # handed to the thread that waits, which reports it
            self.error = err

    def wait(self) -> SheetData:
        """The sheet, once read; a failure as the one "cannot be read" error (`_reading`)."""

        def outcome() -> SheetData:
            while self.is_alive():  # in steps: on Windows a join without a timeout ignores Ctrl-C
                self.join(0.25)
            if self.error is not None:
                error, self.error = self.error, None
                raise error
            parsed, self.result = list(self.result), None
            if self.data is not None:
                self.data.control_escapes = self.data.control_escapes or parsed[2]
            return _sheet_from_parsed(self.path, self.raw, self.spec, self.part, parsed, self.lazy_rows)

        return _reading(self.path, self.raw, outcome)


class _ArrivingSheets(dict):
    """The sheets of a workbook read to be looked at (`read_workbook(lazy_rows=True)`): a sheet
    still being read is waited for the first time it is asked for, so the first sheet can be
    converted while the next is still being parsed."""

    def __getitem__(self, name: str) -> SheetData:
        value = dict.__getitem__(self, name)
        if isinstance(value, _SheetReading):
            value = value.wait()
            dict.__setitem__(self, name, value)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default

    def values(self):
        return [self[name] for name in self]

    def items(self):
        return [(name, self[name]) for name in self]


def _read_later(data: WorkbookData, raw: bytes, spec: SheetSpec, part: str, as_written: bool = False) -> SheetData:
    """A sheet left unread by `read_workbook(defer=…)`, read now with the same checks (for a part as
    written, those `_parse_sheet` keeps)."""

    def read() -> SheetData:
        parsed = list(_parse_sheet(data.path, raw, spec, spec.name, part, as_written))
        data.control_escapes = data.control_escapes or parsed[2]
        return _sheet_from_parsed(data.path, raw, spec, part, parsed)

    return _reading(data.path, raw, read)


BLANK_AS_NONE = {"": None}.get   # (value, value) -> None for "", else the value itself


class _RawCells:
    """The stored form of a few cells of one sheet, read from its XML only when needed.

    calamine reads an error cell (#N/A) as empty, a negative number in a date
    column as 00:00 and a duration as a time span without its format; for those
    cells the value as stored and its number format are looked up here.
    """

    def __init__(self, raw: bytes, part: str, has_errors: bool):
        self.raw, self.part, self.has_errors = raw, part, has_errors

    def lookup(self, wanted: set[tuple[int, int]]) -> tuple[dict, dict]:
        """({(row, column): error text} for every error cell, {(row, column): (number, format)} for `wanted`).

        Rows and columns count from 0, as calamine's grid does.
        """
        from lxml import etree

        errors: dict[tuple[int, int], str] = {}
        numbers: dict[tuple[int, int], tuple[float, str | None]] = {}
        with zipfile.ZipFile(io.BytesIO(self.raw)) as package:
            data = package.read(self.part)
            formats = _number_formats(package)
        tags = [f"{{{ns}}}c" for ns in MAIN_NS]
        for _, cell in etree.iterparse(io.BytesIO(data), events=("end",), tag=tags, resolve_entities=False,
                                       load_dtd=False, no_network=True, huge_tree=True):
            ref = (cell.get("r") or "").upper()
            letters = ref.rstrip("0123456789")
            if letters and ref[len(letters):].isdigit():
                where = (int(ref[len(letters):]) - 1, column_number(letters) - 1)
                kind = cell.get("t")
                if kind == "e" or where in wanted:
                    text = next((v.text for ns in MAIN_NS for v in cell.iter(f"{{{ns}}}v")), None) or ""
                    if kind == "e":
                        errors[where] = text.strip() or "#N/A"
                    else:
                        try:
                            style = int(cell.get("s") or 0)
                            numbers[where] = (float(text), formats[style] if style < len(formats) else None)
                        except ValueError:
                            pass
            cell.clear()
        return errors, numbers


def _number_formats(package: zipfile.ZipFile) -> list[str | None]:
    """Each cell style's number format code, by style index (xl/styles.xml: cellXfs)."""
    if "xl/styles.xml" not in package.namelist():
        return []
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    root = parse_xml(package.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId") or -1): f.get("formatCode") for f in main_children(root, "numFmt")}
    codes: list[str | None] = []
    for xfs in main_children(root, "cellXfs"):
        for xf in (e for ns in MAIN_NS for e in xfs.iterchildren(f"{{{ns}}}xf")):
            number = int(xf.get("numFmtId") or 0)
            codes.append(custom.get(number, BUILTIN_FORMATS.get(number)))
    return codes


_DATE_KINDS = ("date", "datetime")
_LAST_SERIAL = 2958466   # 1 January 10000: Excel's dates end the day before


def _cell_name(row: int, column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def _keep_unmodelled(values: list[list[Any]], date_columns: list[int], cells: _RawCells | None,
                     datetime_columns: frozenset[int] = frozenset()) -> int:
    """Put a `Kept` in place of each value calamine would turn into something else (finding 6).

    A cheap look at the value types decides whether anything needs doing; the sheet's
    XML is read again only for an error cell, a duration, or a date column holding a time.
    """
    import itertools
    import operator

    found: dict[tuple[int, int], Kept] = {}
    suspects: dict[tuple[int, int], str] = {}
    body = values[1:]
    if dt.timedelta in set(map(type, itertools.chain.from_iterable(body))):
        for r, row in enumerate(body, 1):
            for c, value in enumerate(row):
                if type(value) is dt.timedelta:
                    suspects[(r, c)] = "duration"
    if date_columns and body:
        pick = operator.itemgetter(*date_columns)
        picked = itertools.chain.from_iterable(map(pick, body)) if len(date_columns) > 1 else map(pick, body)
        types = set(map(type, picked))
        if types & {dt.time, float, int}:
            for r, row in enumerate(body, 1):
                for c in date_columns:
                    value = row[c]
                    if type(value) is dt.time:
                        suspects[(r, c)] = "number"
                    elif c in datetime_columns and type(value) in (float, int) and not 0 < value < _LAST_SERIAL:
                        # no date and time (1e9 would overflow); a date column names such a number itself
                        found[(r, c)] = Kept("number", float(value))
    if cells is not None and (suspects or cells.has_errors):
        errors, numbers = cells.lookup(set(suspects))
        for where, text in errors.items():
            if where[0] >= 1:
                found[where] = Kept("error", text)
        for where, kind in suspects.items():
            if where in numbers:
                number, number_format = numbers[where]
                found[where] = Kept(kind, number, number_format)
    for (r, c), kept in found.items():
        row = values[r]
        if c >= len(row):
            row.extend([None] * (c + 1 - len(row)))
        row[c] = kept
    return len(found)


def _sheet_from_values(path: Path, spec: SheetSpec, values: list[list[Any]],
                       cells: _RawCells | None = None, lazy_rows: bool = False) -> SheetData:
    if not values:
        return SheetData(spec, spec.headers, [])
    header_cells = values[0]
    by_name = {}
    for column in spec.columns:
        by_name[norm_header(column.header)] = column.header
        for alias in column.aliases:
            by_name.setdefault(norm_header(alias), column.header)
    headers: list[str] = []
    positions: list[tuple[int, str]] = []
    for index, cell in enumerate(header_cells):
        if cell in (None, ""):
            continue
        canonical = by_name.get(norm_header(cell), str(cell).strip())
        if canonical in headers:
            raise RegisterError(f"{cell_location(path, spec.name, 1)}: the column "
                                f"'{canonical}' appears twice. Remove or rename one of them.")
        headers.append(canonical)
        positions.append((index, canonical))
    missing = [c.header for c in spec.columns if c.required and c.header not in headers]
    if missing:
        raise RegisterError(f"{cell_location(path, spec.name, 1)}: missing column(s) "
                            f"{', '.join(repr(m) for m in missing)}. Put the header(s) back in row 1.")
    for column in spec.columns:  # optional columns absent from the file are added on save
        if column.header not in headers:
            headers.append(column.header)
    kinds = {c.header: c.kind for c in spec.columns}
    kept = _keep_unmodelled(values, [i for i, h in positions if kinds.get(h) in _DATE_KINDS], cells,
                            frozenset(i for i, h in positions if kinds.get(h) == "datetime"))
    width = max((index for index, _ in positions), default=-1) + 1
    names = [header for _, header in positions]
    indexes = [index for index, _ in positions]
    contiguous = indexes == list(range(len(indexes)))
    body = values[1:]
    if min(map(len, body), default=width) < width:
        body = [list(cells) + [None] * (width - len(cells)) for cells in body]
    headed = set(indexes)
    unheaded = [i for i in range(max(map(len, values))) if i not in headed]
    if lazy_rows and not unheaded:  # then every cell is under a header: indexes are 0, 1, 2 …
        # calamine's "" for an empty cell is left as it is: a reader of the lists takes it as None,
        # column by column (`convert.convert_columns`), cheaper than row by row here
        while body and not any(body[-1]):  # blank rows below the data are no rows
            body.pop()
        return ListedSheet(spec, headers, kept, SheetSource(list(header_cells), names, indexes, body, ""))
    # calamine reads an empty cell as ""; rows hold None for it.  Whole-list operations, not a
    # Python loop per cell: 300,000 History rows convert in a fraction of the time.
    read = [list(map(BLANK_AS_NONE, cells, cells)) if "" in cells else cells for cells in body]
    stray_cells: list[tuple[str, Row]] = []
    if unheaded:
        rows = []
        for number, cells_of_row in enumerate(read, 1):
            if contiguous:
                row = dict(zip(names, cells_of_row))
            else:
                row = {name: cells_of_row[index] for name, index in zip(names, indexes)}
            stray = {i + 1: cells_of_row[i] for i in unheaded
                     if i < len(cells_of_row) and cells_of_row[i] is not None}
            if stray:
                row = Row(row)
                row.stray = stray
                stray_cells += [(_cell_name(number, i - 1), row) for i in stray]
            rows.append(row)
    elif contiguous:
        rows = list(map(dict, map(zip, repeat(names), read)))
    else:
        rows = [{name: cells[index] for name, index in zip(names, indexes)} for cells in read]
    below: list[tuple[int, Row]] = []
    while rows and not any(rows[-1].values()):
        row = rows.pop()
        if getattr(row, "stray", None):  # a note below the data: not a row, but kept where it is
            below.append((len(rows) + 2, row))
    below.reverse()
    del read[len(rows):]
    return SheetData(spec, headers, rows, stray_cells, kept, below,
                     SheetSource(list(header_cells), names, indexes, read))
