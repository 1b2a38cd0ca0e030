"""A cache of registers already read and checked, keyed by the workbook's exact bytes.

Reading and checking a 50,000-row register takes seconds; most commands read
registers that have not changed since the last command.  After a workbook is
read, its sheets' model objects and problems are kept as JSON in
`out/.cache/`, named by the SHA-256 of the workbook's bytes, so any change to
the file (by the tool, by Excel, by a sync) simply misses the cache.

JSON, not pickle: a file in a shared folder must never be able to run code.
A cache file that is missing, damaged or from another version of the tool is
ignored and rebuilt; a folder that cannot be written just goes without.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import os
import tempfile
import typing
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import model
from .convert import Problem

VERSION = 2
_KINDS = {
    "Actions": model.Action, "History": model.HistoryEntry, "Risks": model.Risk,
    "Forward plan": model.PlanItem, "Meetings": model.Meeting, "Members": model.Member,
    "Attendance": model.AttendanceRecord,
}


def workbook_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _file(folder: Path, key: str, sheet: str, digest: str) -> Path:
    safe = sheet.lower().replace(" ", "-")
    return folder / f"{key}-{safe}-{digest[:32]}.json"


@lru_cache(maxsize=None)
def _decoders(cls) -> list[tuple[str, Any]]:
    """For each field, a function from its JSON value back to the Python value."""
    hints = typing.get_type_hints(cls, vars(model) | {"dt": dt})
    out = []
    for f in fields(cls):
        hint = hints[f.name]
        options = typing.get_args(hint) or (hint,)
        decode = None
        for option in options:
            if option is dt.datetime:
                decode = dt.datetime.fromisoformat
                break
            if option is dt.date:
                decode = dt.date.fromisoformat
                break
            if option is dt.time:
                decode = dt.time.fromisoformat
                break
            if isinstance(option, type) and issubclass(option, enum.Enum):
                decode = {member.value: member for member in option}.__getitem__
                break
        out.append((f.name, decode))
    return out


def _encode(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value


def load(folder: Path, key: str, sheet: str, digest: str) -> tuple[list, list[Problem]] | None:
    path = _file(folder, key, sheet, digest)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION or data.get("digest") != digest:
            return None
        cls = _KINDS[sheet]
        decoders = _decoders(cls)
        rows = data["rows"]
        names = [name for name, _ in decoders]
        if rows and any(len(values) != len(names) for values in rows):
            return None
        columns = [list(column) for column in zip(*rows)] if rows else [[] for _ in names]
        for index, (_, decode) in enumerate(decoders):
            if decode is not None:
                columns[index] = [None if v is None else decode(v) for v in columns[index]]
        # The values were checked when the cache was written; filling __dict__ directly skips
        # the frozen dataclass's per-field setattr, which dominates at 100,000 rows.
        new = object.__new__
        objects = []
        for values in zip(*columns):
            obj = new(cls)
            obj.__dict__.update(zip(names, values))
            objects.append(obj)
        problems = [Problem(*p) for p in data["problems"]]
        return objects, problems
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(folder: Path, key: str, sheet: str, digest: str, objects: list, problems: list[Problem]) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        names = [f.name for f in fields(_KINDS[sheet])]
        rows = [[_encode(getattr(obj, name)) for name in names] for obj in objects]
        text = json.dumps({"version": VERSION, "digest": digest, "rows": rows,
                           "problems": [[p.severity, p.where, p.message] for p in problems]},
                          ensure_ascii=False, separators=(",", ":"))
        target = _file(folder, key, sheet, digest)
        fd, temp = tempfile.mkstemp(prefix=".cache-", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, target)
        prefix = target.name[: -len(digest[:32]) - len(".json")]
        for old in folder.glob(f"{prefix}*.json"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full drive: work without the cache
