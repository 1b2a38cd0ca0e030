"""Where a register is saved safely: one save, in this order, or nothing changes.

1. take our writer lock beside the register (`files.writer_lock`), so two
   officers saving at once take turns instead of one losing the other's change;
   `Workspace.editing` already holds it for the whole read → change → save;
2. clear temporary files an interrupted save left beside it;
3. refuse when Excel or LibreOffice has it open, when it changed since it was
   read, when it is read-only, or when it holds something the rebuild would
   drop (`loss.py`; unless forced);
4. build the new workbook (`writing.py`) in memory (`build_bytes`: a full disk
   then fails one write, never half-way through a zip), write it to a temporary
   file beside the register (`files.atomic_write`) and read it back
   (`verify_written`): every value, and every value typed in a column without a
   header, must come back as written;
   when only some rows changed and the file is in the shape this tool writes,
   `fastsave.py` copies the unchanged parts and rewrites only those rows instead,
   and reads its own copy back (a sheet with values in columns without a header,
   notes below the data or kept values is always rebuilt);
5. copy the current file into `backups/` (`make_backup`, through
   `files.copy_to_new_name`: a temporary copy, flushed, verified to open as a
   workbook holding the bytes that were read, and only then given a name no
   other save can take);
6. look once more that nobody changed the register meanwhile, then replace it
   in one step (a symbolic link stays a link: its target is replaced).

Old backups beyond the newest `keep` (default 20; `[workspace] backups = N` in
boards.toml) are removed only after a save succeeded, and a refused save
removes only the backup it made itself (README, "What the tool guarantees";
guides/reliability.md).
"""

from __future__ import annotations

import datetime as dt
import os
import io
import stat
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .. import files
from . import as_saved
from ..errors import ContentWouldBeLost, FileChanged, MeetingPacksError, RegisterError, cell_location
from .loss import content_that_would_be_lost
from .reading import BACKUP_FOLDER, SheetData, WorkbookData, cannot_open, read_workbook, unreadable
from .writing import SheetStyles, build_openpyxl, excel_value

BACKUPS_KEPT = 20
_local = threading.local()   # per thread: registers whose writer lock it holds, and how deeply


def _key(path: Path) -> Path:
    return Path(os.path.abspath(files.real_target(Path(path))))


@contextmanager
def register_lock(path: Path, wait: float | None = None,
                  warn: Callable[[str], None] | None = None) -> Iterator[None]:
    """`files.writer_lock` on a register, re-entrant within one thread.

    `Workspace.editing` holds it for read → change → save, and the save inside
    takes it again; a save made without `editing` still holds it while it writes.
    """
    key = _key(path)
    _held = _local.__dict__.setdefault("held", {})
    if _held.get(key):
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
    else:
        with files.writer_lock(key, wait=wait, warn=warn):
            _held[key] = 1
            try:
                yield
            finally:
                del _held[key]


def check_not_locked(path: Path) -> None:
    """Refuse while Excel or LibreOffice has the register open (their lock file is beside it)."""
    files.check_not_open(files.real_target(Path(path)), "Excel or LibreOffice")


def _check_read_only(path: Path) -> None:
    # the file's own read-only setting, which os.access ignores for an administrator
    if path.exists() and not stat.S_IMODE(path.stat().st_mode) & 0o222:
        raise files.FileWriteError(f"{path.name} is read-only, so I did not save it. Clear its "
                                   "read-only setting (File Properties) if it should be changed, "
                                   "or ask whoever made it read-only.")


def preflight(data: WorkbookData, force: bool = False) -> None:
    """The checks made before a register on disk is overwritten: lock, change since read, read-only, loss."""
    path = data.path
    check_not_locked(path)
    try:
        same = data.digest is not None and files.digest(path) == data.digest
    except OSError as err:
        raise cannot_open(path, err) from None
    if not same:
        raise FileChanged(f"{path.name} was changed by someone else while I was working. Nothing "
                          "was saved; run the command again to work on the new version.")
    _check_read_only(files.real_target(path))
    if not force:
        try:
            # a sheet byte for byte as the tool wrote it holds nothing the tool would drop
            lost = content_that_would_be_lost(files.real_target(path), [s.name for s in data.spec.sheets],
                                              trusted=data.as_saved)
        except MeetingPacksError:
            raise
        except (KeyboardInterrupt, SystemExit, MemoryError):
            raise
        except Exception as err:  # a part the reader accepted but the XML parser does not
            raise unreadable(path, f"it is damaged ({type(err).__name__}: {err})") from None
        if lost:
            raise ContentWouldBeLost(
                f"{path.name} holds things this tool cannot keep: {'; '.join(lost)}. Nothing was "
                "saved. Move them to another workbook, or run again with --force to save "
                "without them (a backup is kept).")


def _rows_equal(expected: SheetData, actual: SheetData, path: Path) -> str | None:
    """None when every written value reads back the same; else the first difference."""
    if len(expected.rows) != len(actual.rows):
        return f"sheet {expected.spec.name}: {len(expected.rows)} rows written, {len(actual.rows)} read back"
    columns = {c.header: c for c in expected.spec.columns}
    for index, (want, got) in enumerate(zip(expected.rows, actual.rows)):
        if want == got:
            continue  # the same values, so the same cells: no need to look one by one
        for header in expected.headers:
            a, _ = excel_value(want.get(header), columns.get(header))
            b, _ = excel_value(got.get(header), columns.get(header))
            if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
                if abs((a - b).total_seconds()) < 1:
                    continue
            if isinstance(a, dt.datetime) and isinstance(b, dt.date) and not isinstance(b, dt.datetime):
                b = dt.datetime.combine(b, dt.time())
            if a != b and not (isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) < 1e-9):
                return (f"{cell_location(path, expected.spec.name, index + 2, header)}: "
                        f"wrote {a!r}, read back {b!r}")
    return None


def _strays_equal(expected: SheetData, actual: SheetData, path: Path) -> str | None:
    """None when the values typed in columns without a header read back the same, row by row."""
    if len(expected.below) != len(actual.below):
        return (f"sheet {expected.spec.name}: {len(expected.below)} row(s) of notes below the data written, "
                f"{len(actual.below)} read back")
    pairs = list(zip(expected.rows, actual.rows)) + [(a, b) for (_, a), (_, b) in zip(expected.below, actual.below)]
    for index, (want, got) in enumerate(pairs):
        a = [v for _, v in sorted(getattr(want, "stray", {}).items())]
        b = [v for _, v in sorted(getattr(got, "stray", {}).items())]
        if len(a) != len(b) or any(x != y and excel_value(x, None)[0] != excel_value(y, None)[0]
                                   for x, y in zip(a, b)):
            return (f"{cell_location(path, expected.spec.name, index + 2)}: values in columns without "
                    f"a header wrote {a!r}, read back {b!r}")
    return None


def check_strays_kept(data: WorkbookData) -> None:
    """Refuse a save whose change removed a row holding a value typed in a column without a header."""
    for name, sheet in data.sheets.items():
        if not sheet.stray_cells:
            continue
        present = {id(row) for row in sheet.rows} | {id(row) for _, row in sheet.below}
        for cell, row in sheet.stray_cells:
            if id(row) not in present:
                raise ContentWouldBeLost(
                    f"{cell_location(data.path, name)}: cell {cell} holds a value in a column without a "
                    "header, beside a row this change would remove. Nothing was saved. Move the value "
                    "into the row's own columns or another workbook, then run the command again.")


def build_bytes(data: WorkbookData, lists: dict[str, list[str]], styles: SheetStyles) -> bytes:
    """The new workbook as bytes, built in memory: openpyxl writing a zip straight to a full disk
    fails half-way and then prints a traceback from `ZipFile.__del__` (issue 10, finding 5)."""
    book = build_openpyxl(data, lists, styles)
    buffer = io.BytesIO()
    try:
        book.save(buffer)
    except OSError as err:  # openpyxl reads its own resources; never from the register
        raise files.os_problem(err, data.path) from None
    return buffer.getvalue()


def verify_written(data: WorkbookData, temp: Path) -> None:
    """Read the written copy back: every value must come back as it was written."""
    path = data.path
    check = read_workbook(data.spec, temp)
    for name, sheet in data.sheets.items():
        problem = _rows_equal(sheet, check.sheets[name], path) or _strays_equal(sheet, check.sheets[name], path)
        if problem:
            raise RegisterError(f"{path.name} was not saved: checking the new copy found "
                                f"{problem}. The register is unchanged.")


def save_workbook(data: WorkbookData, lists: dict[str, list[str]], styles: SheetStyles,
                  force: bool = False, now: dt.datetime | None = None,
                  keep: int | None = None) -> Path | None:
    """Save safely (the order is in this module's docstring); returns the backup made (None for a new file)."""
    path = data.path
    if len(data.sheets) != len(data.spec.sheets):
        raise RegisterError(f"{path.name} was read in part and cannot be saved (a bug: please report it).")
    check_strays_kept(data)
    # written anew by a save that writes only what changed, never carried over (`as_saved.py`)
    data.properties.pop(as_saved.PROPERTY, None)
    try:
        files.real_target(path).parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise files.os_problem(err, path) from None
    with register_lock(path):
        target = files.real_target(path)
        # we hold the writer lock, so a temporary file beside the register is an interrupted save's
        files.remove_stale_temps(target.parent, target.stem, older_than=0)
        files.remove_stale_temps(path.parent / BACKUP_FOLDER, path.stem, older_than=0)
        exists = target.exists()
        if exists:
            preflight(data, force)
        elif data.digest is not None:
            raise FileChanged(f"{path.name} was deleted or moved while I was working. Nothing was saved.")
        backup = None
        try:
            with files.atomic_write(target, check_open=False) as temp:
                if not _changes_only(data, lists, styles, target, temp, allowed=exists and not force):
                    data.load_deferred()  # the rebuild writes every row
                    content = build_bytes(data, lists, styles)
                    try:
                        temp.write_bytes(content)
                    except OSError as err:
                        raise files.os_problem(err, target) from None
                    del content
                    verify_written(data, temp)
                if exists:
                    backup = make_backup(path, now, expect=data.digest)
                    if files.digest(target) != data.digest:
                        raise FileChanged(f"{path.name} was changed by someone else while I was "
                                          "saving. Nothing was saved; run the command again.")
                    check_not_locked(target)
        except BaseException:
            if backup is not None:
                backup.unlink(missing_ok=True)  # ours alone: its name was taken exclusively
            raise
        data.digest = files.digest(target)
        # what was known of the file read is not known of the one written (`as_saved.py`)
        data.as_saved, data.saved_record = frozenset(), None
        if backup is not None:
            _prune(backup, path.stem, keep)
        return backup


def _changes_only(data: WorkbookData, lists: dict[str, list[str]], styles: SheetStyles,
                  target: Path, temp: Path, allowed: bool) -> bool:
    """Write only what changed into `temp` when that gives what the rebuild would (`fastsave.py`,
    which reads its copy back itself): True.  False, for the caller to rebuild the whole
    workbook, when not `allowed` (a new file, or forced, which drops content) or when a sheet
    holds what only the rebuild writes back: values in columns without a header, notes below
    the data, or `Kept` values (error cells, durations, numbers in date columns), and when a
    cell may hold a control character, which the rebuild refuses wherever it is."""
    if not allowed:
        return False
    if any(sheet.stray_cells or sheet.below or sheet.kept_cells for sheet in data.sheets.values()):
        return False
    if data.control_escapes:  # the rebuild checks every cell and names the one to retype
        return False
    from .fastsave import write_changed

    return write_changed(data, lists, styles, target, temp)


def make_backup(path: Path, now: dt.datetime | None = None, expect: str | None = None) -> Path:
    """Copy the register into `backups/` under a name of its own; verified before it counts.

    `files.copy_to_new_name` copies to a temporary file first and flushes it to disk;
    the copy must open as a workbook with every part intact (and hold the bytes
    `expect`ed, the version that was read); only then is it given its name, with a
    link that fails rather than overwrite, so two saves in one second (even from two
    computers) never share a backup, and a full disk never leaves a cut-short one.
    """
    path = Path(path)
    folder = path.parent / BACKUP_FOLDER
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d %H%M%S")

    def verify(copy: Path) -> None:
        if expect is not None and files.digest(copy) == expect:
            # the bytes this command read, every part of which it has read through whole (each
            # part's checksum checked on the way, by `_check_parts` or, for a sheet part as the
            # tool wrote it, by calamine): the same bytes need no second look
            return
        try:
            with zipfile.ZipFile(copy) as package:
                damaged = package.testzip()
        except Exception as err:  # BadZipFile, zlib.error, …: the copy is not a workbook
            damaged = f"{type(err).__name__}: {err}"
        if damaged:
            raise RegisterError(f"{path.name} was not saved: its backup copy in {BACKUP_FOLDER}/ did "
                                f"not read back as a workbook ({damaged}). Check the drive has space "
                                "and run the command again.")
        if expect is not None:  # a workbook, but not the bytes that were read
            raise FileChanged(f"{path.name} was changed by someone else while I was saving. "
                              "Nothing was saved; run the command again.")

    return files.copy_to_new_name(path, folder, f"{path.stem} {stamp}", path.suffix, verify)


def _prune(keep: Path, stem: str, count: int | None = None) -> None:
    """Remove the oldest backups beyond the newest `count`; never the one just made."""
    folder = keep.parent
    try:
        old = sorted(folder.glob(f"{stem} *{keep.suffix}"), key=lambda p: p.stat().st_mtime)
        for stale in old[:-max(BACKUPS_KEPT if count is None else count, 1)]:
            if stale != keep:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # pruning is tidying: a backup that cannot be removed now is removed next time
