"""Read a completed minutes template back: agreed actions into the action log, attendance into membership.xlsx.

Two phases, as everywhere in the tool: `read_minutes` turns the Word document
into plain rows (no registers involved), then `import_minutes` checks every row
against the board's membership and registers, and only when *everything* is
valid writes the action log and the attendance, each in one safe save.

How the document is recognised and read
- The document properties' keywords, "meeting-packs <board> <YYYY-MM-DD>; Minutes
  template", say which board and meeting it is for (Word keeps them as "Tags").
  A document without them is refused.
- Tables are found by their header row, never by position: Name | Initials | ...
  (Present, Apologies — told apart by the heading above the table, else by order),
  No. | Item | Minutes | Action (the minutes), Item | Action | Owner | Due
  (actions agreed).  Matters arising is not read.  Rows are numbered as the
  secretary sees them: row 1 is the first row under the header row; blank rows
  are skipped but keep their number.  Line breaks in cells are kept in the
  action text and turned into spaces elsewhere.

Actions
- The owner is matched on initials, then on name (without "(Chair)" or a title
  such as Cllr).  One owner per row; a joint action is one row per owner.
- Due: DD/MM/YYYY, YYYY-MM-DD, "23 January 2020" (optionally with weekday,
  "23rd", "Jan"), or "next meeting" (the board's next meeting in the schedule).
  A blank due date is allowed, with a warning.
- Each imported action carries Source = "Minutes <YYYY-MM-DD> row N", N being its
  place among the non-blank rows.  Importing again matches rows to the actions of
  that board and meeting: same text (and owner) first, then nearly the same text
  and owner, then same N provided the text is much the same or the owner, item
  and due date are unchanged (a row retyped in place).  A match is
  updated (text, owner, due, item; owner and due through the history, like
  `actions update`); a new row is added; an action whose row has gone is kept,
  its Source marked "removed from the minutes", with a warning — nothing typed
  is ever deleted.  An action already in the log for that meeting with no Source
  and the same text and owner (typed with `actions add`) is linked, not duplicated.

Attendance
- One row per person for the meeting: Present, Apologies, Substitute, and Absent
  for each expected member (everyone but named substitutes) in neither table.
  A person in Present whose name or role says "substitute for X", or a named
  substitute member, is a Substitute for X; a member represented by a substitute
  and not listed is recorded as having sent apologies.  A person who is not a
  member is recorded by name, with a warning.  Importing again replaces that
  meeting's rows for the board.

Nothing is saved when nothing changed, so importing the same minutes twice
leaves both workbooks byte-identical.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .action_log import TRACKED, Change, _append_history, _history_text, record_hand_edits
from .attendance import find_member, meeting_records, name_key, replace_meeting
from .dates import parse_date, short_date
from .errors import DocumentError, InputError, NotFound
from .model import Action, Attendance, AttendanceRecord, Board, Member
from .references import next_reference
from .registers import convert
from .registers.schema import ACTIONS_BOOK, MEMBERS_BOOK, PLAN_BOOK
from .registers.workbook import WorkbookData, preflight
from .workspace import Workspace, require_clean

MARKER = re.compile(r"meeting-packs\s+(\S+)\s+(\d{4}-\d{2}-\d{2})\s*;\s*(.+?)\s*$", re.IGNORECASE)
LABEL = "Minutes template"
ACTIONS_TABLE = "Actions agreed table"
REMOVED = "removed from the minutes"


# ------------------------------------------------------------------ phase one: the document

@dataclass(frozen=True)
class Row:
    """One table row: its number as the secretary sees it, and its cells by header."""

    table: str
    number: int
    cells: dict[str, str]

    def get(self, header: str) -> str:
        return self.cells.get(header, "")

    def line(self, header: str) -> str:
        """The cell as one line (line breaks become spaces)."""
        return " ".join(self.get(header).split())

    @property
    def blank(self) -> bool:
        return not any(v.strip() for v in self.cells.values())

    def where(self, column: str | None = None) -> str:
        text = f"{self.table}, row {self.number}"
        return f"{text}, column {column}" if column else text


@dataclass
class MinutesDocument:
    path: Path
    board: str
    meeting: dt.date
    present: list[Row] = field(default_factory=list)
    apologies: list[Row] = field(default_factory=list)
    items: list[Row] = field(default_factory=list)
    actions: list[Row] = field(default_factory=list)
    has_present: bool = False
    has_apologies: bool = False
    has_items: bool = False
    has_actions: bool = False


def _header_key(text: str) -> str:
    return " ".join(text.split()).strip(" .:").casefold()


def _cell_text(cell) -> str:
    """The cell's paragraphs, one per line, each with its spaces tidied; empty lines dropped."""
    lines = [" ".join(line.split()) for line in cell.text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def _blocks(parent):
    """Paragraphs and tables of the body in order, looking inside content controls."""
    from docx.oxml.ns import qn

    for child in parent.iterchildren():
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(content)
        elif child.tag in (qn("w:p"), qn("w:tbl")):
            yield child


def _open_docx(path: Path):
    from .documents.docx_tools import open_docx

    if not path.exists():
        raise DocumentError(f"{path} does not exist. Check the file name (put it in quotes if it has "
                            "spaces).")
    if path.is_dir():
        raise DocumentError(f"{path} is a folder. Give the minutes document (.docx) itself.")
    return open_docx(path, path.name, "Open it in Word and save it again as a Word Document (.docx).")


_KEYWORDS = ("http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
             # where documents made before the docxcompose `cp` prefix fix put them
             "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties")


def _keywords(path: Path) -> list[str]:
    """The document's keywords ("Tags" in Word), read by namespace rather than through
    python-docx, whose `cp` prefix docxcompose rebinds when docxtpl is imported."""
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as package:
            xml = package.read("docProps/core.xml")
    except KeyError:
        return []
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return []
    return [element.text or "" for namespace in _KEYWORDS
            for element in root.iter(f"{{{namespace}}}keywords")]


def read_minutes(path: Path | str) -> MinutesDocument:
    """The board, meeting and table rows of a minutes template as completed in Word."""
    from docx.oxml.ns import qn
    from docx.table import Table

    path = Path(path)
    document = _open_docx(path)
    match = None
    for keywords in _keywords(path):
        match = MARKER.search(keywords.strip())
        if match:
            break
    if not match:
        raise DocumentError(f"{path.name} is not a minutes template made by meeting-packs (its document "
                            "properties do not say which board and meeting it is for). Make the template "
                            "with 'meeting-packs minutes template BOARD DATE', write the minutes in it, "
                            "and import that file.")
    board, day, kind = match.group(1).lower(), match.group(2), match.group(3)
    if kind.strip().casefold() != LABEL.casefold():
        raise DocumentError(f"{path.name} is the {kind.strip()} of the {board} meeting of {day}, not a "
                            "minutes template. Import the minutes template the secretary completed "
                            f"('meeting-packs minutes template {board} {day}' makes one).")
    try:
        meeting = dt.date.fromisoformat(day)
    except ValueError:
        raise DocumentError(f"{path.name}: its document properties give the meeting date '{day}', "
                            "which is not a real date. Make the template again.") from None
    minutes = MinutesDocument(path, board, meeting)
    heading = ""
    name_tables: list[tuple[str, Table]] = []
    for block in _blocks(document.element.body):
        if block.tag == qn("w:p"):
            text = "".join(t.text or "" for t in block.iter(qn("w:t"))).strip()
            if text:
                heading = text
            continue
        table = Table(block, document)
        if not table.rows:
            continue
        headers = [_header_key(_cell_text(c)) for c in table.rows[0].cells]
        if "ref" in headers or "matters arising" in heading.casefold():
            pass  # matters arising: earlier actions, already in the log
        elif "name" in headers and "initials" in headers:
            name_tables.append((heading, table))
        elif "owner" in headers and "action" in headers and "due" in headers:
            minutes.has_actions = True
            _read_rows(table, ACTIONS_TABLE, minutes.actions, first=len(minutes.actions) + 1)
        elif "minutes" in headers and "item" in headers:
            minutes.has_items = True
            _read_rows(table, "Minutes table", minutes.items, first=len(minutes.items) + 1)
        heading = ""
    unplaced = []
    for heading, table in name_tables:
        words = heading.casefold()
        if "apolog" in words:
            minutes.has_apologies = True
            _read_rows(table, "Apologies table", minutes.apologies, first=len(minutes.apologies) + 1)
        elif "present" in words or "attendance" in words or "attending" in words:
            minutes.has_present = True
            _read_rows(table, "Present table", minutes.present, first=len(minutes.present) + 1)
        else:
            unplaced.append(table)
    for table in unplaced:  # headings deleted: the template has Present first, then Apologies
        if not minutes.has_present:
            minutes.has_present = True
            _read_rows(table, "Present table", minutes.present, first=1)
        elif not minutes.has_apologies:
            minutes.has_apologies = True
            _read_rows(table, "Apologies table", minutes.apologies, first=1)
    return minutes


def _canonical(header: str) -> str:
    key = _header_key(header)
    return {"no": "No.", "number": "No.", "item": "Item", "action": "Action", "actions": "Action",
            "owner": "Owner", "due": "Due", "due date": "Due", "name": "Name",
            "initials": "Initials", "role": "Role", "organisation": "Organisation",
            "organization": "Organisation", "minutes": "Minutes"}.get(key, header.strip())


def _read_rows(table, label: str, into: list[Row], first: int) -> None:
    headers = [_canonical(_cell_text(c)) for c in table.rows[0].cells]
    number = first - 1
    for row in list(table.rows)[1:]:
        cells: dict[str, str] = {}
        for header, cell in zip(headers, row.cells):
            if header not in cells:  # a merged cell repeats; keep its first place
                cells[header] = _cell_text(cell)
        if [cells.get(h, "") for h in headers] == headers:
            continue  # the header row repeated inside the table
        number += 1
        into.append(Row(label, number, cells))


# ------------------------------------------------------------------ dates in the Due column

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


# ------------------------------------------------------------------ phase two: check against the registers

@dataclass(frozen=True)
class AgreedAction:
    row: Row
    position: int          # among the non-blank rows: the N of "row N" in Source
    item: str
    text: str
    owner: Member
    due: dt.date | None


@dataclass
class ActionUpdate:
    action: Action
    changes: list[Change]


@dataclass
class ImportResult:
    board: Board
    meeting: dt.date
    path: Path
    dry_run: bool
    added: list[Action] = field(default_factory=list)
    updated: list[ActionUpdate] = field(default_factory=list)
    linked: list[Action] = field(default_factory=list)
    removed: list[Action] = field(default_factory=list)      # rows gone since the last import
    renumbered: list[Action] = field(default_factory=list)   # same action, another row number
    unchanged: int = 0
    attendance: list[AttendanceRecord] = field(default_factory=list)
    attendance_changed: bool = False
    replaced_rows: int = 0
    warnings: list[str] = field(default_factory=list)
    saved: list[Path] = field(default_factory=list)

    @property
    def actions_changed(self) -> bool:
        return bool(self.added or self.updated or self.linked or self.removed or self.renumbered)

    @property
    def changed(self) -> bool:
        return self.actions_changed or self.attendance_changed

    def count(self, kind: Attendance) -> int:
        return sum(1 for r in self.attendance if r.attendance is kind)


class MinutesProblems(DocumentError):
    """Every problem found in the document, one per line; nothing was written."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{path.name}: {len(problems)} problem(s); nothing was imported. Correct the "
                         f"document in Word, save it, and import it again.\n{lines}")


def _snippet(text: str, size: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= size else line[:size - 1].rstrip() + "…"


def _owners_hint(board: Board, members: list[Member]) -> str:
    initials = sorted(m.initials for m in members)
    shown = ", ".join(initials[:40]) + (" …" if len(initials) > 40 else "")
    return (f"Use the initials of a member of the {board.name} ({shown}), or add them with "
            f"'meeting-packs members add {board.code} NAME --initials XX'.") if initials else (
        f"The {board.name} has no members yet: add them with 'meeting-packs members add "
        f"{board.code} NAME --initials XX'.")


def _split_owners(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\s*(?:/|,|&|;|\+|\band\b)\s*", text) if p.strip()]


def _item_key(text: str) -> str:
    value = re.sub(r"^(?:item|agenda item)\s*", "", " ".join(text.split()), flags=re.IGNORECASE)
    return value.rstrip(".").strip()


def _check_actions(minutes: MinutesDocument, board: Board, members: list[Member],
                   next_meeting: dt.date | None, problems: list[str],
                   warnings: list[str]) -> list[AgreedAction]:
    items = {_item_key(r.line("No.")) for r in minutes.items if r.line("No.")}
    agreed: list[AgreedAction] = []
    position = 0
    for row in minutes.actions:
        if row.blank:
            continue
        position += 1
        text, owner_text, due_text = row.get("Action").strip(), row.line("Owner"), row.line("Due")
        item = _item_key(row.line("Item"))
        shown = f" (\"{_snippet(text)}\")" if text else ""
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
                several = [find_member(p, members) for p in _split_owners(owner_text)]
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


_SUBSTITUTE = re.compile(r"\b(?:named\s+)?(?:substitute|substituting|sub|deputising|deputizing|"
                         r"standing\s+in|alternate)\s+for\s+(.+?)\s*\)?\s*$", re.IGNORECASE)
_ON_BEHALF = re.compile(r"\bon\s+behalf\s+of\s+(.+?)\s*\)?\s*$", re.IGNORECASE)


def _substitute_for(members: list[Member], *texts: str) -> str:
    """Whom the person stood in for: 'substitute for X' always; 'on behalf of X' only when X is a
    member (a role such as 'on behalf of the Parent Carer Forum' is not a substitution)."""
    for text in texts:
        match = _SUBSTITUTE.search(text)
        if match:
            return match.group(1).strip(" .,;:()")
    for text in texts:
        match = _ON_BEHALF.search(text)
        if match and find_member(match.group(1).strip(" .,;:()"), members):
            return match.group(1).strip(" .,;:()")
    return ""


def _clean_name(name: str) -> str:
    """The name without a '(substitute for X)' note."""
    return re.sub(r"\s*\((?:[^()]*\bfor\b[^()]*|[^()]*\bbehalf\b[^()]*)\)\s*$", "", name).strip() or name


@dataclass
class _Person:
    row: Row
    name: str
    initials: str
    member: Member | None
    substitute_for: str = ""


def _person(row: Row, members: list[Member], problems: list[str]) -> _Person | None:
    name, initials = _clean_name(row.line("Name")), row.line("Initials")
    if not name and not initials:
        problems.append(f"{row.where('Name')}: the row has text but no name or initials. Type the "
                        "person's name, or clear the whole row.")
        return None
    member = (find_member(initials, members) if initials else None) or (
        find_member(name, members) if name else None)
    if member is not None:
        name, initials = member.name, member.initials
    return _Person(row, name, initials, member)


def _check_attendance(minutes: MinutesDocument, board: Board, members: list[Member],
                      problems: list[str], warnings: list[str]) -> list[AttendanceRecord]:
    source = f"Minutes {minutes.meeting.isoformat()}"
    present: list[_Person] = []
    apologies: list[_Person] = []
    for rows, into in ((minutes.present, present), (minutes.apologies, apologies)):
        seen: dict[str, _Person] = {}
        for row in rows:
            if row.blank:
                continue
            person = _person(row, members, problems)
            if person is None:
                continue
            key = person.member.initials.casefold() if person.member else name_key(person.name)
            if key in seen:
                warnings.append(f"{row.where()}: {person.name} is listed twice (also row "
                                f"{seen[key].row.number}); counted once.")
                continue
            seen[key] = person
            into.append(person)
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
        principal = _substitute_for(members, person.row.line("Name"), person.row.line("Role"))
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
                            "recorded as present by name. Add them with 'meeting-packs members add "
                            f"{board.code} NAME --initials XX' if they should be.")
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


# ------------------------------------------------------------------ matching with the action log

def _norm(text: str) -> str:
    return " ".join(str(text or "").split()).casefold()


def _row_action(data: WorkbookData, row: dict[str, Any]) -> Action | None:
    try:
        return convert.action_from_row(convert.RowReader(row, data.date1904))
    except Exception:
        return None


def _match(agreed: list[AgreedAction], candidates: list[tuple[int, Action]],
           meeting: dt.date) -> tuple[dict[int, int], list[int]]:
    """Pair minutes rows with earlier imports: same text and owner, same text, then same row."""
    pairs: dict[int, int] = {}   # index in agreed → index in the sheet
    free = dict(candidates)

    def take(test) -> None:
        for index, row in enumerate(agreed):
            if index in pairs:
                continue
            fits = [i for i, action in free.items() if test(row, action)]
            if fits:
                same_place = [i for i in fits if free[i].source == _source(meeting, row.position)]
                chosen = (same_place or fits)[0]
                pairs[index] = chosen
                del free[chosen]

    def same_owner(r: AgreedAction, a: Action) -> bool:
        return _norm(a.owner) in (_norm(r.owner.initials), _norm(r.owner.name))

    take(lambda r, a: _norm(a.text) == _norm(r.text) and same_owner(r, a))
    take(lambda r, a: _norm(a.text) == _norm(r.text))
    take(lambda r, a: same_owner(r, a) and _similar(a.text, r.text) >= 0.8)
    # the row edited in place: same place, and the text much the same or owner, item and due kept
    take(lambda r, a: a.source == _source(meeting, r.position) and (
        _similar(a.text, r.text) >= 0.6
        or (same_owner(r, a) and a.item == r.item and a.due == r.due)))
    return pairs, list(free)


def _similar(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, _norm(a), _norm(b)).ratio()


def _source(meeting: dt.date, position: int) -> str:
    return f"Minutes {meeting.isoformat()} row {position}"


def _plan_actions(data: WorkbookData, board: Board, meeting: dt.date, agreed: list[AgreedAction],
                  result: ImportResult, now: dt.datetime) -> None:
    """Make the changes on `data` (rows in memory) and record them in `result`."""
    prefix = f"Minutes {meeting.isoformat()}"
    sheet = data["Actions"]
    ours: list[tuple[int, Action]] = []
    loose: list[tuple[int, Action]] = []
    for index, row in enumerate(sheet.rows):
        action = _row_action(data, row)
        if action is None or action.board != board.code:
            continue
        if action.source == prefix or action.source.startswith((prefix + " ", prefix + ",")):
            ours.append((index, action))
        elif not action.source and action.meeting == meeting:
            loose.append((index, action))
    pairs, gone = _match(agreed, ours, meeting)
    # actions typed by hand for this meeting, with the same text and owner, are adopted
    adopt: dict[int, int] = {}
    free_loose = dict(loose)
    for index, row in enumerate(agreed):
        if index in pairs:
            continue
        for sheet_index, action in list(free_loose.items()):
            if _norm(action.text) == _norm(row.text) and _norm(action.owner) in (
                    _norm(row.owner.initials), _norm(row.owner.name)):
                adopt[index] = sheet_index
                del free_loose[sheet_index]
                break
    used = [r.get("Reference") for r in sheet.rows] + [r.get("Reference") for r in data["History"].rows]
    note = f"from the minutes of {meeting:%d/%m/%Y}"
    for index, row in enumerate(agreed):
        source = _source(meeting, row.position)
        if index in pairs or index in adopt:
            sheet_row = sheet.rows[pairs[index] if index in pairs else adopt[index]]
            wanted = {"Action": row.text, "Owner": row.owner.initials, "Due date": row.due,
                      "Agenda item": row.item or None}
            if index in adopt:
                wanted["Owner"] = sheet_row.get("Owner")  # the same member, kept as it was typed
            changes = []
            for what, value in wanted.items():
                old, new = _history_text(sheet_row.get(what)), _history_text(value)
                if old == new:
                    continue
                sheet_row[what] = value
                changes.append(Change(what, old, new))
                if what in TRACKED:
                    _append_history(data, str(sheet_row["Reference"]), now, what, old, new,
                                    f"updated {note}")
            moved = _history_text(sheet_row.get("Source")) != source
            sheet_row["Source"] = source
            action = _row_action(data, sheet_row)
            if index in adopt:
                result.linked.append(action)
            elif changes:
                result.updated.append(ActionUpdate(action, changes))
            else:
                result.unchanged += 1
                if moved:  # the row moved up or down the table: only its Source changes
                    result.renumbered.append(action)
            continue
        ref = next_reference(board.code, "A", used)
        used.append(ref)
        action = Action(ref=ref, board=board.code, text=row.text, owner=row.owner.initials, due=row.due,
                        meeting=meeting, item=row.item, source=source)
        new_row = convert.action_to_row(action)
        sheet.rows.append(new_row)
        for what in TRACKED:
            value = _history_text(new_row.get(what))
            if value:
                _append_history(data, ref, now, what, "", value, f"added {note}")
        result.added.append(action)
    marked = f"{prefix}, {REMOVED}"
    for sheet_index in gone:
        sheet_row = sheet.rows[sheet_index]
        if sheet_row.get("Source") == marked:
            continue
        sheet_row["Source"] = marked
        action = _row_action(data, sheet_row)
        result.removed.append(action)
        result.warnings.append(
            f"{action.ref} (\"{_snippet(action.text)}\") was imported from an earlier version of "
            "these minutes but is no longer in the Actions agreed table. It stays in the action "
            f"log; close it with 'meeting-packs actions close {action.ref}' if it was dropped.")


# ------------------------------------------------------------------ the whole import

def _lock_warning(path: Path) -> str | None:
    for lock in (path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:]),
                 path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            return (f"{path.name} seems to be open in Word (lock file {lock.name}): changes not yet saved "
                    "there are not imported.")
    return None


def import_minutes(ws: Workspace, path: Path | str, dry_run: bool = False, force: bool = False,
                   now: dt.datetime | None = None) -> ImportResult:
    """Check the whole document, then (unless `dry_run`) write the action log and attendance."""
    now = now or dt.datetime.now()
    path = Path(path)
    minutes = read_minutes(path)
    try:
        board = ws.board(minutes.board)
    except NotFound:
        raise DocumentError(f"{path.name} is the minutes template of the board '{minutes.board}', which "
                            f"is not in this workspace's boards.toml ({', '.join(ws.boards)}). Import it "
                            "in the workspace it was made in (--workspace).") from None
    result = ImportResult(board, minutes.meeting, path, dry_run)
    lock = _lock_warning(path)
    if lock:
        result.warnings.append(lock)
    registers = require_clean(ws.load((MEMBERS_BOOK, PLAN_BOOK)))
    members = [m for m in registers.members if m.board == board.code]
    own_meetings = sorted(m.date for m in registers.meetings if m.board == board.code)
    if minutes.meeting not in own_meetings:
        result.warnings.append(f"The {board.name} has no meeting on {minutes.meeting:%d/%m/%Y} in the "
                               "schedule; the minutes are imported all the same.")
    later = [d for d in own_meetings if d > minutes.meeting]
    problems: list[str] = []
    if not minutes.has_actions:
        problems.append("There is no Actions agreed table (a table whose first row is Item | Action | "
                        "Owner | Due). Put it back: copy it from a new minutes template.")
    if not minutes.has_present:
        problems.append("There is no Present table (a table under the heading Present whose first row "
                        "is Name | Initials | Role | Organisation). Put it back: copy it from a new "
                        "minutes template.")
    agreed = _check_actions(minutes, board, members, later[0] if later else None, problems,
                            result.warnings)
    records = _check_attendance(minutes, board, members, problems, result.warnings)
    if minutes.has_actions and not agreed and not any(not r.blank for r in minutes.actions):
        typed = any(r.get("Minutes").strip() for r in minutes.items)
        result.warnings.append("The Actions agreed table is empty, so no actions are imported."
                               + ("" if typed else " No minutes are typed in the Minutes table either: "
                                  "is this the completed version of the document?"))
    if problems:
        raise MinutesProblems(path, problems)
    result.attendance = records

    actions_data = ws.read(ACTIONS_BOOK)
    # edits made in Excel go into the history before ours (saved only if the import changes something)
    record_hand_edits(actions_data, now)
    _plan_actions(actions_data, board, minutes.meeting, agreed, result, now)
    members_data = ws.read(MEMBERS_BOOK)
    result.replaced_rows = len(meeting_records(members_data, board.code, minutes.meeting))
    result.attendance_changed = replace_meeting(members_data, board.code, minutes.meeting, records)
    if dry_run or not result.changed:
        return result
    to_save = ([actions_data] if result.actions_changed else []) + (
        [members_data] if result.attendance_changed else [])
    for data in to_save:
        preflight(data, force)
    for data in to_save:
        ws.save(data, force=force)
        result.saved.append(data.path)
    return result


# ------------------------------------------------------------------ what the command prints

def _refs(actions: list[Action]) -> str:
    return f" ({', '.join(a.ref for a in actions)})" if actions else ""


def summary(result: ImportResult) -> list[str]:
    """The lines the command prints: the changes one by one, then one summary line."""
    would = result.dry_run
    lines = []
    for action in result.added:
        due = f", due {action.due:%d/%m/%Y}" if action.due else ""
        item = f"item {action.item}: " if action.item else ""
        lines.append(f"  {'would add' if would else 'added'} {action.ref}: {item}"
                     f"{_snippet(action.text, 60)} ({action.owner}{due})")
    for update in result.updated:
        what = "; ".join(f"{c.field} '{_snippet(c.old, 30)}' → '{_snippet(c.new, 30)}'" for c in update.changes)
        lines.append(f"  {'would update' if would else 'updated'} {update.action.ref}: {what}")
    for action in result.linked:
        lines.append(f"  {'would link' if would else 'linked'} {action.ref} (already in the log) to these "
                     "minutes")
    counts = [f"{result.count(Attendance.PRESENT)} present",
              f"{result.count(Attendance.APOLOGIES)} apologies"]
    if result.count(Attendance.SUBSTITUTE):
        counts.append(f"{result.count(Attendance.SUBSTITUTE)} substitute(s)")
    if result.count(Attendance.ABSENT):
        counts.append(f"{result.count(Attendance.ABSENT)} absent")
    day = short_date(result.meeting)
    if not result.changed:
        lines.append(f"Nothing to change: the action log and attendance already match the minutes of "
                     f"{day} ({len(result.attendance)} attendance rows, {result.unchanged} action(s)).")
        return lines
    n_added, n_updated = len(result.added), len(result.updated)
    verb = ("Would add", "would update") if would else ("Added", "updated")
    text = (f"{verb[0]} {n_added} action{'s' if n_added != 1 else ''}{_refs(result.added)}; "
            f"{verb[1]} {n_updated}{_refs([u.action for u in result.updated])}")
    if result.linked:
        text += f"; {'would link' if would else 'linked'} {len(result.linked)}{_refs(result.linked)}"
    if result.removed:
        text += f"; {len(result.removed)} no longer in the minutes{_refs(result.removed)}"
    if result.attendance_changed:
        replaced = (f", replacing the {result.replaced_rows} rows recorded before"
                    if result.replaced_rows else "")
        text += f"; attendance: {', '.join(counts)}{replaced}."
    else:
        text += "; attendance unchanged."
    lines.append(text)
    if would:
        lines.append("Nothing was written (--dry-run). Run again without --dry-run to import.")
    return lines
