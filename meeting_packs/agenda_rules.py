"""The agenda's domain rules, worked out once: item order and numbers, appendix letters, exempt wording.

An agenda runs: the board's opening standard items, the public papers, the
closing standard items (the s100A(4) exclusion resolution only on a statutory
board), then the exempt papers (Part 2, after the press and public are
excluded).  Items are numbered 1, 2, 3 … in that order; every item with a
paper gets the next appendix letter, A … Z, AA, AB … (the domain guide
describes the agenda and Schedule 12A; the README's "Documents" section the
result).

The Schedule 12A / section 100A(4) wording lives here only, so the agenda, the
public pack's placeholder page and the private pack's header say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import datetime as dt

from .dates import long_date
from .model import EXEMPT_PARAGRAPHS, Board, PlanItem, StandardItem

LGA_1972 = "the Local Government Act 1972"
SCHEDULE_12A = f"Part 1 of Schedule 12A to {LGA_1972}"


# ------------------------------------------------------------------ numbering and letters

def appendix_letter(index: int) -> str:
    """The letter of the `index`-th paper (from 0): A, B … Z, AA, AB …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class AgendaSlot:
    """One numbered agenda item: a standard item of the board or a forward-plan item."""

    number: int
    part: int                           # 1: in public; 2: after the exclusion of the press and public
    plan: PlanItem | None = None
    standard: StandardItem | None = None
    letter: str = ""                    # the appendix letter when the item has a paper


def agenda_order(board: Board, plan_items: Iterable[PlanItem]) -> list[AgendaSlot]:
    """The board's agenda for these forward-plan items (already in plan order), numbered and lettered."""
    plan = list(plan_items)
    slots: list[AgendaSlot] = []
    papers = 0

    def add(part: int, plan_item: PlanItem | None = None, standard: StandardItem | None = None) -> None:
        nonlocal papers
        letter = ""
        if plan_item is not None and plan_item.has_paper:
            letter = appendix_letter(papers)
            papers += 1
        slots.append(AgendaSlot(len(slots) + 1, part, plan_item, standard, letter))

    for standard in board.opening_items:
        add(1, standard=standard)
    for item in plan:
        if not item.exempt:
            add(1, plan_item=item)
    for standard in board.closing_items:
        if standard.role == "exclusion" and not board.statutory:
            continue
        add(1, standard=standard)
    for item in plan:
        if item.exempt:
            add(2, plan_item=item)
    return slots


# ------------------------------------------------------------------ exempt information (Schedule 12A)

def exempt_description(paragraph: int | None) -> str:
    """Schedule 12A's own words for one of its seven paragraphs ("" when none)."""
    return EXEMPT_PARAGRAPHS.get(paragraph or 0, "")


def exempt_item_note(paragraph: int) -> str:
    """The line under a Part 2 item on the agenda."""
    return f"Not for publication: Schedule 12A, paragraph {paragraph} – {exempt_description(paragraph)}"


def exempt_header(paragraph: int) -> str:
    """The header on every page of an exempt report in the private pack."""
    return f"NOT FOR PUBLICATION – exempt information under paragraph {paragraph} of {SCHEDULE_12A}"


def exempt_withheld(paragraph: int) -> str:
    """Why the public pack holds a placeholder page instead of the report."""
    return (f"This report is not for publication because it contains exempt information as described in "
            f"paragraph {paragraph} of {SCHEDULE_12A}: {exempt_description(paragraph)}.")


# ------------------------------------------------------------------ a late agenda (section 100B(4))

def late_notice(board: Board, published: dt.date, meeting: dt.date) -> str:
    """What a late agenda says above the list of its items, for the chair's reasons (s100B(4)(b))."""
    from .publication import deadline_for
    from .model import Meeting

    deadline = deadline_for(board, Meeting(board.code, meeting))
    when = (f"after the publication deadline of {long_date(deadline.publish_by)} "
            f"({board.publication_days} clear working days before the meeting)") if deadline else "late"
    if board.statutory:
        return (f"This agenda was published on {long_date(published)}, {when}. Under section 100B(4)(b) of "
                f"{LGA_1972}, the following items may be considered only if the chair is of the opinion that, "
                "by reason of special circumstances which shall be specified in the minutes, they should be "
                "considered at the meeting as a matter of urgency.")
    return (f"This agenda was published on {long_date(published)}, {when}. The chair will be asked to agree "
            "that the following items be considered, and the reasons will be recorded in the minutes.")


def exclusion_resolution(exempt_items: Iterable[tuple[int, str, int | None]]) -> str:
    """The s100A(4) resolution to exclude the press and public, naming each (number, title, paragraph)."""
    named = "; ".join(f"item {number} ({title}): paragraph {paragraph}" for number, title, paragraph in exempt_items)
    if not named:
        return ("The following resolution is included as a standard item which will only be relevant "
                "if any exempt matter is to be considered at the meeting for which the Committee wish to "
                "resolve to exclude the press and public: To exclude the public from the meeting under "
                f"Section 100(A)(4) of {LGA_1972} on the grounds that it is likely that "
                "exempt information, as defined in Part I of Schedule 12A to the Act, would be disclosed "
                "and the public interest in maintaining the exemption outweighs the public interest in "
                "disclosing the information.")
    return (f"To exclude the public from the meeting under Section 100(A)(4) of {LGA_1972} "
            "for the following item(s) on the grounds that it is likely that exempt information, as "
            "defined in the paragraph(s) of Part I of Schedule 12A to the Act shown, would be disclosed "
            "and the public interest in maintaining the exemption outweighs the public interest in "
            f"disclosing the information — {named}.")
