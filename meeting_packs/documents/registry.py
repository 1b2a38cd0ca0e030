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
The CLI makes its command from the entry (`command`, `description`): it is
`meeting-packs <command words> BOARD DATE [-o FILE] [--as-of DATE] [--force]`,
one call to `write_document(ws, "<name>", …)`.  The registry imports nothing
heavy, so the CLI can read it at start-up and `--help` stays instant.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # the registry is read by the CLI at start-up: heavy modules load on use
    from ..model import GeneratedPaper
    from ..workspace import Workspace
    from .context import MeetingData


@dataclass(frozen=True)
class DocumentType:
    name: str                    # "agenda": the registry key
    template: str                # the template's file name in templates/
    module: str                  # documents/<module>.py: build_context(md), default_template()
    label: str                   # "<date> <Board> - <label>.docx"
    description: str             # one line: the CLI command's help
    command: tuple[str, ...]     # the CLI's words: ("appendix", "actions")
    paper: str | None = None     # the generated paper (GeneratedPaper label) it is, in a pack
    needs_schedule: bool = True  # False: any date will do, scheduled or not (and DATE is optional)

    @property
    def _module(self):
        return importlib.import_module(f"{__package__}.{self.module}")

    @property
    def build_context(self) -> Callable[["MeetingData"], dict[str, Any]]:
        """The meeting mapped to the template's fields."""
        return self._module.build_context

    @property
    def default_template(self) -> Callable[[], Any]:
        """The built-in template's layout, a python-docx Document."""
        return self._module.default_template

    @property
    def appendix_for(self) -> "GeneratedPaper | None":
        from ..model import GeneratedPaper

        return GeneratedPaper(self.paper) if self.paper else None

    def template_path(self, ws: "Workspace") -> Path:
        """The workspace's own template if it has one, else the built-in one."""
        from .render import find_template

        return find_template(ws.templates_dir, self.template)

    def default_output(self, ws: "Workspace", md: "MeetingData") -> Path:
        from .output import default_path

        return default_path(ws, md, self.label)

    def load(self, ws: "Workspace", board: str, when: str | dt.date | None,
             today: dt.date | None = None) -> "MeetingData":
        from .context import load_meeting

        return load_meeting(ws, board, when, today, need_schedule=self.needs_schedule)

    def write(self, ws: "Workspace", md: "MeetingData", output: Path | None = None,
              force: bool = False) -> Path:
        """Fill the template for this meeting and save it (to its default path unless `output`).

        An existing file is replaced only if the tool made it, unless `force`.
        """
        from .output import colour_labels, finishing, guard_output, label_colours, lay_out
        from .render import render_docx

        target = Path(output) if output else self.default_output(ws, md)
        guard_output(ws, target, force)
        context = self.build_context(md)
        colours = label_colours(md.board)
        finish = finishing(context["title"], md.board.name, f"{context['marker']}; {self.label}",
                           lambda document: (colour_labels(document, colours), lay_out(document)))
        # (lay_out keeps rows whole; a long table's rows stay text until the save, as in the pack)
        return render_docx(self.template_path(ws), context, target, finish, rows_whole=True, text_rows=True)


DOCUMENTS: tuple[DocumentType, ...] = (
    DocumentType("agenda", "agenda.docx", "agenda", "Agenda", "Build the agenda (with the welcome page) "
                 "for a meeting: numbered items, papers by letter, members, contact.", ("agenda",)),
    DocumentType("action-appendix", "action-appendix.docx", "action_appendix", "Action log",
                 "The RAG-rated action log appendix, with direction of travel since the previous meeting.",
                 ("appendix", "actions"), "Action log", needs_schedule=False),
    DocumentType("risk-appendix", "risk-appendix.docx", "risk_appendix", "Risk register",
                 "The risk register appendix: open risks by score, with the 5×5 heat map.",
                 ("appendix", "risks"), "Risk register", needs_schedule=False),
    DocumentType("plan-appendix", "plan-appendix.docx", "plan_appendix", "Forward plan",
                 "The forward plan (work programme) appendix: later meetings, then unscheduled items.",
                 ("appendix", "plan"), "Forward plan", needs_schedule=False),
    DocumentType("minutes-template", "minutes-template.docx", "minutes_template", "Minutes template",
                 "The minutes template, pre-filled with the membership and the agenda items.",
                 ("minutes", "template")),
)

BY_NAME: dict[str, DocumentType] = {kind.name: kind for kind in DOCUMENTS}
BY_PAPER: dict[str, DocumentType] = {kind.paper: kind for kind in DOCUMENTS if kind.paper}


def get(name: str) -> DocumentType:
    try:
        return BY_NAME[name]
    except KeyError:
        from ..errors import InputError

        raise InputError(f"There is no document called '{name}'. The documents are: "
                         f"{', '.join(BY_NAME)}.") from None


def appendix_for(paper: "GeneratedPaper") -> DocumentType:
    """The document a forward-plan item's generated paper (action log, risk register, plan) is built by."""
    return BY_PAPER[paper.value]


def write_document(ws: "Workspace", name: str, board: str, when: str | dt.date | None = None,
                   output: Path | None = None, today: dt.date | None = None,
                   force: bool = False) -> Path:
    """Build the document `name` for the board's meeting `when` ('next', 'last' or a date) and save it.

    Returns the path written: `output` if given, else out/<board>/<date>/….
    """
    kind = get(name)
    return kind.write(ws, kind.load(ws, board, when, today), output, force)
