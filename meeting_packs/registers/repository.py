"""One repository per register sheet: the only place register commands touch rows.

A command opens a register with `Workspace.editing(...)`, wraps the sheet it
changes in a repository, and works with frozen model objects: it finds one by
reference, makes the change with `dataclasses.replace`, and hands it back with
`replace(obj)`, or adds a new one with `append(obj)`.  Header strings stay here
and in `schema` / `convert`.

Decisions:

- `replace` writes back only the cells whose value the change alters, so a value
  staff typed in another accepted form (a Status of "done", a Board of "SENDPB")
  is left as they typed it, and columns the tool does not know stay untouched.
- A row that cannot be read is left exactly as it is.  Finding it by reference
  is refused with the cell at fault; so is a reference that appears on two rows
  (which of the two should change?).
- References for a new row are counted from every row, readable or not, so a
  damaged row's number is not handed out again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import operator
from typing import Any, Callable, Generic, Iterator, TypeVar

from ..dates import numeric_date
from ..errors import NotFound, RegisterError
from ..model import (Action, AttendanceRecord, Board, HistoryEntry, Meeting, Member, PlanItem, Risk,
                     normalise_board_code)
from ..references import same_ref
from . import convert
from .convert import Problem, RowReader
from .reading import SheetData, WorkbookData

T = TypeVar("T")

REFERENCE = "Reference"
# Action fields whose every change is written to the History sheet (model field -> column);
# the History sheet's What column holds the column names.
TRACKED_FIELDS = {"rag": "RAG", "status": "Status", "due": "Due date", "owner": "Owner",
                  "progress": "Progress update"}
TRACKED = tuple(TRACKED_FIELDS.values())
# Risk columns the tool works out itself and writes again on every save (README: risk register).
RISK_WORKED_OUT = ("Score", "Rating")
RISK_STRATEGY = "Strategy"


class _SomeRows:
    """A view of some rows of a sheet with their real row numbers, for `convert.convert_rows`."""

    def __init__(self, sheet: SheetData, indexes: list[int]):
        self.spec = sheet.spec
        self.rows = [sheet.rows[index] for index in indexes]
        self._numbers = [sheet.row_number(index) for index in indexes]

    def row_number(self, index: int) -> int:
        return self._numbers[index]


class Repository(Generic[T]):
    """Model objects of one sheet of a register being edited."""

    def __init__(self, data: WorkbookData, sheet: str, read: Callable[[RowReader], T],
                 write: Callable[[T], dict[str, Any]], noun: str = "row", listing: str = ""):
        self.data = data
        self.sheet = data[sheet]
        self._read = read
        self._write = write
        self.noun = noun          # "action": for messages
        self.listing = listing    # the command that lists them, for messages

    # ------------------------------------------------------------ reading
    def _index(self, row_number: int) -> int:
        return row_number - self.sheet.row_number(0)

    def _convert(self, index: int) -> tuple[T | None, list[Problem]]:
        objects, problems = convert.convert_rows(self.data.path, _SomeRows(self.sheet, [index]),
                                                 self.data.date1904, self._read)
        return (objects[0] if objects else None), problems

    def readable(self) -> Iterator[tuple[int, T]]:
        """(index, object) for every row that reads as a model object, in sheet order."""
        objects, _ = convert.convert_rows(self.data.path, self.sheet, self.data.date1904, self._read)
        for obj in objects:
            yield self._index(obj.row), obj

    def all(self) -> list[T]:
        """Every readable row as a model object (with its row number), in sheet order."""
        return [obj for _, obj in self.readable()]

    def references(self) -> list[Any]:
        """The Reference cell of every row, readable or not, as typed."""
        return [row.get(REFERENCE) for row in self.sheet.rows]

    def find(self, ref: str) -> T:
        """The object with this reference (case and surrounding spaces ignored)."""
        found = [index for index, row in enumerate(self.sheet.rows)
                 if ref.strip() and same_ref(row.get(REFERENCE), ref)]
        where = f"{self.data.path.name}, sheet {self.sheet.spec.name}"
        if not found:
            hint = f" List them with '{self.listing}'." if self.listing else ""
            raise NotFound(f"There is no {self.noun} '{ref}' in {self.data.path.name}.{hint}")
        if len(found) > 1:
            rows = " and ".join(str(self.sheet.row_number(i)) for i in found)
            typed = str(self.sheet.rows[found[0]].get(REFERENCE)).strip()
            raise RegisterError(f"{where}: the reference {typed} is on rows {rows}. Give one of "
                                "them a new reference (or delete the copy) in Excel, then run the "
                                "command again.")
        obj, problems = self._convert(found[0])
        if obj is None:  # the row has a reference, so it is not blank: there is a problem to show
            raise RegisterError(f"{str(problems[0]).rstrip('.')}. Fix that cell in Excel before "
                                f"changing {ref.strip()}.")
        return obj

    # ------------------------------------------------------------ writing
    def append(self, obj: T) -> T:
        """Add a new row at the end; returns the object with its row number."""
        self.sheet.rows.append(self._write(obj))
        return self._numbered(obj, len(self.sheet.rows) - 1)

    def replace(self, obj: T) -> T:
        """Write a changed object back to its own row (found by `obj.row`).

        An object that is not its row's (a ValueError) is a mistake in the calling code,
        not in the register: objects come from `find`, `all` or `append` of this repository.
        """
        index = self._index(obj.row)
        if not 0 <= index < len(self.sheet.rows):
            raise ValueError(f"{self.sheet.spec.name} has no row {obj.row}")
        row = self.sheet.rows[index]
        if hasattr(obj, "ref") and not same_ref(row.get(REFERENCE), obj.ref):
            raise ValueError(f"row {obj.row} of {self.sheet.spec.name} is not {obj.ref}")
        before, _ = self._convert(index)
        old = self._write(before) if before is not None else {}
        for column, value in self._write(obj).items():
            if column not in old or old[column] != value:
                row[column] = value
        return obj

    def remove(self, obj: T) -> None:
        """Delete the object's row (found by `obj.row`, checked to be the same record)."""
        index = self._index(obj.row)
        if not 0 <= index < len(self.sheet.rows):
            raise ValueError(f"{self.sheet.spec.name} has no row {obj.row}")
        found, _ = self._convert(index)
        if found is None or dataclasses.replace(found, row=None) != dataclasses.replace(obj, row=None):
            raise ValueError(f"row {obj.row} of {self.sheet.spec.name} is not the record to remove")
        del self.sheet.rows[index]

    def _numbered(self, obj: T, index: int) -> T:
        return dataclasses.replace(obj, row=self.sheet.row_number(index))


# ------------------------------------------------------------------ the action log

def history_text(value: Any) -> str:
    """A cell's value as the History sheet records it: dates as DD/MM/YYYY, 3.0 as 3."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return numeric_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class TrackedRepository(Repository[T]):
    """A sheet whose changes are written to a history sheet of the same workbook.

    `fields` maps model fields to the columns whose changes a command records;
    `hand_tracked` names the columns whose changes typed in Excel are recorded
    too, the next time the tool saves (README: "direction of travel").
    """

    def __init__(self, data: WorkbookData, sheet: str, history_sheet: str, read: Callable[[RowReader], T],
                 write: Callable[[T], dict[str, Any]], fields: dict[str, str], hand_tracked: tuple[str, ...],
                 noun: str = "row", listing: str = ""):
        super().__init__(data, sheet, read, write, noun, listing)
        self.history_sheet = data[history_sheet]
        self.fields = fields
        self.hand_tracked = hand_tracked

    def values(self, obj: T, columns: tuple[str, ...]) -> dict[str, str]:
        """The columns' values of an object as the history sheet records them."""
        row = self._write(obj)
        return {what: history_text(row.get(what)) for what in columns}

    def tracked(self, obj: T) -> dict[str, str]:
        """The hand-tracked columns of an object as the history sheet records them, in order."""
        return self.values(obj, self.hand_tracked)

    def differences(self, before: T, after: T, fields: tuple[str, ...] | None = None) -> list[tuple[str, str, str]]:
        """(column, old, new) for each model field in `fields` (default: all) whose recorded text changes."""
        names = fields if fields is not None else tuple(self.fields)
        columns = tuple(self.fields[name] for name in names)
        old, new = self.values(before, columns), self.values(after, columns)
        return [(column, old[column], new[column]) for column in columns if old[column] != new[column]]

    def record_changes(self, before: T, after: T, when: dt.datetime, note: str,
                       fields: tuple[str, ...] | None = None) -> list[tuple[str, str, str]]:
        """Write one history line per changed field; returns the changes."""
        changes = self.differences(before, after, fields)
        for column, old, new in changes:
            self.record(after.ref, when, column, old, new, note)
        return changes

    def record_new(self, obj: T, when: dt.datetime, note: str = "added") -> None:
        """History for a record the tool has just added: each filled-in tracked field."""
        for what, value in self.values(obj, tuple(self.fields.values())).items():
            if value:
                self.record(obj.ref, when, what, "", value, note)

    def history_references(self) -> list[Any]:
        """The Reference of every history row: references of deleted records are still used.

        A history sheet left unread (`reading.DeferredSheet`) is not read for this: the
        tool's last save recorded the references only the history still holds
        (`as_saved.py`), and every other one is on a row of the sheet itself.
        """
        sheet = self.history_sheet
        if sheet.deferred and self.data.saved_record is not None:
            return list(self.data.saved_record.references) + [row.get(REFERENCE) for row in sheet.added]
        return [row.get(REFERENCE) for row in sheet.rows]

    def history(self, ref: str) -> list[HistoryEntry]:
        """The record's readable history, oldest first."""
        rows = self.history_sheet.rows
        wanted = ref.strip().casefold()
        mine = [index for index, row in enumerate(rows)  # only this record's rows are converted
                if str(row.get(REFERENCE) or "").strip().casefold() == wanted]
        entries, _ = convert.convert_rows(self.data.path, _SomeRows(self.history_sheet, mine),
                                          self.data.date1904, convert.history_from_row)
        return sorted((e for e in entries if same_ref(e.ref, ref)), key=lambda e: e.when)

    def record(self, ref: str, when: dt.datetime, what: str, old: str, new: str, note: str = "") -> None:
        """Add one line to the history sheet."""
        self.history_sheet.append_row(convert.history_to_row(HistoryEntry(ref, when, what, old, new, note)))

    def _last_values(self) -> tuple[dict[tuple[str, str], str], dict[str, dt.datetime]]:
        """The newest recorded value of each field of each record, and when each record was
        first recorded."""
        latest: dict[tuple[str, str], tuple[dt.datetime, int, str]] = {}
        first: dict[str, dt.datetime] = {}
        for index, row in enumerate(self.history_sheet.rows):
            ref = str(row.get(REFERENCE) or "").strip().casefold()
            what = str(row.get("What") or "").strip()
            when = row.get("When")
            if not isinstance(when, dt.datetime):
                when = dt.datetime.combine(when, dt.time()) if isinstance(when, dt.date) else dt.datetime.min
            key = (ref, what)
            if key not in latest or (when, index) >= latest[key][:2]:
                latest[key] = (when, index, history_text(row.get("New value")))
            if when != dt.datetime.min and (ref not in first or when < first[ref]):
                first[ref] = when
        return {key: value[2] for key, value in latest.items()}, first

    def record_hand_edits(self, now: dt.datetime) -> int:
        """Add history for values changed in Excel since the tool last saw them.

        Compares the cells as typed (not as read into the model), so a row with a
        problem elsewhere still has its hand edits recorded.  Nothing is read when the
        sheet is byte for byte as the tool saved it and agreed with its history then
        (`as_saved.py`): nobody can have changed a value since.
        """
        name = self.sheet.spec.name
        self.data.history_checked[name] = (self.history_sheet.spec.name, self.hand_tracked)
        record = self.data.saved_record
        if (name in self.data.as_saved and record is not None and name in record.agrees
                and unchanged_since_read(self.sheet)):  # (the risk register's Score may be worked out anew)
            return 0
        latest, first_recorded = self._last_values()
        seen_refs = {ref for ref, _ in latest}
        added = 0
        for row in self.sheet.rows:
            ref = str(row.get(REFERENCE) or "").strip()
            if not ref:
                continue
            first_time = ref.casefold() not in seen_refs
            for what in self.hand_tracked:
                current = history_text(row.get(what))
                before = latest.get((ref.casefold(), what))
                if first_time:
                    if current:
                        self.record(ref, now, what, "", current, "first seen in the register")
                        added += 1
                elif before is not None and before != current:
                    self.record(ref, now, what, before, current, "changed in Excel")
                    added += 1
                elif before is None and current:
                    # a history that never recorded this field (an older or hand-made
                    # workbook): its value is written once as the baseline, dated when the
                    # record was first recorded, not as a change nobody made
                    self.record(ref, first_recorded.get(ref.casefold(), now), what, "", current, "baseline")
                    added += 1
        return added


# Each tracked sheet and its history sheet, as the workbooks hold them (for `agreeing`).
HISTORY_OF = {"Actions": "History", "Risks": "Risk history", "Forward plan": "Plan history"}


def _when(value: Any) -> dt.datetime:
    """A History line's When as the look for hand edits orders it (`_last_values`)."""
    if isinstance(value, dt.datetime):
        # a time with a zone is saved as the local time without it (`writing.excel_value`)
        return value if value.tzinfo is None else value.astimezone().replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return dt.datetime.min


def agreeing(data: WorkbookData) -> tuple[set[str], list[str], dict[str, str]]:
    """At a save: the tracked sheets whose every record's tracked values equal the newest ones
    its history holds; the references only the histories hold; and each history's newest
    When (`as_saved.py`).

    Only sheets whose hand edits this command looked for qualify: they agreed before the
    command's own changes, so the rows it changed or added, and the records it wrote
    history for, are all that need looking at.  A sheet the change removed a row from,
    whose rows no longer line up with the cells read, or whose history got a line dated
    before one it already held (a back-dated `actions close --on`), does not qualify: the
    next save then looks at every row again, as before.
    """
    agrees: set[str] = set()
    references: list[str] = []
    newest: dict[str, str] = {}
    record = data.saved_record
    for name, history_name in HISTORY_OF.items():
        if name not in data.sheets or history_name not in data.sheets:
            continue
        sheet, history = data.sheets[name], data.sheets[history_name]
        if history.deferred:
            known = record.newest.get(history_name) if record is not None else None
            before = dt.datetime.fromisoformat(known) if known else None
            new_entries = history.added
            only_history = set(record.references) if record is not None else None
        elif history.source is not None:
            old_rows = history.rows[:len(history.source.cells)]
            before = max(map(_when, (row.get("When") for row in old_rows)), default=dt.datetime.min)
            new_entries = history.rows[len(history.source.cells):]
            only_history = {str(row.get(REFERENCE) or "").strip() for row in old_rows}
        else:
            continue
        if before is not None:
            latest = max([before] + [_when(row.get("When")) for row in new_entries])
            newest[history_name] = latest.isoformat()
        checked = data.history_checked.get(name)
        if (checked is not None and before is not None
                and _in_order(new_entries, before, None if history.deferred else old_rows)
                and _agrees(sheet, new_entries, checked[1])):
            agrees.add(name)
        if only_history is None:
            continue  # not known: the next save reads the history for its references
        only_history |= {str(row.get(REFERENCE) or "").strip() for row in new_entries}
        if sheet.source is not None and REFERENCE in sheet.source.names:  # rows this command removed
            at = sheet.source.names.index(REFERENCE)
            only_history |= {str(cells[at] or "").strip() for cells in sheet.source.cells if len(cells) > at}
        live = {str(row.get(REFERENCE) or "").strip().casefold() for row in sheet.rows}
        references += _highest(ref for ref in only_history if ref and ref.casefold() not in live)
    return agrees, references, newest


def _key(row: dict[str, Any]) -> tuple[str, str]:
    return str(row.get(REFERENCE) or "").strip().casefold(), str(row.get("What") or "").strip()


def _in_order(new_entries: list[dict[str, Any]], before: dt.datetime,
              old_rows: list[dict[str, Any]] | None) -> bool:
    """Whether every new History line is at least as new as the lines History already held for
    its record and field, so the look for hand edits takes it as the newest.  With the old lines
    at hand that is asked field by field (a "baseline" line is dated at the record's first
    entry, and no earlier line of its field exists); without them, of the newest line of all."""
    if old_rows is None:
        return all(_when(row.get("When")) >= before for row in new_entries)
    keys = {_key(row) for row in new_entries}
    refs = {ref for ref, _ in keys}
    latest: dict[tuple[str, str], dt.datetime] = {}
    for row in old_rows:
        if str(row.get(REFERENCE) or "").strip().casefold() in refs:
            key = _key(row)
            if key in keys:
                latest[key] = max(latest.get(key, dt.datetime.min), _when(row.get("When")))
    return all(_when(row.get("When")) >= latest.get(_key(row), dt.datetime.min) for row in new_entries)


def unchanged_since_read(sheet: SheetData) -> bool:
    """Whether every row still holds the cells read (checked row by row in C)."""
    src = sheet.source
    if src is None or len(sheet.rows) != len(src.cells) or src.names != sheet.headers[:len(src.names)]:
        return False
    width = len(src.names)
    if any(len(cells) != width for cells in src.cells):
        return False
    return not any(map(operator.ne, map(list, map(dict.values, sheet.rows)), src.cells))


def _highest(refs) -> list[str]:
    """Of references like SENDPB-A014, the highest-numbered of each kind (all that
    `next_reference` needs from them)."""
    import re

    best: dict[str, tuple[int, str]] = {}
    for ref in refs:
        match = re.fullmatch(r"(.*?)(\d+)", ref)
        if match:
            kind = match.group(1).casefold()
            if kind not in best or int(match.group(2)) > best[kind][0]:
                best[kind] = (int(match.group(2)), ref)
    return sorted(ref for _, ref in best.values())


def _agrees(sheet: SheetData, new_entries: list[dict[str, Any]], tracked: tuple[str, ...]) -> bool:
    src = sheet.source
    if src is None or sheet.stray_cells or sheet.below:
        return False
    rows, old = sheet.rows, src.cells
    if len(rows) < len(old):
        return False
    at = {name: position for position, name in enumerate(src.names)}
    if any(column not in at or column not in sheet.headers for column in tracked) or REFERENCE not in at:
        return False
    width = len(src.names)
    headers_in_order = src.names == sheet.headers[:width]
    touched: set[int] = set(range(len(old), len(rows)))
    if headers_in_order:
        # row by row in C: each row's values against the cells read (a row with a column more differs)
        same_width = all(len(cells) == width for cells in old)
        differ = map(operator.ne, map(list, map(dict.values, rows[:len(old)])),
                     old if same_width else (cells[:width] for cells in old))
        touched.update(itertools.compress(range(len(old)), differ))
    else:
        touched.update(range(len(old)))
    by_ref: dict[str, int] = {}
    entries: dict[str, list[tuple[dt.datetime, int, dict[str, Any]]]] = {}
    for position, entry in enumerate(new_entries):
        key = str(entry.get(REFERENCE) or "").strip().casefold()
        entries.setdefault(key, []).append((_when(entry.get("When")), position, entry))
    if entries:
        for index, row in enumerate(rows):
            key = str(row.get(REFERENCE) or "").strip().casefold()
            if key in entries:
                if key in by_ref:
                    return False  # a reference on two rows: `check` and the next command say so
                by_ref[key] = index
        if set(entries) - set(by_ref):
            return False  # history for a record no row holds
        touched |= set(by_ref.values())
    for index in touched:
        row = rows[index]
        key = str(row.get(REFERENCE) or "").strip().casefold()
        if index < len(old):
            cells = old[index]
            if str(cells[at[REFERENCE]] or "").strip().casefold() != key:
                return False
            expected = {column: history_text(cells[at[column]]) for column in tracked}
        else:
            expected = {column: "" for column in tracked}
        # in the order the look for hand edits takes the newest: by When, then by position
        for _, _, entry in sorted(entries.get(key, []), key=lambda item: item[:2]):
            if entry.get("What") in expected:
                expected[entry["What"]] = history_text(entry.get("New value"))
        if any(expected[column] != history_text(row.get(column)) for column in tracked):
            return False
    return True


# Action fields a command's change records (model field -> column): the tracked ones, then
# the ones only a command changes (their hand edits are not looked for).
ACTION_FIELDS = {**TRACKED_FIELDS, "text": "Action", "workstream": "Workstream",
                 "meeting": "Meeting raised", "item": "Agenda item"}


class ActionRepository(TrackedRepository[Action]):
    """The Actions sheet and its History, which records every change to a tracked field."""

    def __init__(self, data: WorkbookData):
        super().__init__(data, "Actions", "History", convert.action_from_row, convert.action_to_row,
                         ACTION_FIELDS, TRACKED, "action", "meeting-packs actions list --all")


# ------------------------------------------------------------------ the risk register

# Risk fields whose every change is written to the Risk history sheet (model field -> column).
RISK_FIELDS = {"likelihood": "Likelihood (1-5)", "impact": "Impact (1-5)", "score": "Score",
               "rating": "Rating", "status": "Status", "owner": "Owner", "review": "Review date",
               "target_score": "Target score", "strategy": "Strategy", "mitigation": "Mitigating actions",
               "text": "Risk", "consequence": "Impact", "workstream": "Workstream"}
RISK_TRACKED = ("Likelihood (1-5)", "Impact (1-5)", "Score", "Rating", "Status")


class RiskRepository(TrackedRepository[Risk]):
    """The Risks sheet and its Risk history; score, rating and strategy label are worked out
    here from the board, so the history holds the score and rating at every change."""

    def __init__(self, data: WorkbookData, board: Callable[[str], Board | None]):
        super().__init__(data, "Risks", "Risk history", convert.risk_from_row, self._row, RISK_FIELDS,
                         RISK_TRACKED, "risk", "meeting-packs risks list")
        self._board = board

    def differences(self, before: Risk, after: Risk, fields: tuple[str, ...] | None = None):
        # the score and rating follow from likelihood and impact: always compared
        wanted = None if fields is None else tuple(dict.fromkeys(fields + ("score", "rating")))
        return super().differences(before, after, wanted)

    def _row(self, risk: Risk) -> dict[str, Any]:
        board = self._board(normalise_board_code(risk.board))
        if board is None:  # not a board of boards.toml: keep what staff typed in the worked-out columns
            row = convert.risk_to_row(risk, "", "")
            for column in RISK_WORKED_OUT + (RISK_STRATEGY,):
                row.pop(column)
            return row
        return convert.risk_to_row(risk, board.band_for(risk.score).label,
                                   board.strategy_label(risk.strategy))

    def restamp(self) -> None:
        """Work score and rating (and the board's strategy label) out again for every readable row
        of a known board; a row with a problem is left exactly as staff typed it."""
        for index, risk in self.readable():
            if self._board(normalise_board_code(risk.board)) is None:
                continue
            worked_out = self._row(risk)
            row = self.sheet.rows[index]
            for column in RISK_WORKED_OUT:
                row[column] = worked_out[column]
            if risk.strategy is not None:
                row[RISK_STRATEGY] = worked_out[RISK_STRATEGY]


# ------------------------------------------------------------------ forward plan and schedule

# Forward-plan fields whose every change is written to the Plan history sheet (model field -> column).
PLAN_FIELDS = {"meeting": "Meeting date", "report": "Report file", "status": "Status",
               "title": "Item title", "purpose": "Purpose", "lead": "Lead or presenter",
               "author": "Report author", "exempt": "Exempt paragraph"}
PLAN_TRACKED = ("Meeting date", "Status", "Report file")


def plan_items(data: WorkbookData) -> TrackedRepository[PlanItem]:
    """The Forward plan sheet and its Plan history (which the supplementary pack reads)."""
    return TrackedRepository(data, "Forward plan", "Plan history", convert.plan_from_row, convert.plan_to_row,
                             PLAN_FIELDS, PLAN_TRACKED, "forward-plan item", "meeting-packs plan list")


class MeetingRepository(Repository[Meeting]):
    """The Meetings sheet, kept in board then date order."""

    def __init__(self, data: WorkbookData):
        super().__init__(data, "Meetings", convert.meeting_from_row, convert.meeting_to_row, "meeting")

    def dates(self, board: str) -> set[dt.date]:
        code = normalise_board_code(board)
        return {m.date for m in self.all() if m.board == code}

    def append(self, meeting: Meeting) -> Meeting:
        """Add the meeting in its place: rows are kept sorted by board, then date."""
        super().append(meeting)
        self.resort()
        return meeting

    def resort(self) -> None:
        """Put the rows back in board, then date order (after a meeting is added or moved)."""
        self.sheet.rows.sort(key=lambda r: (str(r.get("Board") or ""), _sortable_date(r.get("Date"))))


def _sortable_date(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


# ------------------------------------------------------------------ membership and attendance

def members(data: WorkbookData) -> Repository[Member]:
    return Repository(data, "Members", convert.member_from_row, convert.member_to_row, "member")


class AttendanceRepository(Repository[AttendanceRecord]):
    """The Attendance sheet: one row per person per meeting."""

    def __init__(self, data: WorkbookData):
        super().__init__(data, "Attendance", convert.attendance_from_row, convert.attendance_to_row,
                         "attendance record")

    def _meeting(self, board: str, meeting: dt.date) -> list[tuple[int, AttendanceRecord]]:
        code = normalise_board_code(board)
        return [(index, record) for index, record in self.readable()
                if record.board == code and record.meeting == meeting]

    def of_meeting(self, board: str, meeting: dt.date) -> list[AttendanceRecord]:
        """The rows already recorded for one meeting of one board (damaged rows are not counted)."""
        return [record for _, record in self._meeting(board, meeting)]

    def replace_meeting(self, board: str, meeting: dt.date, records: list[AttendanceRecord]) -> bool:
        """Put `records` in place of the meeting's rows; False (and nothing touched) when they match."""
        old = self._meeting(board, meeting)
        if [_same(r) for _, r in old] == [_same(r) for r in records]:
            return False
        indexes = [index for index, _ in old]
        at = indexes[0] if indexes else len(self.sheet.rows)
        for index in reversed(indexes):
            del self.sheet.rows[index]
        self.sheet.rows[at:at] = [self._write(r) for r in records]
        return True


def _same(record: AttendanceRecord) -> tuple:
    """What makes two attendance rows the same, whatever their row numbers."""
    return (record.board, record.meeting, record.name, record.initials, record.attendance,
            record.substitute_for, record.source)
