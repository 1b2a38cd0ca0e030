"""Where documents go, what they are called, and the finishing touches every one gets."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from ..workspace import Workspace
from .context import MeetingData
from .render import find_template, render_docx


def default_path(ws: Workspace, md: MeetingData, label: str, suffix: str = ".docx") -> Path:
    """out/<board>/<YYYY-MM-DD>/<YYYY-MM-DD> <Board name> - <label>.docx"""
    day = md.meeting.date.isoformat()
    safe_name = "".join(ch for ch in md.board.name if ch not in '<>:"/\\|?*')
    return ws.out_dir / md.board.code / day / f"{day} {safe_name} - {label}{suffix}"


def finishing(title: str, subject: str, keywords: str,
              extra: Callable[[Any], None] | None = None) -> Callable[[Any], None]:
    """Set title, subject, keywords and language, which screen readers and search rely on."""

    def finish(document) -> None:
        from .docx_tools import set_language

        props = document.core_properties
        props.title = title
        props.subject = subject
        props.keywords = keywords
        props.author = "meeting-packs"
        set_language(document, "en-GB")
        if extra is not None:
            extra(document)

    return finish


def label_colours(board) -> dict[str, str]:
    """Shading → label colour for every RAG status and risk band of the board."""
    colours = {band.colour.upper(): band.text_colour for band in board.risk_bands}
    colours.update({level.colour.upper(): level.text_colour for level in board.rag_scale.levels})
    return colours


def colour_labels(document, colours: dict[str, str]) -> None:
    """Give the text in every RAG- or band-shaded cell the colour that keeps it readable (4.5:1)."""
    from docx.oxml.ns import qn

    shd_tag, tc_tag, r_tag = qn("w:shd"), qn("w:tc"), qn("w:r")
    for tc in document.element.body.iter(tc_tag):
        tc_pr = tc.tcPr
        if tc_pr is None:
            continue
        shd = tc_pr.find(shd_tag)
        if shd is None:
            continue
        text_colour = colours.get((shd.get(qn("w:fill")) or "").upper())
        if text_colour is None:
            continue
        for run in tc.iter(r_tag):
            rpr = run.get_or_add_rPr()
            rpr.get_or_add_b()  # schema-ordered inserts
            rpr.get_or_add_color().set(qn("w:val"), text_colour)


def write_document(ws: Workspace, md: MeetingData, template_name: str, context: dict[str, Any],
                   label: str, output: Path | None = None,
                   extra: Callable[[Any], None] | None = None) -> Path:
    target = Path(output) if output else default_path(ws, md, label)
    template = find_template(ws.templates_dir, template_name)
    colours = label_colours(md.board)

    def finish_body(document) -> None:
        colour_labels(document, colours)
        if extra is not None:
            extra(document)

    return render_docx(template, context, target,
                       finishing(context["title"], md.board.name, f"{context['marker']}; {label}", finish_body))
