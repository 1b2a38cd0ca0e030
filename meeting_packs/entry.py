"""The `meeting-packs` command as installed (and `python -m meeting_packs`, `python cli.py`).

One thing happens before the command line is parsed: for `pack … --pdf` (and `minutes
publish … --pdf`), LibreOffice is started at once, in a profile of its own, so that it is ready when the Word pack is.
Its start-up is the longest step of a PDF pack, and parsing the command line means
importing Typer and building every command first (about 0.15 s on a council laptop);
the PDF comes that much sooner (README, Performance).  The guess is only a head start:
the command takes the LibreOffice that is running (`documents.pdf.started`), and
whatever the command does — a mistake in the command line, `--help`, an error, Ctrl+C —
LibreOffice is stopped and its profile removed when the command ends.
"""

from __future__ import annotations

import sys
from contextlib import nullcontext


def wants_office(args: list[str]) -> bool:
    """`pack … --pdf` or `minutes publish … --pdf`, not asking for help: the commands that convert
    through a running LibreOffice (`documents.pdf.started`)."""
    words = set(args)
    return ("--pdf" in words and ("pack" in words or {"minutes", "publish"} <= words)
            and not {"--help", "-h"} & words)


def main() -> None:
    args = sys.argv[1:]
    early = nullcontext()
    if wants_office(args):
        from .documents import pdf

        early = pdf.started_early()
    with early:
        from .cli import app

        app(prog_name="meeting-packs")
