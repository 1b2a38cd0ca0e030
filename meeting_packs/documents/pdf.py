"""PDF through LibreOffice: a profile of its own each time, a time limit, and a real check.

LibreOffice exits 0 even when it wrote nothing, so success is a non-empty PDF
that was not there before.  LibreOffice writes into a scratch folder; the PDF
is copied into place through the file layer (files.copy_file).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .. import files
from ..errors import ConversionError

TIMEOUT_SECONDS = 180
_WINDOWS_PLACES = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                   r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
INSTALL_HINT = ("Install LibreOffice (https://www.libreoffice.org; on Debian or Ubuntu: "
                "sudo apt-get install libreoffice-writer-nogui fonts-liberation fonts-crosextra-carlito), "
                "or set MEETING_PACKS_SOFFICE to the full path of soffice.")


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


def to_pdf(document: Path, timeout: int = TIMEOUT_SECONDS, force: bool = False) -> Path:
    """Convert a .docx beside itself; returns the PDF's path.

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
                   "--convert-to", "pdf", "--outdir", str(work), str(document)]
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
        return files.copy_file(produced, target)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)

