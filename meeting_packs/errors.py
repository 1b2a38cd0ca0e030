"""The one exception root and its families.

Every message is a sentence a democratic services officer can act on: it names
the file (and sheet, row and column where there is one) and says what to do.
"""

from __future__ import annotations

from pathlib import Path


class MeetingPacksError(Exception):
    """Something the user can fix; the CLI prints it as one line and exits with `exit_code`
    (1 here; a family that means something else to a script sets its own)."""

    exit_code = 1


class ConfigError(MeetingPacksError):
    """boards.toml is missing, unreadable or has a wrong value."""


class WorkspaceError(MeetingPacksError):
    """The workspace folder is missing or not a workspace."""


class InputError(MeetingPacksError):
    """A value typed on the command line is not acceptable."""

    exit_code = 2  # as a usage error: the command was not run


class NotFound(MeetingPacksError):
    """A board, meeting, member or reference does not exist."""


class RegisterError(MeetingPacksError):
    """A register workbook cannot be read or has bad content."""


class FileChanged(RegisterError):
    """The workbook changed on disk since it was read."""


class FileLocked(MeetingPacksError):
    """Someone has the file open in Excel, Word or LibreOffice."""


class ContentWouldBeLost(RegisterError):
    """Saving would drop something the tool cannot keep (needs --force)."""


class TemplateError(MeetingPacksError):
    """A Word template is broken, unsafe or asks for an unknown field."""


class DocumentError(MeetingPacksError):
    """A report or minutes document cannot be used."""


class ConversionError(MeetingPacksError):
    """LibreOffice could not convert a document to PDF."""


def cell_location(path: Path | str, sheet: str | None = None, row: int | None = None,
                  column: str | None = None) -> str:
    """'actions.xlsx, sheet Actions, row 4, column Due date' — the place a message points at."""
    parts = [Path(path).name]
    if sheet:
        parts.append(f"sheet {sheet}")
    if row is not None:
        parts.append(f"row {row}")
    if column:
        parts.append(f"column {column}")
    return ", ".join(parts)
