"""What a register's own file says about the tool's last save of it: the "meeting-packs saved"
custom property, which lets the next command skip work on sheets nobody has touched since.

A 5,000-action log's History sheet is three times the size of its Actions sheet, and an
`actions add` needs nothing from it but room for two more lines.  Yet before this, every
save read all of History (to find values changed by hand in Excel since the last save)
and parsed it again (to check nothing in it would be lost).  So when the tool saves a
register by writing only what changed (`fastsave.py`), it records in the workbook, for
each sheet, the CRC-32 and size of the sheet's XML part exactly as written (the zip
keeps both for every part, so reading them back costs nothing), the number of rows, and
a short hash of the headers; and a hash of the drop-down lists and colours it wrote.
Since the file may have been damaged since, it also records the CRC-32 of the part's
compressed bytes (`stored_crc`: milliseconds to work out again): a part whose
compressed bytes are the very ones written inflates to the XML written, so
`reading.py` need not inflate it once more before calamine does, to check it.

The next command compares them with the zip's own entries.  A sheet whose part is
byte for byte the one the tool wrote (`WorkbookData.as_saved`) has not been edited,
since Excel and LibreOffice write every sheet anew when they save:

- its history sheet need not be read unless the command asks for history
  (`reading.DeferredSheet`);
- no hand edit can be waiting in it: when the tool also recorded that the sheet agreed
  with its history at that save (`agrees`, checked in `repository.history_agreement`),
  the look for values changed in Excel is skipped;
- the content-loss check need not parse it: the tool writes none of the things that
  check looks for;
- when its compressed bytes are also as written (`SavedSheet.stored`), the look through
  its XML before calamine parses it (checksum, extent, error cells, control characters:
  `reading._check_parts`) is not needed either: calamine checks the checksum itself, and
  the tool writes no cell far out, no error cell and no control character;
- its drop-downs and colours need not be compared with boards.toml's when the lists
  and colours hash the same.

Whenever anything does not match — the file was saved by Excel, the property is
missing, damaged or written by another version, boards.toml changed — nothing is
skipped and the command does what it did before.  A full rebuild (`writing.py`) never
writes the property: its parts are not checked that way.  The value is kept under 255
characters, the longest Excel shows in File > Properties; where it would be longer, the
compressed checksums of the smallest parts are left out first, and a save whose record
would still be longer simply records nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass

PROPERTY = "meeting-packs saved"
VERSION = 1
MAX_LENGTH = 255


@dataclass(frozen=True)
class SavedSheet:
    crc: int
    size: int
    rows: int        # data rows below the header
    headers: str     # short hash of the header row
    stored: int | None = None  # CRC-32 of the part's compressed bytes (`stored_crc`); None: not recorded


@dataclass(frozen=True)
class Record:
    sheets: dict[str, SavedSheet]
    looks: str                      # hash of the drop-down lists and colours written
    agrees: frozenset[str]          # tracked sheets whose values agreed with their history
    references: tuple[str, ...]     # references only the history still holds (rows deleted)
    newest: dict[str, str]          # each history sheet's newest When (ISO), for the next agreement


def short_hash(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:8]


def headers_hash(headers: list[str]) -> str:
    return short_hash(list(headers))


def looks_hash(lists: dict[str, list[str]], styles, rules=()) -> str:
    """The drop-down lists and colours, and `rules`: what the tool's code writes from them (the
    drop-down rules and colour formulas of an empty sheet), so a new version of the tool
    that writes them otherwise does not trust the old ones."""
    return short_hash([lists, sorted(styles.rag_colours.items()), sorted(styles.band_colours.items()),
                       list(rules)])


def parse(properties: dict[str, str]) -> Record | None:
    """The record in a workbook's custom properties; None when missing, damaged or another version's."""
    text = properties.get(PROPERTY)
    if not text:
        return None
    try:
        raw = json.loads(text)
        if raw.get("v") != VERSION:
            return None
        sheets = {name: _saved_sheet(*values) for name, values in raw["s"].items()}
        newest = {str(name): str(when) for name, when in raw.get("w", {}).items()}
        for when in newest.values():
            dt.datetime.fromisoformat(when)
        return Record(sheets, str(raw["l"]), frozenset(map(str, raw.get("a", []))),
                      tuple(map(str, raw.get("r", []))), newest)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _saved_sheet(crc: str, size, rows, headers, stored: str | None = None) -> SavedSheet:
    return SavedSheet(int(crc, 16), int(size), int(rows), str(headers),
                      None if stored is None else int(stored, 16))


def stored_span(raw, info: zipfile.ZipInfo) -> tuple[int, int] | None:
    """Where a part's compressed bytes lie in the package `raw` (bytes or a buffer): (start,
    end); None when its local header is not where the zip's directory says."""
    header = bytes(raw[info.header_offset:info.header_offset + 30])
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return None
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = info.header_offset + 30 + name_length + extra_length
    return (start, start + info.compress_size) if start + info.compress_size <= len(raw) else None


def stored_crc(raw, info: zipfile.ZipInfo) -> int | None:
    """The CRC-32 of a part's compressed bytes (`stored_span`).  No view of `raw` is left
    behind: a BytesIO whose buffer is given can grow again."""
    span = stored_span(raw, info)
    if span is None:
        return None
    with memoryview(raw) as view, view[span[0]:span[1]] as body:
        return zlib.crc32(body)


def as_written(record: Record | None, raw: bytes, package: zipfile.ZipFile, parts: dict[str, str],
               untouched: frozenset[str]) -> frozenset[str]:
    """Of the `untouched` sheets, those whose compressed bytes are also the very ones written."""
    if record is None:
        return frozenset()
    found = set()
    for name in untouched:
        saved = record.sheets.get(name)
        if saved is not None and saved.stored is not None and name in parts:
            if stored_crc(raw, package.getinfo(parts[name])) == saved.stored:
                found.add(name)
    return frozenset(found)


def unchanged(record: Record | None, package: zipfile.ZipFile, parts: dict[str, str],
              headers: dict[str, list[str]]) -> frozenset[str]:
    """The sheets whose part is still exactly as the tool last wrote it.

    `parts` maps sheet name to its part in the package, `headers` to the headers the
    tool's schema gives it (a register written under another schema is not trusted).
    """
    if record is None:
        return frozenset()
    found = set()
    for name, part in parts.items():
        saved = record.sheets.get(name)
        if saved is None or name not in headers:
            continue
        try:
            info = package.getinfo(part)
        except KeyError:
            continue
        if (info.CRC, info.file_size) == (saved.crc, saved.size) and saved.headers == headers_hash(headers[name]):
            found.add(name)
    return frozenset(found)


def render(sheets: dict[str, SavedSheet], looks: str, agrees: set[str] | frozenset[str],
           references: list[str], newest: dict[str, str] | None = None) -> str | None:
    """The property's value; None when it would be longer than Excel shows.

    The compressed checksums (`SavedSheet.stored`) are left out, smallest part first, where
    the record would not fit with them: the forward plan's three sheets fit only without
    some, and without the record nothing at all is skipped on the next command."""
    sheets = dict(sheets)
    text = _render(sheets, looks, agrees, references, newest)
    for name in sorted((n for n, s in sheets.items() if s.stored is not None), key=lambda n: sheets[n].size):
        if len(text) <= MAX_LENGTH:
            break
        sheets[name] = dataclasses.replace(sheets[name], stored=None)
        text = _render(sheets, looks, agrees, references, newest)
    return text if len(text) <= MAX_LENGTH else None


def _render(sheets: dict[str, SavedSheet], looks: str, agrees: set[str] | frozenset[str],
            references: list[str], newest: dict[str, str] | None) -> str:
    return json.dumps({"v": VERSION,
                       "s": {name: [f"{s.crc:08x}", s.size, s.rows, s.headers]
                             + ([] if s.stored is None else [f"{s.stored:08x}"]) for name, s in sheets.items()},
                       "l": looks, "a": sorted(agrees), "r": list(references), "w": newest or {}},
                      separators=(",", ":"), ensure_ascii=True)
