"""Phase two of `minutes import`: every row checked against the board's members and schedule.

Rows become plain frozen objects (an agreed action, an attendance line); every
problem is collected with its table, row and column, and the import stops with
all of them at once (README, "Guide for board secretaries"; the house style's
"messages name the file, sheet, row and column and say what to do").

Actions
- Read from each item's Action column (cells.py says how a line is read), and,
  in a document made from an older template, from its Actions agreed table as
  well: there a line of initials alone in the Action column points to the
  table's row and is not an action of its own, and an action typed in both
  places is taken once.
- The owner is matched on initials, then on name (without "(Chair)" or a title
  such as Cllr).  One owner per row; a joint action is one row per owner.
- The workstream is the Workstream column's, if the secretary added one, else
  the title of the item's forward-plan entry ("" for the board's standard items).
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

from ..model import match_member, members_on, name_key
from ..dates import parse_date
from ..errors import DocumentError, InputError
from ..model import Action, Attendance, AttendanceRecord, Board, Member
from .cells import Update, action_lines, read_update
from .matching import clean_name, member_for, minutes_source, split_owners, substitute_for
from .reading import PART2_TABLE, MinutesDocument, Row


@dataclass(frozen=True)
class AgreedAction:
    """One action agreed at the meeting, checked: its owner is a member."""

    row: Row
    position: int          # among the actions of the document: the N of "row N" in Source
    item: str
    text: str
    owner: Member
    due: dt.date | None
    workstream: str = ""
    where: str = ""        # where it was typed, for messages


@dataclass(frozen=True)
class ArisingUpdate:
    """One row of matters arising with something typed in its Update column."""

    row: Row
    action: Action
    update: Update


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


@dataclass(frozen=True)
class CheckedMinutes:
    """Everything the document says, checked: what apply.py writes."""

    agreed: list[AgreedAction]
    records: list[AttendanceRecord]
    arising: list[ArisingUpdate]


def check_minutes(minutes: MinutesDocument, board: Board, members: list[Member],
                  next_meeting: dt.date | None, warnings: list[str],
                  actions: list[Action] | None = None,
                  workstreams: dict[str, str] | None = None) -> CheckedMinutes:
    """The agreed actions, attendance records and matters-arising updates, warnings added to
    `warnings`; MinutesProblems (naming every problem) when any row cannot be imported.

    `actions` is the board's action log (for matters arising); `workstreams` maps an item's
    number to the title of its forward-plan entry."""
    problems: list[str] = []
    if not minutes.has_actions and not minutes.has_items:
        problems.append("There is no Minutes table (a table whose first row is No. | Item | Minutes | "
                        "Action). Put it back: copy it from a new minutes template.")
    if not minutes.has_present:
        problems.append("There is no Present table (a table under the heading Present whose first row "
                        "is Name | Initials | Role | Organisation). Put it back: copy it from a new "
                        "minutes template.")
    agreed = check_item_actions(minutes, board, members, next_meeting, workstreams or {}, problems,
                                warnings)
    agreed += check_actions(minutes, board, members, next_meeting, problems, warnings,
                            first=len(agreed) + 1, already=agreed, workstreams=workstreams or {})
    records = check_attendance(minutes, board, members, problems, warnings)
    arising = check_arising(minutes, board, actions or [], problems)
    typed_actions = any(r.get("Action").strip() for r in minutes.items) or any(
        not r.blank for r in minutes.actions)
    if not agreed and not typed_actions:
        typed = any(r.get("Minutes").strip() for r in minutes.items)
        warnings.append("No action is typed in the Action column of any item, so no actions are imported."
                        + ("" if typed else " No minutes are typed in the Minutes table either: "
                           "is this the completed version of the document?"))
    if problems:
        raise MinutesProblems(minutes.path, problems)
    return CheckedMinutes(agreed, records, arising)


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


def _find_owner(owner_text: str, where: str, shown: str, board: Board, members: list[Member],
                problems: list[str]) -> Member | None:
    """The member the owner text names, or None with the problem added."""
    owner = match_member(owner_text, members)
    if owner is None:
        several = [match_member(p, members) for p in split_owners(owner_text)]
        if len(several) > 1 and all(several):
            problems.append(f"{where}{shown}: '{owner_text}' names {len(several)} owners. Give each "
                            "action one owner: type it once for each of them.")
        else:
            problems.append(f"{where}{shown}: '{owner_text}' is not a member. " + _owners_hint(board, members))
    return owner


def _due_date(due_text: str, where: str, shown: str, meeting: dt.date, next_meeting: dt.date | None,
              problems: list[str], warnings: list[str], how: str) -> dt.date | None:
    due = None
    if due_text:
        try:
            due = parse_due(due_text, next_meeting)
        except InputError as err:
            problems.append(f"{where}{shown}: {err}")
    else:
        warnings.append(f"{where}{shown}: no due date, so the action will never show as overdue. "
                        f"{how} Or add one later with 'meeting-packs actions update REF --due DATE'.")
    if due is not None and due < meeting:
        warnings.append(f"{where}{shown}: the due date {due:%d/%m/%Y} is before the meeting "
                        f"({meeting:%d/%m/%Y}). Check the year.")
    return due


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def check_item_actions(minutes: MinutesDocument, board: Board, members: list[Member],
                       next_meeting: dt.date | None, workstreams: dict[str, str], problems: list[str],
                       warnings: list[str]) -> list[AgreedAction]:
    """The actions typed in the items' Action column, one a line: initials, words, due date."""
    pointers_allowed = any(not r.blank for r in minutes.actions)  # an older template's table in use
    agreed: list[AgreedAction] = []
    for row in minutes.items:
        cell = row.get("Action")
        if not cell.strip():
            continue
        item = _item_key(row.line("No."))
        named = f"item {item}" if item else "an item with no number"
        where_row = f"{row.table}, {named} (row {row.number}), column Action"
        lines = action_lines(cell, lambda word: match_member(word, members) is not None)
        for line in lines:
            where = f"{where_row}, line {line.line}" if len(lines) > 1 else where_row
            shown = f" (\"{snippet(line.words)}\")" if line.words else ""
            if not line.initials:
                problems.append(f"{where}{shown}: the action does not start with its owner's initials. "
                                "Type them first, for example 'AW – Circulate the report by 29/11/2019'.")
                continue
            if not line.words:
                if pointers_allowed and match_member(line.initials, members) is not None:
                    continue  # an older template: the action itself is in the Actions agreed table
                problems.append(f"{where}: '{line.initials}' has no action. Type what they will do after "
                                f"the initials, for example '{line.initials} – Circulate the report by "
                                "29/11/2019', or delete the initials.")
                continue
            owner = _find_owner(line.initials, where, shown, board, members, problems)
            due = _due_date(line.due_text, where, shown, minutes.meeting, next_meeting, problems, warnings,
                            "Add one after 'by', for example '… by 29/11/2019'.")
            if row.table == PART2_TABLE:
                warnings.append(f"{where}{shown}: an action of a Part 2 item goes into the action log, "
                                "whose appendix is published: word it so that it reveals nothing exempt.")
            if owner is not None:
                workstream = row.line("Workstream") or workstreams.get(item, "")
                agreed.append(AgreedAction(row, len(agreed) + 1, item, line.words, owner, due, workstream,
                                           where))
    return agreed


def check_actions(minutes: MinutesDocument, board: Board, members: list[Member],
                  next_meeting: dt.date | None, problems: list[str], warnings: list[str],
                  first: int = 1, already: list[AgreedAction] | None = None,
                  workstreams: dict[str, str] | None = None) -> list[AgreedAction]:
    """The non-blank rows of an older template's Actions agreed table that can be imported; a row
    that repeats an action of the Action column (same owner and words) is taken once."""
    items = {_item_key(r.line("No.")) for r in minutes.items if r.line("No.")}
    typed_once = {(a.owner.initials, _norm(a.text)) for a in already or []}
    agreed: list[AgreedAction] = []
    position = first - 1
    for row in minutes.actions:
        if row.blank:
            continue
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
            owner = _find_owner(owner_text, row.where('Owner'), shown, board, members, problems)
        due = _due_date(due_text, row.where('Due'), shown, minutes.meeting, next_meeting, problems,
                        warnings, "") if (due_text or text) else None
        if item and items and item not in items:
            warnings.append(f"{row.where('Item')}{shown}: there is no item '{item}' in the Minutes "
                            "table.")
        if owner is not None and text:
            if (owner.initials, _norm(text)) in typed_once:
                continue
            position += 1
            workstream = row.line("Workstream") or (workstreams or {}).get(item, "")
            agreed.append(AgreedAction(row, position, item, text, owner, due, workstream, row.where()))
    return agreed


# ------------------------------------------------------------------ matters arising

def check_arising(minutes: MinutesDocument, board: Board, actions: list[Action],
                  problems: list[str]) -> list[ArisingUpdate]:
    """The matters-arising rows whose Update column has something typed, each with its action."""
    from ..references import same_ref

    found: list[ArisingUpdate] = []
    for row in minutes.arising:
        text = row.get("Update").strip()
        if not text:
            continue
        ref = row.line("Ref")
        if not ref:
            problems.append(f"{row.where('Ref')}: an update (\"{snippet(text)}\") with no reference. "
                            "Type the action's reference, or, for a new action, type it in the Action "
                            "column of the item it was agreed under.")
            continue
        matches = [a for a in actions if same_ref(a.ref, ref)]
        if not matches or matches[0].board != board.code:
            problems.append(f"{row.where('Ref')}: there is no action {ref} of the {board.name} in the "
                            "action log. Check the reference ('meeting-packs actions list "
                            f"{board.code} --all' lists them).")
            continue
        found.append(ArisingUpdate(row, matches[0], read_update(text, board.rag_scale)))
    return found


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
            whom = match_member(principal, members)
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
    for member in members_on(members, minutes.meeting):  # a leaver is no longer expected
        if not member.type.expected or member.initials.casefold() in listed:
            continue
        kind = Attendance.APOLOGIES if member.initials.casefold() in represented else Attendance.ABSENT
        records.append(AttendanceRecord(board.code, minutes.meeting, member.name, member.initials, kind,
                                        "", source))
    return records
