"""The board's world as frozen dataclasses and enums.

Readers turn rows into these; document builders turn these into template
contexts.  The domain rules are worked out here once, not in templates or
commands: the RAG scale's order (direction of travel, which ratings need a
comment), an action's values as at a past day from its history, the risk band
for a score, matching a person to a member, and the board code as compared.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field


class _Choice(str, enum.Enum):
    """An enum whose value is the label staff see in the drop-down."""

    @classmethod
    def labels(cls) -> list[str]:
        return [m.value for m in cls]

    @classmethod
    def parse(cls, text: str | None):
        """Case-insensitive match on the label or on a known alias; None when blank."""
        try:
            return cls(text)  # exactly the label: the usual case
        except ValueError:
            pass
        if text is None or str(text).strip() == "":
            return None
        wanted = " ".join(str(text).split()).casefold()
        for member in cls:
            if member.value.casefold() == wanted or wanted in getattr(member, "aliases", ()):
                return member
        alias = ALIASES.get(cls.__name__, {}).get(wanted)
        if alias is not None:
            return cls[alias]
        raise ValueError(f"'{text}' is not one of: {', '.join(cls.labels())}")


# Other words staff type for a choice (case and spaces ignored): enum class → word → member name.
ALIASES: dict[str, dict[str, str]] = {
    "ActionStatus": {"completed": "COMPLETE", "closed": "COMPLETE", "done": "COMPLETE",
                     "not started": "OPEN", "ongoing": "IN_PROGRESS"},
    "Strategy": {"mitigate": "TREAT", "reduce": "TREAT", "accept": "TOLERATE", "avoid": "TERMINATE"},
    "Purpose": {"note": "NOTE", "endorse": "ENDORSE", "approve": "APPROVE", "consider": "CONSIDER",
                "verbal": "VERBAL", "update": "UPDATE", "discuss": "DISCUSS", "discussion": "DISCUSS"},
    "PlanStatus": {"received": "RECEIVED", "done": "DONE", "deferred": "PLANNED"},
    "GeneratedPaper": {"actions": "ACTIONS", "action list": "ACTIONS", "risks": "RISKS",
                       "work programme": "PLAN", "plan": "PLAN"},
    "MemberType": {"co chair": "CO_CHAIR", "cochair": "CO_CHAIR", "substitute": "SUBSTITUTE",
                   "vice-chair": "MEMBER", "in attendance": "OFFICER"},
}


class ActionStatus(_Choice):
    OPEN = "Open"
    IN_PROGRESS = "In progress"
    ON_HOLD = "On hold"
    COMPLETE = "Complete"

    @property
    def is_closed(self) -> bool:
        return self is ActionStatus.COMPLETE


class RiskStatus(_Choice):
    OPEN = "Open"
    CLOSED = "Closed"


class Strategy(_Choice):
    """The four Ts; a board may show them as Mitigate / Accept / Transfer / Avoid."""

    TREAT = "Treat"
    TOLERATE = "Tolerate"
    TRANSFER = "Transfer"
    TERMINATE = "Terminate"


STRATEGY_PLAIN = {Strategy.TREAT: "Mitigate", Strategy.TOLERATE: "Accept",
                  Strategy.TRANSFER: "Transfer", Strategy.TERMINATE: "Avoid"}


class Purpose(_Choice):
    NOTE = "To note"
    ENDORSE = "To endorse"
    APPROVE = "To approve"
    CONSIDER = "To consider"
    UPDATE = "To update"
    VERBAL = "Verbal update"
    DISCUSS = "For discussion"


@dataclass(frozen=True)
class OtherPurpose:
    """A purpose a board adds to the standard ones in boards.toml (`purposes = ["To consult"]`).

    It has a `value` like a `Purpose`, so documents show either the same way; whether
    the board allows it is checked against `Board.purposes` when the registers are read.
    """

    value: str


def parse_purpose(text: str | None) -> "Purpose | OtherPurpose | None":
    """A standard purpose (case and aliases ignored), else the text as typed, else None when blank."""
    if text is None or str(text).strip() == "":
        return None
    try:
        return Purpose.parse(str(text))
    except ValueError:
        return OtherPurpose(" ".join(str(text).split()))


class PlanStatus(_Choice):
    PLANNED = "Planned"
    TO_FOLLOW = "To follow"
    RECEIVED = "Report received"
    DONE = "Taken"
    DROPPED = "Dropped"


class GeneratedPaper(_Choice):
    """An appendix the tool builds itself from a register."""

    ACTIONS = "Action log"
    RISKS = "Risk register"
    PLAN = "Forward plan"


class MemberType(_Choice):
    CHAIR = "Chair"
    CO_CHAIR = "Co-chair"
    MEMBER = "Member"
    SUBSTITUTE = "Named substitute"
    OFFICER = "Officer"
    OBSERVER = "Observer"

    @property
    def expected(self) -> bool:
        """Whether the person is expected at every meeting (so counts for attendance)."""
        return self is not MemberType.SUBSTITUTE


class Attendance(_Choice):
    PRESENT = "Present"
    APOLOGIES = "Apologies"
    ABSENT = "Absent"
    SUBSTITUTE = "Substitute"


class Direction(enum.Enum):
    """How a RAG rating moved since the previous meeting, in words first."""

    NEW = ("New", "●")
    IMPROVED = ("Improved", "▲")
    UNCHANGED = ("Unchanged", "►")
    WORSE = ("Worse", "▼")

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def arrow(self) -> str:
        return self.value[1]


EXEMPT_PARAGRAPHS = {
    1: "Information relating to any individual",
    2: "Information which is likely to reveal the identity of an individual",
    3: "Information relating to the financial or business affairs of any particular person "
       "(including the authority holding that information)",
    4: "Information relating to any consultations or negotiations, or contemplated consultations "
       "or negotiations, in connection with any labour relations matter",
    5: "Information in respect of which a claim to legal professional privilege could be "
       "maintained in legal proceedings",
    6: "Information which reveals that the authority proposes to give a notice, make an order "
       "or direction under any enactment",
    7: "Information relating to any action taken or to be taken in connection with the "
       "prevention, investigation or prosecution of crime",
}


# ---------------------------------------------------------------- board settings

@dataclass(frozen=True)
class RagLevel:
    label: str
    colour: str          # shading, RRGGBB
    text_colour: str     # label colour on that shading, RRGGBB
    meaning: str
    complete: bool = False


@dataclass(frozen=True)
class RagScale:
    """Statuses ordered worst to best."""

    levels: tuple[RagLevel, ...]

    def find(self, label: str | None) -> RagLevel | None:
        if not label:
            return None
        index = self.__dict__.get("_index")
        if index is None:  # built once; a frozen dataclass may still cache in its __dict__
            index = {level.label.casefold(): level for level in self.levels}
            self.__dict__["_index"] = index
            self.__dict__["_exact"] = {level.label: level for level in self.levels}
        if type(label) is str:
            # a label as the scale spells it (most are: 70,000 look-ups for a 10,000-row appendix)
            found = self.__dict__["_exact"].get(label)
            if found is not None:
                return found
        found = index.get(label.casefold()) if isinstance(label, str) else None
        if found is not None:
            return found
        return index.get(" ".join(str(label).split()).casefold())

    def rank(self, label: str) -> int:
        """0 for the worst status; higher is better."""
        level = self.find(label)
        if level is None:
            raise ValueError(label)
        ranks = self.__dict__.setdefault("_ranks", {})   # (its levels live as long as the scale)
        rank = ranks.get(id(level))
        if rank is None:
            rank = ranks[id(level)] = self.levels.index(level)
        return rank

    @property
    def labels(self) -> list[str]:
        return [level.label for level in self.levels]

    @property
    def complete(self) -> RagLevel | None:
        """The status a closed action moves to, when the board's scale has one."""
        return next((level for level in self.levels if level.complete), None)

    def movement(self, before: str, now: str) -> Direction:
        """Which way a rating moved from `before` to `now`, by the scale's order (worst first)."""
        then, current = self.rank(before), self.rank(now)
        if current > then:
            return Direction.IMPROVED
        if current < then:
            return Direction.WORSE
        return Direction.UNCHANGED

    def needs_comment(self, label: str) -> bool:
        """Whether a rating needs a progress comment: it is in the worse half (rounded up) of
        the statuses that do not mean complete — Red and Amber on both the Red / Amber / Green
        / Blue scale and the five-status SEND scale (domain guide, "RAG scales")."""
        level = self.find(label)
        if level is None or level.complete:
            return False
        open_levels = [other for other in self.levels if not other.complete]
        return open_levels.index(level) < (len(open_levels) + 1) // 2


@dataclass(frozen=True)
class RiskBand:
    label: str
    low: int
    high: int
    colour: str
    text_colour: str


@dataclass(frozen=True)
class Contact:
    name: str = ""
    title: str = "Democratic Services Officer"
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class StandardItem:
    """An item every agenda of the board carries.

    `role` marks items the tool fills in: "minutes" (gets the previous meeting's
    date and matters arising), "exclusion" (the s100A(4) resolution), "urgent",
    "apologies", "forward_plan" or "" for plain items.
    """

    title: str
    text: str = ""
    role: str = ""


@dataclass(frozen=True)
class InfoSection:
    heading: str
    text: str


@dataclass(frozen=True)
class Board:
    code: str
    name: str
    short_name: str
    statutory: bool
    chairs: tuple[str, ...]
    chair_title: str
    council: str
    venue: str
    start: dt.time
    end: dt.time | None
    contact: Contact
    opening_items: tuple[StandardItem, ...]
    closing_items: tuple[StandardItem, ...]
    public_information: tuple[InfoSection, ...]
    rag_scale: RagScale
    risk_bands: tuple[RiskBand, ...]
    plain_strategies: bool
    publication_days: int | None
    group_actions_by: str  # "workstream" or "meeting"
    forward_plan_invitation: str
    new_action_rag: str = ""   # the RAG an action agreed in the minutes starts with ("": not rated)
    extra_purposes: tuple[str, ...] = ()  # boards.toml `purposes`: added to the standard ones

    @property
    def purposes(self) -> list[str]:
        """Every purpose an item of this board may have: the standard ones, then the board's own."""
        return Purpose.labels() + [p for p in self.extra_purposes
                                   if p.casefold() not in {q.casefold() for q in Purpose.labels()}]

    def purpose(self, text: str | None) -> "Purpose | OtherPurpose | None":
        """`text` as one of the board's purposes; ValueError naming them all when it is none."""
        found = parse_purpose(text)
        if isinstance(found, OtherPurpose):
            for label in self.extra_purposes:
                if label.casefold() == found.value.casefold():
                    return OtherPurpose(label)
            raise ValueError(f"'{text}' is not one of: {', '.join(self.purposes)}.")
        return found

    def band_for(self, score: int) -> RiskBand:
        """The risk band a score falls in; a score outside every band takes the nearest end."""
        for band in self.risk_bands:
            if band.low <= score <= band.high:
                return band
        return self.risk_bands[-1] if score > self.risk_bands[-1].high else self.risk_bands[0]

    def strategy_label(self, strategy: Strategy | None) -> str:
        if strategy is None:
            return ""
        return STRATEGY_PLAIN[strategy] if self.plain_strategies else strategy.value


def normalise_board_code(text: str | None) -> str:
    """A board code as stored and compared: no surrounding spaces, case ignored ('SENDPB ' is sendpb)."""
    return str(text or "").strip().casefold()


# ---------------------------------------------------------------- register rows

@dataclass(frozen=True)
class Meeting:
    board: str
    date: dt.date
    start: dt.time | None = None
    end: dt.time | None = None
    venue: str = ""
    notes: str = ""
    row: int | None = None


def email_problem(address: str) -> str | None:
    """Why `address` is not one plain email address a draft can go to, in words; None when it is.

    Typed by hand in Excel, an Email cell may hold two addresses, a line break
    (Alt+Enter), `Name <a@b>` or no `@`; a non-ASCII local part needs a mail
    system that not every council's has.  Each is refused so that no header can be
    injected into a draft and the user learns which member to correct.
    """
    text = address.strip()
    if not text:
        return None
    if any(ch in text for ch in "\r\n\t") or any(not ch.isprintable() for ch in text):
        return "the Email cell holds a line break or an invisible character"
    if "<" in text or ">" in text or '"' in text:
        return "the Email cell holds a name as well as the address; keep only the address"
    if any(sep in text for sep in (",", ";", " ")):
        return "the Email cell holds more than one address (or a space)"
    if text.count("@") != 1:
        return "the Email cell does not hold one address with one @"
    local, domain = text.split("@")
    if not local or "." not in domain or domain.startswith(".") or domain.endswith("."):
        return "the Email cell does not look like an address (name@organisation.gov.uk)"
    if not local.isascii() or not domain.isascii():
        return "the address has letters outside plain English ones, which many mail systems refuse"
    return None


@dataclass(frozen=True)
class Member:
    board: str
    name: str
    initials: str
    role: str = ""
    organisation: str = ""
    type: MemberType = MemberType.MEMBER
    email: str = ""
    substitute_for: str = ""
    left: dt.date | None = None   # the day they left the board (`members leave`)
    row: int | None = None

    def serves_on(self, day: dt.date) -> bool:
        """Whether they are a member at a meeting on `day`: not if they left on or before it."""
        return self.left is None or day < self.left

    @property
    def display_name(self) -> str:
        if self.type in (MemberType.CHAIR, MemberType.CO_CHAIR):
            return f"{self.name} ({self.type.value})"
        return self.name

    @property
    def email_problem(self) -> str | None:
        """Why the Email cell cannot address a draft (None when it can): one plain address only."""
        return email_problem(self.email)

    def has_initials(self, text: str) -> bool:
        """Whether `text` is this member's initials (case and surrounding spaces ignored)."""
        return " ".join(str(text).split()).casefold() == self.initials.casefold()

    def has_name(self, text: str) -> bool:
        """Whether `text` names this member, ignoring a '(Chair)'-style suffix and a title."""
        key = name_key(text)
        return key == name_key(self.name) or key == name_key(self.display_name)


# Titles dropped when names are compared or a greeting is worked out.
HONORIFICS = ("cllr", "councillor", "dr", "mr", "mrs", "ms", "miss", "prof", "professor", "sir", "dame")
_ROLE_SUFFIX = re.compile(r"\s*\((?:co-?\s*chair|vice-?\s*chair|chair(?:man|woman|person)?|deputy chair|"
                          r"member|officer|observer|named substitute|substitute)\)\s*$", re.IGNORECASE)
_TITLE = re.compile(r"^(?:" + "|".join(rf"{title}\.?" for title in HONORIFICS) + r")\s+", re.IGNORECASE)


def name_key(name: str) -> str:
    """A name as compared: no '(Chair)'-style suffix, no title such as Cllr, case and spaces ignored."""
    text = _ROLE_SUFFIX.sub("", name.strip())
    text = _TITLE.sub("", text.strip())
    return " ".join(text.split()).casefold()


def members_on(members, day: dt.date) -> list[Member]:
    """The members serving at a meeting on `day` (leavers gone; attendance keeps their record)."""
    return [member for member in members if member.serves_on(day)]


def match_member(text: str, members) -> Member | None:
    """The member `text` refers to: by initials first, then by name (ignoring '(Chair)' and titles).

    The one rule for reading a person off a register or a minutes document.
    """
    wanted = " ".join(str(text).split())
    if not wanted:
        return None
    for member in members:
        if member.has_initials(wanted):
            return member
    for member in members:
        if member.has_name(wanted):
            return member
    return None


def with_changes(record, **fields):
    """`dataclasses.replace` with only the fields given (not None); text fields trimmed.

    A command's options arrive as None when not given: this is the one place that
    turns "these options were given" into a changed frozen record.
    """
    from dataclasses import replace

    given = {name: value.strip() if type(value) is str else value  # not a str-valued enum
             for name, value in fields.items() if value is not None}
    return replace(record, **given) if given else record


class MemberLookup:
    """`match_member` over one list of members, each answer remembered: an appendix or `check`
    asks about the same few owners thousands of times."""

    def __init__(self, members) -> None:
        self.members = list(members)
        self._answers: dict[str, Member | None] = {}

    def __call__(self, text: str) -> Member | None:
        try:
            return self._answers[text]
        except KeyError:
            found = self._answers[text] = match_member(text, self.members)
            return found


@dataclass(frozen=True)
class Action:
    ref: str
    board: str
    text: str
    owner: str
    due: dt.date | None
    status: ActionStatus = ActionStatus.OPEN
    rag: str = ""
    progress: str = ""
    workstream: str = ""
    meeting: dt.date | None = None
    item: str = ""
    closed: dt.date | None = None
    source: str = ""
    row: int | None = None

    @property
    def is_open(self) -> bool:
        return not self.status.is_closed

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due is not None and self.due < today


@dataclass(frozen=True)
class HistoryEntry:
    ref: str
    when: dt.datetime
    field: str
    old: str
    new: str
    note: str = ""


# ---- an action's state at a past moment, from its history (README: "direction of travel")

def history_by_ref(history) -> dict[str, list[HistoryEntry]]:
    """Each action's history, oldest first, keyed by its reference with case ignored."""
    grouped: dict[str, list[HistoryEntry]] = {}
    for entry in sorted(history, key=lambda h: h.when):
        grouped.setdefault(entry.ref.casefold(), []).append(entry)
    return grouped


def end_of_day(day: dt.date) -> dt.datetime:
    """The last recorded second of a day: a change made at any time that day counts as made by then."""
    return dt.datetime.combine(day, dt.time(23, 59, 59))


def value_as_at(entries: list[HistoryEntry], what: str, moment: dt.datetime) -> str | None:
    """The field's value at the moment (the newest recorded change at or before it), or None
    when none was recorded by then.  `entries` are one action's, oldest first."""
    value = None
    for entry in entries:
        if entry.when > moment:
            break
        if entry.field == what:
            value = entry.new
    return value


def existed_at(entries: list[HistoryEntry], action: Action, moment: dt.datetime) -> bool:
    """Whether the action was on the log at the moment: its first history, else the meeting that raised it."""
    if entries:
        return entries[0].when <= moment
    return action.meeting is not None and dt.datetime.combine(action.meeting, dt.time()) <= moment


def rag_as_at(board: Board, action: Action, entries: list[HistoryEntry], day: dt.date) -> str | None:
    """The RAG rating at the end of `day`, or None if the action did not exist yet."""
    moment = end_of_day(day)
    if not existed_at(entries, action, moment):
        return None
    return value_as_at(entries, "RAG", moment) if entries else action.rag


def status_as_at(action: Action, entries: list[HistoryEntry], day: dt.date) -> str | None:
    """The status label at the end of `day`, or None if the action did not exist yet."""
    moment = end_of_day(day)
    if not existed_at(entries, action, moment):
        return None
    return value_as_at(entries, "Status", moment) if entries else action.status.value


def direction_of_travel(board: Board, action: Action, entries: list[HistoryEntry],
                        previous: dt.date | None) -> Direction:
    """How the RAG moved between the end of the previous meeting's day and now."""
    if previous is None:
        return Direction.NEW
    moment = end_of_day(previous)
    if not existed_at(entries, action, moment):
        return Direction.NEW
    before = value_as_at(entries, "RAG", moment) if entries else action.rag
    scale = board.rag_scale
    if not before or scale.find(before) is None or scale.find(action.rag) is None:
        return Direction.UNCHANGED if (before or "") == action.rag else Direction.NEW
    return scale.movement(before, action.rag)


@dataclass(frozen=True)
class Risk:
    ref: str
    board: str
    text: str
    likelihood: int
    impact: int
    owner: str
    workstream: str = ""
    consequence: str = ""
    strategy: Strategy | None = None
    mitigation: str = ""
    target_score: int | None = None
    review: dt.date | None = None
    status: RiskStatus = RiskStatus.OPEN
    row: int | None = None

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True)
class RiskMovement:
    """How a risk's score and band moved since the previous meeting (README: risk register)."""

    direction: Direction
    score_before: int | None = None
    band_before: str = ""

    def text(self, board: Board, risk: Risk) -> str:
        """'▼ Worse (was 9 Moderate)', '► Unchanged', '● New', for the appendix."""
        words = f"{self.direction.arrow} {self.direction.label}"
        if self.direction in (Direction.IMPROVED, Direction.WORSE) and self.score_before is not None:
            words += f" (was {self.score_before} {self.band_before})".replace(" )", ")")
        return words


def risk_movement(board: Board, risk: Risk, entries: list[HistoryEntry],
                  previous: dt.date | None) -> RiskMovement | None:
    """The risk's direction since the end of the previous meeting's day, from its Risk history:
    a higher score, or the same score in a worse band, is Worse.  None when it cannot be known
    (no previous meeting, or no history reaching back that far for a risk the tool did not add)."""
    if previous is None or not entries:
        return None
    moment = end_of_day(previous)
    if entries[0].when > moment:
        return RiskMovement(Direction.NEW) if entries[0].note == "added" else None
    before = value_as_at(entries, "Score", moment)
    if before is None or not before.strip().isdigit():
        return None
    score_before = int(before)
    band_before = value_as_at(entries, "Rating", moment) or board.band_for(score_before).label
    bands = [band.label for band in board.risk_bands]
    band_now = board.band_for(risk.score).label
    if risk.score > score_before:
        direction = Direction.WORSE
    elif risk.score < score_before:
        direction = Direction.IMPROVED
    elif band_before in bands and bands.index(band_now) != bands.index(band_before):
        direction = Direction.WORSE if bands.index(band_now) > bands.index(band_before) else Direction.IMPROVED
    else:
        direction = Direction.UNCHANGED
    return RiskMovement(direction, score_before, band_before)


@dataclass(frozen=True)
class PlanItem:
    ref: str
    board: str
    title: str
    meeting: dt.date | None = None
    purpose: Purpose | OtherPurpose | None = None
    lead: str = ""
    author: str = ""
    report: str = ""
    exempt: int | None = None
    status: PlanStatus = PlanStatus.PLANNED
    description: str = ""
    recommendation: str = ""
    paper: GeneratedPaper | None = None
    order: int | None = None
    row: int | None = None

    @property
    def to_follow(self) -> bool:
        return self.status is PlanStatus.TO_FOLLOW

    def was_to_follow(self, history, meeting: dt.date | None = None) -> bool:
        """Whether it is to follow now, or was marked 'To follow' before (its Plan history says
        so) while it was on `meeting` (any meeting when None): a report that has arrived since
        then still goes into that meeting's supplementary pack."""
        if self.to_follow:
            return True
        ref = self.ref.strip().casefold()
        unknown = object()
        on = unknown  # the meeting the item was on, as the history records it
        wanted = f"{meeting:%d/%m/%Y}" if meeting else None
        for entry in sorted((e for e in history if e.ref.strip().casefold() == ref), key=lambda e: e.when):
            if entry.field == "Meeting date":
                on = entry.new
            elif entry.field == "Status" and entry.new == PlanStatus.TO_FOLLOW.value:
                if wanted is None or on is unknown or on == wanted:
                    return True
        return False

    @property
    def has_paper(self) -> bool:
        return bool(self.report) or self.paper is not None or self.to_follow


@dataclass(frozen=True)
class AttendanceRecord:
    board: str
    meeting: dt.date
    name: str
    initials: str
    attendance: Attendance
    substitute_for: str = ""
    source: str = ""
    row: int | None = None


@dataclass(frozen=True)
class Registers:
    """Everything the registers hold, for every board, as read."""

    meetings: tuple[Meeting, ...] = ()
    members: tuple[Member, ...] = ()
    actions: tuple[Action, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    risks: tuple[Risk, ...] = ()
    plan: tuple[PlanItem, ...] = ()
    attendance: tuple[AttendanceRecord, ...] = ()
    risk_history: tuple[HistoryEntry, ...] = ()
    plan_history: tuple[HistoryEntry, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, hash=False)
