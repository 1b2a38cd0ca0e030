"""The agenda pack: agenda, welcome page, then every appendix in letter order, as one .docx.

Each appendix starts a new section on a new page, keeps its own page setup,
and has its own footer numbering its pages with its letter (A1, A2 … B1 …).
The public pack replaces exempt reports with a page saying why; the private
pack includes them, marked NOT FOR PUBLICATION (the wording: agenda_rules.py).

`build_pack` runs the steps in order: choose the appendices, start from the
agenda (or the supplement's cover), add each appendix (one step per kind of
paper), set the sections' footers and headers, set the pack's properties,
save through the file layer.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable

from .. import collector, files
from ..agenda_rules import exempt_header, exempt_withheld
from ..dates import long_date, short_date
from ..errors import DocumentError, InputError
from ..publication import Deadline, deadline_for
from ..workspace import Workspace
from . import registry
from .context import Appendix, MeetingData, agenda_items, load_meeting
from .output import colour_labels, default_path, finishing, guard_output, label_colours, lay_out
from .render import OPEN_IN, OTHER_FILE, render_document

Progress = Callable[[str, int, int], None]


@dataclass
class PackResult:
    docx: Path
    pdf: Path | None = None
    deadline: Deadline | None = None
    late: bool = False
    appendices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parts: list = field(default_factory=list)           # pdf.Part for each part: page labels and bookmarks
    private: bool = False
    exempt: list[str] = field(default_factory=list)     # what the private pack adds ("Appendix D – …")


def build_pack(ws: Workspace, board: str, when: str, private: bool = False, supplement: bool = False,
               output_dir: Path | None = None, allow_missing: bool = False, today: dt.date | None = None,
               progress: Progress | None = None, force: bool = False,
               published: dt.date | None = None, allow_outside: bool = False) -> PackResult:
    """Build the pack .docx; the caller converts it to PDF if asked (`pdf.to_pdf(…, parts=result.parts)`).

    `published`: the day the pack is published (default: today), which the agenda states.
    An existing pack file is replaced only if the tool made it, unless `force`.  The
    public pack binds no report from outside the workspace folder unless `allow_outside`.
    """
    today = today or dt.date.today()
    md = load_meeting(ws, board, when, today)
    md = replace(md, published=published, pack="private" if private else "public")
    appendices = _chosen_appendices(md, supplement)
    kind = "Supplementary pack" if supplement else "Agenda pack"
    visibility = "private - not for publication" if private else "public"
    target = _target(ws, md, f"{kind} ({visibility})", output_dir)
    files.check_not_open(target, OPEN_IN, OTHER_FILE)  # before the work, not only before the save
    guard_output(ws, target, force)
    result = PackResult(target, private=private)
    result.deadline = deadline_for(md.board, md.meeting)
    result.late = bool(result.deadline and md.published_on > result.deadline.publish_by and not private)
    result.exempt = [f"Appendix {a.letter} – {a.title} (item {a.item_number}, paragraph {a.exempt})"
                     for a in appendices if a.exempt]
    tick = _ticker(progress, len(appendices) + 2)
    from .docx_tools import text_rows_let_go

    # (the rows kept as text let go once the pack is saved, or if it fails half built)
    with tempfile.TemporaryDirectory(prefix="meeting-packs-") as scratch_name, collector.settled(), \
            text_rows_let_go():
        pack = _Pack(ws, md, Path(scratch_name), private, supplement, allow_missing, result,
                     allow_outside=allow_outside)
        tick("agenda")
        pack.start(appendices)
        for appendix in appendices:
            tick(f"appendix {appendix.letter}")
            pack.add_appendix(appendix)
        pack.end()
        title = f"{md.board.name} – {kind} – {long_date(md.meeting.date)}"
        if private:
            title += " – NOT FOR PUBLICATION"
        # keywords name the meeting (never the workspace's folder, which may say anything)
        keywords = f"{md.board.code}; {md.meeting.date.isoformat()}; {kind}; {visibility}"
        finishing(title, md.board.name, keywords)(pack.master)
        tick("saving")
        pack.save(target)
    return result


def _chosen_appendices(md: MeetingData, supplement: bool) -> list[Appendix]:
    """Every paper on the agenda; a supplement only the ones to follow, or that were to follow
    and have arrived since ('plan update REF --report FILE'), whatever their status is now."""
    _, appendices = agenda_items(md)
    if supplement:
        appendices = [a for a in appendices
                      if a.to_follow or a.plan.was_to_follow(md.registers.plan_history, md.meeting.date)]
        if not appendices:
            raise InputError(f"No item for the {md.board.name} meeting on {long_date(md.meeting.date)} is "
                             "marked 'To follow', so there is no supplementary pack to build.")
    return appendices


def _target(ws: Workspace, md: MeetingData, label: str, output_dir: Path | None) -> Path:
    default = default_path(ws, md, label)
    return (Path(output_dir) if output_dir else default.parent) / default.name


def _ticker(progress: Progress | None, steps: int) -> Callable[[str], None]:
    count = 0

    def tick(text: str) -> None:
        nonlocal count
        count += 1
        if progress:
            progress(text, count, steps)

    return tick


@dataclass
class _Pack:
    """The pack being built: the master document, the composer appending to it, and the options."""

    ws: Workspace
    md: MeetingData
    scratch: Path
    private: bool
    supplement: bool
    allow_missing: bool
    result: PackResult
    master: Any = None
    composer: Any = None
    _open: tuple[str, int] | None = None     # the appendix being added: its letter, where its body starts
    _long: bool = False                      # a generated paper had a table long enough to be split
    allow_outside: bool = False

    @property
    def colours(self) -> dict[str, str]:
        return label_colours(self.md.board)

    # -------------------------------------------------------------- the first pages

    def start(self, appendices: list[Appendix]) -> None:
        """The agenda (the supplement's cover page instead, for a supplementary pack)."""
        from .docx_tools import composer

        if self.supplement:
            self.master = _supplement_cover(self.ws, self.md, appendices, self.scratch)
        else:
            colours = self.colours
            self.master = self._render(registry.get("agenda"), lambda d: (colour_labels(d, colours), lay_out(d)))
        self.composer = composer(self.master)
        self._mark_start("PackStart", "", "Supplementary pack" if self.supplement else "Agenda", 0)
        if self.private:
            _private_header(self.master.sections[0], self.result.exempt)

    def _mark_start(self, name: str, prefix: str, title: str, body_from: int) -> None:
        """(Bookmark names are letters only: LibreOffice escapes "_" in PDF destination names.)
        A bookmark on the part's first paragraph: its PDF destination (page labels, bookmarks)
        and the target of the agenda's page references."""
        from .docx_tools import add_bookmark, first_paragraph
        from .pdf import Part

        paragraph = first_paragraph(self.master, body_from)
        if paragraph is not None:
            add_bookmark(paragraph, name)
            self.result.parts.append(Part(name, prefix, title))

    def _mark_end(self, letter: str, paragraph) -> None:
        from .docx_tools import add_bookmark

        if paragraph is not None:
            add_bookmark(paragraph, f"Appendix{letter}End")

    def end(self) -> None:
        """The last appendix's end bookmark, on the body's last paragraph; then clean pages: every row
        kept whole, a short table on one page, a table's sub-heading row with the row after it and a
        table's lead-in sentence with the table (README, "Publishing")."""
        from .docx_tools import (keep_lead_ins_with_tables, keep_rows_whole, keep_short_tables_whole,
                                 keep_subheadings_with_next, last_paragraph)

        if self._open is not None:
            self._mark_end(self._open[0], last_paragraph(self.master, self._open[1]))
        keep_rows_whole(self.master)
        keep_short_tables_whole(self.master)
        keep_subheadings_with_next(self.master)
        keep_lead_ins_with_tables(self.master)

    def _render(self, kind: registry.DocumentType, finish, text_rows: bool = False):
        """`kind` rendered and finished by `finish`, which lays it out (`lay_out`: its rows kept whole);
        `text_rows`: and splits its long tables (a long table's rows kept as text until then)."""
        return render_document(kind.template_path(self.ws), kind.build_context(self.md), finish, rows_whole=True,
                               text_rows=text_rows)

    # -------------------------------------------------------------- one appendix

    def add_appendix(self, appendix: Appendix) -> None:
        """A new section for the appendix, its paper (or a page saying why not), then its footer and header."""
        from docx.enum.section import WD_SECTION

        from .docx_tools import append_document, body_length, clear_body, copy_page_setup, section_break_paragraph

        before = len(self.master.sections)
        self.master.add_section(WD_SECTION.NEW_PAGE)
        if self._open is not None:  # the section break ends the previous appendix, on its last page
            self._mark_end(self._open[0], section_break_paragraph(self.master))
        start = body_length(self.master) - 1  # the new content goes before the body's closing section properties
        source = self._paper(appendix)
        if source is not None:
            append_document(self.composer, source)  # long tables' rows moved, not copied
        new_sections = self.master.sections[before:]
        copy_page_setup(source.sections[-1] if source is not None else self.master.sections[0], new_sections[-1])
        if source is not None:
            # its body is in the pack now; python-docx's documents are cycles that only a garbage
            # collection would free, so the copy is emptied here, keeping a pack's peak down
            clear_body(source)
            del source
        if self._long:
            # after a long table (10,000 rows): the papers appended so far and what built the table
            # (its rows' context) freed before the pack is finished and saved, its memory's peak
            # (a collection walks only what the pack made, `collector.settled`: some 25 ms, which a normal
            # pack is spared; it keeps the peak some 10 MB lower)
            import gc

            gc.collect()
            self._long = False
        self._one_page_size(appendix, new_sections)
        header = exempt_header(appendix.exempt) if (appendix.exempt and self.private) else ""
        for index, section in enumerate(new_sections):
            _appendix_footer(section, appendix.letter, appendix.title, restart=index == 0)
            _appendix_header(section, header, f"Agenda item {appendix.item_number}" if index == 0 else "")
        self._mark_start(f"Appendix{appendix.letter}Start", appendix.letter,
                         f"Appendix {appendix.letter} – {appendix.title}", start)
        self._open = (appendix.letter, start)
        self.result.appendices.append(appendix.letter)

    def _one_page_size(self, appendix: Appendix, sections) -> None:
        """A report in another paper size (US Letter, say) is set to A4, with a warning: a pack is
        printed and read as one document, so its pages are one size."""
        from .docx_tools import A4_LONG, A4_SHORT

        changed = False
        for section in sections:
            width, height = section.page_width, section.page_height
            if width is None or height is None:
                continue
            landscape = width > height
            want = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
            if abs(width - want[0]) > 36000 or abs(height - want[1]) > 36000:  # more than 1 mm out
                section.page_width, section.page_height = want
                changed = True
        if changed:
            self.result.warnings.append(
                f"Appendix {appendix.letter} ({appendix.title}) is not on A4 paper; its pages were set to A4 in "
                "the pack, so check its layout (or ask the author to save it on A4).")

    def _paper(self, appendix: Appendix):
        """The appendix's document to append, or None when a placeholder page was written instead."""
        if appendix.exempt and not self.private:
            return self._withheld(appendix)
        if appendix.to_follow and not self.supplement:
            return self._to_follow(appendix)
        if appendix.generated is not None:
            return self._generated(appendix)
        if appendix.report is not None:
            return self._report(appendix)
        return self._tabled(appendix)

    def _withheld(self, appendix: Appendix) -> None:
        _placeholder(self.master, appendix, "NOT FOR PUBLICATION", [
            exempt_withheld(appendix.exempt),
            "It is circulated to members of the Board in the private agenda pack."])

    def _to_follow(self, appendix: Appendix) -> None:
        _placeholder(self.master, appendix, "Report to follow", [
            "This report was not available when the agenda was published. It will be published "
            "in a supplementary agenda pack."])

    def _generated(self, appendix: Appendix):
        """An action log, risk register or work programme, built by its registered document."""
        from .docx_tools import split_long_tables

        colours = self.colours
        def finish(document) -> None:
            colour_labels(document, colours)
            lay_out(document)
            self._long = split_long_tables(document) > 0

        return self._render(registry.appendix_for(appendix.generated), finish, text_rows=True)

    def _report(self, appendix: Appendix):
        """The author's report; with --allow-missing, a page saying it is missing instead of stopping."""
        if not self.private and not self.allow_outside and self.ws.is_outside(appendix.plan.report):
            raise DocumentError(
                f"Item {appendix.item_number} \"{appendix.title}\" ({appendix.plan.ref}): the report file "
                f"{appendix.plan.report} is outside the workspace folder, so I did not put it in the public "
                "pack (a file from elsewhere is never published by mistake). Copy it into reports/ and "
                "correct the Report file column, or build with --allow-outside.")
        try:
            return _open_report(appendix, appendix.report)
        except DocumentError as err:
            if not self.allow_missing:
                raise
            self.result.warnings.append(str(err).replace(", or build with --allow-missing", ""))
            _placeholder(self.master, appendix, "Report missing", [
                "The report for this item could not be included when the pack was built.", f"({err})"])
            return None

    def _tabled(self, appendix: Appendix) -> None:
        _placeholder(self.master, appendix, "", ["The paper for this item will be tabled at the meeting."])

    # -------------------------------------------------------------- saving

    def save(self, target: Path) -> None:
        """Compose in the scratch folder, then copy into place through the file layer."""
        from .docx_tools import save_streamed

        temp = self.scratch / "pack.docx"
        save_streamed(self.composer.doc, temp)
        files.check_not_open(target, OPEN_IN, OTHER_FILE)  # Word may have opened it while we built
        files.copy_file(temp, target, OTHER_FILE)


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
    """"Appendix B – Title" at the left, the page as B1, B2 … at the right; numbering restarts per appendix."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt

    from .docx_tools import add_field, remove_runs, restart_page_numbers

    width = section.page_width - section.left_margin - section.right_margin
    # the same footer on first, odd and even pages (a report may ask for a different first page)
    for part in (section.footer, section.first_page_footer, section.even_page_footer):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        for extra in part.paragraphs[1:]:
            extra.text = ""
        paragraph.style = "Normal"  # the Footer style's own tab stops would pull the label to the middle
        remove_runs(paragraph)
        paragraph.paragraph_format.tab_stops.clear_all()
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run(f"Appendix {letter} – {title}\t{letter}")
        add_field(paragraph, "PAGE")
        for run in paragraph.runs:
            run.font.size = Pt(9)
    if restart:
        restart_page_numbers(section, 1)


def _appendix_header(section, text: str, first_page: str = "") -> None:
    """`text` (the private pack's NOT FOR PUBLICATION line) on every page; `first_page` ("Agenda item 7")
    at the right of the appendix's first page, so a reader knows which item the paper belongs to."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section.different_first_page_header_footer = bool(first_page)
    parts = {"default": section.header, "first": section.first_page_header, "even": section.even_page_header}
    for kind, part in parts.items():
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        for extra in part.paragraphs[1:]:
            extra.text = ""
        paragraph.text = ""
        if text:
            run = paragraph.add_run(text)
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if first_page and kind == "first":
            if text:
                paragraph = part.add_paragraph()
            run = paragraph.add_run(first_page)
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _private_header(section, adds: list[str]) -> None:
    """The private pack's agenda pages say what it adds to the public pack, or that it adds nothing."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    text = private_pack_note(adds)
    for part in (section.header, section.first_page_header, section.even_page_header):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0]
        paragraph.text = ""
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(9)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def private_pack_note(adds: list[str]) -> str:
    """One sentence: what the private pack holds that the public one does not."""
    if not adds:
        return ("PRIVATE PACK – it adds nothing to the public pack: no item on this agenda is exempt.")
    return "PRIVATE PACK – NOT FOR PUBLICATION – it adds: " + "; ".join(adds) + "."


def _placeholder(master, appendix: Appendix, heading: str, lines: list[str]) -> None:
    master.add_paragraph(f"Appendix {appendix.letter}", style="Heading 1")
    master.add_paragraph(f"{appendix.title} (agenda item {appendix.item_number})", style="Heading 2")
    for line in lines:
        master.add_paragraph(line)
    if heading:
        paragraph = master.add_paragraph()
        paragraph.add_run(heading).bold = True


def _supplement_cover(ws: Workspace, md: MeetingData, appendices: list[Appendix], scratch: Path):
    """A one-page cover for a supplementary pack, in the agenda template's styles."""
    from .docx_tools import clear_body, remove_runs, set_language

    agenda = registry.get("agenda")
    document = render_document(agenda.template_path(ws), agenda.build_context(md))
    clear_body(document)
    footer = document.sections[0].footer.paragraphs[0]
    remove_runs(footer, keep=1)
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
