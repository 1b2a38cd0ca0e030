"""Matching what the minutes say to the board's members and to the action log.

People are matched on initials, then on name without "(Chair)" or a title such
as Cllr (model.match_member).  Minutes rows are matched to the actions an
earlier import of the same minutes added (README, "Guide for board
secretaries": importing a corrected version updates the actions it added
before): same text (and owner) first, then nearly the same text and owner,
then the same row number provided the text is much the same or the owner, item
and due date are unchanged (a row retyped in place).  An action typed with
`actions add` for that meeting, with no Source and the same text and owner, is
adopted rather than duplicated.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Callable

from ..model import match_member
from ..model import Action, Member

if TYPE_CHECKING:
    from .rows import AgreedAction

REMOVED = "removed from the minutes"


# ------------------------------------------------------------------ where a record came from

def minutes_source(meeting: dt.date) -> str:
    """The Source of everything imported from one meeting's minutes: 'Minutes YYYY-MM-DD'."""
    return f"Minutes {meeting.isoformat()}"


def row_source(meeting: dt.date, position: int) -> str:
    """The Source of an imported action: its place among the non-blank rows of the table."""
    return f"{minutes_source(meeting)} row {position}"


def removed_source(meeting: dt.date) -> str:
    """The Source of an imported action whose row has gone from the minutes."""
    return f"{minutes_source(meeting)}, {REMOVED}"


def from_these_minutes(action: Action, meeting: dt.date) -> bool:
    """Whether the action was imported from this meeting's minutes (any row, or since removed)."""
    prefix = minutes_source(meeting)
    return action.source == prefix or action.source.startswith((prefix + " ", prefix + ","))


# ------------------------------------------------------------------ people

def member_for(name: str, initials: str, members: list[Member]) -> Member | None:
    """The member a Present or Apologies row names: by its initials, else by its name."""
    return (match_member(initials, members) if initials else None) or (
        match_member(name, members) if name else None)


def split_owners(text: str) -> list[str]:
    """'AB / CD', 'AB, CD', 'AB & CD', 'AB and CD' … as separate owners."""
    return [p.strip() for p in re.split(r"\s*(?:/|,|&|;|\+|\band\b)\s*", text) if p.strip()]


_SUBSTITUTE = re.compile(r"\b(?:named\s+)?(?:substitute|substituting|sub|deputising|deputizing|"
                         r"standing\s+in|alternate)\s+for\s+(.+?)\s*\)?\s*$", re.IGNORECASE)
_ON_BEHALF = re.compile(r"\bon\s+behalf\s+of\s+(.+?)\s*\)?\s*$", re.IGNORECASE)


def substitute_for(members: list[Member], *texts: str) -> str:
    """Whom the person stood in for: 'substitute for X' always; 'on behalf of X' only when X is a
    member (a role such as 'on behalf of the Parent Carer Forum' is not a substitution)."""
    for text in texts:
        match = _SUBSTITUTE.search(text)
        if match:
            return match.group(1).strip(" .,;:()")
    for text in texts:
        match = _ON_BEHALF.search(text)
        if match and match_member(match.group(1).strip(" .,;:()"), members):
            return match.group(1).strip(" .,;:()")
    return ""


def clean_name(name: str) -> str:
    """The name without a '(substitute for X)' note."""
    return re.sub(r"\s*\((?:[^()]*\bfor\b[^()]*|[^()]*\bbehalf\b[^()]*)\)\s*$", "", name).strip() or name


# ------------------------------------------------------------------ actions

def _norm(text: str) -> str:
    return " ".join(str(text or "").split()).casefold()


def _similar(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, _norm(a), _norm(b)).ratio()


def _same_text(row: AgreedAction, action: Action) -> bool:
    return _norm(action.text) == _norm(row.text)


def _same_owner(row: AgreedAction, action: Action) -> bool:
    return _norm(action.owner) in (_norm(row.owner.initials), _norm(row.owner.name))


def match_actions(agreed: list[AgreedAction], candidates: list[tuple[int, Action]],
                  meeting: dt.date) -> tuple[dict[int, int], list[int]]:
    """Pair minutes rows with earlier imports: same text and owner, same text, then same row.

    `candidates` are (index in the sheet, action); returns index in `agreed` → index in the
    sheet, and the sheet indexes left unpaired (rows gone from the minutes)."""
    pairs: dict[int, int] = {}
    free = dict(candidates)

    def take(test: Callable[[AgreedAction, Action], bool]) -> None:
        for index, row in enumerate(agreed):
            if index in pairs:
                continue
            fits = [i for i, action in free.items() if test(row, action)]
            if fits:
                same_place = [i for i in fits if free[i].source == row_source(meeting, row.position)]
                chosen = (same_place or fits)[0]
                pairs[index] = chosen
                del free[chosen]

    take(lambda r, a: _same_text(r, a) and _same_owner(r, a))
    take(_same_text)
    take(lambda r, a: _same_owner(r, a) and _similar(a.text, r.text) >= 0.8)
    # the row edited in place: same place, and the text much the same or owner, item and due kept
    take(lambda r, a: a.source == row_source(meeting, r.position) and (
        _similar(a.text, r.text) >= 0.6
        or (_same_owner(r, a) and a.item == r.item and a.due == r.due)))
    return pairs, list(free)


def adopt_typed(agreed: list[AgreedAction], typed: list[tuple[int, Action]],
                paired: dict[int, int]) -> dict[int, int]:
    """Rows not `paired` that match an action typed by hand for this meeting (same text and
    owner): index in `agreed` → index in the sheet, each typed action adopted once."""
    adopt: dict[int, int] = {}
    free = dict(typed)
    for index, row in enumerate(agreed):
        if index in paired:
            continue
        for sheet_index, action in list(free.items()):
            if _same_text(row, action) and _same_owner(row, action):
                adopt[index] = sheet_index
                del free[sheet_index]
                break
    return adopt
