"""Phase one of `minutes import`: the completed minutes template (.docx) read into plain rows.

No register is involved here (README, "Guide for board secretaries").

- Which board and meeting: the custom document property "MeetingPacks"
  ("<board> <YYYY-MM-DD>; Minutes template"), which Word and LibreOffice both
  keep when they save; else, for templates made before it, the keywords
  ("meeting-packs <board> <YYYY-MM-DD>; Minutes template", Word's "Tags"), read
  with or without the semicolon LibreOffice drops when it saves them.  A
  document with neither is refused.
- Tables are found by their header row, never by position: Name | Initials | ...
  (Present, Apologies — told apart by the heading above the table, else by order),
  Ref | … | Update (matters arising), No. | Item | Minutes | Action (the
  minutes; a table after a "Part 2" heading is the Part 2 minutes table), and,
  in templates made before the Action column was read, Item | Action | Owner |
  Due (actions agreed).  Rows are numbered as the secretary sees them: row 1 is
  the first row under the header row; blank rows are skipped but keep their
  number.  Line breaks in cells are kept.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentError

# "<board> <date>; <label>" in the custom property; "meeting-packs " before it in the keywords.
# LibreOffice saves keywords without the semicolon, so it is optional.
MARKER = re.compile(r"(?:meeting-packs\s+)?(\S+)\s+(\d{4}-\d{2}-\d{2})\s*;?\s*(.+?)\s*$", re.IGNORECASE)
KEYWORDS_MARKER = re.compile(r"meeting-packs\s+(\S+)\s+(\d{4}-\d{2}-\d{2})\s*;?\s*(.+?)\s*$", re.IGNORECASE)
LABEL = "Minutes template"  # the label documents/minutes_template.py writes after the marker
PROPERTY = "MeetingPacks"   # the custom document property every document of the tool carries

PRESENT_TABLE = "Present table"
APOLOGIES_TABLE = "Apologies table"
MINUTES_TABLE = "Minutes table"
PART2_TABLE = "Part 2 minutes table"
ACTIONS_TABLE = "Actions agreed table"
ARISING_TABLE = "Matters arising table"


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


@dataclass(frozen=True)
class MinutesDocument:
    """The board, meeting and table rows of one completed minutes template; `has_*` says the
    table was found (it may have no rows)."""

    path: Path
    board: str
    meeting: dt.date
    present: list[Row] = field(default_factory=list)
    apologies: list[Row] = field(default_factory=list)
    items: list[Row] = field(default_factory=list)      # Part 1 then Part 2 rows (see Row.table)
    actions: list[Row] = field(default_factory=list)
    arising: list[Row] = field(default_factory=list)
    has_present: bool = False
    has_apologies: bool = False
    has_items: bool = False
    has_actions: bool = False
    has_arising: bool = False


def read_minutes(path: Path | str) -> MinutesDocument:
    """The board, meeting and table rows of a minutes template as completed in Word."""
    from docx.oxml.ns import qn
    from docx.table import Table

    path = Path(path)
    document = _open_docx(path)
    board, meeting = _board_and_meeting(path)
    present: list[Row] = []
    apologies: list[Row] = []
    items: list[Row] = []
    part2: list[Row] = []
    actions: list[Row] = []
    arising: list[Row] = []
    has_items = has_actions = has_arising = False
    heading = ""
    in_part2 = False
    name_tables: list[tuple[str, Table]] = []
    for block in _blocks(document.element.body):
        if block.tag == qn("w:p"):
            text = "".join(t.text or "" for t in block.iter(qn("w:t"))).strip()
            if text:
                heading = text
                in_part2 = in_part2 or is_part2_heading(text)
            continue
        table = Table(block, document)
        if not table.rows:
            continue
        headers = [_header_key(_cell_text(c)) for c in table.rows[0].cells]
        if "ref" in headers or "matters arising" in heading.casefold():
            has_arising = True
            _read_rows(table, ARISING_TABLE, arising)
        elif "name" in headers and "initials" in headers:
            name_tables.append((heading, table))
        elif "owner" in headers and "action" in headers and "due" in headers:
            has_actions = True
            _read_rows(table, ACTIONS_TABLE, actions)
        elif "minutes" in headers and "item" in headers:
            has_items = True
            _read_rows(table, PART2_TABLE if in_part2 else MINUTES_TABLE, part2 if in_part2 else items)
        heading = ""
    present_tables, apology_tables = _attendance_tables(name_tables)
    for table in present_tables:
        _read_rows(table, PRESENT_TABLE, present)
    for table in apology_tables:
        _read_rows(table, APOLOGIES_TABLE, apologies)
    return MinutesDocument(path, board, meeting, present, apologies, items + part2, actions, arising,
                           has_present=bool(present_tables), has_apologies=bool(apology_tables),
                           has_items=has_items, has_actions=has_actions, has_arising=has_arising)


def is_part2_heading(text: str) -> bool:
    """Whether a paragraph starts Part 2 of the minutes ("Part 2 – not for publication")."""
    words = " ".join(text.split()).casefold()
    return bool(re.match(r"part\s*(?:2|two|ii)\b", words))


def marker_of(path: Path) -> tuple[str, str, str] | None:
    """(board, YYYY-MM-DD, label) from the custom property, else the keywords; None if neither."""
    for text, pattern in [(value, MARKER) for value in _custom_properties(path).get(PROPERTY, [])] + [
            (value, KEYWORDS_MARKER) for value in _keywords(path)]:
        match = pattern.search(text.strip())
        if match:
            return match.group(1), match.group(2), match.group(3)
    return None


def _board_and_meeting(path: Path) -> tuple[str, dt.date]:
    """The board code and meeting date the keywords name; DocumentError when they are not ours."""
    found = marker_of(path)
    if found is None:
        raise DocumentError(f"{path.name} is not a minutes template made by meeting-packs (its document "
                            "properties do not say which board and meeting it is for). Make the template "
                            "with 'meeting-packs minutes template BOARD DATE', write the minutes in it, "
                            "and import that file.")
    board, day, kind = found[0].lower(), found[1], found[2]
    if kind.strip().casefold() != LABEL.casefold():
        raise DocumentError(f"{path.name} is the {kind.strip()} of the {board} meeting of {day}, not a "
                            "minutes template. Import the minutes template the secretary completed "
                            f"('meeting-packs minutes template {board} {day}' makes one).")
    try:
        return board, dt.date.fromisoformat(day)
    except ValueError:
        raise DocumentError(f"{path.name}: its document properties give the meeting date '{day}', "
                            "which is not a real date. Make the template again.") from None


def _attendance_tables(name_tables: list) -> tuple[list, list]:
    """The Name | Initials tables split into Present and Apologies by the heading above each."""
    present, apologies, unplaced = [], [], []
    for heading, table in name_tables:
        words = heading.casefold()
        if "apolog" in words:
            apologies.append(table)
        elif "present" in words or "attendance" in words or "attending" in words:
            present.append(table)
        else:
            unplaced.append(table)
    for table in unplaced:  # headings deleted: the template has Present first, then Apologies
        if not present:
            present.append(table)
        elif not apologies:
            apologies.append(table)
    return present, apologies


def _open_docx(path: Path):
    from ..documents.docx_tools import open_docx

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


def _custom_properties(path: Path) -> dict[str, list[str]]:
    """The document's custom properties (File > Properties > Custom in Word), by name."""
    from lxml import etree

    try:
        with zipfile.ZipFile(path) as package:
            xml = package.read("docProps/custom.xml")
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return {}
    found: dict[str, list[str]] = {}
    for element in root:
        name = element.get("name")
        if name:
            found.setdefault(name, []).append("".join(element.itertext()))
    return found


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


def _header_key(text: str) -> str:
    return " ".join(text.split()).strip(" .:").casefold()


def _cell_text(cell) -> str:
    """The cell's paragraphs, one per line, each with its spaces tidied; empty lines dropped."""
    lines = [" ".join(line.split()) for line in cell.text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


_CANONICAL = {"no": "No.", "number": "No.", "item": "Item", "action": "Action", "actions": "Action",
              "owner": "Owner", "due": "Due", "due date": "Due", "name": "Name",
              "initials": "Initials", "role": "Role", "organisation": "Organisation",
              "organization": "Organisation", "minutes": "Minutes", "ref": "Ref",
              "reference": "Ref", "update": "Update", "updates": "Update", "progress": "Update",
              "workstream": "Workstream", "rag": "RAG"}


def _canonical(header: str) -> str:
    return _CANONICAL.get(_header_key(header), header.strip())


def _read_rows(table, label: str, into: list[Row]) -> None:
    """Append the table's rows to `into`, numbered on from the rows already there (a table split
    in two by Word keeps counting)."""
    headers = [_canonical(_cell_text(c)) for c in table.rows[0].cells]
    number = len(into)
    for row in list(table.rows)[1:]:
        cells: dict[str, str] = {}
        for header, cell in zip(headers, row.cells):
            if header not in cells:  # a merged cell repeats; keep its first place
                cells[header] = _cell_text(cell)
        if [cells.get(h, "") for h in headers] == headers:
            continue  # the header row repeated inside the table
        number += 1
        into.append(Row(label, number, cells))
