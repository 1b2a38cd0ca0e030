"""The RAG-rated action appendix: key, summary then and now, actions by group with direction of travel."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..dates import numeric_date, parse_date, short_date
from ..errors import MeetingPacksError
from ..model import (Action, ActionStatus, Board, MemberLookup, direction_of_travel, end_of_day, existed_at,
                     rag_as_at, value_as_at)
from ..registers.repository import ACTION_FIELDS
from ..workspace import Workspace
from .context import MeetingData, common_context

NOT_RATED = {"label": "Not rated", "colour": "FFFFFF", "text_colour": "000000"}


def _level(board: Board, label: str) -> dict[str, str]:
    level = board.rag_scale.find(label)
    if level is None:
        return dict(NOT_RATED, label=label or "Not rated")
    return {"label": level.label, "colour": level.colour, "text_colour": level.text_colour}


def _raised_later(md: MeetingData, action: Action) -> bool:
    """Actions agreed at this meeting (or later) are not part of its papers."""
    if action.meeting is None:
        return False
    return action.meeting >= md.meeting.date if md.scheduled else action.meeting > md.meeting.date


def as_at_meeting(md: MeetingData, action: Action, entries) -> Action | None:
    """The action as its register stood at the end of the `as_at` day, or None if it was not on the log yet.

    The register may hold changes made after that day (papers of a past meeting, or `--as-of`): its
    RAG, status, progress, owner and due date are taken back to that day from the action's history,
    so that every count, row and sentence of the appendix describes one state (README, "direction of travel").
    """
    if not entries:
        return action
    moment = end_of_day(md.as_at)
    if not existed_at(entries, action, moment):
        return None
    if entries[-1].when <= moment:
        return action  # nothing changed since: the register is the state at that day
    changes: dict[str, Any] = {}
    rag = value_as_at(entries, "RAG", moment)
    if rag is not None:
        changes["rag"] = rag
    status = value_as_at(entries, "Status", moment)
    if status:
        try:
            changes["status"] = ActionStatus.parse(status)
        except ValueError:
            pass
    progress = value_as_at(entries, ACTION_FIELDS["progress"], moment)
    if progress is not None:
        changes["progress"] = progress
    owner = value_as_at(entries, ACTION_FIELDS["owner"], moment)
    if owner:
        changes["owner"] = owner
    due = value_as_at(entries, ACTION_FIELDS["due"], moment)
    if due:
        try:
            changes["due"] = parse_date(due, "due date")
        except (MeetingPacksError, ValueError):
            pass
    state = replace(action, **changes)
    closed = action.closed if action.closed and action.closed <= md.as_at else None
    if not state.is_open and closed is None:
        closed = action.closed if action.closed and action.closed <= md.as_at else md.as_at
    return replace(state, closed=closed if not state.is_open else None)


def chosen_actions(md: MeetingData) -> list[Action]:
    """Open actions, plus those closed since the previous meeting, each as it stood on the `as_at` day."""
    since = md.previous.date if md.previous else None
    out = []
    grouped = md.history_index
    for action in md.registers.actions:
        if action.board != md.board.code:
            continue
        action = as_at_meeting(md, action, grouped.get(action.ref.casefold(), []))
        if action is None or _raised_later(md, action):
            continue
        if action.is_open:
            out.append(action)
        elif action.closed and (since is None or action.closed > since) and action.closed <= md.as_at:
            out.append(action)
    return out


def action_row(md: MeetingData, action: Action, entries, member_of) -> dict[str, Any]:
    board = md.board
    level = _level(board, action.rag)
    direction = direction_of_travel(board, action, entries, md.previous.date if md.previous else None)
    overdue = action.is_overdue(md.as_at)
    owner = member_of(action.owner)
    due_text = numeric_date(action.due) if action.due else "No date"
    return {
        "ref": action.ref, "text": action.text, "owner": action.owner,
        "owner_name": owner.name if owner else action.owner,
        "due": action.due, "due_text": due_text + ("\nOVERDUE" if overdue else ""),
        "overdue": overdue, "overdue_text": "Overdue" if overdue else "",
        "rag": level["label"], "rag_colour": level["colour"], "rag_text_colour": level["text_colour"],
        "direction": direction.label, "direction_arrow": direction.arrow,
        "direction_text": f"{direction.arrow} {direction.label}",
        "progress": action.progress, "status": action.status.value,
        "closed": action.closed, "closed_text": f"Closed {numeric_date(action.closed)}" if action.closed else "",
        "workstream": action.workstream, "meeting": action.meeting,
        "meeting_text": short_date(action.meeting) if action.meeting else "",
        "item": action.item,
    }


def summary(md: MeetingData, actions: list[Action] | None = None) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """How many of the listed actions were in each status at the previous meeting and now.

    The "now" column counts exactly the rows the appendix lists (`chosen_actions`), so its total is
    the number of rows; the "previous" column counts the same actions as rated then (those on the log then).
    """
    board = md.board
    grouped = md.history_index
    actions = chosen_actions(md) if actions is None else actions
    counts_then = {level.label: 0 for level in board.rag_scale.levels}
    counts_now = dict(counts_then)
    not_rated_then = not_rated_now = 0
    for action in actions:
        level_now = board.rag_scale.find(action.rag)
        if level_now is not None:
            counts_now[level_now.label] += 1
        else:
            not_rated_now += 1
        if md.previous is not None:
            then = rag_as_at(board, action, grouped.get(action.ref.casefold(), []), md.previous.date)
            if then is not None:
                level_then = board.rag_scale.find(then)
                if level_then is not None:
                    counts_then[level_then.label] += 1
                else:
                    not_rated_then += 1
    rows = [{"label": level.label, "colour": level.colour, "text_colour": level.text_colour,
             "meaning": level.meaning, "previous": counts_then[level.label] if md.previous else "",
             "now": counts_now[level.label]} for level in board.rag_scale.levels]
    if not_rated_now or not_rated_then:
        rows.append(dict(NOT_RATED, meaning="No rating given yet",
                         previous=not_rated_then if md.previous else "", now=not_rated_now))
    totals = {"previous": (sum(counts_then.values()) + not_rated_then) if md.previous else "",
              "now": sum(counts_now.values()) + not_rated_now}
    return rows, totals


def build_context(md: MeetingData) -> dict[str, Any]:
    grouped_history = md.history_index
    members = MemberLookup(md.members)
    actions = chosen_actions(md)
    groups: dict[str, list[dict[str, Any]]] = {}
    by_meeting = md.board.group_actions_by == "meeting"
    order: dict[str, tuple] = {}
    for action in sorted(actions, key=lambda a: (a.meeting or dt.date.min, a.ref)):
        if by_meeting:
            name = f"Actions from the meeting of {short_date(action.meeting)}" if action.meeting else \
                "Other actions"
            key = (0, action.meeting or dt.date.max)
        else:
            name = action.workstream or "General"
            key = (1 if not action.workstream else 0, name.casefold())
        groups.setdefault(name, []).append(action_row(md, action, grouped_history.get(action.ref.casefold(), []),
                                                      members))
        order.setdefault(name, key)
    rows, totals = summary(md, actions)
    previous = md.previous
    context = common_context(md, f"{md.board.name} – Action log – {short_date(md.meeting.date)}")
    context.update({
        "rag_key": [{"label": r["label"], "colour": r["colour"], "text_colour": r["text_colour"],
                     "meaning": r["meaning"]} for r in context["rag_scale"]],
        "summary": rows,
        "summary_total": totals,
        "previous_heading": f"At {short_date(previous.date)}" if previous else "Previous meeting",
        "now_heading": f"At {short_date(md.as_at)}",
        "groups": [{"name": name, "actions": groups[name]} for name in sorted(groups, key=lambda n: order[n])],
        "counts": {"open": sum(1 for a in actions if a.is_open),
                   "closed_since": sum(1 for a in actions if not a.is_open),
                   "overdue": sum(1 for a in actions if a.is_overdue(md.as_at))},
        "as_at": short_date(md.as_at),
    })
    return context


def write_action_appendix(ws: Workspace, board: str, when: str | None = None, output: Path | None = None,
                          today: dt.date | None = None) -> Path:
    """`registry.write_document(ws, "action-appendix", …)`, under the name the CLI has always called."""
    from .registry import write_document

    return write_document(ws, "action-appendix", board, when, output, today)


def default_template():
    """The built-in template's layout (written by `python -m meeting_packs.documents.default_templates`)."""
    from .default_templates import base, cell_text, loop_table, para

    d = base(landscape=True, footer_label="{{ board.short_name }} – Action log – {{ meeting.date_short }}")
    para(d, "{{ board.name }}", style="Title")
    para(d, "Action log", style="Heading 1")
    para(d, "Actions as at {{ as_at }}{% if previous_meeting %}, with the direction of travel of each RAG "
            "rating since the meeting of {{ previous_meeting.date_short }}{% endif %}. "
            "{{ counts.open }} open, {{ counts.overdue }} overdue, {{ counts.closed_since }} closed since the last meeting.")
    para(d, "RAG rating key", style="Heading 2")
    loop_table(d, ["Status", "Meaning"], [4.5, 21], "for k in rag_key",
                ["{% cellbg k.colour %}{{ k.label }}", "{{ k.meaning }}"])
    para(d, "Summary", style="Heading 2")
    table = loop_table(d, ["Status", "{{ previous_heading }}", "{{ now_heading }}"], [6, 5, 5], "for s in summary",
                       ["{% cellbg s.colour %}{{ s.label }}", "{{ s.previous }}", "{{ s.now }}"])
    total = table.add_row()
    for cell, text in zip(total.cells, ["Total", "{{ summary_total.previous }}", "{{ summary_total.now }}"]):
        cell_text(cell, text, bold=True)
    para(d, "Actions", style="Heading 2")
    para(d, "Direction of travel: ▲ Improved, ► Unchanged, ▼ Worse, ● New since the last meeting.", italic=True,
         size=9).paragraph_format.keep_with_next = True  # the key stays with the first table
    para(d, "{%p for g in groups %}")
    para(d, "{{ g.name }}", style="Heading 3")
    loop_table(d, ["Ref", "Action", "Owner", "Due", "RAG", "Direction", "Progress update"],
                [2.7, 7.0, 1.5, 2.4, 2.6, 2.4, 7.1], "for a in g.actions",
                ["{{ a.ref }}", "{{ a.text }}", "{{ a.owner }}", "{{ a.due_text }}",
                 "{% cellbg a.rag_colour %}{{ a.rag }}", "{{ a.direction_text }}",
                 "{{ a.progress }}{% if a.closed_text %} ({{ a.closed_text }}){% endif %}"], size=9.5)
    para(d, "{%p endfor %}")
    para(d, "{%p if not groups %}")
    para(d, "There are no open actions.")
    para(d, "{%p endif %}")
    return d
