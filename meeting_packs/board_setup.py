"""boards.toml from the command line: the file a new workspace starts with, `boards add`
(a commented entry appended, the rest of the file kept byte for byte) and `boards show`
(each setting of a board, with the defaults it takes).  The keys: README, "boards.toml".
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass

from . import files
from .config import CONFIG_NAME, parse_board
from .dates import clock, numeric_date
from .errors import ConfigError, InputError
from .model import Board, normalise_board_code
from .workspace import Workspace

# The boards.toml of a new, empty workspace: every key explained, one placeholder board.
WORKSPACE_TOML = """\
# Board settings for this workspace (README.md, "boards.toml").
#
# One [boards.CODE] table per board.  CODE is short, lower case, letters and digits
# (it names the out/CODE/ folder and starts every reference: PB-A001).  Only `name`
# is required; every other key has the default shown in its comment.  Add a board
# with:   meeting-packs boards add CODE --name "Full name of the board"
# See a board's settings, defaults included, with:   meeting-packs boards show CODE
#
# Keys (times on the 24-hour clock, colours as six hex digits such as "FFC000"):
#   name             the board's full name (required)
#   short_name       for footers (default: name)
#   council          the council's name under the title (default: none)
#   statutory        true when the access-to-information rules apply (Part VA of the
#                    Local Government Act 1972): exclusion resolution, 5-day publication
#                    (default: false)
#   chair / chairs   the chair, or a list of co-chairs (default: none)
#   chair_title      (default: "Chair", or "Co-Chair" with two chairs)
#   venue, start, end   defaults for new meetings (default: none, "10:00", none)
#   publication_days clear working days between publication and the meeting
#                    (default: 5 for a statutory board, none otherwise)
#   group_actions_by "workstream" or "meeting", for the action appendix (default: "workstream")
#   strategy_labels  "plain" (Mitigate, Accept, Transfer, Avoid) or "four-ts" (Treat,
#                    Tolerate, Transfer, Terminate) (default: "plain")
#   purposes         purposes an item may have beyond To note, To endorse, To approve,
#                    To consider, To update, Verbal update, For discussion;
#                    for example purposes = ["To consult"] (default: none)
#   forward_plan_invitation   the line under the forward plan; {contact} becomes the
#                    contact line (default: "Board members are requested to send ...")
#   [boards.CODE.contact]   name, title, phone, email of the contact officer, on the
#                    agenda and in chasing emails (default: none; title "Democratic
#                    Services Officer")
#   [[boards.CODE.opening_items]] / [[boards.CODE.closing_items]]   the standard items,
#                    each with title, text and role ("apologies", "minutes", "urgent",
#                    "exclusion", "actions" or "forward_plan"); {previous_meeting} in a text
#                    becomes the previous meeting's date (default: apologies, declarations
#                    of interest, minutes / any other business; a statutory board: urgent
#                    items and the exclusion of the press and public)
#   [[boards.CODE.public_information]]   heading and text of each section of the
#                    "Welcome to this meeting" page (default: accessibility and contact)
#   [[boards.CODE.rag]]   label, colour, meaning, text_colour, complete: the RAG scale,
#                    worst first (default: Red, Amber, Green, Blue for complete)
#   [[boards.CODE.risk_bands]]   label, from, to, colour: must cover every score 1-25
#                    (default: Low 1-5, Moderate 6-12, High 15-25)

# A placeholder board, so that the workspace works from the start: rename it, change it,
# or add your own with 'meeting-packs boards add' (and delete this one while its
# registers are still empty).
[boards.pb]
name = "Partnership Board"
statutory = false
# chair = "Name of the chair"
# venue = "Room, building, address"
# start = "10:00"

# [boards.pb.contact]
# name = "Name of the clerk"
# email = "clerk@example.gov.uk"
"""


def _toml_text(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's."""
    return json.dumps(value, ensure_ascii=False)


def board_entry(code: str, name: str, statutory: bool = False, chairs: tuple[str, ...] = (),
                council: str = "", venue: str = "", start: dt.time | None = None,
                end: dt.time | None = None, today: dt.date | None = None) -> str:
    """The commented [boards.CODE] table `boards add` appends: the given keys set, the others
    commented out with their defaults, so the file says what can be changed."""
    today = today or dt.date.today()

    def line(key: str, value: str | None, comment: str, example: str = "") -> str:
        text = f"{key} = {value}" if value is not None else f"# {key} = {example}"
        return f"{text:<40} # {comment}"

    lines = [f"# {name}: added with 'meeting-packs boards add' on {numeric_date(today)}.",
             "# Only `name` is required; a commented-out key takes its default (README, \"boards.toml\").",
             f"[boards.{code}]",
             line("name", _toml_text(name), "the board's full name"),
             line("statutory", "true" if statutory else "false",
                  "true: exclusion resolution and 5-day publication apply")]
    if len(chairs) > 1:
        lines.append(line("chairs", "[" + ", ".join(_toml_text(c) for c in chairs) + "]", "co-chairs"))
    elif chairs:
        lines.append(line("chair", _toml_text(chairs[0]), "or chairs = [\"…\", \"…\"] for co-chairs"))
    else:
        lines.append("# chair = \"Name of the chair\"            # or chairs = [\"…\", \"…\"] for co-chairs")
    optional = (("council", _toml_text(council) if council else None, "the council's name under the title",
                 '"Name of the council"'),
                ("venue", _toml_text(venue) if venue else None, "default venue for new meetings",
                 '"Room, building, address"'),
                ("start", _toml_text(clock24(start)) if start else None, "default start (default 10:00)",
                 '"10:00"'),
                ("end", _toml_text(clock24(end)) if end else None, "default end (default: none)", '"12:00"'))
    for key, value, comment, example in optional:
        lines.append(line(key, value, comment, example))
    days = "5 for a statutory board" if statutory else "none for a board that is not statutory"
    lines += [
        "# short_name = \"Short name\"              # for footers (default: name)",
        f"# publication_days = 5                   # clear working days before the meeting (default: {days})",
        "# group_actions_by = \"workstream\"        # or \"meeting\", for the action appendix",
        "# strategy_labels = \"plain\"              # or \"four-ts\" (Treat, Tolerate, Transfer, Terminate)",
        "# purposes = [\"To consult\"]              # purposes beyond the standard ones",
        "",
        f"# [boards.{code}.contact]                # the contact officer, on the agenda and in emails",
        "# name = \"Name of the clerk\"",
        "# email = \"clerk@example.gov.uk\"",
    ]
    return "\n".join(lines) + "\n"


def clock24(value: dt.time) -> str:
    return f"{value:%H:%M}"


def add_board(ws: Workspace, code: str, name: str, statutory: bool = False, chairs: tuple[str, ...] = (),
              council: str = "", venue: str = "", start: dt.time | None = None, end: dt.time | None = None,
              today: dt.date | None = None) -> Board:
    """Append a commented [boards.CODE] entry to boards.toml; the rest of the file is kept byte for
    byte.  The whole new file is read back as the tool reads it before it is written, so a
    mistake (a code in use, a code that is not a code, an empty name) changes nothing."""
    key = normalise_board_code(code)
    if not name.strip():
        raise InputError("The board's name is empty. Give it with --name \"Full name of the board\".")
    if any(not c.strip() for c in chairs):
        raise InputError("A --chair is empty. Give the chair's name or title.")
    path = ws.config_path
    with files.writer_lock(path):
        boards = ws.boards  # a workspace with a broken boards.toml says so first
        if key in boards:
            raise InputError(f"There is already a board '{key}' in {CONFIG_NAME} ({boards[key].name}). "
                             "Choose another code, or see its settings with "
                             f"'meeting-packs boards show {key}'.")
        try:
            parse_board(path, key, {"name": name.strip()})
        except ConfigError as err:
            raise InputError(str(err)) from None
        text = path.read_bytes().decode("utf-8")
        newline = "\r\n" if "\r\n" in text else "\n"
        entry = board_entry(key, name.strip(), statutory, tuple(c.strip() for c in chairs), council.strip(),
                            venue.strip(), start, end, today)
        separator = "" if not text or text.endswith("\n") else newline
        new_text = text + separator + newline + entry.replace("\n", newline)
        try:
            new = tomllib.loads(new_text.lstrip("\ufeff"))
        except tomllib.TOMLDecodeError as err:  # the file before was readable: the entry is at fault
            raise InputError(f"The new entry for '{key}' would not read back ({err}).") from None
        board = parse_board(path, key, new["boards"][key])
        files.write_text(path, new_text)
    return board


@dataclass(frozen=True)
class Setting:
    key: str
    value: str
    default: bool  # True when boards.toml does not set it


def board_settings(ws: Workspace, code: str) -> tuple[Board, list[Setting]]:
    """Each setting of a board, as the tool uses it, and whether it is the default."""
    board = ws.board(code)
    table = tomllib.loads(ws.config_path.read_bytes().decode("utf-8-sig"))["boards"][board.code]
    given = set(table)

    def items(values) -> str:
        return "; ".join(item.title + (f" ({item.role})" if item.role else "") for item in values)

    rows = [
        ("name", board.name, "name"),
        ("short_name", board.short_name, "short_name"),
        ("council", board.council or "(none)", "council"),
        ("statutory", "true" if board.statutory else "false", "statutory"),
        ("chairs", ", ".join(board.chairs) or "(none)", {"chair", "chairs"}),
        ("chair_title", board.chair_title, "chair_title"),
        ("venue", board.venue or "(none)", "venue"),
        ("start", clock(board.start), "start"),
        ("end", clock(board.end) if board.end else "(none)", "end"),
        ("publication_days", str(board.publication_days) if board.publication_days is not None else "(none)",
         "publication_days"),
        ("group_actions_by", board.group_actions_by, "group_actions_by"),
        ("strategy_labels", "plain" if board.plain_strategies else "four-ts", "strategy_labels"),
        ("purposes", ", ".join(board.purposes), "purposes"),
        ("contact", ", ".join(p for p in (board.contact.name, board.contact.title, board.contact.phone,
                                          board.contact.email) if p), "contact"),
        ("opening_items", items(board.opening_items), "opening_items"),
        ("closing_items", items(board.closing_items), "closing_items"),
        ("public_information", "; ".join(s.heading for s in board.public_information), "public_information"),
        ("rag", ", ".join(level.label + (" (complete)" if level.complete else "") for level in board.rag_scale.levels),
         "rag"),
        ("risk_bands", ", ".join(f"{b.label} {b.low}-{b.high}" for b in board.risk_bands), "risk_bands"),
        ("forward_plan_invitation", board.forward_plan_invitation, "forward_plan_invitation"),
    ]
    settings = []
    for key, value, source in rows:
        keys = source if isinstance(source, set) else {source}
        settings.append(Setting(key, value, not (keys & given)))
    return board, settings

