"""Chase action owners: one draft email per owner, as .eml files Outlook opens as unsent drafts.

Decisions:
- One email per owner of open actions on the board (with `overdue_only`, per owner of
  overdue actions).  Owners are matched to members by initials or name; the email
  goes to the member's Email.  Owners with no email, or who are not members, get
  no file and are listed for the user to chase another way.
- The `X-Unsent: 1` header makes Outlook open the file as a draft to check and
  send; other mail programs show it as a message.  No Date or Message-ID: the
  draft gets them when it is sent.  From is the board's contact email when
  boards.toml has one (else the sender's own account is used).
- The body is plain text with an HTML alternative: actions overdue first (oldest
  due date first), then the rest by due date; each with its reference, due date,
  RAG (as a word, never only a colour), where it was raised, and the last progress.
- "Please reply by": the publication deadline of the board's next meeting when
  it is still ahead, so updates make the papers; otherwise five working days from
  today.  The caller may give a date instead.
- Files go to out/<board>/chase-<YYYY-MM-DD>/ named "<initials> - <name>.eml";
  running again the same day rewrites them (never a file the tool did not make).
- An Email cell that is not one plain address (two addresses, a line break, a
  name with the address, no @, non-ASCII letters) is reported for that member,
  with its row, and the other drafts are still written; names are folded to one
  line, so nothing typed in a cell can add a header.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email import policy
from pathlib import Path

from . import files
from .dates import is_working_day, long_date, numeric_date, short_date
from .errors import InputError
from .model import HONORIFICS, Action, Board, Member, email_problem, match_member
from .publication import deadline_for
from .registers.schema import ACTIONS_BOOK, MEMBERS_BOOK, PLAN_BOOK
from .workspace import Workspace, require_clean

WORKING_DAYS_TO_REPLY = 5
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


@dataclass
class Draft:
    member: Member
    actions: list[Action]
    path: Path
    overdue: int


@dataclass
class Unsent:
    """Owner of open actions that no draft could be made for, and why."""

    owner: str
    actions: list[Action]
    reason: str


@dataclass
class ChaseResult:
    board: Board
    folder: Path
    reply_by: dt.date
    reason: str
    drafts: list[Draft] = field(default_factory=list)
    unsent: list[Unsent] = field(default_factory=list)


def add_working_days(day: dt.date, count: int) -> dt.date:
    while count:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def reply_date(board: Board, meetings, today: dt.date) -> tuple[dt.date, str]:
    """The date to ask for updates by, and the reason given in the email."""
    upcoming = sorted((m for m in meetings if m.board == board.code and m.date > today),
                      key=lambda m: m.date)
    for meeting in upcoming[:1]:
        deadline = deadline_for(board, meeting)
        if deadline is not None and deadline.publish_by > today:
            return deadline.publish_by, (f"so that it can go in the papers for the meeting on "
                                         f"{long_date(meeting.date)}")
    return add_working_days(today, WORKING_DAYS_TO_REPLY), ""


def _order(actions: list[Action], today: dt.date) -> list[Action]:
    return sorted(actions, key=lambda a: (not a.is_overdue(today), a.due or dt.date.max, a.ref))


def _greeting(member: Member) -> str:
    name = re.sub(r"\([^)]*\)", "", member.name).strip()
    words = [w for w in name.split() if w.strip(".").casefold() not in HONORIFICS]
    return words[0] if len(words) > 1 else (words[0] if words else member.initials)


def _file_name(member: Member) -> str:
    name = _UNSAFE.sub("", f"{member.initials} - {member.name}").strip(" .")
    return f"{name[:120]}.eml"


def _due_words(action: Action, today: dt.date) -> str:
    if action.due is None:
        return "no due date"
    if action.is_overdue(today):
        days = (today - action.due).days
        return f"OVERDUE: was due {numeric_date(action.due)} ({days} day{'s' if days != 1 else ''} ago)"
    return f"due {numeric_date(action.due)}"


def _raised(action: Action) -> str:
    if action.meeting is None:
        return ""
    item = f", item {action.item}" if action.item else ""
    return f"meeting of {short_date(action.meeting)}{item}"


def _plain_body(board: Board, member: Member, actions: list[Action], today: dt.date,
                reply_by: dt.date, reason: str) -> str:
    overdue = sum(1 for a in actions if a.is_overdue(today))
    count = f"{len(actions)} open action{'s' if len(actions) != 1 else ''}"
    lines = [f"Dear {_greeting(member)},", "",
             f"The {board.name}'s action log shows {count} for you"
             + (f", {overdue} of them overdue" if overdue else "") + ".",
             f"Please reply with a short progress update on each by {long_date(reply_by)}"
             + (f", {reason}" if reason else "") + ". If an action is complete, say so and it will be closed.",
             ""]
    for action in actions:
        lines.append(f"{action.ref} – {_due_words(action, today)}")
        lines.append(f"  {' '.join(action.text.split())}")
        lines.append(f"  RAG: {action.rag or 'Not rated'}")
        raised = _raised(action)
        if raised:
            lines.append(f"  Raised at: {raised}")
        lines.append(f"  Last update: {' '.join(action.progress.split()) or 'none recorded'}")
        lines.append("")
    lines += ["Thank you,", ""]
    contact = board.contact
    lines += [line for line in (contact.name, contact.title if contact.name else "", board.name) if line]
    return "\n".join(lines) + "\n"


def _html_body(board: Board, member: Member, actions: list[Action], today: dt.date,
               reply_by: dt.date, reason: str) -> str:
    e = html.escape
    rows = []
    for action in actions:
        level = board.rag_scale.find(action.rag)
        style = (f' style="background:#{level.colour};color:#{level.text_colour};font-weight:bold"'
                 if level else "")
        due = _due_words(action, today)
        due_html = f"<strong>{e(due)}</strong>" if action.is_overdue(today) else e(due)
        rows.append(f"<tr><td>{e(action.ref)}</td><td>{e(action.text)}</td><td>{due_html}</td>"
                    f"<td{style}>{e(action.rag or 'Not rated')}</td><td>{e(_raised(action))}</td>"
                    f"<td>{e(action.progress) or 'none recorded'}</td></tr>")
    plain = _plain_body(board, member, actions, today, reply_by, reason).split("\n\n")
    intro = "".join(f"<p>{e(p).replace(chr(10), '<br>')}</p>" for p in plain[:2])
    contact = board.contact
    sign = "<br>".join(e(line) for line in (contact.name, contact.title if contact.name else "",
                                               board.name) if line)
    return (f'<html><body style="font-family:Arial,sans-serif;font-size:11pt">{intro}'
            '<table border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse">'
            "<tr><th>Ref</th><th>Action</th><th>Due</th><th>RAG</th><th>Raised at</th>"
            f"<th>Last update</th></tr>{''.join(rows)}</table>"
            f"<p>Thank you,</p><p>{sign}</p></body></html>")


def draft_email(board: Board, member: Member, actions: list[Action], today: dt.date,
                reply_by: dt.date, reason: str, overdue_only: bool = False) -> EmailMessage:
    """The draft for one owner, actions already in the order to show."""
    message = EmailMessage(policy=policy.SMTP)
    overdue = sum(1 for a in actions if a.is_overdue(today))
    kind = "overdue" if overdue_only else "open"
    subject = f"{board.name}: {len(actions)} {kind} action{'s' if len(actions) != 1 else ''}"
    if overdue and not overdue_only:
        subject += f" ({overdue} overdue)"
    message["Subject"] = _one_line(f"{subject} – update requested by {short_date(reply_by)}")
    message["To"] = Address(display_name=_one_line(re.sub(r"\s*\([^)]*\)", "", member.name)) or
                            _one_line(member.name), addr_spec=member.email.strip())
    if board.contact.email and email_problem(board.contact.email) is None:
        message["From"] = Address(display_name=_one_line(board.contact.name),
                                  addr_spec=board.contact.email.strip())
    message["X-Unsent"] = "1"
    message["X-Meeting-Packs"] = "chase draft"  # files.made_by_tool: a rerun may replace it
    message.set_content(_plain_body(board, member, actions, today, reply_by, reason))
    message.add_alternative(_html_body(board, member, actions, today, reply_by, reason), subtype="html")
    return message


def _one_line(text: str) -> str:
    """A name typed with Alt+Enter or tabs, as one line a header can carry."""
    return " ".join(text.split())


def chase_owners(ws: Workspace, board_code: str, overdue_only: bool = False,
                 output_dir: Path | None = None, today: dt.date | None = None,
                 reply_by: dt.date | None = None) -> ChaseResult:
    """Write one draft per owner with open (or overdue) actions; list those who cannot be emailed."""
    today = today or dt.date.today()
    board = ws.board(board_code)
    registers = require_clean(ws.load((ACTIONS_BOOK, MEMBERS_BOOK, PLAN_BOOK), skip=frozenset({"History"}),
                                      board=board.code))
    members = [m for m in registers.members if m.board == board.code]
    if reply_by is not None:
        if reply_by < today:
            raise InputError(f"The reply-by date {numeric_date(reply_by)} is before today "
                             f"({numeric_date(today)}). Give a later date.")
        reason = ""
    else:
        reply_by, reason = reply_date(board, registers.meetings, today)
    folder = Path(output_dir) if output_dir else ws.out_dir / board.code / f"chase-{today.isoformat()}"
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file. Give a folder for the drafts with -o.")
    result = ChaseResult(board, folder, reply_by, reason)
    by_owner: dict[str, tuple[Member | None, list[Action]]] = {}
    for action in registers.actions:
        if action.board != board.code or not action.is_open:
            continue
        if overdue_only and not action.is_overdue(today):
            continue
        member = match_member(action.owner, members)
        key = member.initials.casefold() if member else " ".join(action.owner.split()).casefold()
        by_owner.setdefault(key, (member, []))[1].append(action)
    for key, (member, actions) in sorted(by_owner.items()):
        actions = _order(actions, today)
        if member is None:
            result.unsent.append(Unsent(actions[0].owner, actions, f"not a member of the {board.name}"))
            continue
        if not member.email:
            result.unsent.append(Unsent(f"{member.initials} {member.name}", actions,
                                        "no email in membership.xlsx"))
            continue
        problem = member.email_problem
        if problem:  # one bad row stops no one else's draft (module docstring)
            result.unsent.append(Unsent(f"{member.initials} {member.name}", actions,
                                        f"{problem} (membership.xlsx, row {member.row}); correct it "
                                        "and run the command again"))
            continue
        message = draft_email(board, member, actions, today, reply_by, reason, overdue_only)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / _file_name(member)
        files.check_replaceable(path)  # a rerun replaces its own drafts, never someone's file
        files.write_bytes(path, message.as_bytes())
        result.drafts.append(Draft(member, actions, path, sum(1 for a in actions if a.is_overdue(today))))
    return result


def chase_text(result: ChaseResult, overdue_only: bool = False) -> tuple[list[str], list[str]]:
    """What the command prints: (lines for stdout, lines for stderr)."""
    kind = "overdue" if overdue_only else "open"
    out: list[str] = []
    err: list[str] = []
    if not result.drafts and not result.unsent:
        out.append(f"No {kind} actions to chase on the {result.board.name}.")
        return out, err
    if result.drafts:
        out.append(f"Wrote {len(result.drafts)} draft email(s) to {result.folder} — open each in Outlook, "
                   "check it and send it:")
        for draft in result.drafts:
            n = len(draft.actions)
            extra = f", {draft.overdue} overdue" if draft.overdue and not overdue_only else ""
            out.append(f"  {draft.path.name} ({n} action{'s' if n != 1 else ''}{extra})")
        why = f", {result.reason}" if result.reason else ""
        out.append(f"Updates are asked for by {long_date(result.reply_by)}{why}.")
    if result.unsent:
        err.append("No draft for these owners (chase them another way, or add their email in the "
                   "Email column of registers/membership.xlsx):")
        for unsent in result.unsent:
            refs = ", ".join(a.ref for a in unsent.actions)
            err.append(f"  {unsent.owner}: {unsent.reason}; {len(unsent.actions)} action(s): {refs}")
    return out, err
