"""`check`: every problem in the configuration and the registers, all at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .config import contrast_ratio
from .errors import MeetingPacksError
from .model import MemberLookup, PlanStatus, RiskStatus
from .publication import Deadline, upcoming_deadlines
from .registers.convert import ERROR, SHEET_MODELS, WARNING, Problem
from .registers.repository import ACTION_FIELDS
from .registers.schema import ACTIONS_BOOK, MEMBERS_BOOK, PLAN_BOOK, RISKS_BOOK, WORKBOOKS
from . import collector
from .workspace import Workspace


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


def _where(spec, sheet: str, row: int | None, column: str) -> str:
    return SHEET_MODELS[sheet].where(row, column)


def check_workspace(ws: Workspace, today: dt.date | None = None) -> CheckReport:
    # The collector paused throughout, not only while reading (`workspace.load`): with a long
    # register's objects alive, each full collection would walk them all for nothing.
    with collector.paused():
        return _check_workspace(ws, today)


def _check_workspace(ws: Workspace, today: dt.date | None) -> CheckReport:
    today = today or dt.date.today()
    report = CheckReport()
    try:
        boards = ws.boards
    except MeetingPacksError as err:
        report.problems.append(_problem_from(err, ws.config_path.name))
        return report
    for board in boards.values():
        for level in board.rag_scale.levels:
            ratio = contrast_ratio(level.text_colour, level.colour)
            if ratio < 4.5:
                report.problems.append(Problem(
                    ERROR, f"boards.toml, board '{board.code}', RAG status '{level.label}'",
                    f"the text colour {level.text_colour} on {level.colour} has a contrast of "
                    f"{ratio:.1f}:1; published documents need at least 4.5:1. Change text_colour."))
    readable = []
    # every register read at once (`Workspace.load_each`): a register that cannot be read is
    # reported, and the others are still checked
    for spec, loaded in ws.load_each(WORKBOOKS, problems_only=frozenset({"History"})):
        for copy in ws.conflict_copies(spec):
            report.problems.append(Problem(WARNING, f"registers/{copy.name}",
                f"this looks like a copy OneDrive (or another sync program) made when {spec.filename} was "
                f"changed on two computers at once. The tool reads only {spec.filename}: compare the two "
                f"in Excel, copy the changes you want to keep into {spec.filename}, then delete this copy."))
        if isinstance(loaded, MeetingPacksError):
            report.problems.append(_problem_from(loaded, spec.filename))
            continue
        readable.append(spec)
        report.problems += loaded.problems
        registers = loaded.registers
        for key in ("actions", "risks", "plan", "members", "meetings"):
            if getattr(registers, key):
                report.counts[key] = len(getattr(registers, key))
        if spec is ACTIONS_BOOK:
            actions = registers.actions
        elif spec is RISKS_BOOK:
            risks = registers.risks
        elif spec is PLAN_BOOK:
            plan, meetings = registers.plan, registers.meetings
        elif spec is MEMBERS_BOOK:
            members = registers.members
    names = {s.key for s in readable}
    if "actions" in names:
        _duplicates(report, ACTIONS_BOOK, "Actions", actions)
        member_of = {code: MemberLookup(m for m in members if m.board == code) for code in boards}
        place = _Places(ACTIONS_BOOK, "Actions")
        rag_column, due_column = ACTION_FIELDS["rag"], ACTION_FIELDS["due"]
        progress_column, owner_column = ACTION_FIELDS["progress"], ACTION_FIELDS["owner"]
        # (board, RAG as typed) -> (level, needs a comment): a register uses a handful of labels
        ratings: dict[tuple[str, str], tuple] = {}
        for action in actions:
            board = boards[action.board]
            level = needs_comment = None
            if action.rag:
                key = (action.board, action.rag)
                if key not in ratings:
                    found = board.rag_scale.find(action.rag)
                    ratings[key] = (found, found is not None and board.rag_scale.needs_comment(found.label))
                level, needs_comment = ratings[key]
                if level is None:
                    report.problems.append(Problem(ERROR, place(action.row, rag_column),
                        f"'{action.rag}' is not a RAG status of the {board.name} "
                        f"({', '.join(board.rag_scale.labels)})."))
            if action.is_overdue(today):
                report.problems.append(Problem(WARNING, place(action.row, due_column),
                    f"{action.ref} was due on {action.due:%d/%m/%Y} and is not complete. Update the "
                    "progress and RAG, or agree a new due date."))
            if needs_comment and action.is_open and not action.progress.strip():
                report.problems.append(Problem(WARNING, place(action.row, progress_column),
                    f"{action.ref} is rated {level.label} but has no progress update. Red and Amber "
                    "ratings need a comment."))
            if "members" in names and member_of[action.board](action.owner) is None:
                report.problems.append(Problem(WARNING, place(action.row, owner_column),
                    f"'{action.owner}' ({action.ref}) is not a member of the {board.name}. Add them to "
                    "membership.xlsx or change the owner."))
    if "risks" in names:
        _duplicates(report, RISKS_BOOK, "Risks", risks)
        for risk in risks:
            if risk.status is RiskStatus.OPEN and risk.review and risk.review < today:
                report.problems.append(Problem(WARNING, _where(RISKS_BOOK, "Risks", risk.row, "Review date"),
                    f"{risk.ref} was due for review on {risk.review:%d/%m/%Y}. Review it and set the "
                    "next review date."))
    if "plan" in names:
        _duplicates(report, PLAN_BOOK, "Forward plan", plan)
        scheduled = {(m.board, m.date) for m in meetings}
        for item in plan:
            if item.status is PlanStatus.DROPPED:
                continue
            if item.report and ws.is_outside(item.report):
                report.problems.append(Problem(WARNING, _where(PLAN_BOOK, "Forward plan", item.row, "Report file"),
                    f"the report file '{item.report}' for {item.ref} is outside the workspace folder. The "
                    "public pack refuses it (a file from elsewhere is never published by mistake): copy it "
                    "into reports/ and correct the name, or build the pack with --allow-outside."))
            elif item.report and not (ws.root / item.report).is_file():
                report.problems.append(Problem(WARNING, _where(PLAN_BOOK, "Forward plan", item.row, "Report file"),
                    f"the report file '{item.report}' for {item.ref} \"{item.title}\" does not exist. "
                    "Put the file in the workspace or correct the name."))
            if item.meeting and (item.board, item.meeting) not in scheduled:
                report.problems.append(Problem(WARNING, _where(PLAN_BOOK, "Forward plan", item.row, "Meeting date"),
                    f"{item.ref} is planned for {item.meeting:%d/%m/%Y}, but the {boards[item.board].name} "
                    "has no meeting that day in the Meetings sheet."))
            if item.exempt and not boards[item.board].statutory:
                report.problems.append(Problem(WARNING, _where(PLAN_BOOK, "Forward plan", item.row, "Exempt paragraph"),
                    f"{item.ref} is marked exempt, but the {boards[item.board].name} is not a statutory "
                    "board; the report will still be left out of the public pack."))
        report.deadlines = upcoming_deadlines(boards, meetings, today)
    if "members" in names:
        seen = {}
        for member in members:
            key = (member.board, member.initials.casefold())
            if key in seen:
                report.problems.append(Problem(ERROR, _where(MEMBERS_BOOK, "Members", member.row, "Initials"),
                    f"{member.name} and {seen[key]} both use the initials {member.initials} on the same "
                    "board; actions could not tell them apart."))
            seen[key] = member.name
    return report


class _Places:
    """'actions.xlsx, sheet Actions, row 4, column Due date' for many rows of one sheet: the
    file and sheet part worked out once (`SheetModel.where` for each of 50,000 rows is slow)."""

    def __init__(self, spec, sheet: str):
        self.where = SHEET_MODELS[sheet].where
        self.start = self.where(None, "")

    def __call__(self, row: int | None, column: str) -> str:
        if row is None or not column:
            return self.where(row, column)
        return f"{self.start}, row {row}, column {column}"


def _problem_from(err: Exception, filename: str) -> Problem:
    """The error as one problem, keeping the sheet, row, column (or board and key) it names."""
    message = str(err)
    where, sep, rest = message.partition(": ")
    if message.startswith(filename) and sep:
        return Problem(ERROR, where, rest)
    return Problem(ERROR, filename, message)


def _duplicates(report: CheckReport, spec, sheet: str, objects) -> None:
    seen: dict[str, int | None] = {}
    for obj in objects:
        key = obj.ref.casefold()
        if key in seen:
            report.problems.append(Problem(ERROR, _where(spec, sheet, obj.row, "Reference"),
                f"the reference {obj.ref} is also used in row {seen[key]}. References must be "
                "unique: give this row a new one (the tool hands out the next free number)."))
        else:
            seen[key] = obj.row
