"""`minutes publish`: the approved minutes as the public sees them, and the Part 2 minutes apart.

From the minutes template as the secretary completed it (README, "Guide for
board secretaries"):

- the public minutes: the document without the tool's notes to the secretary
  (paragraphs in the "Secretary note" style, or the instruction paragraph of
  older templates), without blank table rows and an empty Actions agreed table,
  without the tool's markers (the MeetingPacks property and the keywords), and
  without Part 2 — everything from the "Part 2 – not for publication" heading
  on, which the import also reads as Part 2 — in whose place one sentence says
  that the minutes of the items taken in private are not for publication;
- where there is a Part 2, the exempt minutes: the title, the meeting and the
  Part 2 section alone, titled "not for publication";
- with `pdf`, a PDF of each (documents/pdf.py).

The completed template itself is never changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentError, NotFound
from ..workspace import Workspace
from .reading import LABEL, PROPERTY, is_part2_heading, marker_of

NOTE_STYLE = "Secretary note"   # documents/minutes_template.py writes the notes in this style
# the instruction paragraph of templates made before the note style
_OLD_NOTE = re.compile(r"^\s*(?:Move anyone who did not attend from Present to Apologies|Notes for the "
                       r"secretary)", re.IGNORECASE)
PUBLIC_PART2_NOTE = ("The minutes of the items considered after the exclusion of the press and public "
                     "(Part 2) are not for publication and are kept separately.")


@dataclass
class Published:
    """What `minutes publish` wrote."""

    source: Path
    public: Path
    exempt: Path | None = None
    pdfs: list[Path] = field(default_factory=list)
    notes_removed: int = 0


def publish_minutes(ws: Workspace, path: Path | str, output_dir: Path | None = None, pdf: bool = False,
                    force: bool = False) -> Published:
    """Write the public minutes (and the Part 2 minutes, if any) beside `path` or in `output_dir`."""
    from ..documents.docx_tools import open_docx
    from ..documents.output import guard_output

    path = Path(path)
    if not path.exists():
        raise DocumentError(f"{path} does not exist. Check the file name (put it in quotes if it has "
                            "spaces).")
    if path.is_dir():
        raise DocumentError(f"{path} is a folder. Give the completed minutes (.docx) itself.")
    found = marker_of(path) if path.suffix.lower() == ".docx" else None
    if found is None or found[2].strip().casefold() != LABEL.casefold():
        raise DocumentError(f"{path.name} is not a minutes template made by meeting-packs. Publish the "
                            "minutes template the secretary completed ('meeting-packs minutes template "
                            "BOARD DATE' makes one).")
    board_code, day = found[0].lower(), found[1]
    try:
        board_name = ws.board(board_code).name
    except NotFound:  # a board not in this workspace: the file names use its code
        board_name = board_code
    folder = Path(output_dir) if output_dir else path.parent
    safe = "".join(ch for ch in board_name if ch not in '<>:"/\\|?*')
    public_path = folder / f"{day} {safe} - Minutes.docx"
    exempt_path = folder / f"{day} {safe} - Minutes Part 2 (not for publication).docx"
    if path.resolve() in (public_path.resolve(), exempt_path.resolve()):
        raise DocumentError(f"{path.name} has the name the published minutes get. Rename it (for example "
                            "to '… - Minutes template.docx') and publish that.")
    hint = "Open it in Word and save it again as a Word Document (.docx)."
    public = open_docx(path, path.name, hint)
    notes = _tidy(public)
    has_part2 = _cut_part2(public)
    targets = [public_path] + ([exempt_path] if has_part2 else [])
    for target in targets:
        guard_output(ws, target, force)
    folder.mkdir(parents=True, exist_ok=True)
    result = Published(path, _save(public, public_path), notes_removed=notes)
    if has_part2:
        exempt = open_docx(path, path.name, hint)
        _tidy(exempt)
        _keep_only_part2(exempt)
        exempt.core_properties.title = f"{exempt.core_properties.title or 'Minutes'} – Part 2, not for publication"
        result.exempt = _save(exempt, exempt_path)
    if pdf:
        from ..documents.pdf import started, to_pdf

        with started() as office:  # one LibreOffice for both parts, not one each
            result.pdfs = [to_pdf(target, force=force, office=office) for target in targets]
    return result


def _save(document, target: Path) -> Path:
    from .. import files

    return files.write_with(target, lambda temp: document.save(str(temp)))


def _body_blocks(document) -> list:
    from docx.oxml.ns import qn

    return [child for child in document.element.body.iterchildren() if child.tag != qn("w:sectPr")]


def _text(element) -> str:
    from docx.oxml.ns import qn

    return "".join(t.text or "" for t in element.iter(qn("w:t"))).strip()


def _style_name(document, paragraph) -> str:
    from docx.oxml.ns import qn

    style = paragraph.find(qn("w:pPr"))
    style = style.find(qn("w:pStyle")) if style is not None else None
    if style is None:
        return ""
    style_id = style.get(qn("w:val"))
    for candidate in document.styles:
        if candidate.style_id == style_id:
            return candidate.name or ""
    return style_id or ""


def _tidy(document) -> int:
    """Leave out the notes to the secretary, blank table rows, an empty Actions agreed table and the
    tool's markers; returns the number of notes removed."""
    from docx.oxml.ns import qn

    from ..documents.docx_tools import remove_custom_property, set_core_keywords

    removed = 0
    blocks = _body_blocks(document)
    for index, block in enumerate(blocks):
        if block.tag == qn("w:p"):
            if _style_name(document, block) == NOTE_STYLE or _OLD_NOTE.match(_text(block)):
                block.getparent().remove(block)
                removed += 1
            continue
        if block.tag != qn("w:tbl"):
            continue
        rows = block.findall(qn("w:tr"))
        for row in rows[1:]:
            if not _text(row):
                block.remove(row)
        headers = [_text(c).casefold() for c in rows[0].findall(qn("w:tc"))] if rows else []
        if {"owner", "due"} <= set(headers) and "ref" not in headers and len(block.findall(qn("w:tr"))) == 1:
            # an older template's Actions agreed table, never filled in: the table and its heading go
            previous = blocks[index - 1] if index else None
            if previous is not None and previous.tag == qn("w:p") and "actions agreed" in _text(previous).casefold():
                previous.getparent().remove(previous)
            block.getparent().remove(block)
    remove_custom_property(document, PROPERTY)
    set_core_keywords(document, "")
    return removed


def _part2_start(blocks: list) -> int | None:
    from docx.oxml.ns import qn

    for index, block in enumerate(blocks):
        if block.tag == qn("w:p") and is_part2_heading(_text(block)):
            return index
    return None


def _cut_part2(document) -> bool:
    """Remove Part 2 (from its heading to the end) and say in its place that it is kept apart."""
    blocks = _body_blocks(document)
    start = _part2_start(blocks)
    if start is None:
        return False
    for block in blocks[start:]:
        block.getparent().remove(block)
    document.add_paragraph(PUBLIC_PART2_NOTE)
    return True


def _keep_only_part2(document) -> None:
    """The title and meeting paragraphs, then Part 2: everything between them goes."""
    from docx.oxml.ns import qn

    blocks = _body_blocks(document)
    start = _part2_start(blocks)
    title_end = 0
    for index, block in enumerate(blocks[:start]):
        if block.tag == qn("w:p") and _text(block):
            title_end = index + 1
            if index >= 1:  # the title and the meeting's date and place
                break
    for block in blocks[title_end:start]:
        block.getparent().remove(block)
