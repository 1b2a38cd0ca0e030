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
    if any(m.left for m in members):  # `members list --all`: who has left, and when
        rows = [(m.name, m.initials, m.role, m.organisation, m.type.value, _d(m.left)) for m in members]
        return table(["Name", "Initials", "Role", "Organisation", "Type", "Left"], rows) + \
            f"\n{len(members)} member(s)."
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


def risks_table(ws, risks, today: dt.date | None = None) -> str:
    """The risks; a review date before `today` is marked OVERDUE."""
    if not risks:
        return "No risks match."
    rows = []
    for r in risks:
        band = ws.board(r.board).band_for(r.score).label
        review = _d(r.review) + (" OVERDUE" if today and r.review and r.review < today
                                 and r.status.value == "Open" else "")
        rows.append((r.ref, r.text, f"{r.likelihood}×{r.impact}={r.score}", band, r.owner, review))
    return table(["Ref", "Risk", "Score", "Rating", "Owner", "Review"], rows, shrink=[1]) + \
        f"\n{len(risks)} risk(s)."


def plan_table(items, today: dt.date | None = None) -> str:
    """The plan by meeting; an item of a meeting before `today` is marked (past)."""
    if not items:
        return "The forward plan is empty."
    rows = []
    for p in items:
        when = _d(p.meeting) or "unscheduled"
        if today and p.meeting and p.meeting < today:
            when += " (past)"
        paper = ("to follow" if p.to_follow else "report" if p.report else
                 p.paper.value.lower() if p.paper else "")
        if p.exempt:
            paper += f" (exempt para {p.exempt})"
        rows.append((p.ref, when, p.title,
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
            parts = [long_date(meeting.date), clock(meeting.start) if meeting.start else "",
                     meeting.venue or board.venue]
            lines.append("  " + ", ".join(part for part in parts if part))  # no venue: no trailing comma
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


def action_reopened(outcome) -> list[str]:
    action = outcome.action
    rag = f", RAG {action.rag}" if action.rag else ", no RAG yet (set one with 'actions update REF --rag')"
    return [f"{action.ref} is open again (status {action.status.value}{rag})."]


def member_updated(board: str, member, changes) -> list[str]:
    if not changes:
        return [f"{member.name} ({member.initials}): nothing changed (the values were already so)."]
    return [f"{member.name} ({member.initials}) on {board}: {what} '{old}' → '{new}'" for what, old, new in changes]


def member_left(board, member) -> str:
    return (f"{member.name} ({member.initials}) left the {board.name} on {long_date(member.left)}: not on the "
            "agendas and minutes templates of meetings from that day; attendance and actions are kept.")


def meeting_changed(change) -> list[str]:
    """`meetings cancel` and `meetings move`: what happened to the meeting and to its items."""
    board = change.board
    if change.new_date is None:
        lines = [f"Cancelled the {board.name} meeting on {long_date(change.meeting.date)}."]
        if change.items:
            lines.append(f"{len(change.items)} forward-plan item(s) on it are now unscheduled; give each a "
                         f"meeting with 'meeting-packs plan move REF DATE':")
    else:
        lines = [f"Moved the {board.name} meeting to {long_date(change.new_date)}."]
        if change.items:
            lines.append(f"{len(change.items)} forward-plan item(s) moved with it:")
        else:
            lines.append("No forward-plan item was on it.")
    lines += [f"  {item.ref} \"{item.title}\"" for item in change.items]
    return lines


def plan_updated(update) -> list[str]:
    ref = update.item.ref
    if not update.changes:
        return [f"{ref}: nothing changed (the values were already so)."]
    return [f"{ref}: {what} '{old}' → '{new}'" for what, old, new in update.changes]


def board_added(board, path) -> list[str]:
    return [f"Added the board '{board.code}' ({board.name}) to {path.name}.",
            f"Its other settings are commented in the file; see them with 'meeting-packs boards show {board.code}'.",
            f"Next: 'meeting-packs members add {board.code} NAME --initials X' and "
            f"'meeting-packs meetings add {board.code} DATE'."]


def board_settings_text(board, settings) -> str:
    """`boards show`: each setting, its value, and (default) where boards.toml does not set it."""
    rows = [(s.key, s.value, "default" if s.default else "set") for s in settings]
    return f"{board.code}: {board.name}\n" + table(["Setting", "Value", "From"], rows, shrink=[1])


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
    if hasattr(value, "value") and isinstance(getattr(value, "value"), str):  # a board's own purpose
        return value.value
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


def shown_text(shown, fmt: str, ws=None) -> str:
    """`actions show`, `risks show`, `plan show`: the record, then its history (oldest first).

    table: one line per field, then the history; json: {"record": …, "history": […]};
    csv: the record as one row, a blank line, then one row per change.
    """
    rec = record(shown.record)
    rec.pop("row", None)
    if ws is not None and hasattr(shown.record, "score"):
        rec["rating"] = ws.board(shown.record.board).band_for(shown.record.score).label
    history = [{"when": h.when.strftime("%Y-%m-%d %H:%M"), "what": h.field, "old": h.old, "new": h.new,
                "note": h.note} for h in shown.history]
    if fmt == "json":
        import json

        return json.dumps({"record": rec, "history": history}, ensure_ascii=True, indent=2)
    if fmt == "csv":
        return _csv([rec]) + "\n\n" + _csv(history, ["when", "what", "old", "new", "note"])
    lines = [table(["Field", "Value"], [(key, "" if value is None else _shown(value))
                                        for key, value in rec.items()], shrink=[1])]
    if history:
        lines.append("History:")
        lines.append(table(["When", "What", "Old", "New", "Note"],
                           [(h["when"], h["what"], h["old"], h["new"], h["note"]) for h in history],
                           shrink=[2, 3, 4]))
    else:
        lines.append("History: none recorded.")
    return "\n".join(lines)


def _shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return _d(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _csv(rows, fieldnames=None) -> str:
    import csv
    import io

    buffer = io.StringIO()
    names = fieldnames or (list(rows[0]) if rows else [])
    if names:
        writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue().rstrip("\n")


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
