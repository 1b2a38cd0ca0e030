"""Phase one of `minutes import`: the completed minutes template (.docx) read into plain rows.

No register is involved here (README, "Guide for board secretaries").

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
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentError

MARKER = re.compile(r"meeting-packs\s+(\S+)\s+(\d{4}-\d{2}-\d{2})\s*;\s*(.+?)\s*$", re.IGNORECASE)
LABEL = "Minutes template"  # the label documents/minutes_template.py writes after the marker

PRESENT_TABLE = "Present table"
APOLOGIES_TABLE = "Apologies table"
MINUTES_TABLE = "Minutes table"
ACTIONS_TABLE = "Actions agreed table"


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
    items: list[Row] = field(default_factory=list)
    actions: list[Row] = field(default_factory=list)
    has_present: bool = False
    has_apologies: bool = False
    has_items: bool = False
    has_actions: bool = False


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
    actions: list[Row] = []
    has_items = has_actions = False
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
            has_actions = True
            _read_rows(table, ACTIONS_TABLE, actions)
        elif "minutes" in headers and "item" in headers:
            has_items = True
            _read_rows(table, MINUTES_TABLE, items)
        heading = ""
    present_tables, apology_tables = _attendance_tables(name_tables)
    for table in present_tables:
        _read_rows(table, PRESENT_TABLE, present)
    for table in apology_tables:
        _read_rows(table, APOLOGIES_TABLE, apologies)
    return MinutesDocument(path, board, meeting, present, apologies, items, actions,
                           has_present=bool(present_tables), has_apologies=bool(apology_tables),
                           has_items=has_items, has_actions=has_actions)


def _board_and_meeting(path: Path) -> tuple[str, dt.date]:
    """The board code and meeting date the keywords name; DocumentError when they are not ours."""
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
              "organization": "Organisation", "minutes": "Minutes"}


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
