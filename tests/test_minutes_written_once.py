"""Minutes written once (issue 12): each action typed once, in its item's Action column; updates
typed in matters arising read back; every open action carried over; Part 2 apart (issue 11,
finding 4); the template known after Word or LibreOffice saved it (issue 10, finding 13); and
`minutes publish`.

Documents are completed the way a secretary completes them in Word, with python-docx: cells
typed into (Enter for a new line), rows copied, rows cut from one table and pasted into another.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import require_libreoffice, restore

from meeting_packs.errors import DocumentError
from meeting_packs.minutes import import_minutes, read_minutes, summary
from meeting_packs.minutes.cells import action_lines, read_update, split_due
from meeting_packs.model import ActionStatus, Attendance, MemberType
from meeting_packs.registers.schema import ACTIONS_BOOK, MEMBERS_BOOK
from meeting_packs.workspace import Workspace
from test_minutes_import import move_to_apologies, present, row_of, table_with

NOV = dt.date(2019, 11, 14)
NOW = dt.datetime(2019, 11, 15, 10, 0)


# ------------------------------------------------------------------ Word, as a secretary uses it

def minutes_table(document, part: int = 1):
    return table_with(document, "No.", "Item", "Minutes", "Action")[part - 1]


def arising_table(document):
    return table_with(document, "Ref", "Action", "Owner")[0]


def type_into(cell, text: str) -> None:
    """Type into a cell; '\n' is Enter (a new paragraph)."""
    lines = text.split("\n")
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def item_row(document, number: int, part: int = 1):
    for row in minutes_table(document, part).rows[1:]:
        if row.cells[0].text == f"{number}.":
            return row
    raise AssertionError(f"no item {number}")


def write_item(document, number: int, minutes: str, action: str = "", part: int = 1) -> None:
    row = item_row(document, number, part)
    type_into(row.cells[2], minutes)
    type_into(row.cells[3], action)


def copy_row_below(row):
    """Word's copy and paste of a whole row: the copy goes under it."""
    twin = copy.deepcopy(row._tr)
    row._tr.addnext(twin)
    return twin


def delete_from_present(document, initials: str) -> None:
    tr = row_of(present(document), initials)._tr
    tr.getparent().remove(tr)


def update_arising(document, ref: str, text: str) -> None:
    for row in arising_table(document).rows[1:]:
        if row.cells[0].text == ref:
            type_into(row.cells[-1], text)
            return
    raise AssertionError(f"{ref} not in matters arising")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def registers(ws: Workspace) -> dict[str, str]:
    return {p.name: digest(p) for p in ws.registers_dir.glob("*.xlsx")}


def actions_by_ref(ws: Workspace):
    return {a.ref: a for a in ws.load((ACTIONS_BOOK,)).registers.actions}


def history_of(ws: Workspace, ref: str):
    return [h for h in ws.load((ACTIONS_BOOK,)).registers.history if h.ref == ref]


@pytest.fixture
def example(example_ws) -> Workspace:
    return Workspace(example_ws)


# ------------------------------------------------------------------ the reference: SEND, 14 November 2019

REFERENCE_APOLOGIES = ["DW", "LK", "BP", "CD", "IL", "TM", "LS"]   # as the reference minutes list them


def reference_minutes(ws: Workspace, folder: Path) -> Path:
    """The SEND minutes of 14 November 2019 written in the new template as the secretary wrote them:
    the actions against items 5 (Actions – Workforce) and 8 (Finish) of the reference, which are
    items 6 and 9 of this board's agenda, owners ID, NG and AW."""
    from meeting_packs.documents.minutes_template import write_minutes_template

    template = write_minutes_template(ws, "sendpb", "2019-11-14", folder / "template.docx",
                                      today=dt.date(2019, 11, 1))
    document = docx.Document(template)
    for initials in REFERENCE_APOLOGIES:
        move_to_apologies(document, initials)
    delete_from_present(document, "NG")                   # not at the meeting, no apologies recorded
    write_item(document, 1, "IT welcomed the Board, apologies noted and introductions were made.")
    write_item(document, 6, "ID noted that there were three items to report and 2 requests.\n"
               "Firstly, after the last Workforce Board a survey was issued to collect information on the "
               "workforce. ID will resend the data capsule tool to those who have not replied.\n"
               "Secondly, a second survey was issued about workforce skills, knowledge and competency. "
               "The survey will be sent again.",
               "ID – Resend the data capsule tool to those who have not replied, so that a complete "
               "analysis of the entire workforce can be completed. by 29/11/2019\n"
               "NG – Send the survey about workforce skills, knowledge and competency again, so that a "
               "baseline can be established for staff working with children with SEND. by 29/11/2019")
    write_item(document, 9, "To conclude, IT noted that it was good to spend time discussing ideas for "
               "innovation, prevention and early intervention - action plan to be updated with the ideas "
               "from the session.",
               "AW – Action plan to be updated with the ideas from the session (ideas for innovation, "
               "prevention and early intervention). by next meeting")
    path = folder / "2019-11-14 SEND Partnership Board - Minutes template.docx"
    document.save(path)
    return path


def test_the_reference_minutes_import_with_each_action_typed_once(example, tmp_path):
    path = reference_minutes(example, tmp_path)
    before = actions_by_ref(example)

    result = import_minutes(example, path, now=NOW)

    after = actions_by_ref(example)
    november = sorted((a for a in after.values() if a.board == "sendpb" and a.meeting == NOV),
                      key=lambda a: a.ref)
    # the three actions the example log already holds for the meeting are these minutes' own:
    # linked, not typed again and not duplicated
    assert [(a.ref, a.owner, a.due, a.item) for a in november] == [
        ("SENDPB-A001", "ID", dt.date(2019, 11, 29), "6"),
        ("SENDPB-A002", "NG", dt.date(2019, 11, 29), "6"),
        ("SENDPB-A003", "AW", dt.date(2020, 1, 23), "9")]
    assert len(after) == len(before)
    assert [a.ref for a in result.linked] == ["SENDPB-A001", "SENDPB-A002", "SENDPB-A003"]
    assert not result.added
    assert after["SENDPB-A001"].workstream == "Workforce"          # kept as staff chose it
    records = {r.initials: r.attendance for r in example.load((MEMBERS_BOOK,)).registers.attendance
               if r.board == "sendpb" and r.meeting == NOV}
    assert sorted(i for i, kind in records.items() if kind is Attendance.APOLOGIES) == sorted(REFERENCE_APOLOGIES)
    assert sum(kind is Attendance.PRESENT for kind in records.values()) == 26   # as in the reference
    assert records["NG"] is Attendance.ABSENT

    saved = registers(example)
    again = import_minutes(example, path, now=NOW + dt.timedelta(days=1))
    assert not again.changed
    assert registers(example) == saved


def test_the_reference_minutes_in_an_empty_log_add_three_actions_with_workstream_and_rag(example, tmp_path):
    """Without the example's typed actions, the same minutes add them: RAG the board's
    new_action_rag, workstream from the item's forward-plan entry, meeting and item recorded."""
    from meeting_packs.documents.minutes_template import write_minutes_template

    document = docx.Document(write_minutes_template(example, "sendpb", "2019-11-14", tmp_path / "t.docx",
                                                    today=dt.date(2019, 11, 1)))
    write_item(document, 5, "The Performance Dashboard was shared prior to the Board.",
               "AW – Add the SEND support feedback to the dashboard by 23/01/2020")
    write_item(document, 6, "ID noted that there were three items to report.",
               "ID – Chase the outstanding workforce data returns by 29/11/2019")
    document.save(tmp_path / "m.docx")

    result = import_minutes(example, tmp_path / "m.docx", now=NOW)

    added = {a.owner: a for a in result.added}
    assert added["AW"].workstream == "Performance Dashboard"     # item 5's forward-plan entry
    assert added["ID"].workstream == ""                          # item 6 is a standard item
    assert {a.rag for a in added.values()} == {"Light green"}    # SEND's "on track"
    assert {(a.meeting, a.item) for a in added.values()} == {(NOV, "5"), (NOV, "6")}
    history = {(h.field, h.new, h.note) for h in history_of(example, added["AW"].ref)}
    assert ("RAG", "Light green", "added from the minutes of 14/11/2019") in history
    assert "Performance Dashboard, Light green)" in "\n".join(summary(result))


# ------------------------------------------------------------------ a template completed in Word

@pytest.fixture(scope="module")
def _board_pristine(tmp_path_factory, _pristine_workspace) -> Path:
    """A SEND board with five members, two meetings before 14 November (and one after), an open
    action from each, a forward-plan item for 14 November, and that meeting's template."""
    from meeting_packs.action_log import add_action
    from meeting_packs.documents.minutes_template import write_minutes_template
    from meeting_packs.forward_plan import add_item, add_meeting
    from meeting_packs.membership import add_member

    root = tmp_path_factory.mktemp("board") / "ws"
    shutil.copytree(_pristine_workspace, root)
    ws = Workspace(root)
    for name, initials in (("Ian Thomas", "IT"), ("Ian Dodds", "ID"), ("Nina Grant", "NG"),
                           ("Ashley Whittaker", "AW"), ("Charis Penfold", "CP")):
        add_member(ws, "sendpb", name, initials, member_type=MemberType.MEMBER)
    for day in (dt.date(2019, 7, 11), dt.date(2019, 9, 19), NOV, dt.date(2020, 1, 23)):
        add_meeting(ws, "sendpb", day)
    when = dt.datetime(2019, 9, 20, 9, 0)
    add_action(ws, "sendpb", "Circulate the inclusion charter", "CP", dt.date(2019, 10, 31),
               meeting=dt.date(2019, 7, 11), rag="Amber", now=when)      # two meetings ago
    add_action(ws, "sendpb", "Report on waiting times", "AW", dt.date(2019, 11, 14),
               meeting=dt.date(2019, 9, 19), rag="Light green", now=when)
    add_item(ws, "sendpb", "Workforce", meeting=NOV, lead="ID")
    write_minutes_template(ws, "sendpb", "2019-11-14", root / "template.docx", today=dt.date(2019, 11, 1))
    return root


@pytest.fixture
def board(workspace, _board_pristine) -> Workspace:
    return restore(workspace, _board_pristine)


def test_matters_arising_carries_every_open_action_not_only_the_last_meetings(board):
    document = docx.Document(board.root / "template.docx")
    rows = [[c.text for c in r.cells] for r in arising_table(document).rows]
    assert rows[0] == ["Ref", "Action", "Owner", "Due", "RAG", "Update"]
    assert [r[0] for r in rows[1:]] == ["SENDPB-A001", "SENDPB-A002"]   # A001 was raised in July
    assert rows[1][4] == "Amber"


def test_a_template_completed_as_in_word(board):
    document = docx.Document(board.root / "template.docx")
    move_to_apologies(document, "CP")
    # a guest added by copying the last row of Present and typing over it
    copy_row_below(present(document).rows[-1])
    guest_row = present(document).rows[-1]
    for cell, text in zip(guest_row.cells, ("Julie Cordiner", "JC", "School Funding Specialist", "")):
        type_into(cell, text)
    update_arising(document, "SENDPB-A001", "Complete – circulated on 25/11")
    update_arising(document, "SENDPB-A002", "Amber: two returns still awaited")
    # the Workforce item (number 2) split in two by copying its row; an action in each
    workforce = item_row(document, 2)
    assert workforce.cells[1].text == "Workforce – ID"
    write_item(document, 2, "ID reported on the data capsule.",
               "ID – Resend the data capsule tool to those who have not replied by 29/11/2019")
    copy_row_below(workforce)
    second = item_row(document, 2).__class__(workforce._tr.getnext(), workforce._parent)
    type_into(second.cells[0], "2a.")
    type_into(second.cells[2], "The skills survey will be sent again.")
    type_into(second.cells[3], "NG: send the workforce skills survey again\nwith a covering note (29/11/2019)")
    path = board.root / "minutes.docx"
    document.save(path)

    dry = import_minutes(board, path, dry_run=True, now=NOW)
    lines = summary(dry)
    assert ("  would update SENDPB-A001 from matters arising: Status 'Open' → 'Complete'; RAG 'Amber' → "
            "'Completed'; Progress update '' → 'circulated on 25/11'") in lines
    assert "  would update SENDPB-A002 from matters arising: RAG 'Light green' → 'Amber'; Progress update '' → " \
           "'two returns still awaited'" in lines

    result = import_minutes(board, path, now=NOW)

    actions = actions_by_ref(board)
    assert actions["SENDPB-A001"].status is ActionStatus.COMPLETE
    assert actions["SENDPB-A001"].closed == NOV
    assert actions["SENDPB-A002"].rag == "Amber"
    assert actions["SENDPB-A002"].progress == "two returns still awaited"
    new = {a.owner: a for a in result.added}
    assert (new["ID"].item, new["ID"].workstream, new["ID"].rag) == ("2", "Workforce", "Light green")
    assert (new["NG"].text, new["NG"].due, new["NG"].item) == (
        "send the workforce skills survey again\nwith a covering note", dt.date(2019, 11, 29), "2a")
    assert new["NG"].workstream == "Workforce"   # the copied row keeps the item's title
    note = "updated from the matters arising in the minutes of 14/11/2019"
    assert {(h.field, h.old, h.new) for h in history_of(board, "SENDPB-A001") if h.note == note} == {
        ("Status", "Open", "Complete"), ("RAG", "Amber", "Completed"), ("Progress update", "", "circulated on 25/11")}
    attendance = {r.initials or r.name: r.attendance for r in board.load((MEMBERS_BOOK,)).registers.attendance}
    assert attendance["CP"] is Attendance.APOLOGIES
    assert attendance["JC"] is Attendance.PRESENT
    assert attendance["IT"] is Attendance.PRESENT

    saved = registers(board)
    assert not import_minutes(board, path, now=NOW).changed
    assert registers(board) == saved


def test_an_update_imported_once_does_not_undo_a_later_change(board):
    from meeting_packs.action_log import update_action

    document = docx.Document(board.root / "template.docx")
    update_arising(document, "SENDPB-A002", "Amber: two returns still awaited")
    document.save(board.root / "minutes.docx")
    import_minutes(board, board.root / "minutes.docx", now=NOW)
    update_action(board, "SENDPB-A002", rag="Light green", progress="All returns in", now=NOW + dt.timedelta(days=9))

    result = import_minutes(board, board.root / "minutes.docx", now=NOW + dt.timedelta(days=10))

    assert not result.arising
    assert (actions_by_ref(board)["SENDPB-A002"].rag, actions_by_ref(board)["SENDPB-A002"].progress) == (
        "Light green", "All returns in")


def test_what_cannot_be_read_is_refused_naming_the_item_and_row(board, invoke):
    document = docx.Document(board.root / "template.docx")
    write_item(document, 1, "Welcome.", "XY – Send the survey by 29/11/2019")
    write_item(document, 4, "Workforce.", "NG – Send the report to the board\nID")
    update_arising(document, "SENDPB-A001", "")
    row = copy_row_below(arising_table(document).rows[-1])
    last = arising_table(document).rows[-1]
    type_into(last.cells[0], "SENDPB-A099")
    type_into(last.cells[-1], "Complete")
    document.save(board.root / "minutes.docx")
    before = registers(board)

    result = invoke("minutes", "import", board.root / "minutes.docx")

    assert result.exit_code == 1
    err = result.stderr
    assert err.startswith("Error: minutes.docx: 3 problem(s); nothing was imported.")
    assert ("Minutes table, item 1 (row 1), column Action (\"Send the survey\"): 'XY' is not a member. "
            "Use the initials of a member of the SEND Partnership Board (AW, CP, ID, IT, NG)") in err
    assert ("Minutes table, item 4 (row 4), column Action, line 2: 'ID' has no action. Type what they will "
            "do after the initials") in err
    assert "Matters arising table, row 3, column Ref: there is no action SENDPB-A099" in err
    assert registers(board) == before
    assert row is not None


def test_words_with_no_initials_are_refused(board):
    document = docx.Document(board.root / "template.docx")
    write_item(document, 2, "", "Circulate the report by 29/11/2019")
    document.save(board.root / "minutes.docx")
    with pytest.raises(DocumentError, match=r"item 2 \(row 2\), column Action \(\"Circulate the report\"\): "
                                            "the action does not start with its owner's initials"):
        import_minutes(board, board.root / "minutes.docx", now=NOW)


# ------------------------------------------------------------------ reading a cell

@pytest.mark.parametrize("cell, expected", [
    ("ID – Resend the tool by 29/11/2019", [("ID", "Resend the tool", "29/11/2019")]),
    ("NG: send it again (29/11/2019)", [("NG", "send it again", "29/11/2019")]),
    ("AW Update the plan, by next meeting", [("AW", "Update the plan", "next meeting")]),
    ("PM-S to present Post 16 provision – 23 January 2020", [("PM-S", "to present Post 16 provision",
                                                              "23 January 2020")]),
    ("AW circulate the link by the end of the year", [("AW", "circulate the link by the end of the year", "")]),
    ("ID – one\nNG – two\nand more", [("ID", "one", ""), ("NG", "two\nand more", "")]),
    ("Report by the director by 1/2/2020", [("", "Report by the director", "1/2/2020")]),
])
def test_action_lines_as_typed(cell, expected):
    lines = action_lines(cell, lambda word: word in ("ID", "NG", "AW"))
    assert [(a.initials, a.words, a.due_text) for a in lines] == expected


def test_a_long_title_with_by_keeps_its_words():
    assert split_due("Report by the director to the board by 29/11/2019") == (
        "Report by the director to the board", "29/11/2019")


def test_updates_as_typed():
    from meeting_packs.config import DEFAULT_RAG
    from meeting_packs.model import RagScale

    scale = RagScale(DEFAULT_RAG)
    assert read_update("Done", scale) == read_update("Complete", scale)
    assert read_update("Done", scale).status is ActionStatus.COMPLETE
    update = read_update("In progress, half the returns in", scale)
    assert (update.status, update.rag, update.progress) == (ActionStatus.IN_PROGRESS, None,
                                                            "half the returns in")
    assert read_update("Greenwich have replied", scale).rag is None   # a word, not a rating


# ------------------------------------------------------------------ boards.toml: new_action_rag

def test_new_action_rag_defaults_to_on_track_and_can_be_set(tmp_path):
    from meeting_packs.config import load_boards
    from meeting_packs.errors import ConfigError

    path = tmp_path / "boards.toml"
    path.write_text('[boards.a]\nname = "A"\n[boards.b]\nname = "B"\nnew_action_rag = "amber"\n'
                    '[boards.c]\nname = "C"\nnew_action_rag = ""\n', encoding="utf-8")
    boards = load_boards(path)
    assert (boards["a"].new_action_rag, boards["b"].new_action_rag, boards["c"].new_action_rag) == (
        "Green", "Amber", "")
    path.write_text('[boards.a]\nname = "A"\nnew_action_rag = "Purple"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="key 'new_action_rag': 'Purple' is not on the board's RAG scale"):
        load_boards(path)


# ------------------------------------------------------------------ the agenda's matters arising

def test_the_agenda_lists_a_short_list_and_points_to_the_log_for_a_long_one(board, example, tmp_path):
    from meeting_packs.documents.agenda import ARISING_LIST_LIMIT
    from meeting_packs.documents.registry import write_document

    short = docx.Document(write_document(board, "agenda", "sendpb", "2019-11-14", tmp_path / "a.docx",
                                         dt.date(2019, 11, 1)))
    text = "\n".join(c.text for t in short.tables for r in t.rows for c in r.cells)
    assert "SENDPB-A001: Circulate the inclusion charter" in text     # raised two meetings ago

    long = docx.Document(write_document(example, "agenda", "sendpb", "2019-11-14", tmp_path / "b.docx",
                                        dt.date(2019, 11, 1)))
    text = "\n".join(c.text for t in long.tables for r in t.rows for c in r.cells)
    assert "SENDPB-A005:" not in text
    assert ("Matters arising: 17 open actions, 14 of them overdue; the action log, Appendix A (item 3), "
            "lists them in full.") in text
    assert ARISING_LIST_LIMIT < 17


# ------------------------------------------------------------------ Part 2 (issue 11, finding 4)

@pytest.fixture
def hwb_with_part2(example, tmp_path):
    """The HWB meeting of 28 March 2019 with an exempt item, and its minutes template."""
    from meeting_packs.documents.minutes_template import write_minutes_template
    from meeting_packs.forward_plan import add_item

    report = next(example.reports_dir.glob("*.docx"))
    add_item(example, "hwb", "Lease of the Guildhall annex", meeting=dt.date(2019, 3, 28), exempt=3,
             report=str(report.relative_to(example.root)))
    return write_minutes_template(example, "hwb", "2019-03-28", tmp_path / "hwb.docx",
                                  today=dt.date(2019, 3, 1))


def test_exempt_items_sit_apart_after_the_part2_heading_and_resolution(hwb_with_part2):
    document = docx.Document(hwb_with_part2)
    texts = [p.text for p in document.paragraphs]
    heading = texts.index("Part 2 – not for publication")
    assert texts[heading + 1].startswith("Resolved: To exclude the public from the meeting under Section "
                                         "100(A)(4)")
    assert "item 12 (Lease of the Guildhall annex): paragraph 3" in texts[heading + 1]
    part1 = [r.cells[1].text for r in minutes_table(document, 1).rows[1:]]
    assert not any("Lease" in t for t in part1)
    part2 = minutes_table(document, 2).rows[1].cells[1].text
    assert part2.startswith("Lease of the Guildhall annex\nNot for publication: Schedule 12A, paragraph 3")


def test_the_import_reads_both_parts(example, hwb_with_part2, tmp_path):
    document = docx.Document(hwb_with_part2)
    number = int(minutes_table(document, 2).rows[1].cells[0].text.rstrip("."))
    write_item(document, number, "The Board agreed the heads of terms.",
               "PM – Instruct the valuer by 30/04/2019", part=2)
    document.save(tmp_path / "m.docx")
    minutes = read_minutes(tmp_path / "m.docx")
    assert [r.table for r in minutes.items][-1] == "Part 2 minutes table"

    result = import_minutes(example, tmp_path / "m.docx", dry_run=True, now=NOW)
    owners = {a.owner: a for a in result.added}
    assert owners and all(a.item == str(number) for a in owners.values())
    assert all(a.workstream == "Lease of the Guildhall annex" for a in owners.values())
    assert any("Part 2 minutes table" in w and "whose appendix is published" in w for w in result.warnings)


# ------------------------------------------------------------------ known after Word or LibreOffice saved it

def _rewrite(path: Path, target: Path, changes: dict) -> None:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in changes:
                data = changes[item.filename](data)
            if data is not None:
                out.writestr(item, data)


def test_the_template_is_known_by_a_property_libreoffice_keeps(board, tmp_path):
    template = board.root / "template.docx"
    soffice = shutil.which("soffice")
    if soffice:
        out = tmp_path / "lo"
        subprocess.run([soffice, "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                        "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(template)],
                       check=True, capture_output=True, timeout=180)
        resaved = out / template.name
        with zipfile.ZipFile(resaved) as package:
            assert b"2019-11-14 Minutes template</cp:keywords>" in package.read("docProps/core.xml")
    else:  # what LibreOffice does to the keywords when it saves
        resaved = tmp_path / "resaved.docx"
        _rewrite(template, resaved, {"docProps/core.xml": lambda x: x.replace(b"; Minutes template",
                                                                             b" Minutes template")})
    minutes = read_minutes(resaved)
    assert (minutes.board, minutes.meeting) == ("sendpb", NOV)

    # the keywords alone, without the semicolon and without the property (made before it)
    bare = tmp_path / "bare.docx"
    _rewrite(resaved, bare, {"docProps/custom.xml": lambda x: x.replace(b"MeetingPacks", b"Other"),
                             "docProps/core.xml": lambda x: x.replace(b"; Minutes template", b" Minutes template")})
    assert read_minutes(bare).meeting == NOV


# ------------------------------------------------------------------ minutes publish

def test_publish_writes_the_public_minutes_and_part2_apart(example, hwb_with_part2, tmp_path, runner):
    from cli import app

    document = docx.Document(hwb_with_part2)
    number = int(minutes_table(document, 2).rows[1].cells[0].text.rstrip("."))
    write_item(document, number, "The Board agreed the heads of terms of the lease.", part=2)
    write_item(document, 1, "Questions were taken from the public.")
    document.save(tmp_path / "m.docx")
    before = digest(tmp_path / "m.docx")

    result = runner.invoke(app, ["-w", str(example.root), "minutes", "publish", str(tmp_path / "m.docx"),
                                 "--output-dir", str(tmp_path / "pub")])

    assert result.exit_code == 0, result.output
    public = tmp_path / "pub" / "2019-03-28 Health and Wellbeing Board - Minutes.docx"
    exempt = tmp_path / "pub" / "2019-03-28 Health and Wellbeing Board - Minutes Part 2 (not for publication).docx"
    assert result.stdout.splitlines()[:2] == [f"Public minutes: {public}",
                                              f"Part 2 minutes (not for publication): {exempt}"]
    text = _all_text(public)
    assert "Questions were taken from the public." in text
    assert "heads of terms" not in text and "Lease of the Guildhall annex" not in text
    assert "Notes for the secretary" not in text and "meeting-packs" not in text
    assert "(Part 2) are not for publication and are kept separately" in text
    private = _all_text(exempt)
    assert "heads of terms" in private and "Part 2 – not for publication" in private
    assert "Questions were taken" not in private and "Present" not in private.splitlines()
    for path in (public, exempt):
        with zipfile.ZipFile(path) as package:
            properties = package.read("docProps/core.xml") + package.read("docProps/custom.xml")
        assert b"meeting-packs hwb" not in properties and b"MeetingPacks" not in properties
    assert digest(tmp_path / "m.docx") == before                  # the completed template untouched


def _all_text(path: Path) -> str:
    document = docx.Document(path)
    return "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])


def test_publish_without_part2_and_with_pdf(board, invoke):
    require_libreoffice()
    result = invoke("minutes", "publish", board.root / "template.docx", "--pdf")
    assert result.exit_code == 0, result.output
    assert "No Part 2: there are no exempt minutes to keep apart." in result.stdout
    assert (board.root / "2019-11-14 SEND Partnership Board - Minutes.pdf").stat().st_size > 0


def test_publish_refuses_a_document_that_is_not_minutes(board, invoke):
    plain = board.root / "letter.docx"
    docx.Document().save(plain)
    result = invoke("minutes", "publish", plain)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(
        "Error: letter.docx is not a minutes template made by meeting-packs.")
    assert not (board.root / "2019-11-14 SEND Partnership Board - Minutes.docx").exists()


def test_publish_help(runner):
    from cli import app

    result = runner.invoke(app, ["minutes", "publish", "--help"])
    assert result.exit_code == 0
    assert "Part 2" in result.stdout and "--pdf" in result.stdout and "Examples:" in result.stdout


def test_publish_with_part2_and_pdf_converts_both_through_one_libreoffice(example, hwb_with_part2, tmp_path,
                                                                          runner, recorded):
    from cli import app

    require_libreoffice()
    document = docx.Document(hwb_with_part2)
    number = int(minutes_table(document, 2).rows[1].cells[0].text.rstrip("."))
    write_item(document, number, "The Board agreed the heads of terms of the lease.", part=2)
    document.save(tmp_path / "m.docx")
    offices, commands = recorded

    result = runner.invoke(app, ["-w", str(example.root), "minutes", "publish", str(tmp_path / "m.docx"),
                                 "--output-dir", str(tmp_path / "pub"), "--pdf"])

    assert result.exit_code == 0, result.output
    [office] = offices
    assert len(commands) == 2
    assert all(f"-env:UserInstallation={office.profile.as_uri()}" in command for command in commands)
    assert sorted(p.name for p in (tmp_path / "pub").glob("*.pdf")) == [
        "2019-03-28 Health and Wellbeing Board - Minutes Part 2 (not for publication).pdf",
        "2019-03-28 Health and Wellbeing Board - Minutes.pdf"]
    assert office.process.poll() is not None and not office.profile.parent.exists()
