"""The document registry: one entry per document the tool builds, read by everything that builds one.

The CLI's document commands (`write_document`), the agenda pack (which
appendix a generated paper gets, `appendix_for`), the built-in template
generator (default_templates.py) and the golden-test regenerator
(tests/regenerate_golden.py) all go through `DOCUMENTS`; none keeps a list of
its own.  An entry says: the name, the template file, how the meeting becomes
the template's fields, the built-in template's layout, whether (and for which
generated paper) it can be an appendix, the label in its default file name,
whether it needs a scheduled meeting, and one line for the reader.

Adding a document type is one module plus one registry line:

1. a module in meeting_packs/documents/ with `build_context(md) -> dict` (the
   meeting, a `context.MeetingData`, mapped to the template's fields) and
   `default_template()` (the built-in template's layout, made with the kit in
   default_templates.py);
2. a `DocumentType(...)` line in `DOCUMENTS` below.

Then `python -m meeting_packs.documents.default_templates` writes its template,
and list its fields in templates/README.md (a test checks they are all there).
A CLI command for it is one call to `write_document(ws, "<name>", …)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import InputError
from ..model import GeneratedPaper
from ..workspace import Workspace
from . import action_appendix, agenda, minutes_template, plan_appendix, risk_appendix
from .context import MeetingData, load_meeting
from .output import colour_labels, default_path, finishing, guard_output, label_colours, lay_out
from .render import find_template, render_docx


@dataclass(frozen=True)
class DocumentType:
    name: str                                          # "agenda": the registry key, the CLI's word
    template: str                                      # the template's file name in templates/
    build_context: Callable[[MeetingData], dict[str, Any]]
    default_template: Callable[[], Any]                # the built-in template, a python-docx Document
    label: str                                         # "<date> <Board> - <label>.docx"
    description: str
    appendix_for: GeneratedPaper | None = None         # the generated paper it is, in a pack
    needs_schedule: bool = True                        # False: any date will do, scheduled or not

    def template_path(self, ws: Workspace) -> Path:
        """The workspace's own template if it has one, else the built-in one."""
        return find_template(ws.templates_dir, self.template)

    def default_output(self, ws: Workspace, md: MeetingData) -> Path:
        return default_path(ws, md, self.label)

    def load(self, ws: Workspace, board: str, when: str | dt.date | None,
             today: dt.date | None = None) -> MeetingData:
        return load_meeting(ws, board, when, today, need_schedule=self.needs_schedule)

    def write(self, ws: Workspace, md: MeetingData, output: Path | None = None,
              force: bool = False) -> Path:
        """Fill the template for this meeting and save it (to its default path unless `output`).

        An existing file is replaced only if the tool made it, unless `force`.
        """
        target = Path(output) if output else self.default_output(ws, md)
        guard_output(ws, target, force)
        context = self.build_context(md)
        colours = label_colours(md.board)
        finish = finishing(context["title"], md.board.name, f"{context['marker']}; {self.label}",
                           lambda document: (colour_labels(document, colours), lay_out(document)))
        return render_docx(self.template_path(ws), context, target, finish)


DOCUMENTS: tuple[DocumentType, ...] = (
    DocumentType("agenda", "agenda.docx", agenda.build_context, agenda.default_template, "Agenda",
                 "The agenda: numbered items, papers by letter, members, contact and the welcome page."),
    DocumentType("action-appendix", "action-appendix.docx", action_appendix.build_context,
                 action_appendix.default_template, "Action log",
                 "The RAG-rated action log with a summary then and now and each action's direction of travel.",
                 GeneratedPaper.ACTIONS, needs_schedule=False),
    DocumentType("risk-appendix", "risk-appendix.docx", risk_appendix.build_context,
                 risk_appendix.default_template, "Risk register",
                 "Open risks by score with a 5 × 5 heat map and the rating bands.",
                 GeneratedPaper.RISKS, needs_schedule=False),
    DocumentType("plan-appendix", "plan-appendix.docx", plan_appendix.build_context,
                 plan_appendix.default_template, "Forward plan",
                 "The work programme: items for later meetings, then unscheduled items.",
                 GeneratedPaper.PLAN, needs_schedule=False),
    DocumentType("minutes-template", "minutes-template.docx", minutes_template.build_context,
                 minutes_template.default_template, "Minutes template",
                 "The minutes template the secretary fills in and `minutes import` reads back."),
)

BY_NAME: dict[str, DocumentType] = {kind.name: kind for kind in DOCUMENTS}
BY_PAPER: dict[GeneratedPaper, DocumentType] = {kind.appendix_for: kind for kind in DOCUMENTS
                                                if kind.appendix_for is not None}


def get(name: str) -> DocumentType:
    try:
        return BY_NAME[name]
    except KeyError:
        raise InputError(f"There is no document called '{name}'. The documents are: "
                         f"{', '.join(BY_NAME)}.") from None


def appendix_for(paper: GeneratedPaper) -> DocumentType:
    """The document a forward-plan item's generated paper (action log, risk register, plan) is built by."""
    return BY_PAPER[paper]


def write_document(ws: Workspace, name: str, board: str, when: str | dt.date | None = None,
                   output: Path | None = None, today: dt.date | None = None,
                   force: bool = False) -> Path:
    """Build the document `name` for the board's meeting `when` ('next', 'last' or a date) and save it.

    Returns the path written: `output` if given, else out/<board>/<date>/….
    """
    kind = get(name)
    return kind.write(ws, kind.load(ws, board, when, today), output, force)
