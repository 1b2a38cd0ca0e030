"""Phase two of `minutes import`: every row checked against the board's members and schedule.

Rows become plain frozen objects (an agreed action, an attendance line); every
problem is collected with its table, row and column, and the import stops with
all of them at once (README, "Guide for board secretaries"; the house style's
"messages name the file, sheet, row and column and say what to do").

Actions
- The owner is matched on initials, then on name (without "(Chair)" or a title
  such as Cllr).  One owner per row; a joint action is one row per owner.
- Due: DD/MM/YYYY, YYYY-MM-DD, "23 January 2020" (optionally with weekday,
  "23rd", "Jan"), or "next meeting" (the board's next meeting in the schedule).
  A blank due date is allowed, with a warning.

Attendance
- One row per person for the meeting: Present, Apologies, Substitute, and Absent
  for each expected member (everyone but named substitutes) in neither table.
  A person in Present whose name or role says "substitute for X", or a named
  substitute member, is a Substitute for X; a member represented by a substitute
  and not listed is recorded as having sent apologies.  A person who is not a
  member is recorded by name, with a warning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..attendance import find_member, name_key
from ..dates import parse_date
from ..errors import DocumentError, InputError
from ..model import Attendance, AttendanceRecord, Board, Member
from .matching import clean_name, member_for, minutes_source, split_owners, substitute_for
from .reading import MinutesDocument, Row


@dataclass(frozen=True)
class AgreedAction:
    """One row of the Actions agreed table, checked: its owner is a member."""

    row: Row
    position: int          # among the non-blank rows: the N of "row N" in Source
    item: str
    text: str
    owner: Member
    due: dt.date | None


@dataclass(frozen=True)
class AttendanceLine:
    """One row of the Present or Apologies table: the member it names, if any."""

    row: Row
    name: str
    initials: str
    member: Member | None


class MinutesProblems(DocumentError):
    """Every problem found in the document, one per line; nothing was written."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{path.name}: {len(problems)} problem(s); nothing was imported. Correct the "
                         f"document in Word, save it, and import it again.\n{lines}")


def snippet(text: str, size: int = 40) -> str:
    """The text on one line, cut to `size` characters with an ellipsis, for messages."""
    line = " ".join(text.split())
    return line if len(line) <= size else line[:size - 1].rstrip() + "…"


def check_minutes(minutes: MinutesDocument, board: Board, members: list[Member],
                  next_meeting: dt.date | None,
                  warnings: list[str]) -> tuple[list[AgreedAction], list[AttendanceRecord]]:
    """The agreed actions and attendance records, warnings added to `warnings`; MinutesProblems
    (naming every problem) when any row cannot be imported."""
    problems: list[str] = []
    if not minutes.has_actions:
        problems.append("There is no Actions agreed table (a table whose first row is Item | Action | "
                        "Owner | Due). Put it back: copy it from a new minutes template.")
    if not minutes.has_present:
        problems.append("There is no Present table (a table under the heading Present whose first row "
                        "is Name | Initials | Role | Organisation). Put it back: copy it from a new "
                        "minutes template.")
    agreed = check_actions(minutes, board, members, next_meeting, problems, warnings)
    records = check_attendance(minutes, board, members, problems, warnings)
    if minutes.has_actions and not agreed and not any(not r.blank for r in minutes.actions):
        typed = any(r.get("Minutes").strip() for r in minutes.items)
        warnings.append("The Actions agreed table is empty, so no actions are imported."
                        + ("" if typed else " No minutes are typed in the Minutes table either: "
                           "is this the completed version of the document?"))
    if problems:
        raise MinutesProblems(minutes.path, problems)
    return agreed, records


# ------------------------------------------------------------------ actions agreed

_MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")], 1) for name in names}
_LONG = re.compile(r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(\d{1,2})(?:st|nd|rd|th)?"
                   r"(?:\s+|-)([a-z]+)\.?,?(?:\s+|-)(\d{4})$", re.IGNORECASE)
_NEXT = re.compile(r"^(?:by\s+)?(?:the\s+)?next\s+(?:board\s+)?meeting$", re.IGNORECASE)


def parse_due(text: str, next_meeting: dt.date | None = None) -> dt.date:
    """A due date as secretaries type it; InputError says what is accepted."""
    value = " ".join(text.split())
    if _NEXT.match(value):
        if next_meeting is None:
            raise InputError(f"'{value}': there is no later meeting in the schedule to take the date "
                             "from. Type the date as DD/MM/YYYY.")
        return next_meeting
    long = _LONG.match(value)
    if long and long.group(2).casefold() in _MONTHS:
        day, month, year = int(long.group(1)), _MONTHS[long.group(2).casefold()], int(long.group(3))
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise InputError(f"'{value}' is not a real date. Type it as DD/MM/YYYY, for example "
                             "23/01/2020.") from None
    try:
        return parse_date(value, "date")
    except InputError:
        raise InputError(f"'{value}' is not a date I can read. Type it as DD/MM/YYYY, for example "
                         "23/01/2020 (or 23 January 2020).") from None


def _add_member_hint(board: Board) -> str:
    return f"'meeting-packs members add {board.code} NAME --initials XX'"


def _owners_hint(board: Board, members: list[Member]) -> str:
    initials = sorted(m.initials for m in members)
    shown = ", ".join(initials[:40]) + (" …" if len(initials) > 40 else "")
    return (f"Use the initials of a member of the {board.name} ({shown}), or add them with "
            f"{_add_member_hint(board)}.") if initials else (
        f"The {board.name} has no members yet: add them with {_add_member_hint(board)}.")


def _item_key(text: str) -> str:
    value = re.sub(r"^(?:item|agenda item)\s*", "", " ".join(text.split()), flags=re.IGNORECASE)
    return value.rstrip(".").strip()


def check_actions(minutes: MinutesDocument, board: Board, members: list[Member],
                  next_meeting: dt.date | None, problems: list[str],
                  warnings: list[str]) -> list[AgreedAction]:
    """The non-blank rows of the Actions agreed table that can be imported."""
    items = {_item_key(r.line("No.")) for r in minutes.items if r.line("No.")}
    agreed: list[AgreedAction] = []
    position = 0
    for row in minutes.actions:
        if row.blank:
            continue
        position += 1
        text, owner_text, due_text = row.get("Action").strip(), row.line("Owner"), row.line("Due")
        item = _item_key(row.line("Item"))
        shown = f" (\"{snippet(text)}\")" if text else ""
        if not text:
            problems.append(f"{row.where('Action')}: the action is empty but the row has "
                            f"{'an owner' if owner_text else 'other text'}. Type the action, or clear "
                            "the whole row.")
        owner = None
        if not owner_text:
            if text:
                problems.append(f"{row.where('Owner')}{shown}: no owner. Type the initials of the "
                                "member who will do it.")
        else:
            owner = find_member(owner_text, members)
            if owner is None:
                several = [find_member(p, members) for p in split_owners(owner_text)]
                if len(several) > 1 and all(several):
                    problems.append(f"{row.where('Owner')}{shown}: '{owner_text}' names "
                                    f"{len(several)} owners. Give each action one owner: copy the "
                                    "row for each of them.")
                else:
                    problems.append(f"{row.where('Owner')}{shown}: '{owner_text}' is not a member. "
                                    + _owners_hint(board, members))
        due = None
        if due_text:
            try:
                due = parse_due(due_text, next_meeting)
            except InputError as err:
                problems.append(f"{row.where('Due')}{shown}: {err}")
        elif text:
            warnings.append(f"{row.where('Due')}{shown}: no due date, so the action will never show as "
                            "overdue. Add one with 'meeting-packs actions update REF --due DATE' if it "
                            "has one.")
        if due is not None and due < minutes.meeting:
            warnings.append(f"{row.where('Due')}{shown}: the due date {due:%d/%m/%Y} is before the "
                            f"meeting ({minutes.meeting:%d/%m/%Y}). Check the year.")
        if item and items and item not in items:
            warnings.append(f"{row.where('Item')}{shown}: there is no item '{item}' in the Minutes "
                            "table.")
        if owner is not None and text:
            agreed.append(AgreedAction(row, position, item, text, owner, due))
    return agreed


# ------------------------------------------------------------------ attendance

def _attendance_line(row: Row, members: list[Member], problems: list[str]) -> AttendanceLine | None:
    name, initials = clean_name(row.line("Name")), row.line("Initials")
    if not name and not initials:
        problems.append(f"{row.where('Name')}: the row has text but no name or initials. Type the "
                        "person's name, or clear the whole row.")
        return None
    member = member_for(name, initials, members)
    if member is not None:
        name, initials = member.name, member.initials
    return AttendanceLine(row, name, initials, member)


def _listed_once(rows: list[Row], members: list[Member], problems: list[str],
                 warnings: list[str]) -> list[AttendanceLine]:
    """The table's people, each once (a second row for the same person is warned about)."""
    seen: dict[str, AttendanceLine] = {}
    for row in rows:
        if row.blank:
            continue
        person = _attendance_line(row, members, problems)
        if person is None:
            continue
        key = person.member.initials.casefold() if person.member else name_key(person.name)
        if key in seen:
            warnings.append(f"{row.where()}: {person.name} is listed twice (also row "
                            f"{seen[key].row.number}); counted once.")
            continue
        seen[key] = person
    return list(seen.values())


def check_attendance(minutes: MinutesDocument, board: Board, members: list[Member],
                     problems: list[str], warnings: list[str]) -> list[AttendanceRecord]:
    """One attendance record per person for the meeting, expected members not listed as Absent."""
    source = minutes_source(minutes.meeting)
    present = _listed_once(minutes.present, members, problems, warnings)
    apologies = _listed_once(minutes.apologies, members, problems, warnings)
    in_present = {(p.member.initials if p.member else name_key(p.name)): p for p in present}
    for person in apologies:
        key = person.member.initials if person.member else name_key(person.name)
        if key in in_present:
            problems.append(f"{person.row.where()}: {person.name} is in both the Present table (row "
                            f"{in_present[key].row.number}) and the Apologies table (row "
                            f"{person.row.number}). Delete the row from the table they do not belong in.")
    records: list[AttendanceRecord] = []
    represented: dict[str, str] = {}   # principal's key → principal's name
    for person in present:
        principal = substitute_for(members, person.row.line("Name"), person.row.line("Role"))
        if not principal and person.member is not None and person.member.substitute_for:
            principal = person.member.substitute_for
        kind = Attendance.PRESENT
        if principal:
            kind = Attendance.SUBSTITUTE
            whom = find_member(principal, members)
            if whom is not None:
                principal = whom.name
                represented[whom.initials.casefold()] = whom.name
                if whom.initials in in_present:
                    warnings.append(f"{person.row.where()}: {person.name} is shown as substitute for "
                                    f"{whom.name}, who is also in the Present table.")
            else:
                warnings.append(f"{person.row.where()}: {person.name} substituted for '{principal}', "
                                f"who is not a member of the {board.name}; recorded as written.")
        elif person.member is None:
            warnings.append(f"{person.row.where()}: {person.name} is not a member of the {board.name}; "
                            f"recorded as present by name. Add them with {_add_member_hint(board)} if "
                            "they should be.")
        records.append(AttendanceRecord(board.code, minutes.meeting, person.name, person.initials, kind,
                                        principal if kind is Attendance.SUBSTITUTE else "", source))
    for person in apologies:
        if person.member is None:
            warnings.append(f"{person.row.where()}: {person.name} is not a member of the {board.name}; "
                            "recorded as sending apologies, by name.")
        records.append(AttendanceRecord(board.code, minutes.meeting, person.name, person.initials,
                                        Attendance.APOLOGIES, "", source))
    listed = {p.member.initials.casefold() for p in present + apologies if p.member}
    for member in members:
        if not member.type.expected or member.initials.casefold() in listed:
            continue
        kind = Attendance.APOLOGIES if member.initials.casefold() in represented else Attendance.ABSENT
        records.append(AttendanceRecord(board.code, minutes.meeting, member.name, member.initials, kind,
                                        "", source))
    return records
