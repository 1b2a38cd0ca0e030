"""Board membership: members are known by their initials on the board (README, Commands).

A member who leaves keeps their row, with the day they left in "Left on": they
drop out of the templates and agendas of later meetings, and their attendance
and the actions they own stay as they were.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from .errors import InputError, NotFound
from .model import Board, Member, MemberType, email_problem, with_changes
from .registers import repository
from .registers.schema import MEMBERS_BOOK
from .workspace import Workspace, require_clean

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def add_member(ws: Workspace, board_code: str, name: str, initials: str, role: str = "",
               organisation: str = "", member_type: MemberType = MemberType.MEMBER, email: str = "",
               substitute_for: str = "", force: bool = False) -> Member:
    board = ws.board(board_code)
    if not name.strip():
        raise InputError("The name is empty.")
    initials = initials.strip()
    if not initials or " " in initials:
        raise InputError(f"Initials '{initials}' should be letters without spaces, for example IT.")
    if email and not _EMAIL.match(email.strip()):
        raise InputError(f"'{email}' does not look like an email address.")
    with ws.editing(MEMBERS_BOOK, force=force) as data:
        members = repository.members(data)
        for other in members.all():
            if other.board == board.code and other.has_initials(initials):
                raise InputError(f"{other.name} already uses the initials {other.initials} on the "
                                 f"{board.name}. Choose different initials, such as {initials}2 or "
                                 "a middle initial.")
        member = members.append(Member(board.code, name.strip(), initials, role.strip(),
                                       organisation.strip(), member_type, email.strip(),
                                       substitute_for.strip()))
    return member


def list_members(ws: Workspace, board_code: str, today: dt.date | None = None,
                 include_left: bool = False) -> list[Member]:
    """The board's members serving on `today` (default: the real today); with `include_left`,
    those who have left as well."""
    board = ws.board(board_code)
    today = today or dt.date.today()
    registers = require_clean(ws.load((MEMBERS_BOOK,), skip=frozenset({"Attendance"})))
    return [m for m in registers.members if m.board == board.code and (include_left or m.serves_on(today))]


def _find(members, board: Board, initials: str) -> Member:
    """The board's member with these initials (case ignored); refused when none or two have them."""
    found = [m for m in members.all() if m.board == board.code and m.has_initials(initials)]
    if not found:
        raise NotFound(f"No member of the {board.name} has the initials '{initials.strip()}'. List them "
                       f"with 'meeting-packs members list {board.code}'.")
    if len(found) > 1:
        rows = " and ".join(str(m.row) for m in found)
        raise InputError(f"membership.xlsx, sheet Members: the initials {found[0].initials} are on rows "
                         f"{rows} for the {board.name}. Give one of them other initials in Excel first.")
    return found[0]


def update_member(ws: Workspace, board_code: str, initials: str, name: str | None = None,
                  role: str | None = None, organisation: str | None = None,
                  member_type: MemberType | None = None, email: str | None = None,
                  substitute_for: str | None = None,
                  force: bool = False) -> tuple[Member, list[tuple[str, str, str]]]:
    """Change a member's details; returns the member and (what, old, new) for each change."""
    board = ws.board(board_code)
    if all(v is None for v in (name, role, organisation, member_type, email, substitute_for)):
        raise InputError("Nothing to change: give at least one of --name, --role, --org, --type or --email.")
    if name is not None and not name.strip():
        raise InputError("The name cannot be empty.")
    if email is not None and email.strip() and email_problem(email):
        raise InputError(f"'{email}' is not one email address: {email_problem(email)}.")
    with ws.editing(MEMBERS_BOOK, force=force) as data:
        members = repository.members(data)
        before = _find(members, board, initials)
        member = with_changes(before, name=name, role=role, organisation=organisation, type=member_type,
                              email=email, substitute_for=substitute_for)
        labels = (("name", "Name"), ("role", "Role"), ("organisation", "Organisation"), ("type", "Type"),
                  ("email", "Email"), ("substitute_for", "Substitute for"))
        changes = [(label, _text(getattr(before, field)), _text(getattr(member, field)))
                   for field, label in labels if getattr(before, field) != getattr(member, field)]
        member = members.replace(member)
    return member, changes


def _text(value) -> str:
    return value.value if isinstance(value, MemberType) else str(value)


def leave_member(ws: Workspace, board_code: str, initials: str, on: dt.date | None = None,
                 force: bool = False) -> Member:
    """Record that a member left the board on `on` (default today): they are left out of the
    documents of meetings from that day; their attendance and history stay."""
    board = ws.board(board_code)
    on = on or dt.date.today()
    with ws.editing(MEMBERS_BOOK, force=force) as data:
        members = repository.members(data)
        member = _find(members, board, initials)
        if member.left is not None:
            raise InputError(f"{member.name} ({member.initials}) already left the {board.name} on "
                             f"{member.left:%d/%m/%Y}.")
        member = members.replace(replace(member, left=on))
    return member
