"""Writing a register: a fresh openpyxl workbook built from the rows, with its table,
drop-downs (data validation) and conditional formatting rebuilt every time.

The rows are the source of truth (README, "Registers"); nothing here touches the
file on disk: `saving.py` decides when and how the built workbook replaces it.
Text is stored exactly as typed: never as a formula, never as an error value, and
with Excel's `_xHHHH_` escapes themselves escaped.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..errors import RegisterError, cell_location
from .reading import Kept, WorkbookData
from .schema import DATE, DATETIME, INT, TEXT, TIME, Column, SheetSpec

MAX_TEXT = 32767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t")
# Excel reads `_x0041_` in stored text as the character it codes ("A"); an underscore that
# starts such a sequence must itself be stored coded (`_x005F_`) for the text to come back
_CODED_CHAR = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


# ------------------------------------------------------------------ cell values

def check_text(value: str, where) -> None:
    """Refuse text Excel cannot store, rather than change it silently.

    `where` is the place to name, or a function giving it (made only when the text is refused:
    a save writing 15,000 new rows would otherwise spend a second naming cells)."""
    bad = _ILLEGAL.search(value)
    if (bad or len(value) > MAX_TEXT) and callable(where):
        where = where()
    if bad:
        raise RegisterError(f"{where}: the text contains an invisible control character "
                            f"(code {ord(bad.group()):#04x}) that Excel cannot store. Remove it "
                            "and type the text again.")
    if len(value) > MAX_TEXT:
        raise RegisterError(f"{where}: the text is {len(value):,} characters long; Excel keeps "
                            f"at most {MAX_TEXT:,} in a cell. Shorten it or put it in a report.")


def excel_value(value: Any, column: Column | None) -> tuple[Any, str | None]:
    """The value to put in the cell and its number format."""
    if value is None or value == "":
        return None, None
    if isinstance(value, Kept):
        return value, value.number_format
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
            return number_text(value), None
        return value, None
    return str(value), None


def stored_text(value: str) -> str:
    return _CODED_CHAR.sub("_x005F_", value)


def number_text(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ------------------------------------------------------------------ writing

def build_openpyxl(data: WorkbookData, lists: dict[str, list[str]], styles: "SheetStyles"):
    """A fresh openpyxl workbook holding every row, with table, validation and formatting.

    Besides the rows, it writes back what staff typed that the tool does not model:
    values in columns without a header (beside their row, right of the table) and
    `Kept` values (error cells, durations, numbers in date columns) as they were.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
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
            cell.value = stored_text(header)
            cell.data_type = "s"
            cell.font = header_font
            cell.alignment = wrap
            column = columns.get(header)
            ws.column_dimensions[get_column_letter(col_index)].width = column.width if column else 18
        places = stray_places(sheet.rows + [row for _, row in sheet.below], len(headers))
        for row_index, row in enumerate(sheet.rows, 2):
            for col_index, header in enumerate(headers, 1):
                column = columns.get(header)
                value = row.get(header)
                if isinstance(value, Kept):
                    _write_kept(ws.cell(row=row_index, column=col_index), value)
                    continue
                value, number_format = excel_value(value, column)
                if value is None:
                    continue
                cell = ws.cell(row=row_index, column=col_index)
                _put(cell, value, number_format,
                     lambda: cell_location(data.path, sheet_spec.name, row_index, header))
                cell.alignment = wrap if (column and column.wrap) else top
            for column_number, value in getattr(row, "stray", {}).items():
                cell = ws.cell(row=row_index, column=places[column_number])
                _write_stray(cell, value, cell_location(data.path, sheet_spec.name, row_index,
                                                        f"{get_column_letter(column_number)} (no header)"))
        next_free = len(sheet.rows) + 2
        for original, row in sheet.below:  # notes below the data stay put, or move down as rows are added
            row_index = max(original, next_free)
            next_free = row_index + 1
            for column_number, value in row.stray.items():
                _write_stray(ws.cell(row=row_index, column=places[column_number]), value,
                             cell_location(data.path, sheet_spec.name, row_index,
                                           f"{get_column_letter(column_number)} (no header)"))
        last_row = max(2, len(sheet.rows) + 1)
        last_col = get_column_letter(len(headers))
        ref = f"A1:{last_col}{last_row}"
        table = Table(displayName=sheet_spec.table, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        ws.add_table(table)
        ws.freeze_panes = "A2"
        _validate(ws, sheet, columns, lists, max(last_row, 1000))
        _print_setup(ws)
        styles.apply(ws, sheet_spec, headers, max(last_row, 1000))
    return book


def stray_places(rows: list[dict[str, Any]], width: int) -> dict[int, int]:
    """Where each column of values without a header goes: its own column when right of the
    table, else the next free column right of it (the table must not take in a column
    without a header, or Excel repairs the file)."""
    originals = sorted({c for row in rows for c in getattr(row, "stray", {})})
    places = {c: c for c in originals if c > width}
    free = max([width, *places.values()]) + 1
    for c in originals:
        if c not in places:
            places[c] = free
            free += 1
    return places


def _write_kept(cell, kept: Kept) -> None:
    """An error value stays an error value; a number keeps its number format."""
    if kept.kind == "error":
        cell.value = str(kept.value)
        cell.data_type = "e"
        return
    number = kept.value
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    cell.value = number
    if kept.number_format:
        cell.number_format = kept.number_format


def _write_stray(cell, value: Any, where: str) -> None:
    if isinstance(value, Kept):
        _write_kept(cell, value)
        return
    value, number_format = excel_value(value, None)
    _put(cell, value, number_format, lambda: where)


def _put(cell, value: Any, number_format: str | None, where) -> None:
    """One value into one cell: text always as text (never a formula, never an error value,
    reliability guarantee 6), checked first; `where()` names the cell for the message."""
    if isinstance(value, str):
        check_text(value, where())
        cell.value = stored_text(value)
        cell.data_type = "s"
        if value.startswith(_FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format


# Excel shows an input message's title in at most 32 characters, and its text in 255
def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _validate(ws, sheet, columns: dict[str, Column], lists: dict[str, list[str]], last_row: int) -> None:
    """Drop-downs and date, time and number checks (`validation_rules`), added to an openpyxl sheet."""
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.datavalidation import DataValidation

    for rule in validation_rules(sheet, columns, lists, last_row):
        options = dict(rule)
        area = options.pop("sqref")
        dv = DataValidation(**options)
        dv.sqref = MultiCellRange(area)  # one range, or several separated by spaces
        ws.add_data_validation(dv)


def validation_rules(sheet, columns: dict[str, Column], lists: dict[str, list[str]],
                     last_row: int) -> list[dict[str, Any]]:
    """Drop-downs and date, time and number checks, each with an input message saying what to type:
    openpyxl `DataValidation` options and `sqref`, in the order they are written.

    The RAG column offers each row the RAG scale of its own board (`lists["rag:CODE"]`);
    rows below the data, not yet given a board, are offered every board's words.
    """
    headers = sheet.headers
    rules: list[dict[str, Any]] = []

    def add(column: Column, area: str, prompt: str, **rule) -> None:
        rules.append(dict(allow_blank=True, showErrorMessage=True, errorStyle="warning",
                          errorTitle=_fit(column.header, 32), showInputMessage=True,
                          promptTitle=_fit(column.header, 32), prompt=_fit(prompt, 255), sqref=area, **rule))

    def choose(column: Column, area: str, choices: list[str]) -> None:
        formula = '"' + ",".join(choices) + '"'
        if len(formula) <= 255:
            add(column, area, f"Choose from the list: {', '.join(choices)}.", type="list",
                formula1=formula, error=_fit(f"Choose one of: {', '.join(choices)}", 255))

    board_column = next((c.header for c in columns.values() if c.choices == "board" and c.header in headers),
                        None)
    for col_index, header in enumerate(headers, 1):
        column = columns.get(header)
        if column is None:
            continue
        letter = column_letter(col_index)
        area = f"{letter}2:{letter}{last_row}"
        if column.choices and lists.get(column.choices):
            per_board = {key[len(column.choices) + 1:]: value for key, value in lists.items()
                         if key.startswith(column.choices + ":")}
            if per_board and board_column:
                for board, spans in _board_runs(sheet.rows, board_column).items():
                    choose(column, " ".join(f"{letter}{a}" if a == b else f"{letter}{a}:{letter}{b}"
                                            for a, b in spans), per_board.get(board, lists[column.choices]))
                rest = len(sheet.rows) + 2
                if rest <= last_row:
                    choose(column, f"{letter}{rest}:{letter}{last_row}", lists[column.choices])
            else:
                choose(column, area, lists[column.choices])
        elif column.kind == DATE:
            add(column, area, "Type a date as DD/MM/YYYY, for example 14/11/2025.", type="date",
                operator="greaterThan", formula1="1", error="Type a date as DD/MM/YYYY.")
        elif column.kind == DATETIME:
            add(column, area, "Type a date and time as DD/MM/YYYY HH:MM, for example 14/11/2025 14:30.",
                type="date", operator="greaterThan", formula1="1",
                error="Type a date and time as DD/MM/YYYY HH:MM.")
        elif column.kind == TIME:
            add(column, area, "Type a time as HH:MM on the 24-hour clock, for example 14:30.",
                type="time", operator="between", formula1="0", formula2="0.999305555555556",
                error="Type a time as HH:MM, for example 14:30.")
        elif column.kind == INT and column.header.endswith("(1-5)"):
            add(column, area, "Type a whole number from 1 (lowest) to 5 (highest).", type="whole",
                operator="between", formula1="1", formula2="5", error="Type a whole number from 1 to 5.")
    return rules


# The attributes of a `<dataValidation>` in the order openpyxl writes them (option -> attribute).
_DV_ATTRIBUTES = (("showDropDown", "showDropDown"), ("showInputMessage", "showInputMessage"),
                  ("showErrorMessage", "showErrorMessage"), ("allow_blank", "allowBlank"),
                  ("errorTitle", "errorTitle"), ("error", "error"), ("promptTitle", "promptTitle"),
                  ("prompt", "prompt"), ("type", "type"), ("errorStyle", "errorStyle"),
                  ("operator", "operator"))


def validations_xml(rules: list[dict[str, Any]]) -> bytes:
    """The `<dataValidations>` element openpyxl writes for `rules` (b"" for none), without
    importing openpyxl: a save that writes only the changed rows needs it for every save,
    and openpyxl's import alone costs a tenth of a second (`fastsave.py`).  A test holds
    it to openpyxl's own writing."""
    from xml.sax.saxutils import escape, quoteattr

    if not rules:
        return b""
    out = [f'<dataValidations count="{len(rules)}">']  # in the sheet's namespace, as openpyxl writes it
    for rule in rules:
        attributes = [f"sqref={quoteattr(rule['sqref'])}"]
        for option, name in _DV_ATTRIBUTES:
            value = rule.get(option, False if option == "showDropDown" else None)
            if value is None:
                continue
            if isinstance(value, bool):
                value = "1" if value else "0"
            attributes.append(f"{name}={quoteattr(str(value))}")
        # a carriage return written as a character reference, as openpyxl writes it (a bare one reads as a line feed)
        formulas = "".join(f"<{name}>{escape(str(rule[name]), {chr(13): '&#13;'})}</{name}>"
                           for name in ("formula1", "formula2")
                           if rule.get(name) is not None)
        out.append(f"<dataValidation {' '.join(attributes)}>{formulas}</dataValidation>")
    out.append("</dataValidations>")
    return "".join(out).encode("utf-8")


def column_letter(number: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out


def _board_key(value: Any) -> str:
    return str(value or "").strip().lower()


def _board_runs(rows: list[dict[str, Any]], board_column: str) -> dict[str, list[tuple[int, int]]]:
    """For each board code typed, its rows as runs of consecutive row numbers [(first, last), …]."""
    runs: dict[str, list[tuple[int, int]]] = {}
    for number, row in enumerate(rows, 2):
        spans = runs.setdefault(_board_key(row.get(board_column)), [])
        if spans and spans[-1][1] == number - 1:
            spans[-1] = (spans[-1][0], number)
        else:
            spans.append((number, number))
    return runs


def _print_setup(ws) -> None:
    """Landscape, one page wide (as long as it needs), the header row on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


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
