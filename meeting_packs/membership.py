"""Board membership."""

from __future__ import annotations

import re

from .errors import InputError
from .model import Member, MemberType
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


def list_members(ws: Workspace, board_code: str) -> list[Member]:
    board = ws.board(board_code)
    registers = require_clean(ws.load((MEMBERS_BOOK,)))
    return [m for m in registers.members if m.board == board.code]
