"""Where documents go, what they are called, and the finishing touches every one gets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from ..workspace import Workspace
from .context import MeetingData


# Windows refuses paths of 260 characters or more; 240 leaves room for Word's `~$` lock file
# and our temporary names beside the output, in a deep synced (OneDrive) folder.
MAX_PATH = 240


def default_path(ws: Workspace, md: MeetingData, label: str, suffix: str = ".docx") -> Path:
    """out/<board>/<YYYY-MM-DD>/<YYYY-MM-DD> <Board name> - <label>.docx

    Shortened when the whole path would pass MAX_PATH characters: the board's code
    instead of its name, then the label cut short with a few characters of its digest
    (so the public and private packs never get the same name).
    """
    import hashlib
    import os

    day = md.meeting.date.isoformat()
    safe_name = "".join(ch for ch in md.board.name if ch not in '<>:"/\\|?*')
    folder = ws.out_dir / md.board.code / day
    room = MAX_PATH - len(os.path.abspath(folder)) - 1
    for name in (f"{day} {safe_name} - {label}{suffix}", f"{day} {md.board.code} - {label}{suffix}"):
        if len(name) <= room:
            return folder / name
    tag = hashlib.sha256(label.encode("utf-8")).hexdigest()[:6]
    head = f"{day} {md.board.code} - "
    keep = max(room - len(head) - len(tag) - 1 - len(suffix), 8)
    return folder / f"{head}{label[:keep].rstrip()}-{tag}{suffix}"


def guard_output(ws: Workspace, target: Path, force: bool = False) -> None:
    """An output replaces only a document the tool made; never a register, boards.toml,
    a template or a report (reliability guarantee 17), unless --force."""
    from .. import files

    files.check_replaceable(target, force, protected=(ws.config_path, ws.registers_dir,
                                                      ws.templates_dir, ws.reports_dir))


def finishing(title: str, subject: str, keywords: str,
              extra: Callable[[Any], None] | None = None) -> Callable[[Any], None]:
    """Set title, subject, keywords and language, which screen readers and search rely on."""

    def finish(document) -> None:
        from .docx_tools import set_core_keywords, set_custom_property, set_language

        props = document.core_properties
        props.title = title
        props.subject = subject
        set_core_keywords(document, keywords)
        # what `minutes import` and `minutes publish` recognise the document by (README, "Guide for
        # board secretaries"); the keywords alone do not survive a LibreOffice save
        set_custom_property(document, "MeetingPacks", keywords)
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
    """Give the text in every RAG- or band-shaded cell the colour that keeps it readable (4.5:1), in bold."""
    from .docx_tools import colour_shaded_text

    colour_shaded_text(document, colours)


def lay_out(document) -> None:
    """Columns fitted to their words and rows kept whole on a page (README, "Documents")."""
    from .docx_tools import fit_columns, keep_rows_whole

    fit_columns(document)
    keep_rows_whole(document)
