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
council's Windows desktop) and writes incremental updates.  LibreOffice's
file ends in a classic cross-reference table, so the update is appended as
one more such section, its objects written by pypdf (`label_parts`); pypdf's
own incremental writer, which first copies every object of the file, is kept
for a file that ends otherwise.

`pack --pdf` starts LibreOffice before it builds the Word pack (`started`), so
that LibreOffice's own start (two seconds or more, most of a conversion) runs
while Python builds the pack; the .docx is then handed to the running
instance: a second `soffice` with the same profile forwards its conversion to
it and waits until it is done.  The instance is always stopped and its profile
removed on leaving, after an error, a time-out or Ctrl+C too.  soffice is a
launcher whose child (soffice.bin) does the work, so every LibreOffice process
runs in a process group of its own and the whole group is stopped.  The
profile is made in memory where the system offers it (`profile_folder`).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


def profile_folder() -> str | None:
    """Where LibreOffice's throwaway profiles are made: a memory-backed folder where the system has
    one (/dev/shm on Linux), else the temporary folder.  A profile is about a hundred folders, and
    removing them from a disk takes a quarter of a second, a tenth of a whole conversion."""
    shm = "/dev/shm"
    if sys.platform.startswith("linux") and os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK):
        return shm
    return None


def export_filter() -> str:
    options = {name: {"type": "boolean", "value": "true" if value else "false"}
               for name, value in EXPORT_OPTIONS.items()}
    return "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))


@dataclass(frozen=True)
class Office:
    """A LibreOffice running in the background in a profile of its own (see `started`)."""

    soffice: str
    profile: Path          # its user installation: a `soffice` given the same one hands its work over
    log: Path              # what the running instance prints (its "convert … ->" lines, its errors)
    process: subprocess.Popen


# The LibreOffice `entry.main` started before the command line was parsed (`started_early`).
_early: Office | None = None


@contextmanager
def started_early() -> Iterator[Office | None]:
    """`started`, for the whole command: the pack's own `started` then takes this one."""
    global _early
    with started() as office:
        _early = office
        try:
            yield office
        finally:
            _early = None


@contextmanager
def started() -> Iterator[Office | None]:
    """Start LibreOffice headless in a new profile of its own while the caller works; on leaving
    (normally, on an error, a time-out or Ctrl+C) stop it and remove the profile.

    Yields None when LibreOffice is not installed or would not start: `to_pdf` then says so in
    one line, as it does without a running instance.  One already started for this command
    (`started_early`) and still running is yielded instead, and left for its starter to stop.
    """
    if _early is not None and _early.process.poll() is None:
        yield _early
        return
    soffice = find_soffice()
    if soffice is None:
        yield None
        return
    home = Path(tempfile.mkdtemp(prefix="meeting-packs-lo-", dir=profile_folder()))
    office = None
    restore = _stop_on_hangup()
    try:
        profile, log = home / "profile", home / "libreoffice.log"
        with open(log, "wb") as output:  # LibreOffice keeps its own handle; ours is not needed
            try:
                process = _launch([soffice, "--headless", "--norestore", "--nolockcheck",
                                   f"-env:UserInstallation={profile.as_uri()}"], output)
            except OSError:
                process = None
        office = Office(soffice, profile, log, process) if process is not None else None
        yield office
    finally:
        if office is not None:
            _stop(office.process)
        shutil.rmtree(home, ignore_errors=True)
        restore()


def _stop_on_hangup():
    """While LibreOffice runs in the background, a closed terminal (SIGHUP) or a `kill` (SIGTERM)
    ends the command through its `finally` blocks, as Ctrl+C does, instead of at once: an idle
    headless LibreOffice would otherwise run on for ever.  Returns what puts the old handlers back.
    (Only in the main thread of a POSIX process, where Python allows handlers.)"""
    import threading

    if os.name == "nt" or threading.current_thread() is not threading.main_thread():
        return lambda: None

    def leave(number, frame):
        raise SystemExit(128 + number)

    previous = {}
    for number in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(number) is signal.SIG_DFL:  # a handler someone else set is left alone
            previous[number] = signal.signal(number, leave)

    def restore():
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


def to_pdf(document: Path, timeout: int = TIMEOUT_SECONDS, force: bool = False,
           parts: list[Part] | None = None, office: Office | None = None) -> Path:
    """Convert a .docx beside itself, tagged (PDF/UA); returns the PDF's path.

    With `parts` (a pack), the PDF's page labels and bookmarks follow them.  With `office` (from
    `started`), the conversion is handed to that running LibreOffice; otherwise a LibreOffice is
    started for it alone, in a profile removed afterwards.  Either way it has `timeout` seconds.
    An existing PDF is replaced only if the tool made it (or its Word twin), unless `force`.
    """
    soffice = office.soffice if office is not None else find_soffice()
    if soffice is None:
        raise ConversionError(f"LibreOffice is not installed, so no PDF was made (the Word file "
                              f"{document.name} was written). {INSTALL_HINT}")
    document = Path(document)
    target = document.with_suffix(".pdf")
    files.check_replaceable(target, force)
    document = document.absolute()
    own_profile = None if office is not None else Path(tempfile.mkdtemp(prefix="meeting-packs-lo-",
                                                                        dir=profile_folder()))
    profile = office.profile if office is not None else own_profile
    work = Path(tempfile.mkdtemp(prefix="meeting-packs-pdf-"))
    try:
        command = [soffice, "--headless", "--norestore", "--nolockcheck",
                   f"-env:UserInstallation={profile.as_uri()}",
                   "--convert-to", export_filter(), "--outdir", str(work), str(document)]
        said = _convert(command, timeout, document.name, warm=bool(parts))
        produced = work / target.name
        if not produced.exists() or produced.stat().st_size == 0:
            if office is not None:  # the running instance did the work; what it said is written out as it ends
                try:
                    office.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
                if office.log.exists():
                    said = office.log.read_text(errors="replace") + "\n" + said
            detail = said.strip().splitlines()
            hint = f" LibreOffice said: {detail[-1]}" if detail else ""
            raise ConversionError(f"LibreOffice did not produce a PDF of {document.name}.{hint}")
        if parts:
            label_parts(produced, parts)
        return files.copy_file(produced, target)
    finally:
        if own_profile is not None:
            shutil.rmtree(own_profile, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


def _convert(command: list[str], timeout: int, name: str, warm: bool = False) -> str:
    """Run one `soffice --convert-to` within `timeout` seconds; returns what it printed.

    On a time-out, an error or Ctrl+C it is stopped with every process it started.  `warm`: pypdf
    is imported while LibreOffice works, so that the page labels that follow do not wait for it.
    """
    scratch = tempfile.TemporaryFile()
    try:
        try:
            process = _launch(command, scratch)
        except OSError as err:
            raise ConversionError(f"LibreOffice could not be started ({err}). {INSTALL_HINT}") from None
        try:
            if warm:
                import pypdf  # noqa: F401  (the import costs about a tenth of a second)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ConversionError(f"LibreOffice took longer than {timeout} seconds to convert "
                                  f"{name}; no PDF was made. Try again, or convert it in Word.") from None
        finally:
            _stop(process)
        scratch.seek(0)
        return scratch.read().decode(errors="replace")
    finally:
        scratch.close()


def _launch(command: list[str], output) -> subprocess.Popen:
    """Start a LibreOffice process in a process group of its own, its output (both streams) to `output`."""
    options: dict = {"stdin": subprocess.DEVNULL, "stdout": output, "stderr": subprocess.STDOUT}
    if os.name == "nt":
        options["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True  # its own group: Ctrl+C reaches us, and we stop all of it
    return subprocess.Popen(command, **options)


def _stop(process: subprocess.Popen, grace: float = 5.0) -> None:
    """Stop a LibreOffice process and the soffice.bin it started (a no-op once they have ended)."""
    if os.name == "nt":
        if process.poll() is None:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True)
    else:
        _signal_group(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        if os.name == "nt":
            process.kill()
        else:
            _signal_group(process.pid, signal.SIGKILL)
        process.wait()
    if os.name != "nt":  # soffice.bin may outlive its launcher for a moment
        _signal_group(process.pid, signal.SIGKILL)


def _signal_group(group: int, number: int) -> None:
    try:
        os.killpg(group, number)
    except (ProcessLookupError, PermissionError):
        pass


def part_pages(pdf: Path, parts: list[Part]) -> list[tuple[int, Part]]:
    """Each part's first page (from 0), found by its named destination; parts not found are left out."""
    from pypdf import PdfReader

    return _part_pages(PdfReader(str(pdf)), parts)


def _part_pages(reader, parts: list[Part]) -> list[tuple[int, Part]]:
    destinations = {name.lstrip("/"): value for name, value in reader.named_destinations.items()}
    found = []
    for part in parts:
        destination = destinations.get(part.destination)
        if destination is None:
            continue
        found.append((reader.get_destination_page_number(destination), part))
    return sorted(found, key=lambda pair: pair[0])


def label_parts(pdf: Path, parts: list[Part]) -> None:
    """Page labels and bookmarks for the pack's parts, appended to the PDF as an incremental update.

    LibreOffice writes a classic cross-reference table, so the update is appended as one: a new
    catalogue (LibreOffice's, with the page labels, our bookmarks and the page mode), the bookmark
    objects, their cross-reference section and a trailer that points back to LibreOffice's.  pypdf
    reads the file and writes each object; its own incremental writer copies every one of the
    file's objects first (about half a second for a 28-page pack), so it is used only for a file
    with a cross-reference stream.
    """
    from io import BytesIO

    from pypdf import PdfReader

    data = Path(pdf).read_bytes()
    reader = PdfReader(BytesIO(data))
    starts = _part_pages(reader, parts)
    if not starts:
        return
    previous = _last_xref(data)
    if previous is None or not data[previous:previous + 4] == b"xref":
        _label_parts_with_writer(pdf, starts)
        return
    update = _labels_update(reader, starts, len(data), previous)
    with open(pdf, "ab") as handle:  # the file is LibreOffice's, in our scratch folder
        handle.write(update)


def _label_ranges(starts: list[tuple[int, Part]], count: int) -> list[tuple[int, int, str]]:
    """(first page, last page, prefix) for every labelled range: pages before the first part (none
    in a pack) are numbered plainly, then each part from 1 with its prefix."""
    ranges = []
    if starts[0][0] > 0:
        ranges.append((0, starts[0][0] - 1, ""))
    bounds = [page for page, _ in starts[1:]] + [count]
    for (first, part), end in zip(starts, bounds):
        if end > first:
            ranges.append((first, end - 1, part.prefix))
    return ranges


def _labels_update(reader, starts: list[tuple[int, Part]], offset: int, previous: int) -> bytes:
    """The bytes of the incremental update (see `label_parts`), to be appended at `offset`."""
    from io import BytesIO

    from pypdf.generic import (ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject,
                               TextStringObject)

    trailer = reader.trailer
    root_ref = trailer.raw_get("/Root")
    size = int(trailer["/Size"])
    pages = reader.pages
    ranges = _label_ranges(starts, len(pages))
    nums = ArrayObject()
    for first, _, prefix in ranges:
        label = DictionaryObject({NameObject("/S"): NameObject("/D"), NameObject("/St"): NumberObject(1)})
        if prefix:
            label[NameObject("/P")] = TextStringObject(prefix)
        nums += [NumberObject(first), label]
    outlines = IndirectObject(size, 0, reader)
    items = [IndirectObject(size + 1 + index, 0, reader) for index in range(len(starts))]
    objects: list[tuple[int, int, DictionaryObject]] = [(size, 0, DictionaryObject({
        NameObject("/Type"): NameObject("/Outlines"), NameObject("/First"): items[0],
        NameObject("/Last"): items[-1], NameObject("/Count"): NumberObject(len(items))}))]
    for index, (first, part) in enumerate(starts):
        item = DictionaryObject({
            NameObject("/Title"): TextStringObject(part.title), NameObject("/Parent"): outlines,
            NameObject("/Dest"): ArrayObject([pages[first].indirect_reference, NameObject("/Fit")])})
        if index > 0:
            item[NameObject("/Prev")] = items[index - 1]
        if index < len(items) - 1:
            item[NameObject("/Next")] = items[index + 1]
        objects.append((size + 1 + index, 0, item))
    # LibreOffice's catalogue with our bookmarks in place of its heading list (every heading of every report)
    root = DictionaryObject(dict(trailer["/Root"].items()))
    root[NameObject("/PageLabels")] = DictionaryObject({NameObject("/Nums"): nums})
    root[NameObject("/Outlines")] = outlines
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    objects.insert(0, (root_ref.idnum, root_ref.generation, root))

    out = BytesIO()
    out.write(b"\n")
    positions = {}
    for number, generation, value in objects:
        positions[number] = (offset + out.tell(), generation)
        out.write(f"{number} {generation} obj\n".encode())
        value.write_to_stream(out)
        out.write(b"\nendobj\n")
    xref = offset + out.tell()
    out.write(b"xref\n0 1\n0000000000 65535 f \n")
    numbers = sorted(positions)
    runs: list[list[int]] = []
    for number in numbers:  # consecutive numbers share a subsection
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    for run in runs:
        out.write(f"{run[0]} {len(run)}\n".encode())
        for number in run:
            position, generation = positions[number]
            out.write(f"{position:010d} {generation:05d} n \n".encode())
    new_trailer = DictionaryObject({NameObject("/Size"): NumberObject(size + len(objects) - 1),
                                    NameObject("/Root"): root_ref, NameObject("/Prev"): NumberObject(previous)})
    for key in ("/Info", "/ID"):  # the title the viewer shows, and the file's identity, stay
        if key in trailer:
            new_trailer[NameObject(key)] = trailer.raw_get(key)
    out.write(b"trailer\n")
    new_trailer.write_to_stream(out)
    out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _last_xref(data: bytes) -> int | None:
    """The offset of the file's last cross-reference section (its last `startxref`), or None."""
    at = data.rfind(b"startxref")
    if at < 0:
        return None
    try:
        return int(data[at + len(b"startxref"):].split()[0])
    except (IndexError, ValueError):
        return None


def _label_parts_with_writer(pdf: Path, starts: list[tuple[int, Part]]) -> None:
    """The same update written by pypdf's incremental writer (slower; any kind of PDF)."""
    from pypdf import PdfWriter
    from pypdf.constants import PageLabelStyle
    from pypdf.generic import NameObject

    writer = PdfWriter(str(pdf), incremental=True)
    if writer.metadata is not None:  # named again, or the update's trailer would leave the title out
        writer.add_metadata(dict(writer.metadata))
    for first, last, prefix in _label_ranges(starts, len(writer.pages)):
        writer.set_page_label(first, last, PageLabelStyle.DECIMAL, prefix or None, 1)
    root = writer._root_object
    if "/Outlines" in root:
        del root[NameObject("/Outlines")]
    for first, part in starts:
        writer.add_outline_item(title=part.title, page_number=first)
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    def write(temp: Path) -> None:  # incremental: LibreOffice's bytes, then the new objects
        with open(temp, "wb") as handle:
            writer.write(handle)

    files.write_with(pdf, write)  # in the scratch folder; copied into place later
