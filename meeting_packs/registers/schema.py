"""What each register workbook holds: sheets, columns, kinds and drop-downs.

Column headers are part of the interface: staff type into them, so they are
matched case-insensitively and a few older spellings are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import (ActionStatus, Attendance, GeneratedPaper, MemberType, PlanStatus, Purpose,
                     RiskStatus, Strategy)

TEXT, DATE, DATETIME, TIME, INT = "text", "date", "datetime", "time", "int"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: int = 14
    required: bool = False
    choices: str | None = None   # name of a drop-down list: see `choice_lists`
    aliases: tuple[str, ...] = ()
    wrap: bool = False
    note: str = ""


@dataclass(frozen=True)
class SheetSpec:
    name: str
    table: str
    columns: tuple[Column, ...]
    rag_column: str | None = None
    band_column: str | None = None
    # A sheet added in a later version: a workbook without it still reads (as an empty
    # sheet) and gains it on the next save.
    optional: bool = False

    def column(self, header: str) -> Column:
        for column in self.columns:
            if column.header == header:
                return column
        raise KeyError(header)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


@dataclass(frozen=True)
class WorkbookSpec:
    key: str
    filename: str
    sheets: tuple[SheetSpec, ...] = field(default_factory=tuple)

    def sheet(self, name: str) -> SheetSpec:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(name)


ACTIONS = SheetSpec("Actions", "ActionLog", (
    Column("Reference", width=13, required=True),
    Column("Board", width=9, required=True, choices="board"),
    Column("Meeting raised", DATE, width=12),
    Column("Agenda item", width=8),
    Column("Action", width=50, required=True, wrap=True),
    Column("Owner", width=12, required=True),
    Column("Due date", DATE, width=12),
    Column("Status", width=12, choices="action_status"),
    Column("RAG", width=12, choices="rag"),
    Column("Progress update", width=50, wrap=True, aliases=("Progress", "Update")),
    Column("Workstream", width=24, wrap=True, aliases=("Workstream or area", "Area")),
    Column("Date closed", DATE, width=12),
    Column("Source", width=18, note="Filled by 'minutes import'; leave as it is."),
), rag_column="RAG")

def history_columns() -> tuple[Column, ...]:
    """The columns of every history sheet: one line per change of one field of one record."""
    return (
        Column("Reference", width=13, required=True),
        Column("When", DATETIME, width=17, required=True),
        Column("What", width=16, required=True, aliases=("Field",)),
        Column("Old value", width=30, wrap=True),
        Column("New value", width=30, wrap=True),
        Column("Note", width=30, wrap=True),
    )


HISTORY = SheetSpec("History", "ActionHistory", history_columns())
# Named apart from the action log's History: sheets are known by name across the registers.
RISK_HISTORY = SheetSpec("Risk history", "RiskHistory", history_columns(), optional=True)
PLAN_HISTORY = SheetSpec("Plan history", "PlanHistory", history_columns(), optional=True)
HISTORY_SHEETS = frozenset({HISTORY.name, RISK_HISTORY.name, PLAN_HISTORY.name})

RISKS = SheetSpec("Risks", "RiskRegister", (
    Column("Reference", width=12, required=True),
    Column("Board", width=9, required=True, choices="board"),
    Column("Workstream", width=20, wrap=True),
    Column("Risk", width=40, required=True, wrap=True),
    Column("Impact", width=30, wrap=True, aliases=("Consequence", "Impact of risk")),
    Column("Strategy", width=11, choices="strategy"),
    Column("Mitigating actions", width=40, wrap=True, aliases=("Mitigation", "Actions")),
    Column("Owner", width=12, required=True),
    Column("Likelihood (1-5)", INT, width=11, required=True, aliases=("Likelihood",)),
    Column("Impact (1-5)", INT, width=9, required=True, aliases=("Impact score",)),
    Column("Score", INT, width=7, note="Worked out by the tool: likelihood × impact."),
    Column("Rating", width=10, note="Worked out by the tool from the board's risk bands."),
    Column("Target score", INT, width=8),
    Column("Review date", DATE, width=12),
    Column("Status", width=9, choices="risk_status"),
), band_column="Rating")

PLAN = SheetSpec("Forward plan", "ForwardPlan", (
    Column("Reference", width=12, required=True),
    Column("Board", width=9, required=True, choices="board"),
    Column("Meeting date", DATE, width=12, note="Blank = not yet scheduled."),
    Column("Order", INT, width=7),
    Column("Item title", width=40, required=True, wrap=True, aliases=("Title", "Item")),
    Column("Purpose", width=14, choices="purpose"),
    Column("Recommendation", width=40, wrap=True),
    Column("Description", width=30, wrap=True),
    Column("Lead or presenter", width=22, wrap=True, aliases=("Lead", "Presenter")),
    Column("Report author", width=20, wrap=True, aliases=("Author",)),
    Column("Report file", width=30, wrap=True, aliases=("Report",)),
    Column("Generated appendix", width=14, choices="generated"),
    Column("Exempt paragraph", INT, width=10, choices="exempt", aliases=("Exempt",)),
    Column("Status", width=14, choices="plan_status"),
))

MEETINGS = SheetSpec("Meetings", "MeetingSchedule", (
    Column("Board", width=9, required=True, choices="board"),
    Column("Date", DATE, width=12, required=True),
    Column("Start", TIME, width=8),
    Column("End", TIME, width=8),
    Column("Venue", width=40, wrap=True),
    Column("Notes", width=40, wrap=True),
))

MEMBERS = SheetSpec("Members", "Membership", (
    Column("Board", width=9, required=True, choices="board"),
    Column("Name", width=26, required=True),
    Column("Initials", width=9, required=True),
    Column("Role", width=34, wrap=True),
    Column("Organisation", width=34, wrap=True),
    Column("Membership type", width=16, choices="member_type", aliases=("Type",)),
    Column("Email", width=30),
    Column("Substitute for", width=20),
    Column("Left on", DATE, width=12, note="The day they left the board ('members leave'); "
           "blank while they serve."),
))

ATTENDANCE = SheetSpec("Attendance", "AttendanceRecord", (
    Column("Board", width=9, required=True, choices="board"),
    Column("Meeting date", DATE, width=12, required=True),
    Column("Name", width=26, required=True),
    Column("Initials", width=9),
    Column("Attendance", width=12, required=True, choices="attendance"),
    Column("Substitute for", width=20),
    Column("Source", width=30),
))

ACTIONS_BOOK = WorkbookSpec("actions", "actions.xlsx", (ACTIONS, HISTORY))
RISKS_BOOK = WorkbookSpec("risks", "risks.xlsx", (RISKS, RISK_HISTORY))
PLAN_BOOK = WorkbookSpec("plan", "forward-plan.xlsx", (PLAN, MEETINGS, PLAN_HISTORY))
MEMBERS_BOOK = WorkbookSpec("members", "membership.xlsx", (MEMBERS, ATTENDANCE))
WORKBOOKS = (ACTIONS_BOOK, RISKS_BOOK, PLAN_BOOK, MEMBERS_BOOK)


def fixed_lists() -> dict[str, list[str]]:
    """The drop-down lists that do not depend on boards.toml."""
    return {
        "action_status": ActionStatus.labels(),
        "risk_status": RiskStatus.labels(),
        "strategy": [s.value for s in Strategy] + ["Mitigate", "Accept", "Avoid"],
        "purpose": Purpose.labels(),
        "plan_status": PlanStatus.labels(),
        "generated": GeneratedPaper.labels(),
        "member_type": MemberType.labels(),
        "attendance": Attendance.labels(),
        "exempt": [str(n) for n in range(1, 8)],
    }
