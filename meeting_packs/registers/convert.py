"""Rows ↔ model objects, collecting every problem with its file, sheet, row and column.

A row that cannot become a model object is reported and left out of the
model, but stays in the workbook untouched: saving never drops it.

Each sheet's fields are declared once (`Read`, gathered in a `RowFunction`): the
same rules read one row being edited and a whole column on a cold read, where
the common columns (all text, all dates) convert without a Python call per cell
(issue 14).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from pathlib import Path
from itertools import compress
from typing import Any, Callable

from ..dates import parse_date, parse_time
from ..errors import InputError, cell_location
from ..model import (normalise_board_code, Action, ActionStatus, Attendance, AttendanceRecord, GeneratedPaper,
                     HistoryEntry, Meeting, Member, MemberType, PlanItem, PlanStatus, Risk,
                     RiskStatus, Strategy, parse_purpose)
from .reading import BLANK_AS_NONE, SheetData
from .schema import (ACTIONS, ACTIONS_BOOK, ATTENDANCE, HISTORY, MEETINGS, MEMBERS, MEMBERS_BOOK, PLAN,
                     PLAN_BOOK, PLAN_HISTORY, RISK_HISTORY, RISKS, RISKS_BOOK, SheetSpec, WorkbookSpec)

ERROR, WARNING = "error", "warning"
BOARD_COLUMN = "Board"


@dataclass(frozen=True)
class Problem:
    severity: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class _Bad(Exception):
    """One cell's value is unusable; carries the column for the message."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


class RowReader:
    """Typed access to one row's cells, for one register."""

    def __init__(self, row: dict[str, Any], date1904: bool, number: int | None = None):
        self.row = row
        self.date1904 = date1904
        self.number = number

    def raw(self, column: str) -> Any:
        return self.row.get(column)

    def text(self, column: str, required: bool = False) -> str:
        value = self.row.get(column)
        if type(value) is str and (value.strip() if required else value):
            return value  # the common case, first
        if value is None or (isinstance(value, str) and value.strip() == ""):
            if required:
                raise _Bad(column, "is empty; it must be filled in.")
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, (dt.datetime, dt.date)):
            return value.strftime("%d/%m/%Y")
        return str(value)

    def date(self, column: str, required: bool = False) -> dt.date | None:
        value = self.row.get(column)
        if type(value) is dt.date:
            return value
        if value is None or (isinstance(value, str) and value.strip() == ""):
            if required:
                raise _Bad(column, "is empty; type a date as DD/MM/YYYY.")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return excel_serial_date(value, self.date1904, column)
        try:
            return parse_date(str(value))
        except InputError as err:
            raise _Bad(column, str(err)) from None

    def datetime(self, column: str) -> dt.datetime:
        value = self.row.get(column)
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time())
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            base = dt.datetime(1904, 1, 1) if self.date1904 else dt.datetime(1899, 12, 30)
            try:
                return base + dt.timedelta(days=float(value))
            except OverflowError:  # beyond year 9999: no date at all
                pass
        if value is None or (isinstance(value, str) and not value.strip()):
            raise _Bad(column, "is empty; type a date and time as DD/MM/YYYY HH:MM.")
        if isinstance(value, str):
            text = value.strip()
            for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"):
                try:
                    return dt.datetime.strptime(text, pattern)
                except ValueError:
                    pass
            try:
                return dt.datetime.combine(parse_date(text), dt.time())
            except InputError:
                pass
        raise _Bad(column, f"'{value}' is not a date and time; type it as DD/MM/YYYY HH:MM.")

    def time(self, column: str) -> dt.time | None:
        value = self.row.get(column)
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.time()
        if isinstance(value, dt.time):
            return value
        if isinstance(value, float) and 0 <= value < 1:
            minutes = round(value * 24 * 60)
            return dt.time(minutes // 60, minutes % 60)
        try:
            return parse_time(str(value))
        except InputError as err:
            raise _Bad(column, str(err)) from None

    def integer(self, column: str, required: bool = False, low: int | None = None,
                high: int | None = None) -> int | None:
        value = self.row.get(column)
        if value is None or (isinstance(value, str) and value.strip() == ""):
            if required:
                raise _Bad(column, "is empty; type a whole number.")
            return None
        try:
            number = float(str(value).strip()) if isinstance(value, str) else float(value)
        except (TypeError, ValueError):  # a date, a time, a kept value: no number
            raise _Bad(column, f"'{value}' is not a number.") from None
        if not number.is_integer():
            raise _Bad(column, f"{value} is not a whole number.")
        number = int(number)
        if (low is not None and number < low) or (high is not None and number > high):
            raise _Bad(column, f"{number} is outside {low} to {high}.")
        return number

    def choice(self, column: str, enum_type, default=None):
        value = self.row.get(column)
        if value is None or (isinstance(value, str) and value.strip() == ""):
            return default
        try:
            return enum_type.parse(str(value))
        except ValueError:
            raise _Bad(column, f"'{value}' is not one of: {', '.join(enum_type.labels())}.") from None


def excel_serial_date(value: float, date1904: bool, column: str = "") -> dt.date:
    base = dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30)
    if not 0 < value < 2958466:
        shown = int(value) if float(value).is_integer() else value  # as Excel shows it: -3, not -3.0
        raise _Bad(column, f"{shown} is not a date; type it as DD/MM/YYYY.")
    return base + dt.timedelta(days=int(value))


def convert_rows(path: Path, sheet: SheetData, date1904: bool,
                 make: Callable[[RowReader], Any]) -> tuple[list[Any], list[Problem]]:
    """Run `make` over every non-blank row, keeping the good ones and reporting the rest.

    For a row function made by `RowFunction` (every sheet's), the sheet is read a
    column at a time (`convert_columns`): the same objects and problems, without
    Python calls per cell.
    """
    if isinstance(make, RowFunction):
        columns, problems = convert_columns(path, sheet, date1904, make)
        return make.objects(columns), problems
    objects, problems = [], []
    for index, row in enumerate(sheet.rows):
        if not any(row.values()):
            continue  # a blank row
        number = sheet.row_number(index)
        try:
            obj = make(RowReader(row, date1904, number))
        except _Bad as bad:
            if all(isinstance(v, str) and not v.strip() for v in row.values() if v):
                continue  # only spaces left behind: a blank row too
            problems.append(Problem(ERROR, cell_location(path, sheet.spec.name, number, bad.column),
                                    bad.message))
            continue
        objects.append(obj)
    return objects, problems


# ------------------------------------------------------------------ each field, for a row or a column

class _Failed:
    """A cell a column read could not turn into its field: the problem `RowReader` would report."""

    __slots__ = ("bad",)

    def __init__(self, bad: _Bad):
        self.bad = bad


_NoneType = type(None)
_EMPTY_FOR_NONE = {None: ""}.get   # (value, value) -> "" for None, else the value itself
_NUMBERS = {bool, int, float}       # equal across types (1 == 1.0 == True): never one memo key


@dataclass(frozen=True)
class Read:
    """How one model field is read from its column: one rule, used row by row and column by column.

    `kind` names the `RowReader` method: "text" (with `required`, `strip`), "board",
    "date", "datetime", "time", "integer" (with `low`, `high`), "choice" (with
    `choices`, `default`) and "purpose" (a board's purposes: `parse_purpose`).
    """

    field: str
    header: str
    kind: str = "text"
    required: bool = False
    strip: bool = False
    choices: Any = None
    default: Any = None
    low: int | None = None
    high: int | None = None

    def one(self, r: RowReader) -> Any:
        kind, header = self.kind, self.header
        if kind == "text":
            value = r.text(header, self.required)
            return value.strip() if self.strip else value
        if kind == "board":
            return normalise_board_code(r.text(header, required=True))
        if kind == "date":
            return r.date(header, self.required)
        if kind == "datetime":
            return r.datetime(header)
        if kind == "time":
            return r.time(header)
        if kind == "integer":
            return r.integer(header, self.required, self.low, self.high)
        if kind == "choice":
            return r.choice(header, self.choices, self.default)
        if kind == "purpose":
            return parse_purpose(r.text(header))
        raise ValueError(f"unknown kind {kind}")

    def texts(self, cells) -> list[str] | None:
        """What `column` gives for a text column read with "" for an empty cell (`SheetSource.blank`),
        when every cell is text and none fails, without turning each "" into None and back: the
        text columns of a long register (History's three) pass through as they are.  None otherwise."""
        if self.kind != "text" or set(map(type, cells)) != {str}:
            return None
        if not (self.strip or self.required):
            return list(cells)
        stripped = list(map(str.strip, cells))
        if self.required and "" in stripped:
            return None  # an empty cell in a column that must be filled in: `column` names it
        return stripped if self.strip else list(cells)

    def column(self, values: list[Any], date1904: bool) -> tuple[list[Any], bool]:
        """The field's value for each cell (a `_Failed` where `one` would fail), and whether any failed.

        The usual columns (all text, all dates) pass through whole-list operations; any
        other is read once per distinct value, by `one` itself, so both ways agree.
        """
        try:
            types = set(map(type, values))
        except TypeError:
            types = {object}
        kind = self.kind
        if kind == "text" and types <= {str, _NoneType}:
            if not self.required:
                out = list(map(_EMPTY_FOR_NONE, values, values)) if _NoneType in types else values
                return (list(map(str.strip, out)) if self.strip else out), False
            if _NoneType not in types:
                stripped = list(map(str.strip, values))
                if "" not in stripped:
                    return (stripped if self.strip else values), False
        elif kind == "date" and types <= {dt.date, _NoneType} and not (self.required and _NoneType in types):
            return values, False
        elif kind == "datetime" and types == {dt.datetime}:
            return values, False
        header = self.header

        def read(value: Any) -> Any:
            try:
                return self.one(RowReader({header: value}, date1904))
            except _Bad as bad:
                return _Failed(bad)

        distinct = None
        if len(types & _NUMBERS) <= 1:  # else 1 and 1.0 would share a memo entry: read each cell
            try:
                distinct = set(values)
            except TypeError:  # a value that cannot be a key
                pass
        if distinct is None:
            out = list(map(read, values))
            return out, any(type(v) is _Failed for v in out)
        memo = {value: read(value) for value in distinct}
        return list(map(memo.__getitem__, values)), any(type(v) is _Failed for v in memo.values())


class RowFunction:
    """A sheet's row → model object function, made from its `Read`s (one per field).

    Called with a `RowReader`, it reads one row (`repository.py` on a row it
    edits); `convert_columns` uses the same `Read`s on whole columns.
    """

    def __init__(self, model: type, reads: tuple[Read, ...]):
        self.model = model
        self.reads = reads
        self.numbered = "row" in {f.name for f in fields(model)}
        names = [read.field for read in reads] + (["row"] if self.numbered else [])
        # every field read, none twice: a field left out would silently take its default
        assert sorted(names) == sorted(f.name for f in fields(model)), (model, names)
        self.names = names

    def __call__(self, r: RowReader) -> Any:
        values = {read.field: read.one(r) for read in self.reads}
        if self.numbered:
            values["row"] = r.number
        return self.model(**values)

    def objects(self, columns: dict[str, list[Any]]) -> list[Any]:
        """Model objects from columns of values already read (`convert_columns`, the cache)."""
        # The values were checked as they were read; filling __dict__ directly skips the
        # frozen dataclass's per-field setattr, which dominates at 100,000 rows.
        cls, new = self.model, object.__new__
        names = self.names
        objects = []
        for values in zip(*(columns[name] for name in names)):
            obj = new(cls)
            obj.__dict__.update(zip(names, values))
            objects.append(obj)
        return objects


def convert_columns(path: Path, sheet: SheetData, date1904: bool, make: RowFunction,
                    fresh: bool = False) -> tuple[dict[str, list[Any]], list[Problem]]:
    """The sheet's readable rows as columns (field → values, in row order) and the problems of the rest.

    Gives what `convert_rows` gives row by row: a row any of whose cells cannot be read
    is read again by the row function, which names the problem (or finds the row blank).
    `fresh` says the sheet is as read, no row changed since: its cells are then taken
    from the lists the reader kept (`SheetData.source`), faster than from each row.
    """
    from operator import methodcaller

    source = sheet.source if fresh else None
    # a fresh sheet's rows need not be built at all (`reading.ListedSheet`): its lists say it all
    rows = sheet.rows if source is None else None
    count = len(rows) if source is None else len(source.cells)
    position = dict(zip(source.names, source.indexes)) if source is not None else {}
    # the reader's rows turned into columns in one pass (every row is as long as the widest)
    by_index = sheet.source_columns() if source is not None and count else []
    columns: dict[str, list[Any]] = {}
    failed_rows: set[int] = set()
    for read in make.reads:
        if source is None:
            cells = list(map(methodcaller("get", read.header), rows))
        elif read.header in position:
            column = by_index[position[read.header]] if count else ()
            if source.blank is not None:  # "" for an empty cell (`SheetSource.blank`)
                texts = read.texts(column)
                if texts is not None:
                    columns[read.field] = texts
                    continue
            # an empty cell as None, however the reader kept it
            cells = list(column) if source.blank is None else list(map(BLANK_AS_NONE, column, column))
        else:  # a column the file does not have (yet)
            cells = [None] * count
        values, failed = read.column(cells, date1904)
        if failed:
            failed_rows.update(i for i, v in enumerate(values) if type(v) is _Failed)
        columns[read.field] = values
    if make.numbered:
        # a sheet as read holds its rows from row 2 on, in order (`SheetData.row_number`)
        columns["row"] = (list(range(2, count + 2)) if source is not None
                          else list(map(sheet.row_number, range(count))))
    problems: list[Problem] = []
    if failed_rows:
        dropped = set()
        for index in sorted(failed_rows):
            found, problem = convert_rows(path, _Only(sheet, index, source), date1904, make.__call__)
            if found:  # the row function reads it after all: keep its values
                for name in make.names:
                    columns[name][index] = getattr(found[0], name)
                continue
            dropped.add(index)
            problems += problem
        if dropped:
            keep = [i not in dropped for i in range(count)]
            columns = {name: list(compress(values, keep)) for name, values in columns.items()}
    return columns, problems


class _Only:
    """One row of a sheet, with its real row number, for `convert_rows`; taken from the reader's
    lists if given (the row as read: its headed cells, as `SheetData.rows` holds them)."""

    def __init__(self, sheet: SheetData, index: int, source: Any = None):
        self.spec = sheet.spec
        if source is None:
            self.rows = [sheet.rows[index]]
        else:
            cells = source.cells[index]
            blank = source.blank
            self.rows = [{name: None if cells[at] == blank else cells[at]
                          for name, at in zip(source.names, source.indexes)}]
        self._number = sheet.row_number(index)

    def row_number(self, index: int) -> int:
        return self._number


def text(field: str, header: str, required: bool = False, strip: bool = False) -> Read:
    return Read(field, header, "text", required, strip)


def _board_read() -> Read:
    return Read("board", BOARD_COLUMN, "board", True)


action_from_row = RowFunction(Action, (
    text("ref", "Reference", required=True, strip=True),
    _board_read(),
    text("text", "Action", required=True),
    text("owner", "Owner", required=True, strip=True),
    Read("due", "Due date", "date"),
    Read("status", "Status", "choice", choices=ActionStatus, default=ActionStatus.OPEN),
    text("rag", "RAG", strip=True),
    text("progress", "Progress update"),
    text("workstream", "Workstream", strip=True),
    Read("meeting", "Meeting raised", "date"),
    text("item", "Agenda item", strip=True),
    Read("closed", "Date closed", "date"),
    text("source", "Source", strip=True),
))


def action_to_row(a: Action) -> dict[str, Any]:
    return {"Reference": a.ref, "Board": a.board, "Meeting raised": a.meeting, "Agenda item": a.item or None,
            "Action": a.text, "Owner": a.owner, "Due date": a.due, "Status": a.status.value,
            "RAG": a.rag or None, "Progress update": a.progress or None,
            "Workstream": a.workstream or None, "Date closed": a.closed, "Source": a.source or None}


history_from_row = RowFunction(HistoryEntry, (
    text("ref", "Reference", required=True, strip=True),
    Read("when", "When", "datetime"),
    text("field", "What", required=True, strip=True),
    text("old", "Old value"),
    text("new", "New value"),
    text("note", "Note"),
))


def history_to_row(h: HistoryEntry) -> dict[str, Any]:
    return {"Reference": h.ref, "When": h.when.replace(microsecond=0), "What": h.field,
            "Old value": h.old or None, "New value": h.new or None, "Note": h.note or None}


risk_from_row = RowFunction(Risk, (
    text("ref", "Reference", required=True, strip=True),
    _board_read(),
    text("workstream", "Workstream", strip=True),
    text("text", "Risk", required=True),
    text("consequence", "Impact"),
    Read("strategy", "Strategy", "choice", choices=Strategy),
    text("mitigation", "Mitigating actions"),
    text("owner", "Owner", required=True, strip=True),
    Read("likelihood", "Likelihood (1-5)", "integer", required=True, low=1, high=5),
    Read("impact", "Impact (1-5)", "integer", required=True, low=1, high=5),
    Read("target_score", "Target score", "integer", low=1, high=25),
    Read("review", "Review date", "date"),
    Read("status", "Status", "choice", choices=RiskStatus, default=RiskStatus.OPEN),
))


def risk_to_row(k: Risk, rating: str, strategy_label: str) -> dict[str, Any]:
    return {"Reference": k.ref, "Board": k.board, "Workstream": k.workstream or None, "Risk": k.text,
            "Impact": k.consequence or None, "Strategy": strategy_label or None,
            "Mitigating actions": k.mitigation or None, "Owner": k.owner,
            "Likelihood (1-5)": k.likelihood, "Impact (1-5)": k.impact, "Score": k.score,
            "Rating": rating, "Target score": k.target_score, "Review date": k.review,
            "Status": k.status.value}


plan_from_row = RowFunction(PlanItem, (
    Read("exempt", "Exempt paragraph", "integer", low=1, high=7),
    text("ref", "Reference", required=True, strip=True),
    _board_read(),
    text("title", "Item title", required=True),
    Read("meeting", "Meeting date", "date"),
    Read("order", "Order", "integer"),
    # a purpose outside the standard ones is kept as typed; whether its board allows it
    # (boards.toml `purposes`) is checked when the registers are loaded
    Read("purpose", "Purpose", "purpose"),
    text("recommendation", "Recommendation"),
    text("description", "Description"),
    text("lead", "Lead or presenter"),
    text("author", "Report author"),
    text("report", "Report file", strip=True),
    Read("paper", "Generated appendix", "choice", choices=GeneratedPaper),
    Read("status", "Status", "choice", choices=PlanStatus, default=PlanStatus.PLANNED),
))


def plan_to_row(p: PlanItem) -> dict[str, Any]:
    return {"Reference": p.ref, "Board": p.board, "Meeting date": p.meeting, "Order": p.order,
            "Item title": p.title, "Purpose": p.purpose.value if p.purpose else None,
            "Recommendation": p.recommendation or None, "Description": p.description or None,
            "Lead or presenter": p.lead or None, "Report author": p.author or None,
            "Report file": p.report or None, "Generated appendix": p.paper.value if p.paper else None,
            "Exempt paragraph": p.exempt, "Status": p.status.value}


meeting_from_row = RowFunction(Meeting, (
    _board_read(),
    Read("date", "Date", "date", required=True),
    Read("start", "Start", "time"),
    Read("end", "End", "time"),
    text("venue", "Venue"),
    text("notes", "Notes"),
))


def meeting_to_row(m: Meeting) -> dict[str, Any]:
    return {"Board": m.board, "Date": m.date, "Start": m.start, "End": m.end,
            "Venue": m.venue or None, "Notes": m.notes or None}


member_from_row = RowFunction(Member, (
    _board_read(),
    text("name", "Name", required=True, strip=True),
    text("initials", "Initials", required=True, strip=True),
    text("role", "Role"),
    text("organisation", "Organisation"),
    Read("type", "Membership type", "choice", choices=MemberType, default=MemberType.MEMBER),
    text("email", "Email", strip=True),
    text("substitute_for", "Substitute for", strip=True),
    Read("left", "Left on", "date"),
))


def member_to_row(m: Member) -> dict[str, Any]:
    return {"Board": m.board, "Name": m.name, "Initials": m.initials, "Role": m.role or None,
            "Organisation": m.organisation or None, "Membership type": m.type.value,
            "Email": m.email or None, "Substitute for": m.substitute_for or None, "Left on": m.left}


attendance_from_row = RowFunction(AttendanceRecord, (
    _board_read(),
    Read("meeting", "Meeting date", "date", required=True),
    text("name", "Name", required=True, strip=True),
    text("initials", "Initials", strip=True),
    Read("attendance", "Attendance", "choice", choices=Attendance, default=Attendance.PRESENT),
    text("substitute_for", "Substitute for", strip=True),
    text("source", "Source"),
))


def attendance_to_row(a: AttendanceRecord) -> dict[str, Any]:
    return {"Board": a.board, "Meeting date": a.meeting, "Name": a.name, "Initials": a.initials or None,
            "Attendance": a.attendance.value, "Substitute for": a.substitute_for or None,
            "Source": a.source or None}


# ------------------------------------------------------------------ one entry per sheet

@dataclass(frozen=True)
class SheetModel:
    """A sheet's model class, its row mapping both ways, and where it lives.

    `field` is the `Registers` field its objects go to.  Adding a column touches
    the schema and the two row functions here; adding a sheet adds one entry.
    """

    sheet: SheetSpec
    book: WorkbookSpec
    model: type
    from_row: Callable[[RowReader], Any]
    to_row: Callable[..., dict[str, Any]]
    field: str
    history_of: str = ""  # for a history sheet: the `Registers` field whose records it follows

    @property
    def has_board(self) -> bool:
        return "board" in {f.name for f in fields(self.model)}

    def where(self, row: int | None, column: str) -> str:
        """'actions.xlsx, sheet Actions, row 4, column Board' for a problem message."""
        return cell_location(self.book.filename, self.sheet.name, row, column)


SHEET_MODELS: dict[str, SheetModel] = {m.sheet.name: m for m in (
    SheetModel(ACTIONS, ACTIONS_BOOK, Action, action_from_row, action_to_row, "actions"),
    SheetModel(HISTORY, ACTIONS_BOOK, HistoryEntry, history_from_row, history_to_row, "history", "actions"),
    SheetModel(RISKS, RISKS_BOOK, Risk, risk_from_row, risk_to_row, "risks"),
    SheetModel(RISK_HISTORY, RISKS_BOOK, HistoryEntry, history_from_row, history_to_row, "risk_history",
               "risks"),
    SheetModel(PLAN, PLAN_BOOK, PlanItem, plan_from_row, plan_to_row, "plan"),
    SheetModel(MEETINGS, PLAN_BOOK, Meeting, meeting_from_row, meeting_to_row, "meetings"),
    SheetModel(PLAN_HISTORY, PLAN_BOOK, HistoryEntry, history_from_row, history_to_row, "plan_history",
               "plan"),
    SheetModel(MEMBERS, MEMBERS_BOOK, Member, member_from_row, member_to_row, "members"),
    SheetModel(ATTENDANCE, MEMBERS_BOOK, AttendanceRecord, attendance_from_row, attendance_to_row,
               "attendance"),
)}
