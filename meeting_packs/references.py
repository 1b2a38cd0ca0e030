"""Stable, human-readable references that are never reused."""

from __future__ import annotations

import re
from typing import Iterable


def next_reference(board: str, kind: str, used: Iterable[str], width: int = 3) -> str:
    """'SENDPB-A015': the board's code, the register's letter, one more than any number ever used.

    `used` must include references found in the history as well as the live
    rows, so that a deleted row's reference is never handed out again.
    """
    prefix = f"{board.upper()}-{kind}"
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$", re.IGNORECASE)
    highest = 0
    for ref in used:
        match = pattern.match(str(ref or "").strip())
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{prefix}{highest + 1:0{width}d}"


def same_ref(a: object, b: str) -> bool:
    return str(a or "").strip().casefold() == b.strip().casefold()


# Kept in the workbook's custom properties: the newest reference of each kind handed out,
# so that a row deleted by hand does not free its number (the risk register and forward
# plan have no history sheet to remember it by).
ISSUED = "meeting-packs issued references"


def issued_references(properties: dict[str, str]) -> list[str]:
    return [ref for ref in properties.get(ISSUED, "").split(",") if ref.strip()]


def remember_reference(properties: dict[str, str], ref: str) -> None:
    kind = re.sub(r"\d+$", "", ref).casefold()
    kept = [r for r in issued_references(properties) if re.sub(r"\d+$", "", r.strip()).casefold() != kind]
    properties[ISSUED] = ",".join(kept + [ref])
