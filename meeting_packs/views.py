"""Everything the command line prints, as text made from library results.

The CLI (meeting_packs/cli.py) only prints what these functions return, so a
wording lives in one place and can be tested without a terminal (README,
Development).  Lists are readable tables for an 80-column terminal.
"""

from __future__ import annotations

import datetime as dt

from .dates import clock, long_date
from .textable import table

FORMATS = ("table", "csv", "json")


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def meetings_table(meetings) -> str:
    if not meetings:
        return "No meetings in the schedule."
    rows = [(m.board, f"{m.date:%a} {_d(m.date)}",
             f"{clock(m.start)}–{clock(m.end)}" if m.start and m.end else (clock(m.start) if m.start else ""),
             m.venue, m.notes) for m in meetings]
    return table(["Board", "Date", "Time", "Venue", "Notes"], rows)


def members_table(members) -> str:
    if not members:
        return "No members yet. Add them with 'meeting-packs members add BOARD NAME --initials X'."
    rows = [(m.name, m.initials, m.role, m.organisation, m.type.value) for m in members]
    return table(["Name", "Initials", "Role", "Organisation", "Type"], rows) + f"\n{len(members)} member(s)."


def actions_table(actions, today: dt.date) -> str:
    if not actions:
        return "No actions match."
    rows = []
    for a in actions:
        due = _d(a.due) + (" OVERDUE" if a.is_overdue(today) else "")
        state = a.rag or "-"
        if not a.is_open:
            state += " (complete)"
        rows.append((a.ref, a.text, a.owner, due, state))
    return table(["Ref", "Action", "Owner", "Due", "RAG"], rows, shrink=[1]) + f"\n{len(actions)} action(s)."


def risks_table(ws, risks) -> str:
    if not risks:
        return "No risks match."
    rows = []
    for r in risks:
        band = ws.board(r.board).band_for(r.score).label
        rows.append((r.ref, r.text, f"{r.likelihood}×{r.impact}={r.score}", band, r.owner, _d(r.review)))
    return table(["Ref", "Risk", "Score", "Rating", "Owner", "Review"], rows, shrink=[1]) + \
        f"\n{len(risks)} risk(s)."


def plan_table(items) -> str:
    if not items:
        return "The forward plan is empty."
    rows = []
    for p in items:
        paper = ("to follow" if p.to_follow else "report" if p.report else
                 p.paper.value.lower() if p.paper else "")
        if p.exempt:
            paper += f" (exempt para {p.exempt})"
        rows.append((p.ref, _d(p.meeting) or "unscheduled", p.title,
                     p.purpose.value if p.purpose else "", p.lead, paper.strip()))
    return table(["Ref", "Meeting", "Item", "Purpose", "Lead", "Paper"], rows, shrink=[2, 4, 5])


def boards_overview(ws, today: dt.date) -> str:
    from .forward_plan import meetings_of
    from .registers.schema import PLAN_BOOK
    from .workspace import require_clean

    registers = require_clean(ws.load((PLAN_BOOK,)))
    lines = []
    for board in ws.boards.values():
        kind = "statutory committee" if board.statutory else "partnership board"
        lines.append(f"{board.code}: {board.name} ({kind})")
        upcoming = [m for m in meetings_of(registers.meetings, board.code) if m.date >= today][:3]
        if not upcoming:
            lines.append("  no meetings scheduled from today; add one with "
                         f"'meeting-packs meetings add {board.code} DATE'")
        for meeting in upcoming:
            time = f", {clock(meeting.start)}" if meeting.start else ""
            lines.append(f"  {long_date(meeting.date)}{time}, {meeting.venue or board.venue}")
    return "\n".join(lines)



# ------------------------------------------------------------------ confirmations

def warning_lines(warnings) -> list[str]:
    """One "Warning: …" line per warning (printed on stderr)."""
    return [f"Warning: {warning}" for warning in warnings]


def workspace_created(ws, example: bool) -> list[str]:
    return [f"Created the workspace {ws.root}" + (" with the example data." if example else "."),
            f"Next: cd \"{ws.root}\" and run 'meeting-packs check'."]


def meeting_added(board: str, meeting) -> str:
    return f"Added the {board} meeting on {long_date(meeting.date)}."


def member_added(board: str, member) -> str:
    return f"Added {member.name} ({member.initials}) to {board}."


def action_changes(outcome) -> list[str]:
    """One line per changed field of an action update, or one saying nothing changed."""
    ref = outcome.action.ref
    if not outcome.changes:
        return [f"{ref}: nothing changed (the values were already so)."]
    return [f"{ref}: {change.field} '{change.old}' → '{change.new}'" for change in outcome.changes]


def action_closed(action) -> str:
    return f"{action.ref} is complete (closed {_d(action.closed)})."


def _band(ws, risk) -> str:
    return ws.board(risk.board).band_for(risk.score).label


def risk_added(ws, risk) -> str:
    return f"{risk.ref} (score {risk.score}, {_band(ws, risk)})"


def risk_updated(ws, risk) -> str:
    return f"{risk.ref}: score {risk.score}, {_band(ws, risk)}"


def risk_closed(risk) -> str:
    return f"{risk.ref} is closed."


def plan_moved(item) -> str:
    where = f"on {long_date(item.meeting)}" if item.meeting else "unscheduled"
    return f"{item.ref} \"{item.title}\" is now {where}."


def plan_dropped(item) -> str:
    return f"{item.ref} \"{item.title}\" is dropped."


# ------------------------------------------------------------------ check and pack

def check_report(report, today: dt.date) -> list[str]:
    """`check`'s report, in one stream (so `check > report.txt` keeps the errors too):
    errors first, then warnings, deadlines and a closing count."""
    lines = [f"{problem.severity.upper()}: {problem}" for problem in report.problems
             if problem.severity == "error"]
    lines += [f"{problem.severity.upper()}: {problem}" for problem in report.problems
              if problem.severity != "error"]
    if report.deadlines:
        lines.append("Publication deadlines:")
        lines.extend(f"  {deadline.describe(today)}" for deadline in report.deadlines)
    summary = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)."
    if report.errors:
        lines.append(summary + " Fix the errors and run 'meeting-packs check' again.")
    else:
        lines.append(summary + (" Everything can be built." if not report.warnings else
                                " The warnings do not stop documents being built."))
    return lines


def pack_deadline(result, today: dt.date) -> tuple[list[str], list[str]]:
    """After a pack is built: its publication deadline (stdout) and, when it is late, a
    warning about urgent items (stderr)."""
    if not result.deadline:
        return [], []
    out = [result.deadline.describe(today)]
    err = []
    if result.late:
        err.append(f"Warning: this pack is being built after the publication deadline "
                   f"({result.deadline.publish_by:%A %d %B %Y}). An item not on an agenda published in "
                   "time can only be taken if the chair rules it urgent, with the reasons minuted.")
    return out, err


def pack_contents(result) -> list[str]:
    """After a private pack: what it adds to the public pack, or that it adds nothing."""
    if not result.private:
        return []
    if not result.exempt:
        return ["This private pack adds nothing to the public pack: no item on this agenda is exempt."]
    return ["This private pack adds, NOT FOR PUBLICATION:"] + [f"  {line}" for line in result.exempt]


def pdf_hint(libreoffice_found: bool) -> str:
    """After a Word-only pack: how to get the PDF as well."""
    if libreoffice_found:
        return "For the PDF as well, run the same command with --pdf."
    return ("No PDF was made: LibreOffice is not installed here. Install it (see 'PDF output' in "
            "the README), then run the same command with --pdf.")


# ------------------------------------------------------------------ errors

def error_text(err: Exception) -> str:
    """A MeetingPacksError as the one line the user sees."""
    return f"Error: {err}"


def unexpected_text(err: Exception) -> str:
    """An unforeseen failure, still in one line, with what to do next."""
    return (f"Error: unexpected {type(err).__name__}: {err}. Run again with --debug "
            "and send the output to whoever supports the tool.")


# ------------------------------------------------------------------ machine-readable lists

def _plain(value):
    """A field as JSON/CSV wants it: exact text, ISO dates, HH:MM times, enum labels."""
    import enum

    if isinstance(value, enum.Enum):
        return value.value if isinstance(value.value, str) else value.name.lower()
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def record(obj) -> dict:
    """A register record (a frozen model object) as a dict of plain values, in field order.

    `row` is the workbook row it came from; a risk also carries its score.
    """
    from dataclasses import fields

    out = {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}
    if hasattr(obj, "score") and "score" not in out:
        out["score"] = obj.score
    return out


def formatted(objects, fmt: str, table_text) -> str:
    """`objects` as the table (`table_text()`), CSV (a header row, then one row each) or JSON.

    JSON escapes every non-ASCII character, so what arrives is exactly the stored text
    whatever the console's code page; CSV is for Excel and Power Automate.
    """
    if fmt == "table":
        return table_text()
    rows = [record(obj) for obj in objects]
    if fmt == "json":
        import json

        return json.dumps(rows, ensure_ascii=True, indent=2)
    import csv
    import io

    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue().rstrip("\n")

def minutes_published(result) -> list[str]:
    """What `minutes publish` wrote: the public minutes, the Part 2 minutes apart, the PDFs."""
    lines = [f"Public minutes: {result.public}"]
    if result.exempt is not None:
        lines.append(f"Part 2 minutes (not for publication): {result.exempt}")
    else:
        lines.append("No Part 2: there are no exempt minutes to keep apart.")
    lines += [f"PDF: {pdf}" for pdf in result.pdfs]
    if result.notes_removed:
        lines.append(f"Left out {result.notes_removed} note(s) to the secretary and the tool's markers; "
                     f"{result.source.name} is unchanged.")
    return lines
