"""Read boards.toml into Board objects; every key but `name` has a default."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from .dates import parse_time
from .errors import ConfigError, InputError
from .model import Board, Contact, InfoSection, RagLevel, RagScale, RiskBand, StandardItem

CONFIG_NAME = "boards.toml"

DEFAULT_RAG = (
    RagLevel("Red", "C00000", "FFFFFF", "Overdue or blocked: needs action now"),
    RagLevel("Amber", "FFC000", "000000", "At risk or slipping: being monitored"),
    RagLevel("Green", "00B050", "000000", "On track"),
    RagLevel("Blue", "0070C0", "FFFFFF", "Complete", complete=True),
)

DEFAULT_BANDS = (
    RiskBand("Low", 1, 5, "92D050", "000000"),
    RiskBand("Moderate", 6, 12, "FFC000", "000000"),
    RiskBand("High", 15, 25, "C00000", "FFFFFF"),
)

DEFAULT_OPENING = (
    StandardItem("Apologies for absence", "", "apologies"),
    StandardItem("Declarations of interest",
                 "Members of the Board are invited to declare any interests relevant to items "
                 "on this agenda", ""),
    StandardItem("Minutes", "To confirm the minutes of the meeting held on {previous_meeting}",
                 "minutes"),
)
DEFAULT_CLOSING = (StandardItem("Any other business", "", "urgent"),)
STATUTORY_CLOSING = (
    StandardItem("Urgent items authorised by the Chair", "", "urgent"),
    StandardItem("Exclusion of the press and public", "", "exclusion"),
)

DEFAULT_PUBLIC_INFORMATION = (
    InfoSection("Accessibility",
                "All meetings have access for people who may have mobility difficulties. "
                "A large print copy of the agenda can be requested in advance."),
    InfoSection("Contact for further information",
                "For further information about this meeting please contact the officer named "
                "on the agenda."),
)

DEFAULT_INVITATION = ("Board members are requested to send any additional items for the forward "
                      "plan to {contact}.")

ROLES = {"", "minutes", "exclusion", "urgent", "apologies", "forward_plan", "actions"}
_CODE = re.compile(r"^[a-z][a-z0-9_-]{0,19}$")
# Windows cannot make a file or folder with these names (in any case, with any extension),
# and a board code names the out/<board>/ folder
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(1, 10)}
                             | {f"lpt{n}" for n in range(1, 10)})
_HEX = re.compile(r"^#?[0-9A-Fa-f]{6}$")

KNOWN_KEYS = {
    "name", "short_name", "statutory", "chair", "chairs", "chair_title", "council", "venue",
    "start", "end", "contact", "opening_items", "closing_items", "public_information",
    "rag", "risk_bands", "strategy_labels", "publication_days", "group_actions_by",
    "forward_plan_invitation", "new_action_rag", "purposes",
}


class _Reader:
    """Pulls typed values out of one board's table, naming the key on any mistake."""

    def __init__(self, path: Path, code: str, table: dict[str, Any]):
        self.path, self.code, self.table = path, code, table

    def fail(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.path.name}, board '{self.code}', key '{key}': {problem}")

    def get(self, key: str, kind: type | tuple, default: Any) -> Any:
        if key not in self.table:
            return default
        value = self.table[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            words = {"str": "text in quotes", "bool": "true or false", "int": "a whole number",
                     "list": "a list", "dict": "a table"}
            raise self.fail(key, f"should be {words.get(names, names)}, not {value!r}.")
        return value

    def text(self, key: str, default: str = "") -> str:
        return self.get(key, str, default).strip()

    def time(self, key: str, default: dt.time | None) -> dt.time | None:
        value = self.table.get(key)
        if value is None:
            return default
        if isinstance(value, dt.time):
            return value
        if not isinstance(value, str):
            raise self.fail(key, f"should be a time such as \"18:30\", not {value!r}.")
        try:
            return parse_time(value)
        except InputError as err:
            raise self.fail(key, str(err)) from None

    def colour(self, key: str, value: Any) -> str:
        if not isinstance(value, str) or not _HEX.match(value):
            raise self.fail(key, f"colour {value!r} should be six hex digits such as \"FFC000\".")
        return value.lstrip("#").upper()

    def items(self, key: str, default: tuple[StandardItem, ...]) -> tuple[StandardItem, ...]:
        raw = self.get(key, list, None)
        if raw is None:
            return default
        items = []
        for number, entry in enumerate(raw, 1):
            if isinstance(entry, str):
                entry = {"title": entry}
            if not isinstance(entry, dict) or not isinstance(entry.get("title"), str):
                raise self.fail(f"{key}[{number}]", "each item needs a title, for example "
                                "{ title = \"Apologies for absence\" }.")
            role = entry.get("role", "")
            if role not in ROLES:
                raise self.fail(f"{key}[{number}].role", f"'{role}' is not one of "
                                f"{', '.join(sorted(r for r in ROLES if r))}.")
            items.append(StandardItem(entry["title"].strip(), str(entry.get("text", "")).strip(),
                                      role))
        return tuple(items)

    def rag(self) -> RagScale:
        raw = self.get("rag", list, None)
        if raw is None:
            return RagScale(DEFAULT_RAG)
        levels = []
        for number, entry in enumerate(raw, 1):
            where = f"rag[{number}]"
            if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
                raise self.fail(where, "each RAG status needs a label, colour and meaning.")
            colour = self.colour(f"{where}.colour", entry.get("colour", "FFFFFF"))
            text_colour = self.colour(f"{where}.text_colour",
                                      entry.get("text_colour", best_text_colour(colour)))
            levels.append(RagLevel(entry["label"].strip(), colour, text_colour,
                                   str(entry.get("meaning", "")).strip(),
                                   bool(entry.get("complete", False))))
        if not levels:
            raise self.fail("rag", "the RAG scale needs at least one status.")
        labels = [level.label.casefold() for level in levels]
        if len(set(labels)) != len(labels):
            raise self.fail("rag", "two RAG statuses have the same label.")
        return RagScale(tuple(levels))

    def new_action_rag(self, scale: RagScale) -> str:
        """The RAG a newly agreed action starts with: the key's status, else the best open status
        that needs no progress comment — "on track" (Green; Light green on the SEND scale), as an
        action just agreed is until its owner says otherwise."""
        if "new_action_rag" in self.table:
            label = self.text("new_action_rag")
            if not label:
                return ""  # the board prefers its new actions unrated
            level = scale.find(label)
            if level is None:
                raise self.fail("new_action_rag", f"'{label}' is not on the board's RAG scale "
                                f"({', '.join(scale.labels)}), nor \"\" for none.")
            return level.label
        for level in scale.levels:
            if not level.complete and not scale.needs_comment(level.label):
                return level.label
        return ""

    def bands(self) -> tuple[RiskBand, ...]:
        raw = self.get("risk_bands", list, None)
        if raw is None:
            return DEFAULT_BANDS
        bands = []
        for number, entry in enumerate(raw, 1):
            where = f"risk_bands[{number}]"
            try:
                low, high = int(entry["from"]), int(entry["to"])
                label = str(entry["label"])
            except (KeyError, TypeError, ValueError):
                raise self.fail(where, "each band needs label, from and to, for example "
                                "{ label = \"Low\", from = 1, to = 5, colour = \"92D050\" }.") from None
            colour = self.colour(f"{where}.colour", entry.get("colour", "FFFFFF"))
            text_colour = self.colour(f"{where}.text_colour",
                                      entry.get("text_colour", best_text_colour(colour)))
            bands.append(RiskBand(label, low, high, colour, text_colour))
        bands.sort(key=lambda b: b.low)
        covered = set()
        for band in bands:
            covered.update(range(band.low, band.high + 1))
        missing = sorted({a * b for a in range(1, 6) for b in range(1, 6)} - covered)
        if missing:
            raise self.fail("risk_bands", f"no band covers the score(s) {', '.join(map(str, missing))}.")
        return tuple(bands)


def relative_luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two RRGGBB colours."""
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def best_text_colour(background: str) -> str:
    return "000000" if contrast_ratio("000000", background) >= contrast_ratio("FFFFFF", background) else "FFFFFF"


def parse_board(path: Path, code: str, table: Any) -> Board:
    if not _CODE.match(code):
        raise ConfigError(f"{path.name}: board code '{code}' should be short lower-case letters "
                          "or digits, such as 'hwb'.")
    if code.split(".")[0] in WINDOWS_RESERVED:
        raise ConfigError(f"{path.name}: board code '{code}' is a name Windows keeps for a device, "
                          "so its out folder could not be made. Choose another code, such as "
                          f"'{code}b'.")
    if not isinstance(table, dict):
        raise ConfigError(f"{path.name}: [boards.{code}] should be a table of settings.")
    r = _Reader(path, code, table)
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise r.fail(unknown[0], f"is not a setting I know. Known settings: {', '.join(sorted(KNOWN_KEYS))}.")
    if "name" not in table:
        raise r.fail("name", "is required: give the board's full name, for example "
                     "name = \"Health and Wellbeing Board\".")
    name = r.text("name")
    if not name:
        raise r.fail("name", "is empty.")
    statutory = r.get("statutory", bool, False)
    chairs = r.get("chairs", list, None)
    if chairs is None:
        chair = r.text("chair")
        chairs = [chair] if chair else []
    if not all(isinstance(c, str) for c in chairs):
        raise r.fail("chairs", "should be a list of names in quotes.")
    contact_table = r.get("contact", dict, {})
    contact = Contact(
        name=str(contact_table.get("name", "")).strip(),
        title=str(contact_table.get("title", "Democratic Services Officer")).strip(),
        phone=str(contact_table.get("phone", "")).strip(),
        email=str(contact_table.get("email", "")).strip(),
    )
    info_raw = r.get("public_information", list, None)
    if info_raw is None:
        info = DEFAULT_PUBLIC_INFORMATION
    else:
        sections = []
        for number, entry in enumerate(info_raw, 1):
            if not isinstance(entry, dict) or "heading" not in entry or "text" not in entry:
                raise r.fail(f"public_information[{number}]", "each section needs a heading and a text.")
            sections.append(InfoSection(str(entry["heading"]).strip(), str(entry["text"]).strip()))
        info = tuple(sections)
    days = table.get("publication_days", 5 if statutory else None)
    if days is not None and (not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 30):
        raise r.fail("publication_days", f"should be a whole number of clear working days (0 to 30), not {days!r}.")
    group_by = r.text("group_actions_by", "workstream")
    if group_by not in ("workstream", "meeting"):
        raise r.fail("group_actions_by", "should be \"workstream\" or \"meeting\".")
    strategy_labels = r.text("strategy_labels", "plain")
    if strategy_labels not in ("plain", "four-ts"):
        raise r.fail("strategy_labels", "should be \"plain\" (Mitigate, Accept, Transfer, Avoid) or "
                     "\"four-ts\" (Treat, Tolerate, Transfer, Terminate).")
    purposes = r.get("purposes", list, [])
    if not all(isinstance(p, str) and p.strip() for p in purposes):
        raise r.fail("purposes", "should be a list of purposes in quotes, for example "
                     "purposes = [\"To consult\", \"To agree\"].")
    rag_scale = r.rag()
    return Board(
        code=code,
        name=name,
        short_name=r.text("short_name", name),
        statutory=statutory,
        chairs=tuple(c.strip() for c in chairs),
        chair_title=r.text("chair_title", "Co-Chair" if len(chairs) > 1 else "Chair"),
        council=r.text("council"),
        venue=r.text("venue"),
        start=r.time("start", dt.time(10, 0)),
        end=r.time("end", None),
        contact=contact,
        opening_items=r.items("opening_items", DEFAULT_OPENING),
        closing_items=r.items("closing_items", STATUTORY_CLOSING if statutory else DEFAULT_CLOSING),
        public_information=info,
        rag_scale=rag_scale,
        risk_bands=r.bands(),
        plain_strategies=strategy_labels == "plain",
        publication_days=days,
        group_actions_by=group_by,
        forward_plan_invitation=r.text("forward_plan_invitation", DEFAULT_INVITATION),
        new_action_rag=r.new_action_rag(rag_scale),
        extra_purposes=tuple(" ".join(p.split()) for p in purposes),
    )


def load_boards(path: Path) -> dict[str, Board]:
    """Read every [boards.CODE] table; the first mistake is reported with file, board and key."""
    if not path.exists():
        raise ConfigError(f"{path} does not exist. Is this a workspace? Create one with "
                          "'meeting-packs init FOLDER' or point at one with --workspace.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path.name}: {err}. Check the quotes and brackets on that line.") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path.name} is not a text file saved as UTF-8.") from None
    boards = data.get("boards")
    if not isinstance(boards, dict) or not boards:
        raise ConfigError(f"{path.name} has no boards. Add one, for example:\n"
                          "[boards.hwb]\nname = \"Health and Wellbeing Board\"")
    return {code: parse_board(path, code, table) for code, table in boards.items()}
