"""Reading a completed minutes template back: agreed actions into the action log, attendance
into membership.xlsx (README, "Guide for board secretaries").

One module per job: reading (the .docx into rows), cells (an Action or Update
cell read as words), rows (checking them), matching (people and actions), apply
(the registers, through their repositories), summary (what is printed), with
importing tying them together; publishing writes the minutes to publish.
"""

from .importing import import_minutes
from .publishing import Published, publish_minutes
from .reading import MinutesDocument, Row, read_minutes
from .result import ActionUpdate, ImportResult
from .rows import AgreedAction, AttendanceLine, MinutesProblems, parse_due
from .summary import summary

__all__ = ["import_minutes", "summary", "read_minutes", "parse_due", "ImportResult", "ActionUpdate",
           "MinutesProblems", "MinutesDocument", "Row", "AgreedAction", "AttendanceLine",
           "publish_minutes", "Published"]
