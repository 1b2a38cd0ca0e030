"""The one file layer: every file the tool writes goes through here.

- `atomic_write` / `write_bytes` / `write_text` / `copy_file`: a temporary file
  beside the target, flushed to disk, then one `os.replace`; a failure at any
  step leaves the target as it was and no temporary file behind.
- `check_not_open`: the lock files Excel, Word and LibreOffice leave beside a
  file they have open (`~$name`, `.~lock.name#`), with the user they name.
- `writer_lock`: our own exclusive lock beside a register, made with
  O_CREAT | O_EXCL as git makes `index.lock` (it works on SMB shares), so that
  several officers saving the same register take turns.
- `digest`: the SHA-256 of a file's bytes.

Every OS failure a user can meet (a file held open, a full disk, a read-only
folder, a name too long) becomes one `MeetingPacksError` sentence naming the
file and saying what to do.
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import hashlib
import json
import os
import shutil
import socket
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from .errors import FileLocked, MeetingPacksError

LOCK_SUFFIX = ".lock"
LOCK_WAIT_SECONDS = 10.0
LOCK_STALE_SECONDS = 5 * 60
# a lock file without a holder in it, seen so by the waiting writer itself for this long (its own clock, not
# the file's time, which on a network share is the server's): a writer stopped between making the file and
# writing its name into it (a kill, a power cut), for a writer writes it at once after making it
LOCK_EMPTY_STALE_SECONDS = 5.0
TEMP_MARK = ".tmp"


class FileWriteError(MeetingPacksError):
    """The operating system refused to write a file (disk full, read-only folder, …)."""


def digest(path: Path) -> str:
    """SHA-256 of the file's bytes, read in blocks."""
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------ other programs' lock files

MAX_NAME = 255  # characters in one file or folder name, on Windows and on most Linux file systems


def check_name_length(path: Path) -> None:
    """Refuse a path with a name longer than any drive allows, before the OS says it in errno terms.

    (Looking at such a path, even to ask whether it exists, raises an OSError.)
    """
    parts = Path(path).parts
    for index, part in enumerate(parts):
        if len(part) > MAX_NAME or len(part.encode("utf-8", "surrogateescape")) > MAX_NAME:
            raise os_problem(OSError(errno.ENAMETOOLONG, "File name too long"), Path(*parts[:index + 1]))


def lock_files(path: Path) -> list[Path]:
    """Excel's and Word's `~$name` (first two characters dropped when long) and LibreOffice's `.~lock.name#`."""
    path = Path(path)
    check_name_length(path)
    candidates = [path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:]),
                  path.with_name(f".~lock.{path.name}#")]
    return [p for p in dict.fromkeys(candidates) if p.exists()]


def lock_owner(lock: Path) -> str | None:
    """The user name recorded in an Office or LibreOffice lock file, when it says."""
    try:
        data = lock.read_bytes()[:512]
    except OSError:
        return None
    if lock.name.startswith(".~lock."):
        # "Full name,login,host,date,profile;": the full name (when LibreOffice knows it) is
        # the one colleagues recognise; the login is the fallback
        text = data.decode("utf-8", "replace").split(",")
        name = text[0].strip() or (text[1].strip() if len(text) > 1 else "")
    elif data:
        length = data[0]
        name = data[1:1 + length].decode("latin-1", "replace").strip("\x00 ")
    else:
        name = ""
    return printable(name) or None


def printable(text: str) -> str:
    """Text from a file, safe to put in a one-line message: control characters become spaces."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def check_not_open(path: Path, program: str = "another program", hint: str = "") -> None:
    """Refuse when a lock file says another program has the file open."""
    for lock in lock_files(path):
        owner = lock_owner(lock)
        who = f" by {owner}" if owner else ""
        raise FileLocked(f"{Path(path).name} is open{who} in {program} (lock file {lock.name}). Close "
                         f"it and run the command again{hint}. If nobody has it open, the lock was "
                         f"left by a crash: delete {lock.name} and try again.")


def held_open(path: Path, hint: str = "") -> FileLocked:
    """What Windows says by refusing a replace: another program holds the file open."""
    return FileLocked(f"{Path(path).name} is open in another program, so it could not be replaced. "
                      f"Nothing was written: close it and run the command again{hint}.")


# ------------------------------------------------------------------ OS failures in words

def os_problem(err: OSError, path: Path, hint: str = "") -> MeetingPacksError:
    """One sentence for an OS failure while writing `path`."""
    name = Path(path).name
    code = getattr(err, "errno", None)
    if isinstance(err, PermissionError) or code in (errno.EACCES, errno.EPERM):
        return FileWriteError(f"{name} could not be written in {Path(path).parent}: permission denied "
                              "(the folder or file is read-only, or another program has it open). "
                              "Check you can save files there, or choose another folder.")
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return FileWriteError(f"{name} could not be written: the disk is full. Free some space "
                              "and run the command again. Nothing was changed.")
    if code == errno.EROFS:
        return FileWriteError(f"{name} could not be written: {Path(path).parent} is on a read-only "
                              "drive. Choose another folder.")
    if code == errno.ENAMETOOLONG:
        return FileWriteError(f"{name[:60]}… could not be written: the name or path is too long. "
                              "Use a shorter file name or a folder nearer the top of the drive.")
    if code in (errno.ENOTDIR, errno.EISDIR, errno.EEXIST):
        return FileWriteError(f"{name} could not be written: {path} is a folder, or a folder "
                              "in the path is a file. Choose another output path.")
    if code == errno.ENOENT:
        return FileWriteError(f"{name} could not be written: the folder {Path(path).parent} "
                              "does not exist and could not be made.")
    return FileWriteError(f"{name} could not be written ({err.strerror or err}). Check the drive "
                          "is reachable and run the command again.")


# ------------------------------------------------------------------ atomic writes

def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def real_target(path: Path) -> Path:
    """The file a write really replaces: a symbolic link's target (the link stays)."""
    path = Path(path)
    if path.is_symlink():
        return Path(os.path.realpath(path))
    return path


def _check_writable(path: Path) -> None:
    # no write bit at all is how Windows' read-only attribute shows; root could write it anyway
    if path.is_file() and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        raise FileWriteError(f"{path.name} is read-only, so I did not replace it. Clear its "
                             "read-only setting (File Properties) or choose another file.")
    if path.is_dir():
        raise FileWriteError(f"{path} is a folder, not a file. Give a file name.")


def remove_stale_temps(folder: Path, stem: str, older_than: float = 60.0) -> None:
    """Temporary files our interrupted writes left (`.stem-….tmp…`) are removed."""
    now = time.time()
    try:
        for temp in folder.glob(f".{stem}-*{TEMP_MARK}*"):
            try:
                if now - temp.stat().st_mtime > older_than:
                    temp.unlink()
            except OSError:
                pass
    except OSError:
        pass


@contextmanager
def atomic_write(path: Path, hint: str = "", mode: int | None = None,
                 check_open: bool = True, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `path`; when the block ends, it replaces `path` in one step.

    The caller writes the temporary file (by name); its bytes are flushed to disk
    before the replace, unless `durable` is False (a file the tool can make again and
    checks when it reads it: the register cache, where a flush on a network drive
    costs more than the file is worth).  The new file keeps the old one's permissions,
    or gets the folder's usual ones (never private to the writer).  On any failure the
    temporary file is removed and `path` is untouched.
    """
    check_name_length(Path(path))
    target = real_target(Path(path))
    if check_open:
        check_not_open(target, hint=hint)
    _check_writable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.stem[:40]}-", suffix=TEMP_MARK + target.suffix,
                                         dir=target.parent)
        os.close(fd)
    except OSError as err:
        raise os_problem(err, target, hint) from None
    temp = Path(temp_name)
    try:
        yield temp
        try:
            if durable:
                with open(temp, "rb+") as handle:
                    os.fsync(handle.fileno())
            if mode is None:
                mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask()
            os.chmod(temp, mode)
            os.replace(temp, target)
        except PermissionError as err:
            if target.exists() and os.access(target.parent, os.W_OK):
                raise held_open(target, hint) from None  # Windows: another program has it open
            raise os_problem(err, target, hint) from None
        except OSError as err:
            raise os_problem(err, target, hint) from None
    except BaseException:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass
        raise


def write_bytes(path: Path, data: bytes, hint: str = "", durable: bool = True) -> Path:
    with atomic_write(path, hint, durable=durable) as temp:
        try:
            temp.write_bytes(data)
        except OSError as err:
            raise os_problem(err, path, hint) from None
    return Path(path)


def write_text(path: Path, text: str, hint: str = "", durable: bool = True) -> Path:
    return write_bytes(path, text.encode("utf-8"), hint, durable)


def write_with(path: Path, writer: Callable[[Path], None], hint: str = "") -> Path:
    """`writer(temp_path)` writes the new content (a document's `save`, say), then it replaces `path`."""
    with atomic_write(path, hint) as temp:
        try:
            writer(temp)
        except OSError as err:
            raise os_problem(err, path, hint) from None
    return Path(path)


def copy_file(source: Path, target: Path, hint: str = "") -> Path:
    """Copy a file the tool built elsewhere (a scratch folder) into place atomically."""
    return write_with(target, lambda temp: shutil.copyfile(source, temp), hint)


def copy_to_new_name(source: Path, folder: Path, base: str, suffix: str,
                     verify: Callable[[Path], None] | None = None) -> Path:
    """Copy `source` into `folder` as `base+suffix` (or `base (2)+suffix`, …), never over a file.

    The copy is written to a temporary file, flushed to disk and handed to `verify`
    (which raises if it is not good) before it gets its name, so a full disk or a
    cut-short copy never leaves a file under the final name; the name is taken with a
    link that fails if it exists, so two writers (even on two computers) never share one.
    """
    try:
        folder.mkdir(exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=f".{Path(source).stem[:40]}-", suffix=TEMP_MARK + suffix,
                                         dir=folder)
        os.close(fd)
    except OSError as err:
        raise os_problem(err, folder / Path(source).name) from None
    temp = Path(temp_name)
    try:
        try:
            shutil.copyfile(source, temp)
            shutil.copystat(source, temp)
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
        except OSError as err:
            raise os_problem(err, folder / Path(source).name) from None
        if verify is not None:
            verify(temp)
        return _place_new(temp, folder, base, suffix)
    finally:
        try:
            temp.unlink(missing_ok=True)
        except OSError:
            pass


def _place_new(temp: Path, folder: Path, base: str, suffix: str) -> Path:
    """Give the verified copy the first free name: `base.ext`, `base (2).ext`, …"""
    counter = 1
    while True:
        target = folder / (f"{base}{suffix}" if counter == 1 else f"{base} ({counter}){suffix}")
        try:
            os.link(temp, target)  # fails if the name exists: never overwrites
            return target
        except FileExistsError:
            counter += 1
            continue
        except OSError:
            pass  # a drive without hard links (FAT, some shares): claim the name, then fill it
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            counter += 1
            continue
        except OSError as err:
            raise os_problem(err, target) from None
        try:
            os.replace(temp, target)
        except OSError as err:
            target.unlink(missing_ok=True)
            raise os_problem(err, target) from None
        return target


# ------------------------------------------------------------------ our own writer lock

def _holder() -> dict:
    try:
        user = getpass.getuser()
    except Exception:  # no login name (a service account, say)
        user = "unknown user"
    return {"user": user, "machine": socket.gethostname(), "pid": os.getpid(),
            "time": dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")}


def _read_holder(lock: Path) -> dict:
    try:
        found = json.loads(lock.read_text(encoding="utf-8")[:2000])
        return found if isinstance(found, dict) else {}
    except (OSError, ValueError):
        return {}


def _describe(holder: dict) -> str:
    user = printable(str(holder.get("user") or "someone"))
    machine = printable(str(holder.get("machine") or ""))
    since = printable(str(holder.get("time") or ""))
    return user + (f" on {machine}" if machine else "") + (f" since {since}" if since else "")


def _is_stale(lock: Path, holder: dict) -> bool:
    try:
        age = time.time() - lock.stat().st_mtime
    except OSError:
        return False
    if age > LOCK_STALE_SECONDS:
        return True
    if holder.get("machine") == socket.gethostname() and isinstance(holder.get("pid"), int):
        try:
            os.kill(holder["pid"], 0)
        except ProcessLookupError:
            return True  # the process that made it has gone
        except (PermissionError, OSError):
            return False
    return False


def _file_state(lock: Path) -> tuple | None:
    try:
        found = lock.stat()
    except OSError:
        return None
    return found.st_ino, found.st_size, found.st_mtime_ns


@contextmanager
def writer_lock(path: Path, wait: float | None = None,
                warn: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold `.NAME.lock` beside `path` for the whole read → change → save.

    A second writer waits up to `wait` seconds for its turn, then stops naming
    the holder.  A lock left by a crash (its process gone, or older than five
    minutes, or seen empty for five seconds) is taken over, with a warning.
    """
    target = real_target(Path(path))
    lock = target.with_name(f".{target.name}{LOCK_SUFFIX}")
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    deadline = time.monotonic() + wait
    payload = json.dumps(_holder()).encode("utf-8")
    delay = 0.02
    empty: tuple | None = None   # the lock seen empty: (the file as then, when first seen so)
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666 & ~_umask())
        except FileExistsError:
            holder = _read_holder(lock)
            if not holder:
                # empty for as long as this writer has watched it, by its own clock: the file's time may be
                # a server's running behind this computer's, making a lock being written look old
                seen = _file_state(lock)
                if empty is None or empty[0] != seen:
                    empty = (seen, time.monotonic())
            else:
                empty = None
            if _is_stale(lock, holder) or (
                    empty is not None and time.monotonic() - empty[1] >= LOCK_EMPTY_STALE_SECONDS):
                try:
                    os.unlink(lock)
                except FileNotFoundError:
                    pass
                except OSError as err:
                    raise os_problem(err, lock) from None
                if warn is not None:
                    warn(f"{target.name} was locked by {_describe(holder)}, whose command "
                         "did not finish; I took the lock over.")
                empty = None
                continue
            if time.monotonic() >= deadline:
                raise FileLocked(f"{target.name} is being saved by {_describe(holder)} "
                                 f"(lock file {lock.name}). Nothing was changed: run the command "
                                 "again in a moment. If nobody is using the tool, the lock was left "
                                 f"by a crash: delete {lock.name}.") from None
            time.sleep(delay)
            delay = min(delay * 2, 0.25)
            continue
        except OSError as err:
            raise os_problem(err, lock) from None
        try:
            os.write(fd, payload)
        except OSError as err:  # a full disk: an empty lock would block everyone for minutes
            os.close(fd)
            try:
                os.unlink(lock)
            except OSError:
                pass
            raise os_problem(err, lock) from None
        os.close(fd)
        break
    try:
        yield
    finally:
        try:
            os.unlink(lock)
        except OSError:
            pass


# ------------------------------------------------------------------ outputs replace only our own files

TOOL_NAME = "meeting-packs"
_OURS_HEADER = b"X-Meeting-Packs:"


def made_by_tool(path: Path) -> bool:
    """Whether an existing file is one the tool wrote (so an output may replace it).

    A Word document says so in its author property ("meeting-packs"); a PDF is
    ours when the Word document it was made from (same name, .docx) is ours or
    its own metadata names the tool; an email draft carries our header.
    """
    import zipfile

    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            with zipfile.ZipFile(path) as package:
                core = package.read("docProps/core.xml")[:20000]
            return _creator_is_tool(core)
        if suffix == ".pdf":
            twin = path.with_suffix(".docx")
            if twin.is_file() and made_by_tool(twin):
                return True
            with open(path, "rb") as handle:
                head = handle.read(1 << 16)
                handle.seek(max(0, path.stat().st_size - (1 << 16)))
                tail = handle.read()
            needles = (TOOL_NAME.encode(), TOOL_NAME.encode("utf-16-be"))
            return head.startswith(b"%PDF") and any(n in head or n in tail for n in needles)
        if suffix == ".eml":
            with open(path, "rb") as handle:
                return _OURS_HEADER in handle.read(8192)
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile, RuntimeError, Exception):
        return False
    return False


def _creator_is_tool(core_xml: bytes) -> bool:
    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(core_xml)
    except Exception:  # damaged or foreign XML: not ours
        return False
    for element in root.iter("{http://purl.org/dc/elements/1.1/}creator"):
        if (element.text or "").strip() == TOOL_NAME:
            return True
    return False


def check_replaceable(path: Path, force: bool = False, protected: tuple[Path, ...] = ()) -> None:
    """An output may only replace a file the tool made, unless `force` (guarantee 17).

    `protected` files and folders (the registers, boards.toml, templates,
    reports) are refused even when the file looks like ours.
    """
    path = Path(path)
    check_name_length(path)
    if path.is_dir():
        raise FileWriteError(f"{path} is a folder. Give a file name for the output, or use "
                             "--output-dir for a folder.")
    if not path.exists() or force:
        return
    real = Path(os.path.realpath(path))
    for guarded in protected:
        guarded = Path(os.path.realpath(guarded))
        if real == guarded or guarded in real.parents:
            raise FileWriteError(f"{path.name} is one of the workspace's own files ({guarded.name}); "
                                 "an output must not replace it. Choose another output file.")
    if not made_by_tool(path):
        raise FileWriteError(f"{path.name} already exists and was not made by meeting-packs, so I did "
                             "not replace it. Choose another output file, or add --force to "
                             "replace it.")
