"""The lines `minutes import` prints: the changes one by one, then one summary line."""

from __future__ import annotations

from ..dates import short_date
from ..model import Action, Attendance
from .result import ImportResult
from .rows import snippet


def _refs(actions: list[Action]) -> str:
    return f" ({', '.join(a.ref for a in actions)})" if actions else ""


def summary(result: ImportResult) -> list[str]:
    """The lines the command prints: the changes one by one, then one summary line."""
    would = result.dry_run
    lines = []
    for action in result.added:
        due = f", due {action.due:%d/%m/%Y}" if action.due else ""
        item = f"item {action.item}: " if action.item else ""
        extra = "".join(f", {v}" for v in (action.workstream, action.rag) if v)
        lines.append(f"  {'would add' if would else 'added'} {action.ref}: {item}"
                     f"{snippet(action.text, 60)} ({action.owner}{due}{extra})")
    for update in result.updated:
        what = "; ".join(f"{c.field} '{snippet(c.old, 30)}' → '{snippet(c.new, 30)}'" for c in update.changes)
        lines.append(f"  {'would update' if would else 'updated'} {update.action.ref}: {what}")
    for update in result.arising:
        what = "; ".join(f"{c.field} '{snippet(c.old, 30)}' → '{snippet(c.new, 30)}'" for c in update.changes)
        lines.append(f"  {'would update' if would else 'updated'} {update.action.ref} from matters arising: {what}")
    for action in result.linked:
        lines.append(f"  {'would link' if would else 'linked'} {action.ref} (already in the log) to these "
                     "minutes")
    counts = [f"{result.count(Attendance.PRESENT)} present",
              f"{result.count(Attendance.APOLOGIES)} apologies"]
    if result.count(Attendance.SUBSTITUTE):
        counts.append(f"{result.count(Attendance.SUBSTITUTE)} substitute(s)")
    if result.count(Attendance.ABSENT):
        counts.append(f"{result.count(Attendance.ABSENT)} absent")
    day = short_date(result.meeting)
    if not result.changed:
        lines.append(f"Nothing to change: the action log and attendance already match the minutes of "
                     f"{day} ({len(result.attendance)} attendance rows, {result.unchanged} action(s)).")
        return lines
    n_added, n_updated = len(result.added), len(result.updated)
    verb = ("Would add", "would update") if would else ("Added", "updated")
    text = (f"{verb[0]} {n_added} action{'s' if n_added != 1 else ''}{_refs(result.added)}; "
            f"{verb[1]} {n_updated}{_refs([u.action for u in result.updated])}")
    if result.linked:
        text += f"; {'would link' if would else 'linked'} {len(result.linked)}{_refs(result.linked)}"
    if result.arising:
        text += (f"; {'would record' if would else 'recorded'} {len(result.arising)} update(s) from matters "
                 f"arising{_refs([u.action for u in result.arising])}")
    if result.removed:
        text += f"; {len(result.removed)} no longer in the minutes{_refs(result.removed)}"
    if result.attendance_changed:
        replaced = (f", replacing the {result.replaced_rows} rows recorded before"
                    if result.replaced_rows else "")
        text += f"; attendance: {', '.join(counts)}{replaced}."
    else:
        text += "; attendance unchanged."
    lines.append(text)
    if would:
        lines.append("Nothing was written (--dry-run). Run again without --dry-run to import.")
    return lines
