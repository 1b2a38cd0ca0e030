"""Guarantees 6 and 7: user text is stored as text, and every allowed value survives a round trip."""

from __future__ import annotations

import datetime as dt
import re
import string

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import leftovers, sheet_xml
from meeting_packs.action_log import add_action, update_action
from meeting_packs.errors import RegisterError
from meeting_packs.registers.schema import ACTIONS_BOOK, MEMBERS_BOOK, PLAN_BOOK, RISKS_BOOK
from meeting_packs.registers.writing import MAX_TEXT, check_text

FORMULA_LIKE = [
    '=HYPERLINK("http://x","y") & <b>',
    "=1+1",
    "+44 20 8547 4623",
    "-5",
    "- see minutes",
    "@SUM(A1:A3)",
    "\tindented",
    "=",
    "#N/A",
    "=cmd|' /C calc'!A0",
]


def _no_formulas(*paths) -> None:
    for path in paths:
        xml = sheet_xml(path)
        assert not re.search(r"<f[ >/]", xml), f"a formula element in {path.name}"


# ------------------------------------------------------------------ 6. text is text

@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_text_that_looks_like_a_formula_is_stored_as_text(workspace, text):
    path = workspace.register_path(ACTIONS_BOOK)
    outcome = add_action(workspace, "sendpb", text, "IT", dt.date(2026, 12, 1), workstream=text)
    _no_formulas(path)
    sheet = openpyxl.load_workbook(path)["Actions"]
    cell = sheet["E2"]
    assert (cell.value, cell.data_type) == (text, "s")
    assert cell.quotePrefix == text.startswith(("=", "+", "-", "@", "\t"))

    # a second load and save (an update) keeps it text
    update_action(workspace, outcome.action.ref, progress=text)
    _no_formulas(path)
    rows = workspace.read(ACTIONS_BOOK)["Actions"].rows
    # (the workstream is a label: its surrounding spaces are trimmed on purpose)
    assert (rows[0]["Action"], rows[0]["Workstream"], rows[0]["Progress update"]) == \
        (text, text.strip() or None, text)


def test_done_when_hyperlink_formula_is_added_and_listed_exactly(invoke, workspace):
    text = '=HYPERLINK("http://x","y") & <b>'
    added = invoke("actions", "add", "sendpb", text, "--owner", "IT", "--due", "2020-01-23")
    assert added.exit_code == 0, added.output
    assert added.stdout == "SENDPB-A001\n"
    _no_formulas(workspace.register_path(ACTIONS_BOOK))

    listed = invoke("actions", "list", "--as-of", "2020-01-01")
    assert listed.exit_code == 0
    assert f"SENDPB-A001  {text}  IT     23/01/2020  -" in listed.output


def test_formula_like_text_in_every_register_stays_text(invoke, workspace):
    """Every text option of every add command goes through the one text-forcing helper."""
    evil = "=1+2"
    commands = [
        ["members", "add", "sendpb", evil, "--initials", "EV", "--role", evil, "--org", evil],
        ["meetings", "add", "sendpb", "2027-01-14", "--venue", evil, "--notes", evil],
        ["actions", "add", "sendpb", evil, "--owner", evil, "--due", "2027-01-01", "--item", evil,
         "--workstream", evil],
        ["risks", "add", "sendpb", evil, "--likelihood", "2", "--impact", "3", "--owner", evil,
         "--mitigation", evil, "--workstream", evil, "--consequence", evil],
        ["plan", "add", "sendpb", evil, "--meeting", "2027-01-14", "--lead", evil, "--author", evil,
         "--recommendation", evil],
    ]
    for args in commands:
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.output)
    paths = [workspace.register_path(s) for s in (ACTIONS_BOOK, RISKS_BOOK, PLAN_BOOK, MEMBERS_BOOK)]
    _no_formulas(*paths)
    for path in paths:
        for sheet in openpyxl.load_workbook(path).worksheets:
            for row in sheet.iter_rows(min_row=2):
                for cell in row:
                    if cell.value == evil:
                        assert cell.data_type == "s" and cell.quotePrefix


# ------------------------------------------------------------------ 7. round trip

ALLOWED = st.characters(blacklist_categories=("Cs",),
                        blacklist_characters="".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C,
                                                               *range(0x0E, 0x20)])) + "\ufffe\uffff")
# fragments that have tripped spreadsheets up before: formula starts, Excel's own
# escape sequence for characters, line ends, error and boolean look-alikes
TRICKY = st.sampled_from(["=", "+", "-", "@", "\t", "\r\n", "\r", "\n", " ", "_x0041_", "_x005F_",
                          "_x000D_", "#N/A", "TRUE", "1e5", "0012", "&", "<b>", '"', "'", "€", "😀"])
TEXT = st.lists(st.one_of(st.text(ALLOWED, max_size=40), TRICKY), max_size=6).map("".join)
DATES = st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31))
INTS = st.integers(min_value=-(2 ** 53), max_value=2 ** 53)
SECONDS = st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)).map(
    lambda d: d.replace(microsecond=0))


def _cells(value):
    return None if value == "" else value  # an empty cell and "" are the same thing in Excel


@st.composite
def risk_rows(draw):
    rows = []
    for number in range(draw(st.integers(1, 3))):
        rows.append({
            "Reference": f"HWB-R{number + 1:02d}", "Board": "hwb",
            "Workstream": draw(TEXT), "Risk": draw(TEXT), "Impact": draw(TEXT),
            "Mitigating actions": draw(TEXT), "Owner": draw(TEXT),
            "Likelihood (1-5)": draw(INTS), "Impact (1-5)": draw(INTS), "Target score": draw(INTS),
            "Review date": draw(st.one_of(st.none(), DATES)), "Status": draw(TEXT),
        })
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=risk_rows())
def test_round_trip_text_numbers_and_dates(workspace, rows):
    data = workspace.read(RISKS_BOOK)
    data["Risks"].rows = [dict(r) for r in rows]
    workspace.save(data)
    back = workspace.read(RISKS_BOOK)["Risks"].rows
    assert len(back) == len(rows)
    for wrote, read in zip(rows, back):
        for header, value in wrote.items():
            assert read[header] == _cells(value), header


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXT, when=SECONDS, day=DATES, extra=TEXT)
def test_round_trip_history_datetimes_and_extra_columns(workspace, text, when, day, extra):
    data = workspace.read(ACTIONS_BOOK)
    if "Our notes" not in data["Actions"].headers:
        data["Actions"].headers.append("Our notes")
    data["Actions"].rows = [{"Reference": "HWB-A001", "Board": "hwb", "Action": text, "Owner": "MM",
                             "Due date": day, "Our notes": extra}]
    data["History"].rows = [{"Reference": "HWB-A001", "When": when, "What": "RAG", "Old value": text,
                             "New value": extra, "Note": None}]
    workspace.save(data)
    back = workspace.read(ACTIONS_BOOK)
    action, history = back["Actions"].rows[0], back["History"].rows[0]
    assert (action["Action"], action["Due date"], action["Our notes"]) == (_cells(text), day, _cells(extra))
    read_when = history["When"]
    if type(read_when) is dt.date:  # a moment at midnight reads back as the day: the same value
        read_when = dt.datetime.combine(read_when, dt.time())
    assert (read_when, history["Old value"], history["New value"]) == (when, _cells(text), _cells(extra))


@pytest.mark.parametrize("text", ["_x0041_", "_x0041_x0042_", "a_x005F_b", "__x0041__", "_X00e9_"])
def test_excel_escape_lookalikes_come_back_as_typed(workspace, text):
    outcome = add_action(workspace, "hwb", text, "MM", dt.date(2027, 1, 1))
    assert workspace.read(ACTIONS_BOOK)["Actions"].rows[0]["Action"] == text == outcome.action.text


def test_longest_text_excel_can_hold_is_kept(workspace):
    text = "x" * MAX_TEXT
    add_action(workspace, "hwb", text, "MM", dt.date(2027, 1, 1))
    assert workspace.read(ACTIONS_BOOK)["Actions"].rows[0]["Action"] == text


@pytest.mark.parametrize("char", [*map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]),
                                  "\ufffe", "\uffff"])
def test_each_illegal_character_is_refused_naming_the_cell(char):
    with pytest.raises(RegisterError, match=rf"^here: the text contains an invisible control character "
                                            rf"\(code {ord(char):#04x}\)"):
        check_text(f"before{char}after", "here")


@pytest.mark.parametrize("char", ["\t", "\n", "\r", " ", "\u00a0", "\u2028", "\U0001F600"])
def test_allowed_whitespace_and_symbols_pass(char):
    assert check_text(f"a{char}b", "here") is None


def test_cli_refuses_illegal_character_naming_the_cell(invoke, workspace):
    path = workspace.register_path(ACTIONS_BOOK)
    before = path.read_bytes()
    result = invoke("actions", "add", "hwb", "Ring the\x07 bell", "--owner", "MM", "--due", "2027-01-01")
    assert result.exit_code == 1
    assert result.output.startswith("Error: actions.xlsx, sheet Actions, row 2, column Action: the text "
                                    "contains an invisible control character (code 0x07) that Excel "
                                    "cannot store.")
    assert path.read_bytes() == before
    assert leftovers(path.parent) == []


def test_cli_refuses_over_long_text_naming_the_cell(invoke, populated):
    path = populated.register_path(ACTIONS_BOOK)
    before = path.read_bytes()
    result = invoke("actions", "update", "HWB-A001", "--progress", "y" * (MAX_TEXT + 1))
    assert result.exit_code == 1
    assert result.output.startswith("Error: actions.xlsx, sheet Actions, row 3, column Progress update: "
                                    "the text is 32,768 characters long; Excel keeps at most 32,767")
    assert path.read_bytes() == before


def test_over_long_text_in_a_register_row_is_refused_not_truncated(populated):
    data = populated.read(RISKS_BOOK)
    data["Risks"].rows[1]["Risk"] = "z" * (MAX_TEXT + 5)
    with pytest.raises(RegisterError, match=r"^risks\.xlsx, sheet Risks, row 3, column Risk: the text is "
                                            r"32,772 characters long"):
        populated.save(data)


def test_printable_ascii_round_trips_in_every_column_kind(workspace):
    text = string.printable.strip(string.whitespace[1:]) + " trailing "
    data = workspace.read(PLAN_BOOK)
    data["Forward plan"].rows = [{"Reference": "HWB-P001", "Board": "hwb", "Item title": text,
                                  "Meeting date": text, "Order": text, "Exempt paragraph": 3}]
    workspace.save(data)
    row = workspace.read(PLAN_BOOK)["Forward plan"].rows[0]
    # text typed into a date or number column is kept as typed; `check` reports it
    assert (row["Item title"], row["Meeting date"], row["Order"], row["Exempt paragraph"]) == (text, text, text, 3)
