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
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import files
from ..errors import RegisterError, cell_location
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


@dataclass
class SheetData:
    """One sheet's rows as header → value, in file order; row 2 is the first data row."""

    spec: SheetSpec
    headers: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)

    def row_number(self, index: int) -> int:
        return index + 2

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

    def __getitem__(self, name: str) -> SheetData:
        return self.sheets[name]


def new_workbook(spec: WorkbookSpec, path: Path) -> WorkbookData:
    return WorkbookData(spec, path, {s.name: SheetData(s, s.headers, []) for s in spec.sheets}, None)


def unreadable(path: Path, why: str) -> RegisterError:
    return RegisterError(f"{path.name} cannot be read: {files.printable(why)}. If it was damaged, "
                         f"restore the latest copy from {path.parent.name}/{BACKUP_FOLDER}/ "
                         "or open it in Excel and save it again as an Excel Workbook (.xlsx).")


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


def _check_parts(path: Path, package: zipfile.ZipFile, ends_of: set[str]) -> dict[str, tuple[bytes, bytes]]:
    """Read every part through once to check its checksum (as `ZipFile.testzip` does).

    The parts named in `ends_of` keep their first and last bytes on the way, for
    `check_sheet_size`, so no sheet is decompressed twice.
    """
    ends: dict[str, tuple[bytes, bytes]] = {}
    for info in package.infolist():
        head, tail = b"", b""
        try:
            with package.open(info) as part:
                while True:
                    block = part.read(1 << 20)
                    if not block:
                        break
                    if len(head) < _HEAD:
                        head += block[:_HEAD - len(head)]
                    tail = (tail + block)[-_TAIL:]
        except zipfile.BadZipFile:
            raise unreadable(path, f"the part {info.filename} is damaged") from None
        if info.filename in ends_of:
            ends[info.filename] = (head, tail)
    return ends


_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref=\"([^\"]*)\"")
_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b")
_ROW_NUMBER = re.compile(rb"^<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr=\"([0-9]+)\"")
_CELL_REF = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*?\sr=\"([A-Za-z]{1,4})([0-9]{1,8})\"")
_HEAD, _TAIL = 1 << 14, 1 << 16


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


def check_sheet_size(path: Path, sheet: str, head: bytes, tail: bytes) -> None:
    """Refuse a sheet whose grid would be too big to read, naming the cell that is far out."""
    rows, columns, far = sheet_extent(head, tail)
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

def read_workbook(spec: WorkbookSpec, path: Path, only: frozenset[str] | None = None) -> WorkbookData:
    """Read every sheet of a register (or `only` those); a missing sheet or column is an error naming it.

    A workbook read with `only` is for looking at, and cannot be saved.  Every failure
    of the zip, zlib, XML or calamine layers ends as the one "cannot be read" error.
    """
    path = Path(path)
    if not path.exists():
        raise RegisterError(f"{path} is missing. Restore it from {BACKUP_FOLDER}/ or create the "
                            "workspace again with 'meeting-packs init'.")
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise unreadable(path, f"the file could not be opened ({err.strerror or err})") from None
    if not raw:
        raise unreadable(path, "the file is empty")
    try:
        return _read(spec, path, raw, only)
    except RegisterError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
        raise
    except BaseException as err:  # zipfile, zlib, lxml, UnicodeDecodeError, calamine's own types and panics
        if isinstance(err, zipfile.BadZipFile) and not zipfile.is_zipfile(io.BytesIO(raw)):
            raise unreadable(path, "it is not an Excel workbook (.xlsx), or it is damaged or cut short") from None
        raise unreadable(path, f"it is damaged ({type(err).__name__}: {err})") from None


def _read(spec: WorkbookSpec, path: Path, raw: bytes, only: frozenset[str] | None) -> WorkbookData:
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
        ends = _check_parts(path, package, {part for _, part in found.values()})
        for sheet_spec in wanted:
            if sheet_spec.name in found:
                check_sheet_size(path, sheet_spec.name, *ends[found[sheet_spec.name][1]])
        properties = custom_properties(package)
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    sheets = {}
    for sheet_spec in wanted:
        if sheet_spec.name not in found:
            sheets[sheet_spec.name] = SheetData(sheet_spec, sheet_spec.headers, [])
            continue
        values = book.get_sheet_by_name(found[sheet_spec.name][0]).to_python(skip_empty_area=False)
        sheets[sheet_spec.name] = _sheet_from_values(path, sheet_spec, values)
    digest = files.digest_bytes(raw) if only is None else None
    return WorkbookData(spec, path, sheets, digest, info.date1904, properties)


def _sheet_from_values(path: Path, spec: SheetSpec, values: list[list[Any]]) -> SheetData:
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
    rows = []
    width = max((index for index, _ in positions), default=-1) + 1
    names = [header for _, header in positions]
    indexes = [index for index, _ in positions]
    contiguous = indexes == list(range(len(indexes)))
    for cells in values[1:]:
        if len(cells) < width:
            cells = list(cells) + [None] * (width - len(cells))
        if "" in cells:  # calamine reads an empty cell as ""; rows hold None for it
            cells = [None if value == "" else value for value in cells]
        if contiguous:
            rows.append(dict(zip(names, cells)))
        else:
            rows.append({name: cells[index] for name, index in zip(names, indexes)})
    while rows and not any(rows[-1].values()):
        rows.pop()
    return SheetData(spec, headers, rows)
