"""What a secretary types in two cells of the minutes, read as words (README, "Guide for board
secretaries").

The Action column of an item: one action per line, the owner's initials first,
then what they will do, then, when there is one, the due date after "by" (or
"due", or in brackets, or after a dash):

    ID – Resend the data capsule tool to those who have not replied by 29/11/2019
    NG: send the skills survey again (29/11/2019)
    AW Update the action plan with the ideas from the session, by next meeting

A line that does not start with initials continues the action above it (Enter
pressed inside a long action).  Initials with no words, and words with no
initials, are refused by rows.py, which knows the members.

The Update column of matters arising: the words as the action's progress; a
first word that is a status ("Complete", "Done", "In progress", "On hold") or a
RAG rating of the board ("Amber", "Light green") sets that too, and is not
repeated in the progress:

    Complete – circulated on 25/11      status Complete, progress "circulated on 25/11"
    Amber: two returns still awaited    RAG Amber, progress "two returns still awaited"
    Returns from 6 of 9 partners        progress only
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import ActionStatus, RagScale

# The owner: a word of capitals (two to five, a hyphen allowed: PM-S, JSL), or a member's
# initials however they are written (checked by rows.py against the board's members).
_LEAD = re.compile(r"^\s*([A-Za-z][A-Za-z'’.-]{0,6})(?=$|[\s:–—,;)(-])\s*[:–—,;)-]?\s*(.*)$", re.DOTALL)
_CAPITALS = re.compile(r"^[A-Z][A-Z.'’-]{1,6}$")
# The due date at the end of an action line.
_DUE_TAIL = (
    re.compile(r"^(.*?)[\s,;:–—-]*\(\s*(?:by|due(?:\s+by)?|before)?\s*([^()]+?)\s*\)\s*\.?\s*$",
               re.IGNORECASE | re.DOTALL),
    # greedy: the last "by" or dash of the line, not the first ("Report by the director … by 29/11/2019")
    re.compile(r"^(.*)[\s,;:–—(-]\b(?:by|due(?:\s+by)?|before)\s+(.+?)\s*\)?\s*\.?\s*$",
               re.IGNORECASE | re.DOTALL),
    re.compile(r"^(.*)\s+[–—-]\s+(.+?)\s*\.?\s*$", re.DOTALL),
)
_DATEISH = re.compile(r"\d|\bnext\s+(?:board\s+)?meeting\b", re.IGNORECASE)


@dataclass(frozen=True)
class ActionLine:
    """One action as typed in an item's Action column, before it is checked."""

    line: int          # the line of the cell the action starts on, from 1
    initials: str      # the first word, as typed ("" when the line starts with no initials)
    words: str         # what is to be done, due date taken off
    due_text: str      # the due date as typed, or ""


def looks_like_initials(word: str) -> bool:
    """A word of capitals such as ID, JSL or PM-S: meant as someone's initials."""
    return bool(_CAPITALS.match(word))


def split_due(words: str) -> tuple[str, str]:
    """(the action's words, the due date as typed) — the date only when the tail looks like one
    (has a digit or says 'next meeting'): 'by the end of the year' stays in the words."""
    for pattern in _DUE_TAIL:
        match = pattern.match(words)
        if match and match.group(1).strip() and _DATEISH.search(match.group(2)) and len(match.group(2)) <= 40:
            return match.group(1).strip().rstrip(",;:–—-").strip(), match.group(2).strip()
    return words.strip(), ""


def action_lines(cell: str, is_initials) -> list[ActionLine]:
    """The actions in one Action cell; `is_initials(word)` says whether a word names a member."""
    found: list[ActionLine] = []
    for number, text in enumerate(cell.split("\n"), 1):
        text = " ".join(text.split())
        if not text:
            continue
        lead = _LEAD.match(text)
        word = lead.group(1).rstrip(".") if lead else ""
        if lead and (is_initials(word) or looks_like_initials(word)):
            words, due = split_due(lead.group(2))
            found.append(ActionLine(number, word, words, due))
        elif found:  # Enter pressed inside an action: the line belongs to it
            last = found[-1]
            if last.due_text:  # the date was typed already: the rest is words
                found[-1] = ActionLine(last.line, last.initials, f"{last.words}\n{text}", last.due_text)
            else:
                found[-1] = ActionLine(last.line, last.initials, *split_due(f"{last.words}\n{text}"))
        else:
            found.append(ActionLine(number, "", *split_due(text)))
    return found


# ------------------------------------------------------------------ matters arising

@dataclass(frozen=True)
class Update:
    """What an Update cell says: a status, a RAG rating, progress words (None: not said)."""

    status: ActionStatus | None
    rag: str | None
    progress: str | None


_SEPARATOR = re.compile(r"^[\s:–—,;.(-]+")
_STATUS_WORDS = sorted({s.value for s in ActionStatus} | {"completed", "closed", "done", "ongoing",
                                                           "not started"}, key=len, reverse=True)


def _leading(text: str, words: list[str]) -> str | None:
    """The longest of `words` the text starts with, as a whole word or words (case ignored)."""
    lowered = text.casefold()
    for word in sorted(words, key=len, reverse=True):
        w = word.casefold()
        if lowered.startswith(w) and (len(text) == len(w) or not text[len(w)].isalnum()):
            return text[:len(w)]
    return None


def read_update(text: str, scale: RagScale) -> Update:
    """The status, RAG and progress an Update cell gives (see the module's examples)."""
    text = text.strip()
    if not text:
        return Update(None, None, None)
    rag_word = _leading(text, scale.labels)
    status_word = _leading(text, _STATUS_WORDS)
    # "Completed" may be both a RAG rating and a status: the rating, which also closes it
    word = max((w for w in (rag_word, status_word) if w), key=len, default=None)
    if word is None:
        return Update(None, None, text)
    rest = _SEPARATOR.sub("", text[len(word):]).strip()
    level = scale.find(word) if word == rag_word else None
    status = ActionStatus.parse(word) if level is None else (
        ActionStatus.COMPLETE if level.complete else None)
    rag = level.label if level is not None else None
    if status is ActionStatus.COMPLETE and rag is None and scale.complete is not None:
        rag = scale.complete.label
    return Update(status, rag, rest or None)
