"""Rows ↔ model objects, collecting every problem with its file, sheet, row and column.

A row that cannot become a model object is reported and left out of the
model, but stays in the workbook untouched: saving never drops it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable

from ..dates import parse_date, parse_time
from ..errors import InputError, cell_location
from ..model import (normalise_board_code, Action, ActionStatus, Attendance, AttendanceRecord, GeneratedPaper,
                     HistoryEntry, Meeting, Member, MemberType, PlanItem, PlanStatus, Risk,
                     RiskStatus, Strategy, parse_purpose)
from .reading import SheetData
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
            return base + dt.timedelta(days=float(value))
        if isinstance(value, str) and value.strip():
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
        except ValueError:
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
    """Run `make` over every non-blank row, keeping the good ones and reporting the rest."""
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


def _board(r: RowReader) -> str:
    return normalise_board_code(r.text(BOARD_COLUMN, required=True))


def action_from_row(r: RowReader) -> Action:
    return Action(
        ref=r.text("Reference", required=True).strip(),
        board=_board(r),
        text=r.text("Action", required=True),
        owner=r.text("Owner", required=True).strip(),
        due=r.date("Due date"),
        status=r.choice("Status", ActionStatus, ActionStatus.OPEN),
        rag=r.text("RAG").strip(),
        progress=r.text("Progress update"),
        workstream=r.text("Workstream").strip(),
        meeting=r.date("Meeting raised"),
        item=r.text("Agenda item").strip(),
        closed=r.date("Date closed"),
        source=r.text("Source").strip(),
        row=r.number,
    )


def action_to_row(a: Action) -> dict[str, Any]:
    return {"Reference": a.ref, "Board": a.board, "Meeting raised": a.meeting, "Agenda item": a.item or None,
            "Action": a.text, "Owner": a.owner, "Due date": a.due, "Status": a.status.value,
            "RAG": a.rag or None, "Progress update": a.progress or None,
            "Workstream": a.workstream or None, "Date closed": a.closed, "Source": a.source or None}


def history_from_row(r: RowReader) -> HistoryEntry:
    row = r.row
    ref, when, what = row.get("Reference"), row.get("When"), row.get("What")
    if type(ref) is str and type(when) is dt.datetime and type(what) is str and ref.strip() and what.strip():
        # the tool writes every history row: take the common shape without per-cell checks
        old, new, note = row.get("Old value"), row.get("New value"), row.get("Note")
        return HistoryEntry(ref.strip(), when, what.strip(),
                            old if type(old) is str else r.text("Old value"),
                            new if type(new) is str else r.text("New value"),
                            note if type(note) is str else r.text("Note"))
    return HistoryEntry(ref=r.text("Reference", required=True).strip(), when=r.datetime("When"),
                        field=r.text("What", required=True).strip(), old=r.text("Old value"),
                        new=r.text("New value"), note=r.text("Note"))


def history_to_row(h: HistoryEntry) -> dict[str, Any]:
    return {"Reference": h.ref, "When": h.when.replace(microsecond=0), "What": h.field,
            "Old value": h.old or None, "New value": h.new or None, "Note": h.note or None}


def risk_from_row(r: RowReader) -> Risk:
    return Risk(
        ref=r.text("Reference", required=True).strip(),
        board=_board(r),
        workstream=r.text("Workstream").strip(),
        text=r.text("Risk", required=True),
        consequence=r.text("Impact"),
        strategy=r.choice("Strategy", Strategy),
        mitigation=r.text("Mitigating actions"),
        owner=r.text("Owner", required=True).strip(),
        likelihood=r.integer("Likelihood (1-5)", required=True, low=1, high=5),
        impact=r.integer("Impact (1-5)", required=True, low=1, high=5),
        target_score=r.integer("Target score", low=1, high=25),
        review=r.date("Review date"),
        status=r.choice("Status", RiskStatus, RiskStatus.OPEN),
        row=r.number,
    )


def risk_to_row(k: Risk, rating: str, strategy_label: str) -> dict[str, Any]:
    return {"Reference": k.ref, "Board": k.board, "Workstream": k.workstream or None, "Risk": k.text,
            "Impact": k.consequence or None, "Strategy": strategy_label or None,
            "Mitigating actions": k.mitigation or None, "Owner": k.owner,
            "Likelihood (1-5)": k.likelihood, "Impact (1-5)": k.impact, "Score": k.score,
            "Rating": rating, "Target score": k.target_score, "Review date": k.review,
            "Status": k.status.value}


def plan_from_row(r: RowReader) -> PlanItem:
    exempt = r.integer("Exempt paragraph", low=1, high=7)
    return PlanItem(
        ref=r.text("Reference", required=True).strip(),
        board=_board(r),
        title=r.text("Item title", required=True),
        meeting=r.date("Meeting date"),
        order=r.integer("Order"),
        # a purpose outside the standard ones is kept as typed; whether its board allows it
        # (boards.toml `purposes`) is checked when the registers are loaded
        purpose=parse_purpose(r.text("Purpose")),
        recommendation=r.text("Recommendation"),
        description=r.text("Description"),
        lead=r.text("Lead or presenter"),
        author=r.text("Report author"),
        report=r.text("Report file").strip(),
        paper=r.choice("Generated appendix", GeneratedPaper),
        exempt=exempt,
        status=r.choice("Status", PlanStatus, PlanStatus.PLANNED),
        row=r.number,
    )


def plan_to_row(p: PlanItem) -> dict[str, Any]:
    return {"Reference": p.ref, "Board": p.board, "Meeting date": p.meeting, "Order": p.order,
            "Item title": p.title, "Purpose": p.purpose.value if p.purpose else None,
            "Recommendation": p.recommendation or None, "Description": p.description or None,
            "Lead or presenter": p.lead or None, "Report author": p.author or None,
            "Report file": p.report or None, "Generated appendix": p.paper.value if p.paper else None,
            "Exempt paragraph": p.exempt, "Status": p.status.value}


def meeting_from_row(r: RowReader) -> Meeting:
    return Meeting(board=_board(r), date=r.date("Date", required=True), start=r.time("Start"),
                   end=r.time("End"), venue=r.text("Venue"), notes=r.text("Notes"), row=r.number)


def meeting_to_row(m: Meeting) -> dict[str, Any]:
    return {"Board": m.board, "Date": m.date, "Start": m.start, "End": m.end,
            "Venue": m.venue or None, "Notes": m.notes or None}


def member_from_row(r: RowReader) -> Member:
    return Member(board=_board(r), name=r.text("Name", required=True).strip(),
                  initials=r.text("Initials", required=True).strip(), role=r.text("Role"),
                  organisation=r.text("Organisation"),
                  type=r.choice("Membership type", MemberType, MemberType.MEMBER),
                  email=r.text("Email").strip(), substitute_for=r.text("Substitute for").strip(),
                  left=r.date("Left on"), row=r.number)


def member_to_row(m: Member) -> dict[str, Any]:
    return {"Board": m.board, "Name": m.name, "Initials": m.initials, "Role": m.role or None,
            "Organisation": m.organisation or None, "Membership type": m.type.value,
            "Email": m.email or None, "Substitute for": m.substitute_for or None, "Left on": m.left}


def attendance_from_row(r: RowReader) -> AttendanceRecord:
    return AttendanceRecord(board=_board(r), meeting=r.date("Meeting date", required=True),
                            name=r.text("Name", required=True).strip(),
                            initials=r.text("Initials").strip(),
                            attendance=r.choice("Attendance", Attendance, Attendance.PRESENT),
                            substitute_for=r.text("Substitute for").strip(),
                            source=r.text("Source"), row=r.number)


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
