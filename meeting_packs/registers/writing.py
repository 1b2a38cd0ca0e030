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
from .reading import WorkbookData
from .schema import DATE, DATETIME, INT, TEXT, Column, SheetSpec

MAX_TEXT = 32767
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t")
# Excel reads `_x0041_` in stored text as the character it codes ("A"); an underscore that
# starts such a sequence must itself be stored coded (`_x005F_`) for the text to come back
_CODED_CHAR = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


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


def excel_value(value: Any, column: Column | None) -> tuple[Any, str | None]:
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
            cell.value = stored_text(header)
            cell.data_type = "s"
            cell.font = header_font
            cell.alignment = wrap
            column = columns.get(header)
            ws.column_dimensions[get_column_letter(col_index)].width = column.width if column else 18
        for row_index, row in enumerate(sheet.rows, 2):
            for col_index, header in enumerate(headers, 1):
                column = columns.get(header)
                value, number_format = excel_value(row.get(header), column)
                if value is None:
                    continue
                cell = ws.cell(row=row_index, column=col_index)
                if isinstance(value, str):
                    check_text(value, cell_location(data.path, sheet_spec.name, row_index, header))
                    cell.value = stored_text(value)
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
