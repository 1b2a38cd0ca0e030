"""Read register workbooks fast, and save them without ever losing what staff typed.

Reading uses python-calamine (about nine times faster than openpyxl); saving
builds a fresh workbook with openpyxl from the rows, which are the source of
truth, and rebuilds the table, drop-downs and formatting every time.

A save is refused when the file changed since it was read, when Excel or
LibreOffice has it open, or when it holds something the rebuild would drop
(unless forced).  It goes through a temporary file that is verified before it
replaces the register, and the previous version is kept in `backups/`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentWouldBeLost, FileChanged, FileLocked, RegisterError, cell_location
from .schema import DATE, DATETIME, INT, TEXT, Column, SheetSpec, WorkbookSpec

BACKUP_FOLDER = "backups"
BACKUPS_KEPT = 50
MAX_TEXT = 32767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t")
# Excel reads `_x0041_` in stored text as the character it codes ("A"); an underscore that
# starts such a sequence must itself be stored coded (`_x005F_`) for the text to come back
_CODED_CHAR = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


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


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _unreadable(path: Path, why: str) -> RegisterError:
    return RegisterError(f"{path.name} cannot be read: {why}. If it was damaged, restore the "
                         f"latest copy from {path.parent.name}/{BACKUP_FOLDER}/ "
                         "or open it in Excel and save it again as an Excel Workbook (.xlsx).")


def _check_container(path: Path) -> None:
    """Refuse files that are not .xlsx packages before handing them to a parser."""
    if not path.exists():
        raise RegisterError(f"{path} is missing. Restore it from {BACKUP_FOLDER}/ or create the "
                            "workspace again with 'meeting-packs init'.")
    if path.stat().st_size == 0:
        raise _unreadable(path, "the file is empty")
    if not zipfile.is_zipfile(path):
        raise _unreadable(path, "it is not an Excel workbook (.xlsx), or it is damaged or cut short")
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "xl/vbaProject.bin" in names:
                raise RegisterError(f"{path.name} contains macros. Registers must be plain Excel "
                                    "workbooks (.xlsx) without macros: save a copy without them.")
            if "xl/workbook.xml" not in names:
                raise _unreadable(path, "it is not an Excel workbook (its workbook part is missing)")
            bad = package.testzip()
            if bad:
                raise _unreadable(path, f"the part {bad} is damaged")
            head = package.read("xl/workbook.xml")[:4096]
    except zipfile.BadZipFile as err:
        raise _unreadable(path, f"it is damaged ({err})") from None
    if b"<!ENTITY" in head or b"<!DOCTYPE" in head:
        raise _unreadable(path, "it contains XML entity declarations, which Excel never writes")


def _is_1904(path: Path) -> bool:
    with zipfile.ZipFile(path) as package:
        return re.search(rb'date1904="(1|true)"', package.read("xl/workbook.xml")) is not None


def _custom_properties(path: Path) -> dict[str, str]:
    """File > Properties > Custom text values (ours, and others' such as sensitivity labels)."""
    with zipfile.ZipFile(path) as package:
        if "docProps/custom.xml" not in package.namelist():
            return {}
        xml = package.read("docProps/custom.xml").decode("utf-8", "replace")
    found = re.findall(r'<property [^>]*?name="([^"]*)"[^>]*>\s*<vt:lpwstr[^>]*>([^<]*)</vt:lpwstr>', xml)
    return {_xml_unescape(name): _xml_unescape(value) for name, value in found}


def _norm_header(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def read_workbook(spec: WorkbookSpec, path: Path, only: frozenset[str] | None = None) -> WorkbookData:
    """Read every sheet of a register (or `only` those); a missing sheet or column is an error naming it.

    A workbook read with `only` is for looking at, and cannot be saved.
    """
    _check_container(path)
    try:
        from python_calamine import CalamineWorkbook

        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        names = list(book.sheet_names)
        sheets = {}
        for sheet_spec in spec.sheets:
            if only is not None and sheet_spec.name not in only:
                continue
            found = next((n for n in names if _norm_header(n) == _norm_header(sheet_spec.name)), None)
            if found is None:
                raise RegisterError(f"{path.name} has no sheet named '{sheet_spec.name}'. "
                                    f"Its sheets are: {', '.join(names)}. Rename the sheet back "
                                    f"to '{sheet_spec.name}'.")
            values = book.get_sheet_by_name(found).to_python(skip_empty_area=False)
            sheets[sheet_spec.name] = _sheet_from_values(path, sheet_spec, values)
    except RegisterError:
        raise
    except Exception as err:  # calamine raises its own types for damaged parts
        raise _unreadable(path, f"it is damaged ({type(err).__name__}: {err})") from None
    return WorkbookData(spec, path, sheets, digest if only is None else None, _is_1904(path),
                        _custom_properties(path))


def _sheet_from_values(path: Path, spec: SheetSpec, values: list[list[Any]]) -> SheetData:
    if not values:
        return SheetData(spec, spec.headers, [])
    header_cells = values[0]
    by_name = {}
    for column in spec.columns:
        by_name[_norm_header(column.header)] = column.header
        for alias in column.aliases:
            by_name.setdefault(_norm_header(alias), column.header)
    headers: list[str] = []
    positions: list[tuple[int, str]] = []
    for index, cell in enumerate(header_cells):
        if cell in (None, ""):
            continue
        canonical = by_name.get(_norm_header(cell), str(cell).strip())
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


# ------------------------------------------------------------------ locks and losses

def lock_files(path: Path) -> list[Path]:
    """Excel's `~$name` and LibreOffice's `.~lock.name#` beside the workbook."""
    candidates = [path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:]),
                  path.with_name(f".~lock.{path.name}#")]
    return [p for p in dict.fromkeys(candidates) if p.exists()]


def lock_owner(lock: Path) -> str | None:
    """The user name recorded in a lock file, when it says."""
    try:
        data = lock.read_bytes()[:512]
    except OSError:
        return None
    if lock.name.startswith(".~lock."):
        # "Full name,login,host,date,profile;": the full name (when LibreOffice knows it) is
        # the one colleagues recognise; the login is the fallback
        text = data.decode("utf-8", "replace").split(",")
        return text[0].strip() or (text[1].strip() if len(text) > 1 else "") or None
    if data:
        length = data[0]
        name = data[1:1 + length].decode("latin-1", "replace").strip("\x00 ")
        return name or None
    return None


def check_not_locked(path: Path) -> None:
    for lock in lock_files(path):
        owner = lock_owner(lock)
        who = f" by {owner}" if owner else ""
        raise FileLocked(f"{path.name} is open{who} (lock file {lock.name}). Ask them to close it "
                         "and try again. If nobody has it open, the lock was left by a crash: "
                         f"delete {lock.name} and try again.")


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


def content_that_would_be_lost(path: Path, our_sheets: list[str]) -> list[str]:
    """What a rebuild from the rows would drop, in words a user understands."""
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
        workbook = package.read("xl/workbook.xml").decode("utf-8", "replace")
        sheet_names = [_xml_unescape(n) for n in re.findall(r'<sheet [^>]*?name="([^"]*)"', workbook)]
        extra = [n for n in sheet_names if _norm_header(n) not in {_norm_header(s) for s in our_sheets}]
        if extra:
            found.append("the sheet(s) " + ", ".join(f"'{n}'" for n in extra))
        defined = [n for n in re.findall(r'<definedName [^>]*?name="([^"]*)"', workbook)
                   if not n.startswith("_xlnm")]
        if defined:
            found.append("named ranges " + ", ".join(defined[:5]))
        formulas = hyperlinks = rich = 0
        extensions: set[str] = set()
        for name in names:
            if not re.match(r"xl/worksheets/sheet\d+\.xml$", name):
                continue
            xml = package.read(name).decode("utf-8", "replace")
            formulas += len(re.findall(r"<f[ >/]", xml))
            hyperlinks += len(re.findall(r"<hyperlink ", xml))
            rich += len(re.findall(r"<is>\s*<r>", xml))  # rich text stored in the cell itself
            for uri in re.findall(r'<ext [^>]*uri="(\{[^"]+\})"', xml):
                if uri in _EXTENSIONS:
                    extensions.add(_EXTENSIONS[uri])
        if formulas:
            found.append(f"{formulas} formula(s) (they would be replaced by their values)")
        if hyperlinks:
            found.append(f"{hyperlinks} hyperlink(s)")
        found.extend(sorted(extensions))
        if "xl/sharedStrings.xml" in names:
            shared = package.read("xl/sharedStrings.xml").decode("utf-8", "replace")
            rich += len(re.findall(r"<si>\s*<r>", shared))
        if rich:
            found.append(f"bold, italic or coloured words inside {rich} cell(s)")
    return found


def _xml_unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


# ------------------------------------------------------------------ cell values

def check_text(value: str, where: str) -> None:
    """Refuse text Excel cannot store, rather than change it silently."""
    bad = _ILLEGAL.search(value)
    if bad:
        raise RegisterError(f"{where}: the text contains an invisible control character "
                            f"(code {ord(bad.group()):#04x}) that Excel cannot store. Remove it "
                            "and type the text again.")
    if len(value) > MAX_TEXT:
        raise RegisterError(f"{where}: the text is {len(value):,} characters long; Excel keeps "
                            f"at most {MAX_TEXT:,} in a cell. Shorten it or put it in a report.")


def _excel_value(value: Any, column: Column | None) -> tuple[Any, str | None]:
    """The value to put in the cell and its number format."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone().replace(tzinfo=None)
        if column is not None and column.kind == DATE:
            return value.date(), "DD/MM/YYYY"
        return value, "DD/MM/YYYY HH:MM"
    if isinstance(value, dt.date):
        return value, "DD/MM/YYYY"
    if isinstance(value, dt.time):
        return value, "HH:MM"
    if isinstance(value, bool):
        return value, None
    if isinstance(value, (int, float)):
        if isinstance(value, float) and value.is_integer() and (column is None or column.kind != TEXT):
            value = int(value)
        if column is not None and column.kind == TEXT:
            return _number_text(value), None
        return value, None
    return str(value), None


def _stored_text(value: str) -> str:
    return _CODED_CHAR.sub("_x005F_", value)


def _number_text(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ------------------------------------------------------------------ writing

def build_openpyxl(data: WorkbookData, lists: dict[str, list[str]], styles: "SheetStyles"):
    """A fresh openpyxl workbook holding every row, with table, validation and formatting."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.table import Table, TableStyleInfo

    book = Workbook()
    book.remove(book.active)
    for name, value in data.properties.items():
        from openpyxl.packaging.custom import StringProperty

        book.custom_doc_props.append(StringProperty(name=name, value=value))
    if data.date1904:
        book.epoch = dt.datetime(1904, 1, 1)  # keep the file's own date system
    header_font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for sheet_spec in data.spec.sheets:
        sheet = data.sheets[sheet_spec.name]
        ws = book.create_sheet(sheet_spec.name)
        headers = sheet.headers
        columns = {c.header: c for c in sheet_spec.columns}
        for col_index, header in enumerate(headers, 1):
            cell = ws.cell(row=1, column=col_index)
            check_text(header, cell_location(data.path, sheet_spec.name, 1))
            cell.value = _stored_text(header)
            cell.data_type = "s"
            cell.font = header_font
            cell.alignment = wrap
            column = columns.get(header)
            ws.column_dimensions[get_column_letter(col_index)].width = column.width if column else 18
        for row_index, row in enumerate(sheet.rows, 2):
            for col_index, header in enumerate(headers, 1):
                column = columns.get(header)
                value, number_format = _excel_value(row.get(header), column)
                if value is None:
                    continue
                cell = ws.cell(row=row_index, column=col_index)
                if isinstance(value, str):
                    check_text(value, cell_location(data.path, sheet_spec.name, row_index, header))
                    cell.value = _stored_text(value)
                    cell.data_type = "s"  # never a formula, never an error value
                    if value.startswith(_FORMULA_START):
                        cell.quotePrefix = True
                else:
                    cell.value = value
                if number_format:
                    cell.number_format = number_format
                cell.alignment = wrap if (column and column.wrap) else top
        last_row = max(2, len(sheet.rows) + 1)
        last_col = get_column_letter(len(headers))
        ref = f"A1:{last_col}{last_row}"
        table = Table(displayName=sheet_spec.table, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
        ws.freeze_panes = "A2"
        for col_index, header in enumerate(headers, 1):
            column = columns.get(header)
            if column is None:
                continue
            letter = get_column_letter(col_index)
            area = f"{letter}2:{letter}{max(last_row, 1000)}"
            if column.choices and lists.get(column.choices):
                formula = '"' + ",".join(lists[column.choices]) + '"'
                if len(formula) <= 255:
                    dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                                        showErrorMessage=True, errorStyle="warning",
                                        errorTitle=f"{header}",
                                        error=f"Choose one of: {', '.join(lists[column.choices])}")
                    dv.add(area)
                    ws.add_data_validation(dv)
            elif column.kind in (DATE, DATETIME):
                dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                                    showErrorMessage=True, errorStyle="warning",
                                    errorTitle=header, error="Type a date as DD/MM/YYYY.")
                dv.add(area)
                ws.add_data_validation(dv)
            elif column.kind == INT and column.header.endswith("(1-5)"):
                dv = DataValidation(type="whole", operator="between", formula1="1", formula2="5",
                                    allow_blank=True, showErrorMessage=True, errorTitle=header,
                                    error="Type a whole number from 1 to 5.")
                dv.add(area)
                ws.add_data_validation(dv)
        styles.apply(ws, sheet_spec, headers, max(last_row, 1000))
    return book


class SheetStyles:
    """Conditional formatting that colours RAG and risk-rating cells."""

    def __init__(self, rag_colours: dict[str, tuple[str, str]], band_colours: dict[str, tuple[str, str]]):
        self.rag_colours = rag_colours
        self.band_colours = band_colours

    def apply(self, ws, spec: SheetSpec, headers: list[str], last_row: int) -> None:
        from openpyxl.formatting.rule import FormulaRule
        from openpyxl.styles import Font, PatternFill
        from openpyxl.utils import get_column_letter

        for header, colours in ((spec.rag_column, self.rag_colours), (spec.band_column, self.band_colours)):
            if not header or header not in headers:
                continue
            letter = get_column_letter(headers.index(header) + 1)
            area = f"{letter}2:{letter}{last_row}"
            for label, (fill, text) in colours.items():
                safe = label.replace('"', '""')
                rule = FormulaRule(formula=[f'LOWER(TRIM({letter}2))="{safe.lower()}"'],
                                   fill=PatternFill(start_color=fill, end_color=fill, fill_type="solid"),
                                   font=Font(color=text, bold=True))
                ws.conditional_formatting.add(area, rule)


def _rows_equal(expected: SheetData, actual: SheetData, path: Path) -> str | None:
    """None when every written value reads back the same; else the first difference."""
    if len(expected.rows) != len(actual.rows):
        return f"sheet {expected.spec.name}: {len(expected.rows)} rows written, {len(actual.rows)} read back"
    columns = {c.header: c for c in expected.spec.columns}
    for index, (want, got) in enumerate(zip(expected.rows, actual.rows)):
        for header in expected.headers:
            a, _ = _excel_value(want.get(header), columns.get(header))
            b, _ = _excel_value(got.get(header), columns.get(header))
            if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
                if abs((a - b).total_seconds()) < 1:
                    continue
            if isinstance(a, dt.datetime) and isinstance(b, dt.date) and not isinstance(b, dt.datetime):
                b = dt.datetime.combine(b, dt.time())
            if a != b and not (isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) < 1e-9):
                return (f"{cell_location(path, expected.spec.name, index + 2, header)}: "
                        f"wrote {a!r}, read back {b!r}")
    return None



def save_workbook(data: WorkbookData, lists: dict[str, list[str]], styles: SheetStyles,
                  force: bool = False, now: dt.datetime | None = None) -> Path | None:
    """Save safely; returns the backup made (None for a new file).

    Order: lock check, change check, loss check, build, write to a temporary
    file beside the register, verify it reads back the same, back up the
    current file, check again nothing changed, then replace in one step.
    """
    path = data.path
    if len(data.sheets) != len(data.spec.sheets):
        raise RegisterError(f"{path.name} was read in part and cannot be saved (a bug: please report it).")
    exists = path.exists()
    if exists:
        preflight(data, force)
    elif data.digest is not None:
        raise FileChanged(f"{path.name} was deleted or moved while I was working. Nothing was saved.")
    book = build_openpyxl(data, lists, styles)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp.xlsx", dir=path.parent)
    temp = Path(temp_name)
    backup = None
    try:
        with os.fdopen(fd, "wb") as handle:
            book.save(handle)
            handle.flush()
            os.fsync(handle.fileno())
        check = read_workbook(data.spec, temp)
        for name, sheet in data.sheets.items():
            problem = _rows_equal(sheet, check.sheets[name], path)
            if problem:
                raise RegisterError(f"{path.name} was not saved: checking the new copy found "
                                    f"{problem}. The register is unchanged.")
        # mkstemp makes the file private (0600): give the new copy the register's own
        # permissions so colleagues sharing the folder can still open it
        os.chmod(temp, stat.S_IMODE(path.stat().st_mode) if exists else 0o666 & ~_umask())
        if exists:
            backup = make_backup(path, now)
            if file_digest(path) != data.digest:
                backup.unlink(missing_ok=True)
                raise FileChanged(f"{path.name} was changed by someone else while I was saving. "
                                  "Nothing was saved; run the command again.")
            check_not_locked(path)
        try:
            os.replace(temp, path)
        except PermissionError:
            # Windows refuses to replace a file another program holds open, lock file or not
            if backup is not None:
                backup.unlink(missing_ok=True)
            raise FileLocked(f"{path.name} is open in another program (Excel, or a sync client), so it "
                             "could not be replaced. Nothing was saved: close it and run the command "
                             "again.") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    data.digest = file_digest(path)
    return backup


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def preflight(data: WorkbookData, force: bool = False) -> None:
    """The checks made before a register on disk is overwritten: lock, change since read, loss."""
    path = data.path
    check_not_locked(path)
    if data.digest is None or file_digest(path) != data.digest:
        raise FileChanged(f"{path.name} was changed by someone else while I was working. Nothing "
                          "was saved; run the command again to work on the new version.")
    if not force:
        lost = content_that_would_be_lost(path, [s.name for s in data.spec.sheets])
        if lost:
            raise ContentWouldBeLost(
                f"{path.name} holds things this tool cannot keep: {'; '.join(lost)}. Nothing was "
                "saved. Move them to another workbook, or run again with --force to save "
                "without them (a backup is kept).")


def make_backup(path: Path, now: dt.datetime | None = None) -> Path:
    folder = path.parent / BACKUP_FOLDER
    folder.mkdir(exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d %H%M%S")
    target = folder / f"{path.stem} {stamp}{path.suffix}"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{path.stem} {stamp} ({counter}){path.suffix}"
    shutil.copy2(path, target)
    old = sorted(folder.glob(f"{path.stem} *{path.suffix}"), key=lambda p: p.stat().st_mtime)
    for stale in old[:-BACKUPS_KEPT]:
        if stale != target:
            stale.unlink(missing_ok=True)
    return target


def new_workbook(spec: WorkbookSpec, path: Path) -> WorkbookData:
    return WorkbookData(spec, path, {s.name: SheetData(s, s.headers, []) for s in spec.sheets}, None)
