"""Where documents go, what they are called, and the finishing touches every one gets."""

from __future__ import annotations

import datetime as dt
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
        from .docx_tools import set_core_keywords, set_language

        props = document.core_properties
        props.title = title
        props.subject = subject
        set_core_keywords(document, keywords)
        props.author = "meeting-packs"
        props.comments = ""
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
        props.created = now
        props.modified = now  # (cp: properties are left alone: docxcompose rebinds that prefix)
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
    """Give the text in every RAG- or band-shaded cell the colour that keeps it readable (4.5:1), in bold.

    Plain lxml rather than python-docx proxies: this runs over every row of a
    10,000-action appendix.
    """
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    fill_attr, val_attr = f"{w}fill", f"{w}val"
    for shd in document.element.body.iter(f"{w}shd"):
        tc_pr = shd.getparent()
        if tc_pr is None or tc_pr.tag != f"{w}tcPr":
            continue
        text_colour = colours.get((shd.get(fill_attr) or "").upper())
        if text_colour is None:
            continue
        for run in tc_pr.getparent().iter(f"{w}r"):
            rpr = run.find(f"{w}rPr")
            if rpr is None:
                rpr = etree.SubElement(run, f"{w}rPr")
                run.insert(0, rpr)
            _set_child(rpr, f"{w}b", _BOLD_AFTER, w)
            _set_child(rpr, f"{w}color", _COLOUR_AFTER, w).set(val_attr, text_colour)


# rPr children come in schema order: these may stand before <w:b> and <w:color>.
_BOLD_AFTER = ("rStyle", "rFonts")
_COLOUR_AFTER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
                 "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden")


def _set_child(rpr, tag: str, before_names: tuple[str, ...], w: str):
    from lxml import etree

    found = rpr.find(tag)
    if found is not None:
        return found
    element = etree.Element(tag)
    position = 0
    for index, child in enumerate(rpr):
        if child.tag.startswith(w) and child.tag[len(w):] in before_names:
            position = index + 1
    rpr.insert(position, element)
    return element


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
