"""A cache of registers already read and checked, keyed by the workbook's exact bytes.

Reading and checking a 50,000-row register takes seconds; most commands read
registers that have not changed since the last command.  After a workbook is
read, its sheets' model objects and problems are kept as JSON in
`out/.cache/`, named by the SHA-256 of the workbook's bytes, so any change to
the file (by the tool, by Excel, by a sync) simply misses the cache.

JSON, not pickle: a file in a shared folder must never be able to run code.
A cache file that is missing, damaged or from another version of the tool is
ignored and rebuilt; a folder that cannot be written just goes without.  So its
files are written in one step but not flushed to disk (`files.atomic_write(durable=
False)`): one lost in a power cut is only read again.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import typing
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import files, model
from ..errors import MeetingPacksError
from .convert import SHEET_MODELS, Problem

VERSION = 4  # 4: problems include the cells `loss.cell_problems` reports


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
                if model.OtherPurpose in options:  # a board's own purpose, kept as typed
                    decode = _or_other(decode)
                break
        out.append((f.name, decode))
    return out


def _or_other(decode):
    def either(value):
        try:
            return decode(value)
        except KeyError:
            return model.OtherPurpose(value)

    return either


def _problems_file(folder: Path, key: str, sheet: str, digest: str) -> Path:
    target = _file(folder, key, sheet, digest)
    return target.with_name(target.stem + ".problems.json")


def load_problems(folder: Path, key: str, sheet: str, digest: str) -> list[Problem] | None:
    """Only the problems found in a sheet (for `check`, which need not build every object)."""
    try:
        data = json.loads(_problems_file(folder, key, sheet, digest).read_text(encoding="utf-8"))
        if data.get("version") != VERSION or data.get("digest") != digest:
            return None
        return [Problem(*p) for p in data["problems"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load(folder: Path, key: str, sheet: str, digest: str,
         keep: tuple[str, set[str]] | None = None) -> tuple[list, list[Problem]] | None:
    """The sheet's objects and problems, or None on a miss.

    `keep` = (field, values) keeps only rows whose field is one of the values
    (one board's rows, or one board's history), before any object is built.
    """
    problems = load_problems(folder, key, sheet, digest)
    if problems is None:
        return None
    try:
        data = json.loads(_file(folder, key, sheet, digest).read_text(encoding="utf-8"))
        if data.get("version") != VERSION or data.get("digest") != digest:
            return None
        cls = SHEET_MODELS[sheet].model
        decoders = _decoders(cls)
        names = [name for name, _ in decoders]
        columns = data["columns"]
        if len(columns) != len(names) or len({len(c) for c in columns}) > 1:
            return None
        if keep is not None:
            position = names.index(keep[0])
            wanted = keep[1]
            chosen = [i for i, value in enumerate(columns[position]) if value in wanted]
            columns = [[column[i] for i in chosen] for column in columns]
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
        return objects, problems
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(folder: Path, key: str, sheet: str, digest: str, objects: list, problems: list[Problem]) -> None:
    names = [f.name for f in fields(SHEET_MODELS[sheet].model)]
    store_columns(folder, key, sheet, digest, {name: [getattr(obj, name) for obj in objects] for name in names},
                  problems)


def store_columns(folder: Path, key: str, sheet: str, digest: str, columns: dict[str, list],
                  problems: list[Problem]) -> None:
    """Keep a sheet's objects, given as columns (field → values, `convert.convert_columns`), and problems."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        cls = SHEET_MODELS[sheet].model
        encoded = []
        for name, decode in _decoders(cls):
            values = columns[name]
            if decode is not None:  # only dates, times and choices need turning into text
                values = _encode(values)
            encoded.append(values)
        target = _file(folder, key, sheet, digest)
        head = json.dumps({"version": VERSION, "digest": digest}, separators=(",", ":"))
        files.write_text(target, f'{head[:-1]},"columns":[{",".join(map(_column_json, encoded))}]}}',
                         durable=False)
        _write(folder, _problems_file(folder, key, sheet, digest),
               {"version": VERSION, "digest": digest,
                "problems": [[p.severity, p.where, p.message] for p in problems]})
        prefix = target.name[: -len(digest[:32]) - len(".json")]
        for old in folder.glob(f"{prefix}*.json"):
            if digest[:32] not in old.name:
                old.unlink(missing_ok=True)
    except (OSError, MeetingPacksError):
        pass  # a read-only or full drive: work without the cache


def _column_json(values: list) -> str:
    """One column as JSON, as `json.dumps` writes it.

    A column of text needing no escapes (no quote, backslash or control character,
    as nearly every column is) is joined as it is, several times faster than the JSON
    encoder, which looks at each character of the tens of megabytes of a long register.
    """
    if values:
        try:
            joined = '["' + '","'.join(values) + '"]'
        except TypeError:  # not all text: a date, a number, an empty cell
            joined = None
        # the only quotes are those put around each value, and nothing else needs an escape:
        # one pass in C over the text's bytes finds quotes, backslashes and control characters
        if joined is not None and joined.encode("utf-8", "surrogatepass").translate(_JSON_SPECIAL).count(0) \
                == 2 * len(values):
            return joined
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


# bytes JSON escapes in a string (below 0x20, '"' and '\\') become 0; in UTF-8 no byte of a
# longer character is below 0x80
_JSON_SPECIAL = bytes(0 if b < 0x20 or b in b'"\\' else 1 for b in range(256))


def _encode(values: list) -> list:
    """Dates, times and choices as JSON text: each distinct value turned once (a column holds few;
    a history's When, one per save, far fewer than its rows)."""
    codes = {v: None if v is None else v.value if isinstance(v, (enum.Enum, model.OtherPurpose))
             else v.isoformat() for v in set(values)}
    return list(map(codes.__getitem__, values))


def _write(folder: Path, target: Path, content: dict) -> None:
    files.write_text(target, json.dumps(content, ensure_ascii=False, separators=(",", ":")), durable=False)
