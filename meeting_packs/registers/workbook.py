"""The names the rest of the tool has always imported from here, now kept by job.

Reading is in `reading.py`, building the workbook in `writing.py`, the safe save
in `saving.py` and the check for what a rebuild would drop in `loss.py`.
"""

from ..files import digest as file_digest, lock_files, lock_owner  # noqa: F401
from .loss import content_that_would_be_lost  # noqa: F401
from .reading import BACKUP_FOLDER, SheetData, WorkbookData, new_workbook, read_workbook  # noqa: F401
from .saving import BACKUPS_KEPT, check_not_locked, make_backup, preflight, save_workbook  # noqa: F401
from .writing import MAX_TEXT, SheetStyles, build_openpyxl, check_text  # noqa: F401
