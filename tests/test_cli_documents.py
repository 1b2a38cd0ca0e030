"""The document commands through the CLI: success and the likely mistakes, issue 3's "Done when",
and the agenda's logic (exempt items, matters arising, reports to follow, a board with only a name)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from typer.testing import CliRunner

from meeting_packs.cli import app
from docx_extract import all_tables_text, core, full_text, paragraphs, shaded_cells
from meeting_packs.workspace import Workspace
from regenerate_golden import header_fill

HWB, SENDPB = "Health and Wellbeing Board", "SEND Partnership Board"


def run(ws_root, *args):
    return CliRunner().invoke(app, ["-w", str(ws_root)] + [str(a) for a in args])


@pytest.fixture(scope="module")
def shared_ws(tmp_path_factory, _pristine_example):
    """One example workspace for commands that only read the registers."""
    root = tmp_path_factory.mktemp("shared") / "ex"
    shutil.copytree(_pristine_example, root)
    return root


def first_line(result) -> str:
    return result.stdout.splitlines()[0]


def item_rows(path, table: int = 0) -> list[list[str]]:
    """The agenda's items table (without its header row)."""
    return all_tables_text(path)[table][1:]


def titles(rows) -> list[str]:
    return [row[1].split("\n")[0] for row in rows]


# ------------------------------------------------------------------ every command: success and mistakes

DOCUMENTS = {
    # command, board, a meeting date, --as-of, the label in the file name, whether a meeting must exist
    "agenda": (["agenda"], "hwb", "2019-03-28", "2019-03-01", "Agenda", True),
    "appendix actions": (["appendix", "actions"], "sendpb", "2019-11-14", "2019-11-01", "Action log", False),
    "appendix risks": (["appendix", "risks"], "sendpb", "2019-11-14", "2019-11-01", "Risk register", False),
    "appendix plan": (["appendix", "plan"], "hwb", "2019-03-28", "2019-03-01", "Forward plan", False),
    "minutes template": (["minutes", "template"], "sendpb", "2019-11-14", "2019-11-01", "Minutes template", True),
    "pack": (["pack"], "hwb", "2019-03-28", "2019-03-01", "Agenda pack (public)", True),
}
NAMES = {"hwb": HWB, "sendpb": SENDPB}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_command_writes_its_document_and_prints_the_path(shared_ws, name):
    command, board, day, as_of, label, _ = DOCUMENTS[name]
    result = run(shared_ws, *command, board, day, "--as-of", as_of)
    assert result.exit_code == 0, result.stderr
    expected = shared_ws / "out" / board / day / f"{day} {NAMES[board]} - {label}.docx"
    assert first_line(result) == str(expected)
    assert expected.is_file()
    assert core(expected)["title"].startswith((NAMES[board], f"Minutes of the {NAMES[board]}"))
    assert result.stderr == ""


@pytest.mark.parametrize("name", DOCUMENTS)
def test_unknown_board(shared_ws, name):
    command, _, day, *_ = DOCUMENTS[name]
    result = run(shared_ws, *command, "nope", day)
    assert result.exit_code == 1
    assert result.stderr == "Error: There is no board 'nope' in boards.toml. Boards: hwb, sendpb.\n"
    assert result.stdout == ""


@pytest.mark.parametrize("name", DOCUMENTS)
def test_bad_date(shared_ws, name):
    command, board, *_ = DOCUMENTS[name]
    result = run(shared_ws, *command, board, "2019-31-03")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: '2019-31-03' is not a real meeting date"), result.stderr
    assert "YYYY-MM-DD or DD/MM/YYYY" in result.stderr


@pytest.mark.parametrize("name", [n for n, spec in DOCUMENTS.items() if spec[5]])
def test_date_with_no_meeting(shared_ws, name):
    command, board, *_ = DOCUMENTS[name]
    result = run(shared_ws, *command, board, "29/03/2019", "--as-of", "2019-03-01")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: The {NAMES[board]} has no meeting on 29/03/2019 in the schedule")
    assert f"meeting-packs meetings add {board} 2019-03-29" in result.stderr
    assert not (shared_ws / "out" / board / "2019-03-29").exists()


@pytest.mark.parametrize("name", [n for n, spec in DOCUMENTS.items() if not spec[5]])
def test_appendix_for_a_date_with_no_meeting_is_still_built(shared_ws, name):
    """Appendices may be made between meetings (e.g. to circulate the action log); they carry the date asked."""
    command, board, _, _, label, _ = DOCUMENTS[name]
    result = run(shared_ws, *command, board, "2019-10-31", "--as-of", "2019-10-31")
    assert result.exit_code == 0, result.stderr
    assert first_line(result).endswith(f"2019-10-31 {NAMES[board]} - {label}.docx")


def test_output_option_and_next_meeting(shared_ws, tmp_path):
    target = tmp_path / "my agenda.docx"
    result = run(shared_ws, "agenda", "hwb", "next", "-o", target, "--as-of", "2019-03-01")
    assert result.exit_code == 0, result.stderr
    assert first_line(result) == str(target)
    assert core(target)["title"] == f"{HWB} – Agenda – 28 March 2019"


def test_document_command_outside_a_workspace(tmp_path):
    result = run(tmp_path, "agenda", "hwb", "2019-03-28")
    assert result.exit_code == 1
    assert "is not a meeting-packs workspace" in result.stderr and "meeting-packs init" in result.stderr


# ------------------------------------------------------------------ issue 3: Done when

REFERENCE_AGENDA = [  # hwb-agenda-pack-2019-03-28: title, appendix letter
    ("Questions", ""),
    ("Declarations of Interest", ""),
    ("Apologies for Absence and attendance of Substitute Members", ""),
    ("Minutes", ""),
    ("Partners' Updates and Work Programme", "A"),
    ("The Local Health and Care Plan - Verbal Update", ""),
    ("Special Educational Needs and Disability (SEND) Transformation Plan", "B"),
    ("Ofsted and CQC local Area SEND Inspection - Written Statement of Action", "C"),
    ("Board Membership - representation of Children's Services", "D"),
    ("Urgent Items Authorised by the Co-Chair", ""),
    ("Exclusion of the Press and Public", ""),
]


@pytest.fixture(scope="module")
def hwb_agenda(shared_ws, tmp_path_factory):
    target = tmp_path_factory.mktemp("hwb-agenda") / "agenda.docx"
    result = run(shared_ws, "agenda", "hwb", "2019-03-28", "-o", target, "--as-of", "2019-03-01")
    assert result.exit_code == 0, result.stderr
    return target


def test_hwb_agenda_lists_the_reference_items_in_order_with_letters(hwb_agenda):
    rows = item_rows(hwb_agenda)
    assert [row[0] for row in rows] == [f"{n}." for n in range(1, 12)]
    assert titles(rows) == [title for title, _ in REFERENCE_AGENDA]
    assert [row[2] for row in rows] == [f"Appendix {letter}" if letter else "" for _, letter in REFERENCE_AGENDA]
    appendices = [text for style, text in paragraphs(hwb_agenda) if text.startswith("Appendix ")]
    assert [a.split(" – ")[0] for a in appendices] == ["Appendix A", "Appendix B", "Appendix C", "Appendix D"]


def test_hwb_agenda_has_the_press_and_public_item(hwb_agenda):
    exclusion = item_rows(hwb_agenda)[-1][1].split("\n")
    assert exclusion[0] == "Exclusion of the Press and Public"
    resolution = " ".join(exclusion[1:])
    assert "Section 100(A)(4) of the Local Government Act 1972" in resolution
    assert "Schedule 12A" in resolution and "only be relevant if any exempt matter" in resolution


def test_hwb_agenda_has_the_welcome_page(hwb_agenda):
    found = paragraphs(hwb_agenda)
    assert ["Heading 1", "Welcome to this meeting"] in found
    assert ["Heading 2", "Running order"] in found
    assert any(text.startswith("Date and time: Thursday 28 March 2019") for _, text in found)


def test_minutes_template_lists_every_member_with_initials_role_and_organisation(shared_ws, tmp_path):
    from meeting_packs.membership import list_members

    target = tmp_path / "minutes.docx"
    result = run(shared_ws, "minutes", "template", "sendpb", "2019-11-14", "-o", target, "--as-of", "2019-11-01")
    assert result.exit_code == 0, result.stderr
    present = all_tables_text(target)[0]
    assert present[0] == ["Name", "Initials", "Role", "Organisation"]
    members = list_members(Workspace(shared_ws), "sendpb")
    expected = [m for m in members if m.type.expected]
    assert len(expected) >= 30, "the example SEND board has over thirty members"
    assert sorted(present[1:]) == sorted([m.display_name, m.initials, m.role, m.organisation] for m in expected)
    assert all(row[1] for row in present[1:]), "every member has initials"
    substitutes = {m.name for m in members if not m.type.expected}
    assert not substitutes & {row[0] for row in present[1:]}


@pytest.fixture(scope="module")
def sendpb_actions(shared_ws, tmp_path_factory):
    target = tmp_path_factory.mktemp("actions") / "actions.docx"
    result = run(shared_ws, "appendix", "actions", "sendpb", "2019-11-14", "-o", target, "--as-of", "2019-11-01")
    assert result.exit_code == 0, result.stderr
    return target


def test_action_appendix_rag_cells_are_shaded_and_labelled(shared_ws, sendpb_actions):
    scale = {level.label: level.colour.upper() for level in Workspace(shared_ws).board("sendpb").rag_scale.levels}
    tables = all_tables_text(sendpb_actions)
    action_tables = [t for t in tables if t[0][:5] == ["Ref", "Action", "Owner", "Due", "RAG"]]
    assert action_tables
    rag_cells = [(row[4]) for t in action_tables for row in t[1:]]
    assert len(rag_cells) >= 20 and set(rag_cells) <= set(scale)
    shaded = shaded_cells(sendpb_actions, ignore={header_fill()})
    assert len(shaded) >= len(rag_cells)
    for cell in shaded:
        assert cell["text"] in scale, f"shaded cell without a RAG label: {cell}"
        assert cell["fill"] == scale[cell["text"]], f"label and shade disagree: {cell}"


def test_action_appendix_has_the_key_and_the_summary_with_totals(shared_ws, sendpb_actions):
    board = Workspace(shared_ws).board("sendpb")
    tables = all_tables_text(sendpb_actions)
    key = tables[0]
    assert key[0] == ["Status", "Meaning"]
    assert key[1:] == [[level.label, level.meaning] for level in board.rag_scale.levels]
    summary = tables[1]
    assert summary[0] == ["Status", "At 19 September 2019", "At 1 November 2019"]
    assert summary[-1][0] == "Total"
    body = summary[1:-1]
    for column in (1, 2):
        assert int(summary[-1][column]) == sum(int(row[column]) for row in body), f"column {column} total"
    assert int(summary[-1][2]) >= 20


def test_action_appendix_shows_the_direction_of_travel(sendpb_actions):
    tables = [t for t in all_tables_text(sendpb_actions) if t[0][:6] == ["Ref", "Action", "Owner", "Due", "RAG",
                                                                         "Direction"]]
    directions = [row[5] for t in tables for row in t[1:]]
    words = {d.split(" ", 1)[1] for d in directions}
    assert words <= {"Improved", "Worse", "Unchanged", "New"}, words
    assert words == {"Improved", "Worse", "Unchanged", "New"}, "the example data has all four"
    assert {d.split(" ", 1)[0] for d in directions} <= {"▲", "▼", "►", "●"}
    assert ["Normal", "Direction of travel: ▲ Improved, ► Unchanged, ▼ Worse, ● New since the last meeting."] \
        in paragraphs(sendpb_actions)


# ------------------------------------------------------------------ a board with only a name

@pytest.fixture
def name_only_board(workspace):
    """A workspace with a board `xyz` configured by its name alone, one meeting and one member."""
    with workspace.config_path.open("a", encoding="utf-8") as config:
        config.write('\n[boards.xyz]\nname = "Test Board"\n')
    root = workspace.root
    assert run(root, "meetings", "add", "xyz", "2026-12-10").exit_code == 0
    added = run(root, "members", "add", "xyz", "Ann Example", "--initials", "AE", "--role", "Head of Service",
                "--org", "Example Council")
    assert added.exit_code == 0, added.stderr
    return root


def _no_template_leftovers(path) -> None:
    text = full_text(path)
    for leftover in ("{{", "}}", "{%", "%}", "None", "StrictUndefined"):
        assert leftover not in text, f"{leftover!r} in {path.name}"


def test_board_with_only_a_name_gets_a_sensible_agenda(name_only_board):
    result = run(name_only_board, "agenda", "xyz", "2026-12-10", "--as-of", "2026-11-01")
    assert result.exit_code == 0, result.stderr
    path = name_only_board / first_line(result)
    found = paragraphs(path)
    assert found[0] == ["Title", "Test Board"]
    assert any(text.startswith("Date and time: Thursday 10 December 2026") for _, text in found)
    assert any("Ann Example" in text for _, text in found)
    rows = item_rows(path)
    assert len(rows) >= 3 and [r[0] for r in rows] == [f"{n}." for n in range(1, len(rows) + 1)]
    names = " ".join(titles(rows)).lower()
    assert "apologies" in names and "minutes" in names
    assert "exclusion of the press" not in names, "a board is not statutory unless boards.toml says so"
    assert ["Heading 1", "Welcome to this meeting"] in found
    _no_template_leftovers(path)


def test_board_with_only_a_name_gets_a_sensible_minutes_template(name_only_board):
    result = run(name_only_board, "minutes", "template", "xyz", "2026-12-10", "--as-of", "2026-11-01")
    assert result.exit_code == 0, result.stderr
    path = name_only_board / first_line(result)
    assert paragraphs(path)[0] == ["Title", "Minutes of the Test Board"]
    tables = all_tables_text(path)
    assert tables[0] == [["Name", "Initials", "Role", "Organisation"],
                         ["Ann Example", "AE", "Head of Service", "Example Council"]]
    agenda = run(name_only_board, "agenda", "xyz", "2026-12-10", "--as-of", "2026-11-01")
    minutes_items = next(t for t in tables if t[0] == ["No.", "Item", "Minutes", "Action"])
    assert titles(minutes_items[1:]) == titles(item_rows(name_only_board / first_line(agenda)))
    _no_template_leftovers(path)


def test_first_meeting_minutes_item_reads_naturally(name_only_board):
    """With no earlier meeting there is no date to name; the sentence must still read as English."""
    result = run(name_only_board, "agenda", "xyz", "2026-12-10", "--as-of", "2026-11-01")
    assert result.exit_code == 0
    assert "held on the previous meeting" not in full_text(name_only_board / first_line(result))


def test_no_venue_leaves_no_empty_label(name_only_board):
    """A board and meeting without a venue: no bare 'Venue: ' line, no trailing comma under the title."""
    agenda = run(name_only_board, "agenda", "xyz", "2026-12-10", "--as-of", "2026-11-01")
    minutes = run(name_only_board, "minutes", "template", "xyz", "2026-12-10", "--as-of", "2026-11-01")
    agenda_text = [t for _, t in paragraphs(name_only_board / first_line(agenda))]
    minutes_text = [t for _, t in paragraphs(name_only_board / first_line(minutes))]
    assert "Venue: " not in agenda_text
    assert not minutes_text[1].endswith(", ")


# ------------------------------------------------------------------ the agenda's logic

def test_exempt_item_goes_to_part_2_after_the_exclusion_resolution(example_ws, tmp_path):
    added = run(example_ws, "plan", "add", "hwb", "Land disposal at Example Road", "--meeting", "2019-03-28",
                "--exempt", "3")
    assert added.exit_code == 0, added.stderr
    target = tmp_path / "agenda.docx"
    assert run(example_ws, "agenda", "hwb", "2019-03-28", "-o", target, "--as-of", "2019-03-01").exit_code == 0
    part1, part2 = item_rows(target, 0), item_rows(target, 1)
    assert "Land disposal at Example Road" not in " ".join(titles(part1))
    exclusion = part1[-1]
    assert titles([exclusion]) == ["Exclusion of the Press and Public"] and exclusion[0] == "11."
    assert "item 12 (Land disposal at Example Road): paragraph 3" in exclusion[1]
    assert "Section 100(A)(4)" in exclusion[1]
    assert [row[0] for row in part2] == ["12."] and titles(part2) == ["Land disposal at Example Road"]
    assert "Schedule 12A, paragraph 3" in part2[0][1]
    found = paragraphs(target)
    headings = [text for style, text in found if style.startswith("Heading")]
    assert headings.index("Part 2 – Not for publication") > headings.index("Agenda")


def test_matters_arising_under_the_minutes_item(shared_ws, hwb_agenda):
    from meeting_packs.workspace import require_clean

    registers = require_clean(Workspace(shared_ws).load())
    # every open action raised before the meeting carries over, not only the last meeting's (issue 12)
    expected = sorted(a.ref for a in registers.actions
                      if a.board == "hwb" and a.is_open and (a.meeting is None or a.meeting < dt.date(2019, 3, 28)))
    assert expected, "the example HWB meeting of 15 November 2018 agreed open actions"
    minutes = next(row for row in item_rows(hwb_agenda) if titles([row]) == ["Minutes"])
    lines = minutes[1].split("\n")
    assert "To confirm the minutes of the meeting held on 15 November 2018" in lines
    assert "Matters arising – open actions:" in lines
    listed = sorted(line.split(":")[0] for line in lines if line.startswith("HWB-A"))
    assert listed == expected
    others = [row for row in item_rows(hwb_agenda) if titles([row]) != ["Minutes"]]
    assert not any("HWB-A" in row[1] for row in others), "matters arising appear once, under Minutes"


def test_matters_arising_under_actions_when_the_board_has_no_minutes_item(shared_ws, tmp_path):
    target = tmp_path / "agenda.docx"
    assert run(shared_ws, "agenda", "sendpb", "2019-11-14", "-o", target, "--as-of", "2019-11-01").exit_code == 0
    actions = next(row for row in item_rows(target) if titles([row]) == ["Actions"])
    # 17 open actions: too many to list, so the item points to the action log (issue 12)
    assert "Matters arising: 17 open actions, 14 of them overdue; the action log, Appendix A" in actions[1]
    assert "SENDPB-A005" not in actions[1]


def test_to_follow_item_shows_report_to_follow(example_ws, tmp_path):
    added = run(example_ws, "plan", "add", "hwb", "Pharmaceutical needs assessment", "--meeting", "2019-03-28",
                "--to-follow", "--report", "reports/pna.docx")
    assert added.exit_code == 0, added.stderr
    target = tmp_path / "agenda.docx"
    assert run(example_ws, "agenda", "hwb", "2019-03-28", "-o", target, "--as-of", "2019-03-01").exit_code == 0
    row = next(r for r in item_rows(target) if titles([r]) == ["Pharmaceutical needs assessment"])
    assert "Report to follow" in row[1].split("\n")
    assert row[2] == "Appendix E (to follow)"
    assert ["List Bullet", "Appendix E – Pharmaceutical needs assessment (item 10) – to follow"] \
        in paragraphs(target)
    assert titles(item_rows(target))[-2:] == ["Urgent Items Authorised by the Co-Chair",
                                              "Exclusion of the Press and Public"]
