"""The names the rest of the tool has always imported from here, now kept by job.

Reading is in `reading.py`, building the workbook in `writing.py`, the safe save
in `saving.py` and the check for what a rebuild would drop in `loss.py`.
"""

from ..files import digest as file_digest, lock_files, lock_owner
from .loss import content_that_would_be_lost
from .reading import BACKUP_FOLDER, SheetData, WorkbookData, new_workbook, read_workbook
from .saving import BACKUPS_KEPT, check_not_locked, make_backup, preflight, save_workbook
from .writing import MAX_TEXT, SheetStyles, build_openpyxl, check_text

__all__ = ["BACKUPS_KEPT", "BACKUP_FOLDER", "MAX_TEXT", "SheetData", "SheetStyles", "WorkbookData",
           "build_openpyxl", "check_not_locked", "check_text", "content_that_would_be_lost", "file_digest",
           "lock_files", "lock_owner", "make_backup", "new_workbook", "preflight", "read_workbook",
           "save_workbook"]
