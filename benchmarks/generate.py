"""Synthetic but valid meeting-packs workspaces of a given size, for the benchmarks.

    python benchmarks/generate.py --actions 10000 benchmarks/work/a10000

A workspace from `meeting_packs.workspace.init_workspace` (both example boards)
plus 18 more boards, filled through the library's own row converters:

- members: about 25 per board with unique initials (chair, members, officers,
  an observer, named substitutes), attendance at each board's last meetings;
- meetings: quarterly per board from 2019 to the end of 2026;
- actions: 1-3 sentence texts, owners who are members, workstreams, progress
  updates, RAG from the board's own scale; about 85% complete with the date
  closed (older actions are likelier to be closed), the rest open with due dates
  spread around the benchmark meeting; 2-3 history entries each (creation, then
  changes), none later than the `--as-of` date;
- risks ~ actions / 20 and forward-plan items ~ actions / 25;
- the benchmark meeting (SEND Partnership Board, 26 March 2026, built with
  `--as-of 2026-03-01`): four reports of ~10 pages (python-docx: headings,
  numbered paragraphs, bullets, a table) and generated appendices (Action log,
  Risk register) on its agenda.

Everything is seeded: the same arguments give the same registers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the source tree, as `python cli.py` uses it

GENERATOR_VERSION = 2
BOARD = "sendpb"
MEETING = dt.date(2026, 3, 26)
AS_OF = dt.date(2026, 3, 1)
FIRST_YEAR = 2019
LAST_MEETING = dt.date(2026, 12, 31)
STAMP = "benchmark-workspace.json"

EXTRA_BOARDS = (
    "Safeguarding Adults Board", "Children's Safeguarding Partnership", "Community Safety Partnership",
    "Corporate Parenting Panel", "Schools Forum", "Health Overview and Scrutiny Panel",
    "Climate Emergency Board", "Housing Partnership Board", "Carers Partnership Board",
    "Learning Disability Partnership Board", "Mental Health Partnership Board",
    "Youth Justice Management Board", "Early Help Partnership", "Digital Inclusion Board",
    "Economic Recovery Board", "Transport Partnership", "Voluntary Sector Forum",
    "Local Plan Working Group", "Armed Forces Covenant Board", "Skills and Employment Board",
    "Public Health Advisory Board", "Culture and Leisure Board",
)

FIRST_NAMES = (
    "Ashley", "Ian", "Charlotte", "Nadia", "James", "Priya", "Tom", "Fatima", "Grace", "Oliver",
    "Helen", "Mohammed", "Sarah", "David", "Aisha", "Peter", "Rachel", "Daniel", "Joanne", "Kwame",
    "Lucy", "Simon", "Emma", "Richard", "Hannah", "Andrew", "Zainab", "Mark", "Claire", "Stephen",
    "Bethan", "Gareth", "Siobhan", "Wei", "Anita", "Colin", "Imogen", "Rajesh", "Deborah", "Neil",
)
SURNAMES = (
    "Whittaker", "Dawson", "Price", "Green", "Thomas", "Shah", "Bennett", "Hussain", "Okafor",
    "Murphy", "Clarke", "Evans", "Patel", "Walker", "Robinson", "Wright", "Khan", "Hughes", "Lewis",
    "Edwards", "Turner", "Campbell", "Morgan", "Baker", "Ahmed", "Cooper", "Ward", "Chen", "Mensah",
    "Fletcher", "Doyle", "Nowak", "Singh", "Harrison", "Owens", "Richards", "Sutton", "Barker",
)
ROLES = (
    "Director of Children's Services", "Head of SEND", "Designated Clinical Officer",
    "Principal Educational Psychologist", "Head of Commissioning", "Parent Carer Forum Chair",
    "Headteacher (special school)", "Head of Early Help", "Director of Public Health",
    "Assistant Director, Adult Social Care", "Chief Executive, Healthwatch", "Finance Business Partner",
    "Head of Housing Needs", "Borough Commander", "Head of Inclusion", "Youth Service Manager",
    "Service Manager, 0-25 Disability", "Clinical Director", "Senior Commissioning Manager",
    "Portfolio Holder", "Ward Councillor", "Principal, FE College", "Head of Performance",
)
ORGANISATIONS = (
    "Royal Borough of Kingston upon Thames", "Achieving for Children", "South West London ICB",
    "Kingston Hospital NHS Foundation Trust", "Healthwatch Kingston", "Kingston Voluntary Action",
    "Kingston College", "Metropolitan Police", "Your Healthcare CIC", "SWL St George's Mental Health Trust",
    "Kingston Parent Carer Forum", "Local schools (secondary)", "Local schools (primary)",
)
WORKSTREAMS = (
    "Written Statement of Action", "Transformation Plan", "Workforce", "Joint commissioning",
    "Preparation for adulthood", "Early identification", "Education, health and care plans",
    "Sufficiency of places", "Communication with families", "Performance and data",
    "Health services", "Housing and homelessness", "Prevention", "Finance and value for money",
    "Quality assurance", "Engagement and co-production",
)

VERBS = (
    "Circulate", "Review", "Update", "Agree", "Publish", "Produce", "Present", "Confirm", "Draft",
    "Share", "Complete", "Report back on", "Investigate", "Map", "Audit", "Refresh", "Commission",
    "Set up", "Arrange", "Evaluate",
)
OBJECTS = (
    "the SEND sufficiency strategy", "the local offer website", "the joint commissioning plan",
    "the annual review timeliness figures", "the EHCP quality assurance framework",
    "the preparation for adulthood pathway", "the workforce development survey",
    "the parent carer feedback report", "the transitions protocol with adult services",
    "the performance dashboard", "the high needs block recovery plan", "the short breaks offer",
    "the autism diagnostic waiting list data", "the alternative provision review",
    "the post-16 provision map", "the co-production charter", "the terms of reference",
    "the inclusion charter for schools", "the health advice timeliness audit",
    "the speech and language therapy service specification", "the risk register",
    "the communication plan for families", "the dispute resolution figures",
    "the travel assistance policy", "the mental health support teams evaluation",
)
QUALIFIERS = (
    "to all board members", "before the next meeting", "with the Parent Carer Forum",
    "for sign-off by the chair", "with partners in health and education", "by the end of the quarter",
    "and bring the findings to the board", "in time for the inspection", "with the schools forum",
    "and identify the gaps", "so that the board can track progress", "with clear milestones and owners",
)
FOLLOW_UPS = (
    "Progress to be reported at each meeting until this is complete.",
    "Members asked that the figures are broken down by age group and setting.",
    "The chair asked for a short written briefing rather than a presentation.",
    "This should include the views of children, young people and their families.",
    "Partners agreed to nominate a lead officer from each organisation.",
    "Any resource implications should be set out for the board to consider.",
    "The outcome is to be shared with the Health and Wellbeing Board.",
    "Links with the Transformation Plan should be made explicit.",
)
PROGRESS = (
    "The first draft has been shared with partners and comments are due back this month.",
    "Work has started but has been delayed by staff vacancies in the team; a revised timetable is being agreed.",
    "A task and finish group has met twice and will report to the next board.",
    "Data has been collected from all but two partners; analysis is under way.",
    "The report is with the chair for approval before circulation.",
    "This is on track; the consultation closes at the end of the month.",
    "Funding has been confirmed and recruitment to the post is in progress.",
    "Feedback from families has been positive; the remaining actions are being scheduled.",
    "Completed and shared with members by email.",
    "Agreed at the last meeting; no further action is needed.",
    "Audit complete: 78% of plans were issued within 20 weeks, up from 61% last year.",
    "The service specification has been revised and will go to procurement next quarter.",
)
RISK_TEXTS = (
    "Demand for EHC needs assessments continues to exceed capacity",
    "The high needs block deficit grows faster than the recovery plan allows",
    "Key posts in the SEND team remain vacant",
    "Families lose confidence in the local area's ability to meet needs",
    "Health advice is not provided within the statutory timescales",
    "Insufficient specialist places lead to costly out-of-borough placements",
    "Data from partners is incomplete or late",
    "Transitions to adult services are not planned early enough",
    "Partners do not release staff for joint training",
    "The inspection finds that progress on the written statement of action is too slow",
)
CONSEQUENCES = (
    "Children and young people wait longer for support, and the council may face tribunal appeals.",
    "Spending has to be cut elsewhere and the council's financial position is at risk.",
    "Statutory deadlines are missed and complaints increase.",
    "Reputational damage and further scrutiny from the Department for Education.",
)
MITIGATIONS = (
    "Additional educational psychologist capacity has been commissioned for six months.",
    "Monthly monitoring by the finance sub-group, with a recovery plan agreed with the DfE.",
    "A recruitment and retention package has been agreed, with interim cover in place.",
    "Regular co-production sessions with the Parent Carer Forum and a published 'you said, we did'.",
    "Escalation route agreed with the ICB; performance reported to every board.",
)
PLAN_TITLES = (
    "Spotlight: Post 16 provision", "Updates: Written Statement of Action", "Performance dashboard",
    "Annual report of the designated clinical officer", "High needs block recovery plan",
    "Short breaks review", "Local offer annual report", "Preparation for adulthood strategy",
    "Joint strategic needs assessment: SEND chapter", "Sufficiency strategy refresh",
    "Autism strategy update", "Mental health support in schools", "Inclusion charter",
    "Parent carer forum annual report", "Tribunal and mediation activity", "Workforce development plan",
    "Budget monitoring", "Risk register review", "Inspection readiness", "Co-production charter",
)
REPORT_TOPICS = (
    ("SEND Transformation Plan: annual progress report", "Transformation Plan"),
    ("Written Statement of Action: progress and evidence of impact", "Written Statement of Action"),
    ("High needs block: budget monitoring and recovery plan", "Finance and value for money"),
    ("Preparation for adulthood: pathway review", "Preparation for adulthood"),
    ("Education, health and care plans: timeliness and quality", "Education, health and care plans"),
)
REPORT_SENTENCES = (
    "The partnership has continued to make progress against each of the priorities agreed by the board.",
    "Since the last report, the number of children and young people with an education, health and care plan has risen by {n}%.",
    "Timeliness of new plans issued within twenty weeks was {n}% in the last quarter, compared with a national average of 50%.",
    "Feedback from families gathered through the Parent Carer Forum shows that communication remains the area of greatest concern.",
    "The board is asked to note the progress made and to endorse the priorities for the coming year.",
    "A task and finish group, chaired by the Head of SEND, has reviewed the pathway from referral to assessment.",
    "Health partners have agreed a revised escalation route where advice is not received within six weeks.",
    "The high needs block is forecast to overspend by £{n} million at the end of the financial year.",
    "A recovery plan has been agreed with the Department for Education under the Safety Valve programme.",
    "Recruitment to the educational psychology service remains challenging, and agency staff cover {n} posts.",
    "The local offer website has been redesigned with families, and visits have increased since its relaunch.",
    "Schools report that the new inclusion charter has helped them to plan support earlier.",
    "The number of tribunal appeals registered fell for the second year running.",
    "Young people told us that they want more say in the planning of their transition to adult services.",
    "The quality assurance framework now includes a multi-agency audit of twenty plans each term.",
    "Partners will be asked to confirm their contribution to the joint commissioning budget by the end of March.",
    "The risks to delivery are set out in section 6 and are reflected in the board's risk register.",
    "There are no direct legal implications arising from this report beyond the duties in the Children and Families Act 2014.",
    "An equality impact assessment has been completed and no adverse impact on any protected group was identified.",
    "Members of the board are invited to comment on the draft priorities before they are finalised.",
    "The data in this report is drawn from the council's case management system as at the end of the quarter.",
    "Attendance of children with SEN support improved by {n} percentage points over the year.",
    "The service has introduced a duty line for professionals, which received {n} calls in its first month.",
    "Progress on the preparation for adulthood outcomes has been slower than planned, as set out below.",
)
REPORT_HEADINGS = (
    "Purpose of the report", "Recommendations", "Background", "Progress since the last report",
    "Performance", "Feedback from children, young people and families", "Finance",
    "Risks and mitigation", "Next steps", "Legal implications", "Equalities implications",
    "Background papers",
)


# ------------------------------------------------------------------ small helpers

def _weekday(day: dt.date) -> dt.date:
    """The day itself, or the Thursday before if it falls at a weekend or over Christmas."""
    while day.weekday() >= 5 or (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 4):
        day -= dt.timedelta(days=1)
    return day


def _sentence(rnd: random.Random) -> str:
    text = f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)} {rnd.choice(QUALIFIERS)}."
    return text


def action_text(rnd: random.Random) -> str:
    parts = [_sentence(rnd)]
    for _ in range(rnd.choice((0, 0, 1, 1, 2))):
        parts.append(rnd.choice(FOLLOW_UPS))
    return " ".join(parts)


def progress_text(rnd: random.Random) -> str:
    return " ".join(rnd.sample(PROGRESS, rnd.choice((1, 1, 2))))


def _codes(boards: int) -> list[str]:
    return ["hwb", BOARD] + [f"b{n:02d}" for n in range(3, boards + 1)]


def _initials(first: str, last: str, used: set[str]) -> str:
    """'AW', else 'AWh', else 'AsW', else 'AW2' …: unique on the board."""
    candidates = [first[0] + last[0], first[0] + last[0] + last[1], first[0] + first[1] + last[0]]
    candidates += [f"{first[0]}{last[0]}{n}" for n in range(2, 100)]
    for candidate in candidates:
        if candidate.casefold() not in used:
            used.add(candidate.casefold())
            return candidate
    raise ValueError("too many members with the same initials")


def _spread(total: int, codes: list[str], focus_share: float) -> dict[str, int]:
    """How many of `total` rows each board gets: `focus_share` to the benchmark board, the rest evenly."""
    focus = round(total * focus_share)
    others = [c for c in codes if c != BOARD]
    counts = {BOARD: focus}
    rest = total - focus
    for index, code in enumerate(others):
        counts[code] = rest // len(others) + (1 if index < rest % len(others) else 0)
    return counts


# ------------------------------------------------------------------ the generator

def generate(folder: Path | str, actions: int, risks: int | None = None, plan: int | None = None,
             boards: int = 20, members_per_board: int = 25, focus_share: float | None = None,
             open_share: float = 0.15, reports: int = 4, report_pages: int = 10, seed: int = 2026,
             overwrite: bool = False) -> dict:
    """Write a workspace into `folder` (which must not exist, unless `overwrite`); returns its summary."""
    import shutil

    from meeting_packs.config import load_boards
    from meeting_packs.model import (Action, ActionStatus, Attendance, AttendanceRecord, GeneratedPaper,
                                     HistoryEntry, Meeting, Member, MemberType, PlanItem, PlanStatus,
                                     Purpose, Risk, RiskStatus, Strategy)
    from meeting_packs.registers import convert
    from meeting_packs.registers.schema import ACTIONS_BOOK, MEMBERS_BOOK, PLAN_BOOK, RISKS_BOOK
    from meeting_packs.registers.workbook import new_workbook
    from meeting_packs.workspace import Workspace, init_workspace

    started = time.perf_counter()
    folder = Path(folder)
    if folder.exists():
        if not overwrite:
            raise SystemExit(f"{folder} exists; choose a new folder or pass --force.")
        shutil.rmtree(folder)
    if not 2 <= boards <= 2 + len(EXTRA_BOARDS):
        raise SystemExit(f"boards must be 2 to {2 + len(EXTRA_BOARDS)}")
    risks = max(1, actions // 20) if risks is None else risks
    plan = max(8, actions // 25) if plan is None else plan
    focus_share = 1 / boards if focus_share is None else focus_share
    rnd = random.Random(seed)

    ws = init_workspace(folder)
    # `init` alone writes a placeholder board: the benchmark's boards are the example's, then more
    from meeting_packs import resources

    shutil.copy2(resources.example_dir() / "boards.toml", ws.config_path)
    codes = _codes(boards)
    with ws.config_path.open("a", encoding="utf-8") as config:
        for number, code in enumerate(codes[2:], 3):
            config.write(f'\n[boards.{code}]\nname = "{EXTRA_BOARDS[number - 3]}"\n')
    # a fresh Workspace reads the boards just added, so the registers are saved with every
    # board in their drop-downs, as the tool itself would save them
    ws = Workspace(folder)
    board_objects = load_boards(ws.config_path)

    # -------------------------------------------------------------- meetings
    meetings: dict[str, list[dt.date]] = {}
    for code in codes:
        anchor = MEETING if code == BOARD else _weekday(MEETING + dt.timedelta(days=rnd.randint(-45, 45)))
        days = []
        k = 0
        while True:
            day = anchor + dt.timedelta(weeks=13 * k + (0 if k == 0 else rnd.choice((-1, 0, 0, 1))))
            day = _weekday(day)
            if day.year < FIRST_YEAR:
                break
            days.append(day)
            k -= 1
        k = 1
        while True:
            day = _weekday(anchor + dt.timedelta(weeks=13 * k))
            if day > LAST_MEETING:
                break
            days.append(day)
            k += 1
        meetings[code] = sorted(set(days))

    # -------------------------------------------------------------- members and attendance
    members: dict[str, list[Member]] = {}
    for code in codes:
        used: set[str] = set()
        people = []
        names = set()
        while len(people) < members_per_board:
            first, last = rnd.choice(FIRST_NAMES), rnd.choice(SURNAMES)
            if (first, last) in names:
                continue
            names.add((first, last))
            index = len(people)
            if index == 0:
                kind = MemberType.CHAIR
            elif index < members_per_board - 6:
                kind = MemberType.MEMBER
            elif index < members_per_board - 3:
                kind = MemberType.OFFICER
            elif index == members_per_board - 3:
                kind = MemberType.OBSERVER
            else:
                kind = MemberType.SUBSTITUTE
            people.append(Member(
                board=code, name=f"{first} {last}", initials=_initials(first, last, used),
                role=rnd.choice(ROLES), organisation=rnd.choice(ORGANISATIONS), type=kind,
                email=f"{first}.{last}{len(people)}@example.gov.uk".lower(),
                substitute_for=people[rnd.randint(1, 8)].name if kind is MemberType.SUBSTITUTE else ""))
        members[code] = people
    attendance = []
    for code in codes:
        past = [d for d in meetings[code] if d < AS_OF][-6:]
        for day in past:
            for member in members[code]:
                if member.type is MemberType.SUBSTITUTE:
                    continue
                roll = rnd.random()
                state = (Attendance.PRESENT if roll < 0.75 else Attendance.APOLOGIES if roll < 0.95
                         else Attendance.ABSENT)
                attendance.append(AttendanceRecord(code, day, member.name, member.initials, state,
                                                   source=f"minutes {day:%d/%m/%Y}"))

    # -------------------------------------------------------------- actions and history
    workstreams = {code: rnd.sample(WORKSTREAMS, rnd.randint(5, 8)) for code in codes}
    per_board = _spread(actions, codes, focus_share)
    drafts = []  # (code, raised meeting or None, raised day)
    for code in codes:
        # actions are agreed at meetings before the benchmark date (for the benchmark board, at the
        # meetings before the one being built: actions agreed at a meeting are not in its own papers)
        limit = MEETING if code == BOARD else AS_OF
        usable = [d for d in meetings[code] if d < limit and d <= AS_OF]
        for _ in range(per_board[code]):
            if rnd.random() < 0.03:  # agreed between meetings (at a review, by email)
                day = dt.date(FIRST_YEAR, 3, 1) + dt.timedelta(days=rnd.randint(0, (AS_OF - dt.date(FIRST_YEAR, 3, 1)).days - 1))
                drafts.append((code, None, day))
            else:
                day = rnd.choice(usable)
                drafts.append((code, day, day))

    def weight(raised: dt.date) -> float:
        age = (AS_OF - raised).days
        return 6.0 if age < 180 else 3.0 if age < 365 else 1.0

    mean_weight = sum(weight(d[2]) for d in drafts) / max(1, len(drafts))
    action_rows, history_rows = [], []
    numbers = {code: 0 for code in codes}
    # references in date order per board, as a real log grows
    drafts.sort(key=lambda d: (codes.index(d[0]), d[2]))
    open_count = overdue_count = 0
    for code, meeting, raised in drafts:
        board = board_objects[code]
        numbers[code] += 1
        ref = f"{code.upper()}-A{numbers[code]:03d}"
        levels = board.rag_scale.levels
        complete = next((level.label for level in levels if level.complete), levels[-1].label)
        working = [level.label for level in levels if not level.complete] or [levels[0].label]
        rag_weights = [0.12, 0.3, 0.45, 0.13][:len(working)] if len(working) <= 4 else None
        initial = rnd.choices(working, weights=rag_weights)[0]
        owner = rnd.choice(members[code][:members_per_board - 2]).initials
        raised_at = dt.datetime.combine(raised, dt.time(12, 0) if meeting else dt.time(10, 30))
        is_open = open_share >= 1 or rnd.random() < open_share * weight(raised) / mean_weight
        entries = [HistoryEntry(ref, raised_at, "RAG", "", initial, "added")]
        if is_open:
            open_count += 1
            status = rnd.choices((ActionStatus.IN_PROGRESS, ActionStatus.OPEN, ActionStatus.ON_HOLD),
                                 weights=(6, 3, 1))[0]
            low = max(raised + dt.timedelta(days=14), MEETING - dt.timedelta(days=150))
            high = MEETING + dt.timedelta(days=180)
            due = low + dt.timedelta(days=rnd.randint(0, max(0, (high - low).days)))
            overdue_count += due < AS_OF
            current = rnd.choices(working, weights=rag_weights)[0]
            progress = progress_text(rnd) if rnd.random() < 0.95 else ""
            closed = None
            change_day = raised + dt.timedelta(days=rnd.randint(1, max(1, (AS_OF - raised).days)))
            change_day = min(change_day, AS_OF)
            change_at = dt.datetime.combine(change_day, dt.time(9, 15))
            if current != initial:
                entries.append(HistoryEntry(ref, change_at, "RAG", initial, current, "updated"))
            elif progress:
                entries.append(HistoryEntry(ref, change_at, "Progress update", "", progress, "updated"))
            if rnd.random() < 0.4:
                entries.append(HistoryEntry(ref, change_at, "Due date", "", due.strftime("%d/%m/%Y"), "updated"))
        else:
            status = ActionStatus.COMPLETE
            due = raised + dt.timedelta(days=rnd.randint(21, 180))
            closed = min(AS_OF, max(raised + dt.timedelta(days=1), due + dt.timedelta(days=rnd.randint(-30, 60))))
            current = complete
            progress = progress_text(rnd) if rnd.random() < 0.9 else ""
            closed_at = dt.datetime.combine(closed, dt.time(16, 0))
            entries.append(HistoryEntry(ref, closed_at, "RAG", initial, complete, "closed"))
            entries.append(HistoryEntry(ref, closed_at, "Status", ActionStatus.OPEN.value,
                                        ActionStatus.COMPLETE.value, "closed"))
        action = Action(ref=ref, board=code, text=action_text(rnd), owner=owner, due=due, status=status,
                        rag=current, progress=progress, workstream=rnd.choice(workstreams[code]),
                        meeting=meeting, item=str(rnd.randint(3, 9)) if meeting else "", closed=closed)
        action_rows.append(convert.action_to_row(action))
        history_rows.extend(convert.history_to_row(entry) for entry in entries)

    # -------------------------------------------------------------- risks
    risk_rows = []
    risk_numbers = {code: 0 for code in codes}
    for code, count in _spread(risks, codes, focus_share).items():
        board = board_objects[code]
        for _ in range(count):
            risk_numbers[code] += 1
            likelihood, impact = rnd.randint(1, 5), rnd.randint(1, 5)
            strategy = rnd.choice(list(Strategy))
            risk = Risk(ref=f"{code.upper()}-R{risk_numbers[code]:02d}", board=code,
                        text=rnd.choice(RISK_TEXTS) + ".", likelihood=likelihood, impact=impact,
                        owner=rnd.choice(members[code][:10]).initials,
                        workstream=rnd.choice(workstreams[code]), consequence=rnd.choice(CONSEQUENCES),
                        strategy=strategy, mitigation=" ".join(rnd.sample(MITIGATIONS, rnd.randint(1, 2))),
                        target_score=max(1, likelihood * impact - rnd.randint(0, 8)),
                        review=AS_OF + dt.timedelta(days=rnd.randint(-45, 120)),
                        status=RiskStatus.CLOSED if rnd.random() < 0.15 else RiskStatus.OPEN)
            risk_rows.append(convert.risk_to_row(risk, board.band_for(risk.score).label,
                                                 board.strategy_label(strategy)))

    # -------------------------------------------------------------- forward plan and reports
    report_files = write_reports(folder / "reports", reports, report_pages, rnd) if reports else []
    leads = [m.initials for m in members[BOARD][:8]]
    fixed = [
        PlanItem("", BOARD, "Spotlight: preparation for adulthood", MEETING, Purpose.DISCUSS,
                 lead=leads[1], description="A presentation and discussion; no papers."),
    ]
    for path, (title, _) in zip(report_files, REPORT_TOPICS):
        fixed.append(PlanItem("", BOARD, title, MEETING, rnd.choice((Purpose.NOTE, Purpose.ENDORSE,
                                                                    Purpose.CONSIDER)),
                              lead=rnd.choice(leads), author=members[BOARD][rnd.randint(1, 8)].name,
                              report=f"reports/{path.name}", status=PlanStatus.RECEIVED,
                              recommendation="The board is asked to note the report and comment on the "
                                             "priorities for the coming year."))
    fixed.append(PlanItem("", BOARD, "Updates: Written Statement of Action – action log", MEETING,
                          Purpose.UPDATE, lead=leads[0], paper=GeneratedPaper.ACTIONS,
                          description="The action log is attached, with direction of travel since the "
                                      "last meeting."))
    fixed.append(PlanItem("", BOARD, "Risk register", MEETING, Purpose.NOTE, lead=leads[0],
                          paper=GeneratedPaper.RISKS))
    plan_rows = []
    plan_numbers = {code: 0 for code in codes}

    def add_plan(item: PlanItem) -> None:
        plan_numbers[item.board] += 1
        from dataclasses import replace

        item = replace(item, ref=f"{item.board.upper()}-P{plan_numbers[item.board]:03d}")
        plan_rows.append(convert.plan_to_row(item))

    for order, item in enumerate(fixed, 1):
        from dataclasses import replace

        add_plan(replace(item, order=order))
    for code, count in _spread(max(0, plan - len(fixed)), codes, focus_share).items():
        choices = [d for d in meetings[code] if not (code == BOARD and d == MEETING)]
        for _ in range(count):
            roll = rnd.random()
            day = None if roll < 0.08 else rnd.choice(choices)
            if day is None:
                status = PlanStatus.PLANNED
            elif roll < 0.12:
                status = PlanStatus.DROPPED
            elif day < AS_OF:
                status = PlanStatus.DONE
            else:
                status = rnd.choice((PlanStatus.PLANNED, PlanStatus.PLANNED, PlanStatus.TO_FOLLOW))
            add_plan(PlanItem("", code, rnd.choice(PLAN_TITLES), day, rnd.choice(list(Purpose)),
                              lead=rnd.choice(members[code][:8]).initials,
                              description=rnd.choice(FOLLOW_UPS), status=status))

    # -------------------------------------------------------------- write the registers
    books = {
        ACTIONS_BOOK: {"Actions": action_rows, "History": history_rows},
        RISKS_BOOK: {"Risks": risk_rows},
        PLAN_BOOK: {"Forward plan": plan_rows,
                    "Meetings": [convert.meeting_to_row(Meeting(code, day)) for code in codes
                                 for day in meetings[code]]},
        MEMBERS_BOOK: {"Members": [convert.member_to_row(m) for code in codes for m in members[code]],
                       "Attendance": [convert.attendance_to_row(a) for a in attendance]},
    }
    for spec, sheets in books.items():
        path = ws.register_path(spec)
        path.unlink()  # init_workspace wrote it empty; write it again, full
        data = new_workbook(spec, path)
        for name, rows in sheets.items():
            data[name].rows.extend(rows)
        ws.save(data)

    summary = {
        "generator_version": GENERATOR_VERSION,
        "parameters": {"actions": actions, "risks": risks, "plan": plan, "boards": boards,
                       "members_per_board": members_per_board, "focus_share": round(focus_share, 6),
                       "open_share": open_share, "reports": reports, "report_pages": report_pages,
                       "seed": seed},
        "counts": {"actions": len(action_rows), "open_actions": open_count,
                   "overdue_open_actions": overdue_count, "history": len(history_rows),
                   "risks": len(risk_rows), "plan_items": len(plan_rows),
                   "meetings": sum(len(v) for v in meetings.values()),
                   "members": sum(len(v) for v in members.values()), "attendance": len(attendance),
                   "benchmark_board_actions": per_board[BOARD]},
        "benchmark": {"board": BOARD, "meeting": MEETING.isoformat(), "as_of": AS_OF.isoformat()},
        "seconds": round(time.perf_counter() - started, 1),
    }
    (folder / STAMP).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


# ------------------------------------------------------------------ reports

def write_reports(folder: Path, count: int, pages: int, rnd: random.Random) -> list[Path]:
    """`count` council-style reports of about `pages` A4 pages each (12 pt Arial)."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    words_per_page = 310  # 12 pt Arial with headings, lists, the table and spacing: ~10 A4 pages
    for number, (title, workstream) in enumerate(REPORT_TOPICS[:count], 1):
        document = Document()
        document.core_properties.title = title
        document.core_properties.author = "Royal Borough of Kingston upon Thames"
        normal = document.styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(12)
        normal.paragraph_format.space_after = Pt(6)
        section = document.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.0))
        document.add_paragraph().add_run("SEND Partnership Board").bold = True
        document.add_paragraph(f"{MEETING.day} {MEETING:%B %Y}")
        document.add_heading(title, level=1)
        document.add_paragraph(f"Workstream: {workstream}")
        document.add_paragraph("Report of the Director of Children's Services")
        words = 60
        target = pages * words_per_page
        paragraph_number = 0
        table_done = False
        for section_number, heading in enumerate(REPORT_HEADINGS, 1):
            document.add_heading(f"{section_number}. {heading}", level=2)
            share = target // len(REPORT_HEADINGS)
            written_here = 0
            while written_here < share:
                paragraph_number += 1
                sentences = [rnd.choice(REPORT_SENTENCES).format(n=rnd.randint(3, 40))
                             for _ in range(rnd.randint(3, 5))]
                text = " ".join(sentences)
                paragraph = document.add_paragraph(f"{section_number}.{paragraph_number}\t{text}")
                paragraph.paragraph_format.left_indent = Cm(1.0)
                paragraph.paragraph_format.first_line_indent = Cm(-1.0)
                written_here += len(text.split())
                if rnd.random() < 0.25:
                    for _ in range(rnd.randint(3, 5)):
                        item = rnd.choice(OBJECTS)
                        document.add_paragraph(item[0].upper() + item[1:], style="List Bullet")
                        written_here += len(item.split())
            paragraph_number = 0
            words += written_here
            if heading == "Performance" and not table_done:
                table_done = True
                headers = ("Measure", "Last year", "This year", "Target", "Trend")
                table = document.add_table(rows=1, cols=len(headers))
                table.style = document.styles["Table Grid"]
                for cell, text in zip(table.rows[0].cells, headers):
                    cell.text = ""
                    cell.paragraphs[0].add_run(text).bold = True
                tr_pr = table.rows[0]._tr.get_or_add_trPr()
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                tr_pr.append(repeat)
                for row_number in range(18):
                    cells = table.add_row().cells
                    last, now = rnd.randint(30, 90), rnd.randint(30, 95)
                    values = (rnd.choice(OBJECTS)[4:].capitalize(), f"{last}%", f"{now}%",
                              f"{rnd.randint(60, 95)}%", "Improving" if now > last else "Worse")
                    for cell, text in zip(cells, values):
                        cell.text = text
                document.add_paragraph()
                words += 18 * 9
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_heading("Contact", level=2)
        document.add_paragraph("Ashley Whittaker, Programme Director, SEND. Background papers are "
                               "available from the contact officer.")
        path = folder / f"Report {number} - {title.split(':')[0]}.docx"
        document.save(str(path))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="new folder to create the workspace in")
    parser.add_argument("--actions", type=int, required=True, help="number of actions")
    parser.add_argument("--risks", type=int, help="number of risks (default: actions / 20)")
    parser.add_argument("--plan", type=int, help="number of forward-plan items (default: actions / 25)")
    parser.add_argument("--boards", type=int, default=20, help="boards in the workspace (default 20)")
    parser.add_argument("--focus-share", type=float, help="share of actions, risks and plan items on the "
                        f"benchmark board '{BOARD}' (default: an even share)")
    parser.add_argument("--open-share", type=float, default=0.15, help="share of actions still open "
                        "(default 0.15; 1 = every action open)")
    parser.add_argument("--reports", type=int, default=4, help="report files for the benchmark meeting")
    parser.add_argument("--pages", type=int, default=10, help="pages per report (about)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help="replace the folder if it exists")
    args = parser.parse_args(argv)
    summary = generate(args.folder, args.actions, args.risks, args.plan, args.boards,
                       focus_share=args.focus_share, open_share=args.open_share, reports=args.reports,
                       report_pages=args.pages, seed=args.seed, overwrite=args.force)
    print(json.dumps(summary, indent=2))
    print(f"Build the benchmark meeting's pack with: python cli.py -w {args.folder} pack {BOARD} "
          f"{MEETING.isoformat()} --as-of {AS_OF.isoformat()}")


if __name__ == "__main__":
    main()
