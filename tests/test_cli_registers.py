"""Every register command: its success, and the mistakes people are most likely to make.

Exit codes: 0 success; 1 a problem with the workspace or a register (or something
not found); 2 a value typed on the command line that is not acceptable.
"""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest
import typer.main

from meeting_packs.cli import app
from meeting_packs.registers.schema import ACTIONS_BOOK, MEMBERS_BOOK, PLAN_BOOK, RISKS_BOOK

NO_BOARD = "Error: There is no board 'xyz' in boards.toml. Boards: hwb, sendpb.\n"


def _rows(ws, book, sheet):
    return ws.read(book)[sheet].rows


def _row(ws, book, sheet, ref):
    [row] = [r for r in _rows(ws, book, sheet) if r.get("Reference") == ref]
    return row


def _history(ws, ref):
    return [(r["What"], r["Old value"], r["New value"], r["Note"])
            for r in _rows(ws, ACTIONS_BOOK, "History") if r["Reference"] == ref]


def _unchanged(ws):
    """A snapshot of every register's bytes, to compare after a refused command."""
    return {p.name: p.read_bytes() for p in ws.registers_dir.glob("*.xlsx")}


# ------------------------------------------------------------------ help

def _commands(group, path=()):
    for name, command in sorted(group.commands.items()):
        yield path + (name,), command
        if hasattr(command, "commands"):
            yield from _commands(command, path + (name,))


ALL_COMMANDS = list(_commands(typer.main.get_command(app)))


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def test_the_app_has_help(runner):
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Keep a board's registers in Excel and build its agenda packs in Word." in _flat(result.output)


@pytest.mark.parametrize("path, command", ALL_COMMANDS, ids=[" ".join(p) for p, _ in ALL_COMMANDS])
def test_every_command_has_help_text(runner, path, command):
    assert command.help and command.help.strip(), f"{' '.join(path)} has no docstring"
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    first_line = command.help.strip().splitlines()[0]
    assert " ".join(first_line.split()) in _flat(result.output)
    for param in command.params:
        if param.name != "help" and getattr(param, "hidden", False) is False:
            assert getattr(param, "help", None), f"{' '.join(path)}: {param.name} has no help"


def test_the_register_commands_are_all_there():
    names = {" ".join(p) for p, _ in ALL_COMMANDS}
    assert names >= {"init", "boards", "check", "meetings add", "meetings list", "members add",
                     "members list", "actions add", "actions list", "actions update", "actions close",
                     "risks add", "risks list", "risks update", "risks close", "plan add", "plan list",
                     "plan move", "plan drop"}


@pytest.mark.parametrize("args", [
    ["boards"], ["check"], ["meetings", "list"], ["members", "list", "hwb"], ["actions", "list", "--all"],
    ["risks", "list", "--all"], ["plan", "list", "--all"],
])
def test_commands_that_only_look_never_write(populated, invoke, args):
    before = _unchanged(populated)
    backups = sorted((populated.registers_dir / "backups").iterdir())
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert result.output.strip()
    assert _unchanged(populated) == before
    assert sorted((populated.registers_dir / "backups").iterdir()) == backups


# ------------------------------------------------------------------ init and boards

def test_init_creates_a_workspace(runner, tmp_path):
    target = tmp_path / "new board"
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output == (f"Created the workspace {target}.\n"
                             f"Next: cd \"{target}\" and run 'meeting-packs check'.\n")
    assert (target / "boards.toml").is_file()
    assert sorted(p.name for p in (target / "registers").glob("*.xlsx")) == [
        "actions.xlsx", "forward-plan.xlsx", "membership.xlsx", "risks.xlsx"]
    for folder in ("templates", "reports", "out"):
        assert (target / folder).is_dir()
    checked = runner.invoke(app, ["-w", str(target), "check"])
    assert checked.exit_code == 0
    assert "0 error(s), 0 warning(s)." in checked.output


def test_init_refuses_to_overwrite_a_workspace(runner, workspace):
    before = _unchanged(workspace)
    config = workspace.config_path.read_bytes()
    result = runner.invoke(app, ["init", str(workspace.root)])
    assert result.exit_code == 1
    assert result.output == (f"Error: {workspace.root} is already a workspace; I will not overwrite it. "
                             "Choose an empty or new folder.\n")
    assert _unchanged(workspace) == before and workspace.config_path.read_bytes() == config


def test_init_refuses_a_file(runner, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["init", str(target)])
    assert result.exit_code == 1
    assert result.output == f"Error: {target} is a file, not a folder.\n"
    assert target.read_text(encoding="utf-8") == "mine"


def test_init_missing_folder_argument(runner):
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 2
    assert "Missing argument 'FOLDER'" in _flat(result.output)


def test_boards_lists_each_board_with_its_next_meetings(populated, invoke):
    result = invoke("boards", "--as-of", "2026-11-23")
    assert result.exit_code == 0
    assert result.output == (
        "hwb: Health and Wellbeing Board (statutory committee)\n"
        "  Thursday 14 January 2027, 6.30pm, Guildhall, High Street, Kingston upon Thames, KT1 1EU\n"
        "sendpb: SEND Partnership Board (partnership board)\n"
        "  Thursday 10 December 2026, 9.30am, Queen Anne Suite, Guildhall, High Street, Kingston KT1 1EU\n")


def test_boards_outside_a_workspace(runner, tmp_path):
    result = runner.invoke(app, ["-w", str(tmp_path), "boards"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path} is not a meeting-packs workspace (no boards.toml).")


def test_workspace_from_environment(runner, populated, tmp_path, monkeypatch):
    monkeypatch.setenv("MEETING_PACKS_WORKSPACE", str(populated.root))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["members", "list", "hwb"])
    assert result.exit_code == 0
    assert "Marian Morrison" in result.output


# ------------------------------------------------------------------ meetings

def test_meetings_add_uses_the_board_defaults(invoke, workspace):
    result = invoke("meetings", "add", "hwb", "14/01/2027")
    assert result.exit_code == 0
    assert result.output == "Added the hwb meeting on Thursday 14 January 2027.\n"
    [row] = _rows(workspace, PLAN_BOOK, "Meetings")
    assert (row["Board"], row["Date"], row["Start"], row["End"], row["Venue"]) == (
        "hwb", dt.date(2027, 1, 14), dt.time(18, 30), dt.time(21, 0),
        "Guildhall, High Street, Kingston upon Thames, KT1 1EU")


def test_meetings_add_with_own_times_and_notes(invoke, workspace):
    result = invoke("meetings", "add", "sendpb", "2027-06-06", "--start", "14:00", "--end", "16.00",
                    "--venue", "Online", "--notes", "Private workshop")
    assert result.exit_code == 0
    listed = invoke("meetings", "list", "sendpb")
    assert listed.exit_code == 0
    assert "Sun 06/06/2027  2pm–4pm  Online  Private workshop" in listed.output


@pytest.mark.parametrize("args, code, message", [
    (["xyz", "2027-01-14"], 1, NO_BOARD),
    (["hwb", "2027-01-14", "--start", "6pm"],
     2, "Error: '6pm' is not a start time I can read. Use the 24-hour clock, for example 18:30.\n"),
    (["hwb", "14/1/27"], 2, "Error: '14/1/27' is not a meeting date I can read. "),
])
def test_meetings_add_mistakes(invoke, workspace, args, code, message):
    before = _unchanged(workspace)
    result = invoke("meetings", "add", *args)
    assert result.exit_code == code
    assert result.output.startswith(message)
    assert _unchanged(workspace) == before


def test_meetings_add_twice_on_the_same_day(populated, invoke):
    result = invoke("meetings", "add", "hwb", "2027-01-14")
    assert result.exit_code == 2
    assert result.output == "Error: The Health and Wellbeing Board already has a meeting on 14/01/2027.\n"


def test_meetings_list(populated, invoke):
    result = invoke("meetings", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["Board", "Date", "Time", "Venue", "Notes"]
    assert lines[2].startswith("hwb     Thu 14/01/2027  6.30pm–9pm")
    assert invoke("meetings", "list", "xyz").output == NO_BOARD


def test_meetings_list_empty(invoke):
    assert invoke("meetings", "list").output == "No meetings in the schedule.\n"


# ------------------------------------------------------------------ members

def test_members_add_and_list(invoke, workspace):
    result = invoke("members", "add", "sendpb", "Ian Thomas", "--initials", "IT", "--role", "Chief Executive",
                    "--org", "Royal Borough of Kingston", "--type", "chair", "--email", "ian@example.org")
    assert result.exit_code == 0
    assert result.output == "Added Ian Thomas (IT) to sendpb.\n"
    row = _rows(workspace, MEMBERS_BOOK, "Members")[0]
    assert (row["Membership type"], row["Email"]) == ("Chair", "ian@example.org")
    listed = invoke("members", "list", "sendpb")
    assert listed.exit_code == 0
    assert "Ian Thomas  IT        Chief Executive  Royal Borough of Kingston  Chair" in listed.output
    assert listed.output.endswith("1 member(s).\n")


@pytest.mark.parametrize("args, code, message", [
    (["xyz", "Ann Other", "--initials", "AO"], 1, NO_BOARD),
    (["hwb", "Ann Other", "--initials", "A O"], 2, "Error: Initials 'A O' should be letters without spaces"),
    (["hwb", "Ann Other", "--initials", "AO", "--type", "Boss"], 2,
     "Error: --type: 'Boss' is not one of: Chair, Co-chair, Member, Named substitute, Officer, Observer.\n"),
    (["hwb", "Ann Other", "--initials", "AO", "--email", "ann at council"], 2,
     "Error: 'ann at council' does not look like an email address.\n"),
    (["hwb", "Andy Morris", "--initials", "mm"], 2,
     "Error: Marian Morrison already uses the initials MM on the Health and Wellbeing Board."),
])
def test_members_add_mistakes(populated, invoke, args, code, message):
    before = _unchanged(populated)
    result = invoke("members", "add", *args)
    assert result.exit_code == code
    assert result.output.startswith(message)
    assert _unchanged(populated) == before


def test_members_add_without_initials(invoke):
    result = invoke("members", "add", "hwb", "Ann Other")
    assert result.exit_code == 2
    assert "Missing option '--initials'" in result.output


def test_members_list_mistakes(invoke):
    assert invoke("members", "list", "xyz").output == NO_BOARD
    missing = invoke("members", "list")
    assert missing.exit_code == 2 and "Missing argument 'BOARD'" in _flat(missing.output)
    empty = invoke("members", "list", "hwb")
    assert empty.output.startswith("No members yet.")


def test_same_initials_on_different_boards_are_fine(populated, invoke):
    result = invoke("members", "add", "sendpb", "Mary Major", "--initials", "MM")
    assert result.exit_code == 0


# ------------------------------------------------------------------ actions

def test_actions_add(populated, invoke):
    result = invoke("actions", "add", "sendpb", "Write to schools", "--owner", "IT", "--due", "2027-01-29",
                    "--meeting", "10/12/2026", "--item", "4", "--workstream", "Inclusion", "--rag", "light GREEN")
    assert result.exit_code == 0, result.output
    assert result.stdout == "SENDPB-A002\n"
    row = _row(populated, ACTIONS_BOOK, "Actions", "SENDPB-A002")
    assert (row["Board"], row["Due date"], row["Meeting raised"], row["Agenda item"], row["Workstream"],
            row["RAG"], row["Status"]) == ("sendpb", dt.date(2027, 1, 29), dt.date(2026, 12, 10), "4",
                                           "Inclusion", "Light green", "Open")
    assert [h[:3] for h in _history(populated, "SENDPB-A002")] == [
        ("RAG", None, "Light green"), ("Status", None, "Open"), ("Due date", None, "29/01/2027"),
        ("Owner", None, "IT")]


def test_actions_add_warns_when_the_owner_is_not_a_member(populated, invoke):
    result = invoke("actions", "add", "hwb", "Chase the CCG", "--owner", "ZZ", "--due", "2027-01-01")
    assert result.exit_code == 0
    assert result.stdout == "HWB-A002\n"
    assert result.stderr == ("Warning: 'ZZ' is not a member of the Health and Wellbeing Board. Add them with "
                             "'meeting-packs members add hwb NAME --initials X' so that chasing and the "
                             "minutes know them.\n")


@pytest.mark.parametrize("args, code, message", [
    (["xyz", "Do it", "--owner", "MM", "--due", "2027-01-01"], 1, NO_BOARD),
    (["hwb", "Do it", "--owner", "MM", "--due", "2027-31-01"], 2,
     "Error: '2027-31-01' is not a real due date (day 1, month 31, year 2027)."),
    (["hwb", "Do it", "--owner", "MM", "--due", "2027-01-01", "--rag", "Purple"], 2,
     "Error: 'Purple' is not a RAG status of the Health and Wellbeing Board. Use one of: Red, Amber, "
     "Green, Blue.\n"),
    (["sendpb", "Do it", "--owner", "IT", "--due", "2027-01-01", "--rag", "Green"], 2,
     "Error: 'Green' is not a RAG status of the SEND Partnership Board. Use one of: Red, Amber, "
     "Light green, Dark green, Completed.\n"),
    (["hwb", "  ", "--owner", "MM", "--due", "2027-01-01"], 2,
     "Error: The action text is empty. Say what is to be done.\n"),
    (["hwb", "Do it", "--owner", "", "--due", "2027-01-01"], 2,
     "Error: The owner is empty. Give the initials or name of a board member.\n"),
])
def test_actions_add_mistakes(populated, invoke, args, code, message):
    before = _unchanged(populated)
    result = invoke("actions", "add", *args)
    assert result.exit_code == code
    assert result.output.startswith(message)
    assert _unchanged(populated) == before


@pytest.mark.parametrize("missing", ["--owner", "--due"])
def test_actions_add_missing_required_option(invoke, missing):
    args = {"--owner": "MM", "--due": "2027-01-01"}
    del args[missing]
    result = invoke("actions", "add", "hwb", "Do it", *[x for kv in args.items() for x in kv])
    assert result.exit_code == 2
    assert f"Missing option '{missing}'" in result.output


def test_actions_list_filters(populated, invoke):
    invoke("actions", "add", "hwb", "Old one", "--owner", "MM", "--due", "2026-01-01")
    invoke("actions", "close", "HWB-A001")
    everything = invoke("actions", "list", "--all", "--as-of", "2026-11-23")
    assert everything.exit_code == 0
    assert [line.split()[0] for line in everything.output.splitlines()[2:-1]] == [
        "HWB-A002", "HWB-A001", "SENDPB-A001"]
    assert "Blue (complete)" in everything.output
    assert everything.output.endswith("3 action(s).\n")

    open_only = invoke("actions", "list", "--as-of", "2026-11-23")
    assert "HWB-A001" not in open_only.output and "2 action(s)." in open_only.output
    overdue = invoke("actions", "list", "--overdue", "--as-of", "2026-11-23")
    assert "HWB-A002  Old one  MM     01/01/2026 OVERDUE" in overdue.output
    assert overdue.output.endswith("1 action(s).\n")
    by_board = invoke("actions", "list", "sendpb")
    assert "SENDPB-A001" in by_board.output and "HWB-" not in by_board.output
    by_owner = invoke("actions", "list", "--owner", "it")
    assert "SENDPB-A001" in by_owner.output and "HWB-" not in by_owner.output
    assert invoke("actions", "list", "--owner", "nobody").output == "No actions match.\n"


def test_actions_list_mistakes(invoke):
    assert invoke("actions", "list", "xyz").output == NO_BOARD
    bad = invoke("actions", "list", "--as-of", "31/31/2026")
    assert bad.exit_code == 2 and bad.output.startswith("Error: '31/31/2026' is not a real --as-of date")


def test_actions_update_records_every_tracked_change(populated, invoke):
    result = invoke("actions", "update", "sendpb-a001", "--rag", "Red", "--status", "in progress",
                    "--progress", "Delayed by the consultation", "--due", "2027-02-26", "--owner", "MM")
    assert result.exit_code == 0, result.output
    assert result.stdout == ("SENDPB-A001: RAG 'Amber' → 'Red'\n"
                             "SENDPB-A001: Status 'Open' → 'In progress'\n"
                             "SENDPB-A001: Progress update 'Draft with parents' forum' → 'Delayed by the "
                             "consultation'\n"
                             "SENDPB-A001: Due date '31/12/2026' → '26/02/2027'\n"
                             "SENDPB-A001: Owner 'IT' → 'MM'\n")
    assert "Warning: 'MM' is not a member of the SEND Partnership Board." in result.stderr
    assert _history(populated, "SENDPB-A001")[-5:] == [
        ("RAG", "Amber", "Red", "updated"),
        ("Status", "Open", "In progress", "updated"),
        ("Progress update", "Draft with parents' forum", "Delayed by the consultation", "updated"),
        ("Due date", "31/12/2026", "26/02/2027", "updated"),
        ("Owner", "IT", "MM", "updated"),
    ]
    when = _rows(populated, ACTIONS_BOOK, "History")[-1]["When"]
    assert isinstance(when, dt.datetime)


def test_actions_update_with_the_same_value_changes_nothing(populated, invoke):
    history = _history(populated, "SENDPB-A001")
    result = invoke("actions", "update", "SENDPB-A001", "--rag", "amber")
    assert result.exit_code == 0
    assert result.output == "SENDPB-A001: nothing changed (the values were already so).\n"
    assert _history(populated, "SENDPB-A001") == history
    assert _row(populated, ACTIONS_BOOK, "Actions", "SENDPB-A001")["RAG"] == "Amber"


@pytest.mark.parametrize("args, code, message", [
    (["HWB-A404", "--rag", "Red"], 1,
     "Error: There is no action 'HWB-A404' in actions.xlsx. List them with 'meeting-packs actions list --all'.\n"),
    (["HWB-A001"], 2, "Error: Nothing to change: give at least one of --rag, --status, --progress, --due, "
                      "--owner, --text, --workstream, --meeting or --item.\n"),
    (["HWB-A001", "--rag", "Light green"], 2,
     "Error: 'Light green' is not a RAG status of the Health and Wellbeing Board. Use one of: Red, Amber, "
     "Green, Blue.\n"),
    (["HWB-A001", "--status", "Finished"], 2,
     "Error: --status: 'Finished' is not one of: Open, In progress, On hold, Complete.\n"),
    (["HWB-A001", "--due", "12/31/2026"], 2, "Error: '12/31/2026' is not a real due date"),
    (["HWB-A001", "--owner", " "], 2, "Error: The owner cannot be empty.\n"),
])
def test_actions_update_mistakes(populated, invoke, args, code, message):
    before = _unchanged(populated)
    result = invoke("actions", "update", *args)
    assert result.exit_code == code
    assert result.output.startswith(message)
    assert _unchanged(populated) == before


def test_actions_close_uses_the_boards_complete_status(populated, invoke):
    result = invoke("actions", "close", "SENDPB-A001", "--progress", "Published on the website")
    assert result.exit_code == 0
    closed = _row(populated, ACTIONS_BOOK, "Actions", "SENDPB-A001")
    assert re.fullmatch(r"SENDPB-A001 is complete \(closed \d\d/\d\d/\d{4}\)\.\n", result.output)
    assert (closed["Status"], closed["RAG"], closed["Progress update"]) == (
        "Complete", "Completed", "Published on the website")
    assert isinstance(closed["Date closed"], dt.date)
    assert [h for h in _history(populated, "SENDPB-A001") if h[3] == "closed"] == [
        ("RAG", "Amber", "Completed", "closed"),
        ("Status", "Open", "Complete", "closed"),
        ("Progress update", "Draft with parents' forum", "Published on the website", "closed"),
    ]
    reopened = invoke("actions", "update", "SENDPB-A001", "--status", "Open")
    assert reopened.exit_code == 0
    assert _row(populated, ACTIONS_BOOK, "Actions", "SENDPB-A001")["Date closed"] is None


def test_actions_close_unknown_reference(populated, invoke):
    result = invoke("actions", "close", "SENDPB-A999")
    assert result.exit_code == 1
    assert result.output.startswith("Error: There is no action 'SENDPB-A999' in actions.xlsx.")
    missing = invoke("actions", "close")
    assert missing.exit_code == 2 and "Missing argument 'REF'" in _flat(missing.output)


def test_a_hand_edit_in_excel_is_recorded_on_the_next_save(populated, invoke):
    path = populated.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    sheet = book["Actions"]
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index("RAG") + 1, value="Red")
    sheet.cell(row=2, column=headers.index("Owner") + 1, value="Ian Thomas")
    sheet.append(["SENDPB-A002", "sendpb", None, None, "Typed in Excel", "IT", dt.date(2027, 3, 1), "Open",
                  "Green"])
    book.save(path)

    result = invoke("actions", "update", "HWB-A001", "--progress", "On track")
    assert result.exit_code == 0, result.output
    changed = [h for h in _history(populated, "SENDPB-A001") if h[3] == "changed in Excel"]
    assert changed == [("RAG", "Amber", "Red", "changed in Excel"),
                       ("Owner", "IT", "Ian Thomas", "changed in Excel")]
    first_seen = "first seen in the register"
    assert _history(populated, "SENDPB-A002") == [
        ("RAG", None, "Green", first_seen), ("Status", None, "Open", first_seen),
        ("Due date", None, "01/03/2027", first_seen), ("Owner", None, "IT", first_seen)]

    # recorded once: a further save adds nothing more for those edits
    invoke("actions", "update", "HWB-A001", "--progress", "Still on track")
    assert [h for h in _history(populated, "SENDPB-A001") if h[3] == "changed in Excel"] == changed


def test_references_are_never_reused_after_a_row_is_deleted_by_hand(populated, invoke):
    invoke("actions", "add", "hwb", "Second", "--owner", "MM", "--due", "2027-01-01")
    path = populated.register_path(ACTIONS_BOOK)
    book = openpyxl.load_workbook(path)
    book["Actions"].delete_rows(4)  # HWB-A002, the newest
    book.save(path)
    result = invoke("actions", "add", "hwb", "Third", "--owner", "MM", "--due", "2027-01-01")
    assert result.stdout == "HWB-A003\n"


def test_references_are_per_board_and_case_insensitive(populated, invoke):
    assert invoke("actions", "add", "HWB", "Upper-case board", "--owner", "MM",
                  "--due", "2027-01-01").stdout == "HWB-A002\n"
    assert invoke("actions", "add", "sendpb", "Another", "--owner", "IT",
                  "--due", "2027-01-01").stdout == "SENDPB-A002\n"


# ------------------------------------------------------------------ risks

def test_risks_add_works_out_score_and_rating(populated, invoke):
    result = invoke("risks", "add", "sendpb", "Tribunal appeals rise", "--likelihood", "4", "--impact", "4",
                    "--owner", "IT", "--strategy", "treat", "--mitigation", "Mediation offer",
                    "--review", "01/03/2027", "--target", "6", "--consequence", "Costs", "--workstream", "EHCP")
    assert result.exit_code == 0, result.output
    assert result.output == "SENDPB-R02 (score 16, High)\n"
    row = _row(populated, RISKS_BOOK, "Risks", "SENDPB-R02")
    assert (row["Score"], row["Rating"], row["Strategy"], row["Review date"], row["Target score"]) == (
        16, "High", "Mitigate", dt.date(2027, 3, 1), 6)


@pytest.mark.parametrize("args, code, message", [
    (["xyz", "R", "--likelihood", "2", "--impact", "2", "--owner", "MM"], 1, NO_BOARD),
    (["hwb", "R", "--likelihood", "6", "--impact", "2", "--owner", "MM"], 2,
     "Error: Likelihood must be a whole number from 1 to 5, not 6.\n"),
    (["hwb", "R", "--likelihood", "2", "--impact", "0", "--owner", "MM"], 2,
     "Error: Impact must be a whole number from 1 to 5, not 0.\n"),
    (["hwb", "R", "--likelihood", "2", "--impact", "2", "--owner", "MM", "--strategy", "ignore"], 2,
     "Error: --strategy: 'ignore' is not one of: Treat, Tolerate, Transfer, Terminate.\n"),
    (["hwb", "R", "--likelihood", "2", "--impact", "2", "--owner", "MM", "--target", "30"], 2,
     "Error: The target score must be from 1 to 25, not 30.\n"),
    (["hwb", "R", "--likelihood", "high", "--impact", "2", "--owner", "MM"], 2, "Usage:"),
])
def test_risks_add_mistakes(populated, invoke, args, code, message):
    before = _unchanged(populated)
    result = invoke("risks", "add", *args)
    assert result.exit_code == code
    assert result.output.startswith(message)
    assert _unchanged(populated) == before


def test_risks_add_missing_owner(invoke):
    result = invoke("risks", "add", "hwb", "R", "--likelihood", "2", "--impact", "2")
    assert result.exit_code == 2 and "Missing option '--owner'" in result.output


def test_risks_list_by_score(populated, invoke):
    invoke("risks", "add", "hwb", "Budget cut", "--likelihood", "5", "--impact", "5", "--owner", "MM")
    result = invoke("risks", "list")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()[2:-1]] == [
        "HWB-R02", "SENDPB-R01", "HWB-R01"]
    assert "5×5=25  High" in result.output
    assert invoke("risks", "list", "xyz").output == NO_BOARD


def test_risks_update_and_close(populated, invoke):
    result = invoke("risks", "update", "HWB-R01", "--likelihood", "5", "--impact", "4",
                    "--strategy", "accept", "--review", "2027-06-01")
    assert result.exit_code == 0
    assert result.output == "HWB-R01: score 20, High\n"
    row = _row(populated, RISKS_BOOK, "Risks", "HWB-R01")
    assert (row["Likelihood (1-5)"], row["Score"], row["Rating"], row["Strategy"], row["Review date"]) == (
        5, 20, "High", "Accept", dt.date(2027, 6, 1))

    closed = invoke("risks", "close", "HWB-R01")
    assert closed.exit_code == 0 and closed.output == "HWB-R01 is closed.\n"
    assert "HWB-R01" not in invoke("risks", "list").output
    assert "HWB-R01" in invoke("risks", "list", "--all").output
    assert _row(populated, RISKS_BOOK, "Risks", "HWB-R01")["Status"] == "Closed"


@pytest.mark.parametrize("command, args, code, message", [
    ("update", ["HWB-R404", "--likelihood", "2"], 1,
     "Error: There is no risk 'HWB-R404' in risks.xlsx. List them with 'meeting-packs risks list'.\n"),
    ("update", ["HWB-R01"], 2,
     "Error: Nothing to change: give at least one option, such as --likelihood or --review.\n"),
    ("update", ["HWB-R01", "--impact", "9"], 2, "Error: Impact must be a whole number from 1 to 5, not 9.\n"),
    ("close", ["HWB-R404"], 1, "Error: There is no risk 'HWB-R404' in risks.xlsx."),
])
def test_risks_update_and_close_mistakes(populated, invoke, command, args, code, message):
    before = _unchanged(populated)
    result = invoke("risks", command, *args)
    assert result.exit_code == code
    assert result.output.startswith(message)
    assert _unchanged(populated) == before


def test_score_and_rating_are_worked_out_again_after_a_hand_edit(populated, invoke):
    path = populated.register_path(RISKS_BOOK)
    book = openpyxl.load_workbook(path)
    sheet = book["Risks"]
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=3, column=headers.index("Likelihood (1-5)") + 1, value=5)   # HWB-R01: 2×2 → 5×2
    sheet.cell(row=3, column=headers.index("Score") + 1, value=99)
    book.save(path)
    assert invoke("risks", "add", "sendpb", "Another", "--likelihood", "1", "--impact", "1",
                  "--owner", "IT").exit_code == 0
    row = _row(populated, RISKS_BOOK, "Risks", "HWB-R01")
    assert (row["Score"], row["Rating"]) == (10, "Moderate")


# ------------------------------------------------------------------ forward plan

def test_plan_add(populated, invoke):
    result = invoke("plan", "add", "hwb", "Better Care Fund plan", "--meeting", "2027-01-14", "--purpose",
                    "approve", "--lead", "Director of Adult Services", "--author", "A Writer",
                    "--recommendation", "That the Board approves the plan", "--exempt", "3")
    assert result.exit_code == 0, result.output
    assert result.output == "HWB-P002\n"
    row = _row(populated, PLAN_BOOK, "Forward plan", "HWB-P002")
    assert (row["Meeting date"], row["Purpose"], row["Exempt paragraph"], row["Status"]) == (
        dt.date(2027, 1, 14), "To approve", 3, "Planned")


def test_plan_add_warns_about_missing_meeting_and_report(populated, invoke):
    result = invoke("plan", "add", "hwb", "Annual report", "--meeting", "2027-02-11", "--report",
                    "reports\\annual.docx")
    assert result.exit_code == 0
    assert result.stdout == "HWB-P002\n"
    assert result.stderr == (
        "Warning: The report file 'reports/annual.docx' does not exist in the workspace yet.\n"
        "Warning: There is no Health and Wellbeing Board meeting on 11/02/2027 in the schedule yet. Add it "
        "with 'meeting-packs meetings add hwb 2027-02-11'.\n")
    assert _row(populated, PLAN_BOOK, "Forward plan", "HWB-P002")["Report file"] == "reports/annual.docx"


@pytest.mark.parametrize("args, code, message", [
    (["xyz", "Item"], 1, NO_BOARD),
    (["hwb", "Item", "--exempt", "9"], 2,
     "Error: The exempt paragraph must be 1 to 7 (Schedule 12A, Part 1), not 9.\n"),
    (["hwb", "Item", "--purpose", "Decide"], 2, "Error: --purpose: 'Decide' is not one of: To note,"),
    (["hwb", "Item", "--appendix", "Minutes"], 2, "Error: --appendix: 'Minutes' is not one of: Action log,"),
    (["hwb", "Item", "--meeting", "29/02/2027"], 2, "Error: '29/02/2027' is not a real meeting date"),
    (["hwb", " "], 2, "Error: The item title is empty.\n"),
])
def test_plan_add_mistakes(populated, invoke, args, code, message):
    before = _unchanged(populated)
    result = invoke("plan", "add", *args)
    assert result.exit_code == code
    assert result.output.startswith(message)
    assert _unchanged(populated) == before


def test_plan_list_move_and_drop(populated, invoke):
    listed = invoke("plan", "list")
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert lines[2].startswith("HWB-P001     unscheduled  Pharmaceutical needs")
    assert any(line.startswith("SENDPB-P001  10/12/2026") for line in lines)

    moved = invoke("plan", "move", "HWB-P001", "14/01/2027")
    assert moved.exit_code == 0
    assert moved.output == "HWB-P001 \"Pharmaceutical needs assessment\" is now on Thursday 14 January 2027.\n"
    assert _row(populated, PLAN_BOOK, "Forward plan", "HWB-P001")["Meeting date"] == dt.date(2027, 1, 14)

    back = invoke("plan", "move", "HWB-P001", "--unscheduled")
    assert back.output == "HWB-P001 \"Pharmaceutical needs assessment\" is now unscheduled.\n"

    dropped = invoke("plan", "drop", "HWB-P001")
    assert dropped.exit_code == 0
    assert dropped.output == "HWB-P001 \"Pharmaceutical needs assessment\" is dropped.\n"
    assert "HWB-P001" not in invoke("plan", "list").output
    assert "HWB-P001" in invoke("plan", "list", "--all").output
    assert invoke("plan", "add", "hwb", "Next").output == "HWB-P002\n"  # the dropped number stays used


@pytest.mark.parametrize("command, args, code, message", [
    ("move", ["HWB-P001"], 2, "Error: Give either a new meeting DATE or --unscheduled.\n"),
    ("move", ["HWB-P001", "2027-01-14", "--unscheduled"], 2,
     "Error: Give either a new meeting DATE or --unscheduled.\n"),
    ("move", ["HWB-P404", "2027-01-14"], 1,
     "Error: There is no forward-plan item 'HWB-P404' in forward-plan.xlsx. List them with "
     "'meeting-packs plan list'.\n"),
    ("drop", ["HWB-P404"], 1, "Error: There is no forward-plan item 'HWB-P404' in forward-plan.xlsx."),
    ("list", ["xyz"], 1, NO_BOARD),
])
def test_plan_mistakes(populated, invoke, command, args, code, message):
    before = _unchanged(populated)
    result = invoke("plan", command, *args)
    assert result.exit_code == code
    assert result.output.startswith(message)
    assert _unchanged(populated) == before


def test_plan_move_to_an_unscheduled_date_warns(populated, invoke):
    result = invoke("plan", "move", "HWB-P001", "2027-03-11")
    assert result.exit_code == 0
    assert result.stderr.startswith("Warning: There is no Health and Wellbeing Board meeting on 11/03/2027")


# ------------------------------------------------------------------ check

def test_check_clean_workspace(populated, invoke):
    result = invoke("check", "--as-of", "2026-11-23")
    assert result.exit_code == 0
    assert result.output == (
        "Publication deadlines:\n"
        "  SEND Partnership Board, Thursday 10 December 2026: publish by Wednesday 2 December 2026 "
        "(papers, 5 clear working days)\n"
        "  Health and Wellbeing Board, Thursday 14 January 2027: publish by Wednesday 6 January 2027 "
        "(agenda and reports, 5 clear working days)\n"
        "0 error(s), 0 warning(s). Everything can be built.\n")


def test_check_warnings_only_exit_zero(populated, invoke):
    invoke("actions", "add", "hwb", "Late one", "--owner", "MM", "--due", "2026-10-01")        # overdue
    invoke("actions", "add", "hwb", "Red, silent", "--owner", "MM", "--due", "2027-06-01", "--rag", "Red")
    invoke("actions", "add", "hwb", "Stranger's", "--owner", "QQ", "--due", "2027-06-01")
    invoke("plan", "add", "hwb", "Annual report", "--report", "reports/annual.docx")
    invoke("risks", "add", "hwb", "Stale", "--likelihood", "1", "--impact", "1", "--owner", "MM",
           "--review", "2026-11-01")

    result = invoke("check", "--as-of", "2026-11-23")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("WARNING")]
    assert warnings == [
        "WARNING: actions.xlsx, sheet Actions, row 4, column Due date: HWB-A002 was due on 01/10/2026 and "
        "is not complete. Update the progress and RAG, or agree a new due date.",
        "WARNING: actions.xlsx, sheet Actions, row 5, column Progress update: HWB-A003 is rated Red but has "
        "no progress update. Red and Amber ratings need a comment.",
        "WARNING: actions.xlsx, sheet Actions, row 6, column Owner: 'QQ' (HWB-A004) is not a member of the "
        "Health and Wellbeing Board. Add them to membership.xlsx or change the owner.",
        "WARNING: risks.xlsx, sheet Risks, row 4, column Review date: HWB-R02 was due for review on "
        "01/11/2026. Review it and set the next review date.",
        "WARNING: forward-plan.xlsx, sheet Forward plan, row 4, column Report file: the report file "
        "'reports/annual.docx' for HWB-P002 \"Annual report\" does not exist. Put the file in the "
        "workspace or correct the name.",
    ]
    assert result.output.endswith("0 error(s), 5 warning(s). The warnings do not stop documents being built.\n")


def test_check_errors_exit_one_listing_every_problem(populated, invoke):
    def edit(book, sheet_name, row, values):
        path = populated.register_path(book)
        workbook = openpyxl.load_workbook(path)
        sheet = workbook[sheet_name]
        headers = [c.value for c in sheet[1]]
        for header, value in values.items():
            sheet.cell(row=row, column=headers.index(header) + 1, value=value)
        workbook.save(path)

    edit(ACTIONS_BOOK, "Actions", 2, {"RAG": "Purple", "Progress update": "x"})
    edit(ACTIONS_BOOK, "Actions", 3, {"Reference": "SENDPB-A001", "Board": "hwb"})
    edit(RISKS_BOOK, "Risks", 2, {"Likelihood (1-5)": 9})
    edit(RISKS_BOOK, "Risks", 3, {"Board": "nhs"})
    edit(PLAN_BOOK, "Forward plan", 2, {"Purpose": "To decide"})
    edit(MEMBERS_BOOK, "Members", 3, {"Board": "sendpb", "Initials": "it"})

    result = invoke("check", "--as-of", "2026-11-23")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR: risks.xlsx, sheet Risks, row 2, column Likelihood (1-5): 9 is outside 1 to 5.",
        "ERROR: risks.xlsx, sheet Risks, row 3, column Board: 'nhs' is not a board in boards.toml "
        "(hwb, sendpb).",
        "ERROR: forward-plan.xlsx, sheet Forward plan, row 2, column Purpose: 'To decide' is not one of: "
        "To note, To endorse, To approve, To consider, To update, Verbal update, For discussion.",
        "ERROR: actions.xlsx, sheet Actions, row 3, column Reference: the reference SENDPB-A001 is also used "
        "in row 2. References must be unique: give this row a new one (the tool hands out the next free "
        "number).",
        "ERROR: actions.xlsx, sheet Actions, row 2, column RAG: 'Purple' is not a RAG status of the SEND "
        "Partnership Board (Red, Amber, Light green, Dark green, Completed).",
        "ERROR: membership.xlsx, sheet Members, row 3, column Initials: Marian Morrison and Ian Thomas both "
        "use the initials it on the same board; actions could not tell them apart.",
    ]
    assert "WARNING: actions.xlsx, sheet Actions, row 3, column Owner: 'MM' (SENDPB-A001) is not a member" in result.output
    assert result.output.splitlines()[-1] == ("6 error(s), 1 warning(s). Fix the errors and run "
                                              "'meeting-packs check' again.")


def test_check_bad_as_of(invoke):
    result = invoke("check", "--as-of", "tomorrow")
    assert result.exit_code == 2
    assert result.output.startswith("Error: 'tomorrow' is not a --as-of date I can read.")


def test_plan_add_marks_a_report_received_only_when_the_file_is_there(invoke, workspace):
    from meeting_packs.forward_plan import list_items
    from meeting_packs.model import PlanStatus

    (workspace.reports_dir / "ready.docx").write_bytes(b"placeholder")
    assert invoke("plan", "add", "hwb", "Ready report", "--report", "reports/ready.docx").exit_code == 0
    result = invoke("plan", "add", "hwb", "Awaited report", "--report", "reports/awaited.docx")
    assert result.exit_code == 0 and "does not exist" in result.stderr
    status = {p.title: p.status for p in list_items(workspace, "hwb")}
    assert status == {"Ready report": PlanStatus.RECEIVED, "Awaited report": PlanStatus.PLANNED}


# ------------------------------------------------------------------ board codes as typed

@pytest.mark.parametrize("command", [("actions", "list", "--all"), ("risks", "list", "--all"),
                                     ("plan", "list", "--all"), ("meetings", "list"),
                                     ("members", "list")])
@pytest.mark.parametrize("typed", [" sendpb", "SENDPB ", "\tSendPB"])
def test_a_board_code_with_spaces_or_capitals_lists_the_same_rows(runner, example_ws, command, typed):
    """Issue 9: `risks list " sendpb"` said "No risks match." while `risks list sendpb` listed 15."""
    group, name, *options = command
    plain = runner.invoke(app, ["-w", str(example_ws), group, name, "sendpb", *options])
    as_typed = runner.invoke(app, ["-w", str(example_ws), group, name, typed, *options])
    assert plain.exit_code == 0, plain.output
    assert "SEND" in plain.output or "sendpb" in plain.output
    assert "match" not in plain.output and "No " not in plain.output.splitlines()[0]
    assert as_typed.exit_code == 0, as_typed.output
    assert as_typed.output == plain.output
