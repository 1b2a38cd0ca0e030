"""PDF through LibreOffice: a profile of its own each time, a time limit, a real check, an accessible file.

LibreOffice exits 0 even when it wrote nothing, so success is a non-empty PDF
that was not there before.  LibreOffice writes into a scratch folder; the PDF
is copied into place through the file layer (files.copy_file).

Every PDF is tagged and declares PDF/UA (LibreOffice's `UseTaggedPDF` and
`PDFUACompliance` export options): headings become H1 … in the structure
tree, tables keep their header cells, the document title is shown and the
language set, as the Public Sector Bodies Accessibility Regulations 2018 ask of
a council's published papers (README, "PDF output").  A pack then gets, with
pypdf, page labels that match its printed footers (1 … 4, A1 … A6, B1 …) and
one bookmark per part ("Agenda", "Appendix B – <title>"), written as an
incremental update so LibreOffice's tags stay exactly as they were.

pypdf rather than pikepdf: it is pure Python (no qpdf binary to match on a
council's Windows desktop) and writes incremental updates.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import files
from ..errors import ConversionError

TIMEOUT_SECONDS = 180
_WINDOWS_PLACES = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                   r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
INSTALL_HINT = ("Install LibreOffice (https://www.libreoffice.org; on Debian or Ubuntu: "
                "sudo apt-get install libreoffice-writer-nogui fonts-liberation fonts-crosextra-carlito), "
                "or set MEETING_PACKS_SOFFICE to the full path of soffice.")

# LibreOffice's writer_pdf_Export options (JSON form, LibreOffice 7.4 and later).
EXPORT_OPTIONS = {
    "UseTaggedPDF": True,                      # structure tree: H1 …, Table/TR/TH/TD, L/LI
    "PDFUACompliance": True,                   # declares PDF/UA (and keeps the tags it needs)
    "DisplayPDFDocumentTitle": True,           # the viewer shows the title, not the file name
    "ExportBookmarks": True,
    "ExportBookmarksToPDFDestination": True,   # Word bookmarks -> named destinations (page labels use them)
}


@dataclass(frozen=True)
class Part:
    """One part of a pack in the PDF: where it starts, its footer's page prefix and its bookmark's title."""

    destination: str       # the Word bookmark at its first page (a named destination in the PDF)
    prefix: str            # "" for the agenda, "B" for Appendix B
    title: str             # "Agenda", "Appendix B – SEND Transformation Plan"


def find_soffice() -> str | None:
    configured = os.environ.get("MEETING_PACKS_SOFFICE")
    if configured:
        return configured if Path(configured).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in _WINDOWS_PLACES:
        if Path(place).exists():
            return place
    return None


def export_filter() -> str:
    options = {name: {"type": "boolean", "value": "true" if value else "false"}
               for name, value in EXPORT_OPTIONS.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


def to_pdf(document: Path, timeout: int = TIMEOUT_SECONDS, force: bool = False,
           parts: list[Part] | None = None) -> Path:
    """Convert a .docx beside itself, tagged (PDF/UA); returns the PDF's path.

    With `parts` (a pack), the PDF's page labels and bookmarks follow them.
    An existing PDF is replaced only if the tool made it (or its Word twin), unless `force`.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError(f"LibreOffice is not installed, so no PDF was made (the Word file "
                              f"{document.name} was written). {INSTALL_HINT}")
    document = Path(document)
    target = document.with_suffix(".pdf")
    files.check_replaceable(target, force)
    document = document.absolute()
    profile = Path(tempfile.mkdtemp(prefix="meeting-packs-lo-"))
    work = Path(tempfile.mkdtemp(prefix="meeting-packs-pdf-"))
    try:
        command = [soffice, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={profile.as_uri()}",
                   "--convert-to", export_filter(), "--outdir", str(work), str(document)]
        try:
            result = subprocess.run(command, capture_output=True, timeout=timeout, text=True)
        except subprocess.TimeoutExpired:
            raise ConversionError(f"LibreOffice took longer than {timeout} seconds to convert "
                                  f"{document.name}; no PDF was made. Try again, or convert it in Word.") from None
        except OSError as err:
            raise ConversionError(f"LibreOffice could not be started ({err}). {INSTALL_HINT}") from None
        produced = work / target.name
        if not produced.exists() or produced.stat().st_size == 0:
            detail = (result.stderr or result.stdout or "").strip().splitlines()
            hint = f" LibreOffice said: {detail[-1]}" if detail else ""
            raise ConversionError(f"LibreOffice did not produce a PDF of {document.name}.{hint}")
        if parts:
            label_parts(produced, parts)
        return files.copy_file(produced, target)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


def part_pages(pdf: Path, parts: list[Part]) -> list[tuple[int, Part]]:
    """Each part's first page (from 0), found by its named destination; parts not found are left out."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    destinations = {name.lstrip("/"): value for name, value in reader.named_destinations.items()}
    found = []
    for part in parts:
        destination = destinations.get(part.destination)
        if destination is None:
            continue
        found.append((reader.get_destination_page_number(destination), part))
    return sorted(found, key=lambda pair: pair[0])


def label_parts(pdf: Path, parts: list[Part]) -> None:
    """Page labels and bookmarks for the pack's parts, appended to the PDF as an incremental update."""
    from pypdf import PdfWriter
    from pypdf.constants import PageLabelStyle
    from pypdf.generic import NameObject

    starts = part_pages(pdf, parts)
    if not starts:
        return
    writer = PdfWriter(str(pdf), incremental=True)
    if writer.metadata is not None:  # named again, or the update's trailer would leave the title out
        writer.add_metadata(dict(writer.metadata))
    count = len(writer.pages)
    bounds = [page for page, _ in starts[1:]] + [count]
    if starts[0][0] > 0:  # pages before the first part (none in a pack): numbered plainly
        writer.set_page_label(0, starts[0][0] - 1, PageLabelStyle.DECIMAL, None, 1)
    for (first, part), end in zip(starts, bounds):
        if end > first:
            writer.set_page_label(first, end - 1, PageLabelStyle.DECIMAL, part.prefix or None, 1)
    # our bookmarks in place of LibreOffice's heading list (which holds every heading of every report)
    root = writer._root_object
    if "/Outlines" in root:
        del root[NameObject("/Outlines")]
    for first, part in starts:
        writer.add_outline_item(title=part.title, page_number=first)
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    labelled = pdf.with_name(pdf.stem + "-labelled.pdf")  # in the scratch folder; copied into place later
    with open(labelled, "wb") as handle:  # incremental: LibreOffice's bytes, then the new objects
        writer.write(handle)
    os.replace(labelled, pdf)
