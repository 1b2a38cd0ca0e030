"""Plain text tables that fit the terminal's width (80 columns when it cannot be told), wrapping long cells."""

from __future__ import annotations

import shutil
from typing import Sequence

WIDTH = 80  # when output goes to a file or pipe and COLUMNS is not set


def terminal_width() -> int:
    """The terminal's columns (COLUMNS wins, as in every shell tool), at least 40."""
    return max(40, shutil.get_terminal_size((WIDTH, 24)).columns)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], width: int | None = None,
          shrink: Sequence[int] | None = None) -> str:
    """Columns sized to content; the widest (or those listed in `shrink`) wrap to fit `width`."""
    width = terminal_width() if width is None else width
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    count = len(headers)
    natural = [max([len(headers[i])] + [(len(r[i]) if "\n" not in r[i] else
                                         max((len(line) for line in r[i].splitlines()), default=0))
                                        for r in cells]) for i in range(count)]
    sizes = list(natural)
    gap = 2
    flexible = list(shrink) if shrink is not None else list(range(count))
    while sum(sizes) + gap * (count - 1) > width:
        candidates = [i for i in flexible if sizes[i] > max(6, len(headers[i]))]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: sizes[i])
        sizes[widest] -= 1
    lines = [_row(list(headers), sizes, gap), _row(["-" * s for s in sizes], sizes, gap)]
    for row in cells:
        lines.append(_row(row, sizes, gap))
    return "\n".join(line.rstrip() for line in lines)


def wrap(text: str, size: int) -> list[str]:
    """Greedy word wrap (textwrap is several times slower, which shows on 50,000 rows)."""
    if len(text) <= size and "\n" not in text:
        return [text]
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            while len(word) > size:  # a word longer than the column is cut
                if line:
                    lines.append(line)
                    line = ""
                lines.append(word[:size])
                word = word[size:]
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= size:
                line += " " + word
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _row(values: list[str], sizes: list[int], gap: int) -> str:
    wrapped = [wrap(value, size) for value, size in zip(values, sizes)]
    height = max(len(w) for w in wrapped)
    out = []
    for line in range(height):
        out.append((" " * gap).join((w[line] if line < len(w) else "").ljust(s)
                                    for w, s in zip(wrapped, sizes)).rstrip())
    return "\n".join(out)
