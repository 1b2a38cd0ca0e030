"""The agenda pack: agenda, welcome page, then every appendix in letter order, as one .docx.

Each appendix starts a new section on a new page, keeps its own page setup,
and has its own footer numbering its pages with its letter (A1, A2 … B1 …).
The public pack replaces exempt reports with a page saying why; the private
pack includes them, marked NOT FOR PUBLICATION.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..dates import long_date, short_date
from ..errors import DocumentError, InputError
from ..model import EXEMPT_PARAGRAPHS, GeneratedPaper
from ..publication import Deadline, deadline_for
from ..workspace import Workspace
from . import action_appendix, agenda, plan_appendix, risk_appendix
from .context import Appendix, MeetingData, agenda_items, load_meeting
from .output import colour_labels, default_path, finishing, label_colours
from .render import check_not_open, find_template, render_docx

GENERATED = {
    GeneratedPaper.ACTIONS: action_appendix,
    GeneratedPaper.RISKS: risk_appendix,
    GeneratedPaper.PLAN: plan_appendix,
}

Progress = Callable[[str, int, int], None]


@dataclass
class PackResult:
    docx: Path
    pdf: Path | None = None
    deadline: Deadline | None = None
    late: bool = False
    appendices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _composer(master):
    """docxcompose's Composer, without its per-element rescan of every style in the pack.

    docxcompose lists all the master's styles for every appended paragraph and
    table (0.5 s per report); here an element whose styles were already handled
    for the same source document is skipped, unless a style needs renaming.
    """
    from docxcompose.composer import Composer
    from docxcompose.utils import xpath

    class FastComposer(Composer):
        def __init__(self, doc):
            super().__init__(doc)
            self._handled: dict[int, tuple[object, set[str]]] = {}  # the doc is kept so its id stays unique

        def add_styles(self, doc, element):
            used = {e.val for e in xpath(element, ".//w:tblStyle|.//w:pStyle|.//w:rStyle")}
            if not used:
                return
            handled = self._handled.setdefault(id(doc), (doc, set()))[1]
            if used <= handled:
                return
            super().add_styles(doc, element)
            handled.update(style for style in used if self.mapped_style_id(style) == style)

    return FastComposer(master)


def _open_report(appendix: Appendix, path: Path):
    """The report as a python-docx Document, or a DocumentError naming the item and the file."""
    from .docx_tools import open_docx

    item = f"Item {appendix.item_number} \"{appendix.title}\" ({appendix.plan.ref})"
    shown = appendix.plan.report
    if not path.exists():
        raise DocumentError(f"{item}: the report file {shown} does not exist. Put the file there, correct "
                            "the Report file column in forward-plan.xlsx, or build with --allow-missing.")
    return open_docx(path, f"{item}: the report file {shown}",
                     "Ask the author to send it again, saved from Word as a Word Document (.docx).")


def _appendix_footer(section, letter: str, title: str, restart: bool) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt

    from .docx_tools import add_field, restart_page_numbers

    for part in (section.footer, section.first_page_footer, section.even_page_footer):
        part.is_linked_to_previous = False
    footer = section.footer
    paragraph = footer.paragraphs[0]
    paragraph.style = "Normal"  # the Footer style's own tab stops would pull the label to the middle
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    width = section.page_width - section.left_margin - section.right_margin
    paragraph.paragraph_format.tab_stops.clear_all()
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(f"Appendix {letter} – {title}\t{letter}")
    add_field(paragraph, "PAGE")
    for run in paragraph.runs:
        run.font.size = Pt(9)
    for other in (section.first_page_footer, section.even_page_footer):
        other.paragraphs[0].text = ""
    if restart:
        restart_page_numbers(section, 1)


def _appendix_header(section, text: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for part in (section.header, section.first_page_header, section.even_page_header):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        paragraph.text = ""
        if text:
            run = paragraph.add_run(text)
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _placeholder(master, appendix: Appendix, heading: str, lines: list[str]) -> None:
    master.add_paragraph(f"Appendix {appendix.letter}", style="Heading 1")
    master.add_paragraph(f"{appendix.title} (agenda item {appendix.item_number})", style="Heading 2")
    for line in lines:
        master.add_paragraph(line)
    if heading:
        paragraph = master.add_paragraph()
        paragraph.add_run(heading).bold = True


def build_pack(ws: Workspace, board: str, when: str, private: bool = False, supplement: bool = False,
               output_dir: Path | None = None, allow_missing: bool = False, today: dt.date | None = None,
               progress: Progress | None = None) -> PackResult:
    """Build the pack .docx; the caller converts it to PDF if asked (see `pdf.to_pdf`)."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from .docx_tools import copy_page_setup, split_long_tables

    today = today or dt.date.today()
    md = load_meeting(ws, board, when, today)
    items, appendices = agenda_items(md)
    if supplement:
        appendices = [a for a in appendices if a.to_follow]
        if not appendices:
            raise InputError(f"No item for the {md.board.name} meeting on {long_date(md.meeting.date)} is "
                             "marked 'To follow', so there is no supplementary pack to build.")
    kind = "Supplementary pack" if supplement else "Agenda pack"
    visibility = "private - not for publication" if private else "public"
    label = f"{kind} ({visibility})"
    target_dir = Path(output_dir) if output_dir else default_path(ws, md, label).parent
    target = target_dir / default_path(ws, md, label).name
    check_not_open(target)
    result = PackResult(target)
    result.deadline = deadline_for(md.board, md.meeting)
    if result.deadline and today > result.deadline.publish_by and not private:
        result.late = True
    steps = len(appendices) + 2
    step = 0

    def tick(text: str) -> None:
        nonlocal step
        step += 1
        if progress:
            progress(text, step, steps)

    colours = label_colours(md.board)
    with tempfile.TemporaryDirectory(prefix="meeting-packs-") as scratch_name:
        scratch = Path(scratch_name)
        tick("agenda")
        if supplement:
            master = _supplement_cover(ws, md, appendices, scratch)
        else:
            agenda_path = render_docx(find_template(ws.templates_dir, agenda.TEMPLATE), agenda.build_context(md),
                                      scratch / "agenda.docx", lambda d: colour_labels(d, colours))
            master = Document(str(agenda_path))
        composer = _composer(master)
        for appendix in appendices:
            tick(f"appendix {appendix.letter}")
            before = len(master.sections)
            master.add_section(WD_SECTION.NEW_PAGE)
            source = None
            exempt_text = ""
            if appendix.exempt:
                exempt_text = (f"NOT FOR PUBLICATION – exempt information under paragraph {appendix.exempt} "
                               "of Part 1 of Schedule 12A to the Local Government Act 1972")
            if appendix.exempt and not private:
                _placeholder(master, appendix, "NOT FOR PUBLICATION", [
                    f"This report is not for publication because it contains exempt information as described in "
                    f"paragraph {appendix.exempt} of Part 1 of Schedule 12A to the Local Government Act 1972: "
                    f"{EXEMPT_PARAGRAPHS[appendix.exempt]}.",
                    "It is circulated to members of the Board in the private agenda pack."])
            elif appendix.to_follow and not supplement:
                _placeholder(master, appendix, "Report to follow", [
                    "This report was not available when the agenda was published. It will be published "
                    "in a supplementary agenda pack."])
            elif appendix.generated is not None:
                module = GENERATED[appendix.generated]
                path = render_docx(find_template(ws.templates_dir, module.TEMPLATE), module.build_context(md),
                                   scratch / f"appendix-{appendix.letter}.docx",
                                   lambda d: (colour_labels(d, colours), split_long_tables(d)))
                source = Document(str(path))
            elif appendix.report is not None:
                try:
                    source = _open_report(appendix, appendix.report)
                except DocumentError as err:
                    if not allow_missing:
                        raise
                    result.warnings.append(str(err).replace(", or build with --allow-missing", ""))
                    _placeholder(master, appendix, "Report missing", [
                        "The report for this item could not be included when the pack was built.",
                        f"({err})"])
            else:
                _placeholder(master, appendix, "", ["The paper for this item will be tabled at the meeting."])
            if source is not None:
                composer.append(source)
            new_sections = master.sections[before:]
            copy_page_setup(source.sections[-1] if source is not None else master.sections[0], new_sections[-1])
            for index, section in enumerate(new_sections):
                _appendix_footer(section, appendix.letter, appendix.title, restart=index == 0)
                _appendix_header(section, exempt_text if (appendix.exempt and private) else "")
            result.appendices.append(appendix.letter)
        title = f"{md.board.name} – {kind} – {long_date(md.meeting.date)}"
        if private:
            title += " – NOT FOR PUBLICATION"
        finishing(title, md.board.name, f"{md.root.name}; {kind}; {visibility}")(master)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = scratch / "pack.docx"
        composer.save(str(temp))
        import os
        import shutil

        tick("saving")
        check_not_open(target)
        shutil.copyfile(temp, target.with_name(target.name + ".part"))
        os.replace(target.with_name(target.name + ".part"), target)
    return result


def _supplement_cover(ws: Workspace, md: MeetingData, appendices: list[Appendix], scratch: Path):
    """A one-page cover for a supplementary pack, in the agenda template's styles."""
    from docx import Document

    from .docx_tools import set_language

    path = render_docx(find_template(ws.templates_dir, agenda.TEMPLATE), agenda.build_context(md),
                       scratch / "cover-source.docx")
    document = Document(str(path))
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}sectPr"):
            continue
        body.remove(child)
    footer = document.sections[0].footer.paragraphs[0]
    for run in list(footer.runs)[1:]:
        run._r.getparent().remove(run._r)
    if footer.runs:
        footer.runs[0].text = f"{md.board.short_name} – {short_date(md.meeting.date)} – Supplementary pack"
    document.add_paragraph(md.board.name, style="Title")
    document.add_paragraph("Supplementary agenda pack", style="Heading 1")
    document.add_paragraph(f"{long_date(md.meeting.date)}")
    document.add_paragraph("The following reports were marked 'to follow' on the published agenda:")
    for appendix in appendices:
        document.add_paragraph(f"Appendix {appendix.letter} – {appendix.title} (agenda item {appendix.item_number})",
                               style="List Bullet")
    set_language(document)
    return document
