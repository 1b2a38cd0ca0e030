"""`minutes import`: a minutes template built by the tool, edited as a secretary edits it in Word, read back.

The edits are made with python-docx the way Word makes them: rows typed into,
added, deleted and cut from one table and pasted into another, text with line
breaks, paragraphs added between tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import docx
import pytest

from conftest import restore

from meeting_packs.errors import DocumentError, FileLocked, InputError
from meeting_packs.minutes import import_minutes, parse_due, read_minutes, summary
from meeting_packs.model import Attendance, MemberType
from meeting_packs.registers.schema import ACTIONS_BOOK, MEMBERS_BOOK
from meeting_packs.workspace import Workspace

NOV = dt.date(2019, 11, 14)
NOW = dt.datetime(2019, 11, 15, 10, 0)

# (name, initials, type, email, substitute for)
MEMBERS = [
    ("Ian Thomas", "IT", MemberType.CHAIR, "ian.thomas@example.org", ""),
    ("Ian Dodds", "ID", MemberType.MEMBER, "ian.dodds@example.org", ""),
    ("Nina Grant", "NG", MemberType.OFFICER, "nina.grant@example.org", ""),
    ("Ashley Whittaker", "AW", MemberType.MEMBER, "ashley.whittaker@example.org", ""),
    ("Charis Penfold", "CP", MemberType.MEMBER, "", ""),
    ("Anna Chiva", "AC", MemberType.MEMBER, "", ""),
    ("Cllr Diane White", "DW", MemberType.MEMBER, "", ""),
    ("Sam Smith", "SS", MemberType.SUBSTITUTE, "", "Anna Chiva"),
]


@pytest.fixture(scope="module")
def _send_pristine(tmp_path_factory, _pristine_workspace) -> Path:
    """The SEND board with eight members, three meetings and the 14 November minutes template."""
    from meeting_packs.documents.minutes_template import write_minutes_template
    from meeting_packs.forward_plan import add_meeting
    from meeting_packs.membership import add_member

    root = tmp_path_factory.mktemp("send") / "ws"
    shutil.copytree(_pristine_workspace, root)
    ws = Workspace(root)
    for name, initials, kind, email, sub in MEMBERS:
        add_member(ws, "sendpb", name, initials, role=f"Role of {name}", organisation="Council",
                   member_type=kind, email=email, substitute_for=sub)
    for day in (dt.date(2019, 9, 19), NOV, dt.date(2020, 1, 23)):
        add_meeting(ws, "sendpb", day)
    write_minutes_template(ws, "sendpb", "2019-11-14", root / "template.docx", today=dt.date(2019, 11, 1))
    return root


@pytest.fixture
def send(workspace, _send_pristine) -> Workspace:
    """A copy of the SEND workspace at `workspace.root` (so `invoke` works on it)."""
    return restore(workspace, _send_pristine)


# ------------------------------------------------------------------ editing like a secretary

def table_with(document, *headers: str):
    """The tables whose first row starts with these headers, in order."""
    found = [t for t in document.tables if [c.text for c in t.rows[0].cells][:len(headers)] == list(headers)]
    assert found, f"no table with headers {headers}"
    return found


def present(document):
    return table_with(document, "Name", "Initials")[0]


def apologies(document):
    return table_with(document, "Name", "Initials")[1]


def actions_table(document):
    return table_with(document, "Item", "Action", "Owner", "Due")[0]


def fill(row, *values: str) -> None:
    """Type into a row's cells; '\n' is Enter (a new paragraph in the cell)."""
    for cell, value in zip(row.cells, values):
        lines = value.split("\n")
        for extra in cell.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)


def add_row(table, *values: str):
    row = table.add_row()
    fill(row, *values)
    return row


def delete_row(table, index: int) -> None:
    tr = table.rows[index]._tr
    tr.getparent().remove(tr)


def row_of(table, initials: str):
    for row in table.rows[1:]:
        if row.cells[1].text == initials:
            return row
    raise AssertionError(f"{initials} not in the table")


def move_to_apologies(document, initials: str) -> None:
    """Cut the person's row from Present and paste it at the end of Apologies."""
    tr = row_of(present(document), initials)._tr
    tr.getparent().remove(tr)
    apologies(document)._tbl.append(tr)


def three_actions(document) -> None:
    """The 'Done when' edit: three actions (one with a line break), blank rows left behind."""
    table = actions_table(document)
    fill(table.rows[1], "5", "Resend the data capsule tool to those who have not replied", "ID", "29/11/2019")
    fill(table.rows[3], "5.", "Send the workforce skills survey again\nwith a covering note", "NG\n",
         "2019-11-29")
    fill(table.rows[4], "8", "Update the action plan with the ideas from the session", "AW",
         "23 January 2020")


def add_actions_agreed_table(document, rows: int = 5):
    """The Actions agreed table (Item | Action | Owner | Due) of templates made before the Action
    column was read, where those templates had it: after the minutes, before the future dates."""
    dates = [p for p in document.paragraphs if p.text == "Future meeting dates"][0]
    heading = dates.insert_paragraph_before("Actions agreed", style="Heading 1")
    table = document.add_table(rows=rows + 1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("Item", "Action", "Owner", "Due")):
        cell.text = text
    heading._p.addnext(table._tbl)
    return table


def older(ws: Workspace, name: str = "minutes.docx", edit=None) -> Path:
    """A document made from an older template, with its Actions agreed table, as the secretary
    saved it after the meeting: the actions typed in that table."""
    document = docx.Document(ws.root / "template.docx")
    add_actions_agreed_table(document)
    three_actions(document)
    move_to_apologies(document, "CP")
    move_to_apologies(document, "DW")
    items = table_with(document, "No.", "Item", "Minutes", "Action")[0]
    fill(items.rows[1], "", "", "IT welcomed the Board.\nApologies were noted.", "")
    # a note typed between the tables, and a table of the secretary's own
    heading = [p for p in document.paragraphs if p.text == "Actions agreed"][0]
    heading.insert_paragraph_before("The Board agreed the following actions.")
    if edit:
        edit(document)
    path = ws.root / name
    document.save(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def registers(ws: Workspace) -> dict[str, str]:
    return {p.name: digest(p) for p in ws.registers_dir.glob("*.xlsx")}


def actions_of(ws: Workspace):
    return [a for a in ws.load((ACTIONS_BOOK,)).registers.actions if a.board == "sendpb"]


def attendance_of(ws: Workspace):
    return {r.initials: r for r in ws.load((MEMBERS_BOOK,)).registers.attendance}


# ------------------------------------------------------------------ older templates (Actions agreed table)

def test_import_adds_the_agreed_actions_and_the_attendance(send):
    result = import_minutes(send, older(send), now=NOW)

    actions = actions_of(send)
    assert [(a.ref, a.owner, a.due, a.meeting, a.item, a.source) for a in actions] == [
        ("SENDPB-A001", "ID", dt.date(2019, 11, 29), NOV, "5", "Minutes 2019-11-14 row 1"),
        ("SENDPB-A002", "NG", dt.date(2019, 11, 29), NOV, "5", "Minutes 2019-11-14 row 2"),
        ("SENDPB-A003", "AW", dt.date(2020, 1, 23), NOV, "8", "Minutes 2019-11-14 row 3"),
    ]
    assert actions[1].text == "Send the workforce skills survey again\nwith a covering note"
    history = [h for h in send.load((ACTIONS_BOOK,)).registers.history if h.ref == "SENDPB-A001"]
    assert {(h.field, h.new) for h in history} == {("Owner", "ID"), ("Due date", "29/11/2019"),
                                                   ("Status", "Open"), ("RAG", "Light green")}
    assert all(h.note == "added from the minutes of 14/11/2019" for h in history)

    attendance = attendance_of(send)
    assert {i: r.attendance for i, r in attendance.items()} == {
        "IT": Attendance.PRESENT, "ID": Attendance.PRESENT, "NG": Attendance.PRESENT,
        "AW": Attendance.PRESENT, "AC": Attendance.PRESENT,
        "CP": Attendance.APOLOGIES, "DW": Attendance.APOLOGIES}   # SS, a named substitute, is not expected
    assert attendance["IT"].name == "Ian Thomas" and attendance["IT"].meeting == NOV
    assert attendance["IT"].source == "Minutes 2019-11-14"
    assert summary(result)[-1] == ("Added 3 actions (SENDPB-A001, SENDPB-A002, SENDPB-A003); updated 0; "
                                   "attendance: 5 present, 2 apologies.")


def test_importing_the_same_minutes_again_changes_nothing(send):
    path = older(send)
    import_minutes(send, path, now=NOW)
    before = registers(send)
    backups = sorted((send.registers_dir / "backups").iterdir())

    again = import_minutes(send, path, now=NOW + dt.timedelta(days=1))

    assert not again.changed and not again.added and not again.updated
    assert registers(send) == before                       # not even re-saved
    assert sorted((send.registers_dir / "backups").iterdir()) == backups
    assert summary(again) == ["Nothing to change: the action log and attendance already match the minutes "
                              "of 14 November 2019 (7 attendance rows, 3 action(s))."]


def test_a_corrected_version_updates_rather_than_duplicates(send):
    import_minutes(send, older(send), now=NOW)

    def correct(document):
        table = actions_table(document)
        fill(table.rows[1], "5", "Resend the data capsule tool to everyone who has not replied", "ID",
             "06/12/2019")                                  # text and due date corrected
        delete_row(table, 4)                                # AW's action was not agreed after all
        add_row(table, "7", "Invite a young person to the next board", "AW", "next meeting")
        move_to_apologies(document, "AC")                   # left before the roll was taken
    result = import_minutes(send, older(send, "corrected.docx", correct), now=NOW + dt.timedelta(days=2))

    assert [u.action.ref for u in result.updated] == ["SENDPB-A001"]
    assert {c.field for c in result.updated[0].changes} == {"Action", "Due date"}
    assert [a.ref for a in result.added] == ["SENDPB-A004"]
    assert [a.ref for a in result.removed] == ["SENDPB-A003"]
    assert any("SENDPB-A003" in w and "actions close SENDPB-A003" in w for w in result.warnings)

    actions = {a.ref: a for a in actions_of(send)}
    assert len(actions) == 4                                # nothing duplicated, nothing deleted
    assert actions["SENDPB-A001"].due == dt.date(2019, 12, 6)
    assert actions["SENDPB-A001"].text.endswith("everyone who has not replied")
    assert actions["SENDPB-A004"].due == dt.date(2020, 1, 23)   # 'next meeting'
    assert actions["SENDPB-A003"].source == "Minutes 2019-11-14, removed from the minutes"
    due_history = [h for h in send.load((ACTIONS_BOOK,)).registers.history
                   if h.ref == "SENDPB-A001" and h.field == "Due date"]
    assert [(h.old, h.new, h.note) for h in due_history][-1] == (
        "29/11/2019", "06/12/2019", "updated from the minutes of 14/11/2019")
    attendance = attendance_of(send)
    assert attendance["AC"].attendance is Attendance.APOLOGIES
    assert len(attendance) == 7                             # the meeting's rows replaced, not added to

    again = import_minutes(send, send.root / "corrected.docx", now=NOW + dt.timedelta(days=3))
    assert not again.changed


def test_deleting_a_row_in_the_middle_keeps_each_action_with_its_text(send):
    import_minutes(send, older(send), now=NOW)

    result = import_minutes(send, older(send, "fewer.docx", lambda d: delete_row(actions_table(d), 1)),
                            now=NOW)

    assert not result.added and not result.updated
    assert [a.ref for a in result.removed] == ["SENDPB-A001"]
    sources = {a.ref: a.source for a in actions_of(send)}
    assert sources == {"SENDPB-A001": "Minutes 2019-11-14, removed from the minutes",
                       "SENDPB-A002": "Minutes 2019-11-14 row 1",
                       "SENDPB-A003": "Minutes 2019-11-14 row 2"}


def test_an_action_already_typed_into_the_log_is_linked_not_duplicated(send):
    from meeting_packs.action_log import add_action

    add_action(send, "sendpb", "Update the action plan with the ideas from the session", "AW",
               dt.date(2020, 1, 23), meeting=NOV, now=NOW)

    result = import_minutes(send, older(send), now=NOW)

    assert [a.ref for a in result.linked] == ["SENDPB-A001"]
    assert [a.ref for a in result.added] == ["SENDPB-A002", "SENDPB-A003"]
    assert {a.ref: a.source for a in actions_of(send)}["SENDPB-A001"] == "Minutes 2019-11-14 row 3"


# ------------------------------------------------------------------ people

def test_substitutes_guests_and_names_instead_of_initials(send):
    def edit(document):
        table = present(document)
        delete_row(table, 1 + [r.cells[1].text for r in table.rows[1:]].index("AC"))
        delete_row(table, 1 + [r.cells[1].text for r in table.rows[1:]].index("ID"))
        add_row(table, "Sam Smith", "SS", "", "")                         # a named substitute member
        add_row(table, "Pat Jones", "PJ", "Substitute for Ian Dodds", "AfC")
        add_row(table, "Julie Cordiner", "", "On behalf of the Parent Carer Forum", "")
        fill(row_of(table, "IT"), "Ian Thomas (Chair)", "", "", "")      # initials wiped: name only
    result = import_minutes(send, older(send, edit=edit), now=NOW)

    rows = {r.name: r for r in send.load((MEMBERS_BOOK,)).registers.attendance}
    assert (rows["Sam Smith"].attendance, rows["Sam Smith"].substitute_for) == (Attendance.SUBSTITUTE,
                                                                                "Anna Chiva")
    assert (rows["Pat Jones"].attendance, rows["Pat Jones"].substitute_for) == (Attendance.SUBSTITUTE,
                                                                                "Ian Dodds")
    assert rows["Anna Chiva"].attendance is Attendance.APOLOGIES      # sent a substitute
    assert rows["Ian Dodds"].attendance is Attendance.APOLOGIES
    assert rows["Julie Cordiner"].attendance is Attendance.PRESENT
    assert rows["Ian Thomas"].initials == "IT"
    assert any("Julie Cordiner is not a member" in w for w in result.warnings)
    assert "2 substitute(s)" in summary(result)[-1]


def test_someone_left_in_both_tables_names_both_rows(send):
    def copy_not_cut(document):
        apologies(document).add_row()
        fill(apologies(document).rows[-1], "Ian Dodds", "ID", "", "")
    path = older(send, edit=copy_not_cut)
    before = registers(send)

    with pytest.raises(DocumentError) as caught:
        import_minutes(send, path, now=NOW)

    assert ("Ian Dodds is in both the Present table (row 2) and the Apologies table (row 4)"
            in str(caught.value))
    assert registers(send) == before


def test_a_row_with_text_but_no_name_is_an_error(send):
    path = older(send, edit=lambda d: add_row(present(d), "", "", "Guest speaker", ""))
    with pytest.raises(DocumentError, match=r"Present table, row 6, column Name: the row has text but no name"):
        import_minutes(send, path, now=NOW)


def test_people_listed_twice_or_standing_in_oddly_are_warned_about_by_row(send):
    def edit(document):
        table = present(document)
        add_row(table, "Ian Thomas", "", "", "")                                  # IT again, by name
        add_row(table, "Pat Jones", "PJ", "Substitute for Ian Dodds", "AfC")      # ID is present too
        add_row(table, "Kim Lee", "KL", "Substitute for Bob Nobody", "")
        add_row(apologies(document), "Some Visitor", "", "", "")
        add_row(apologies(document), "Dr Charis Penfold", "", "", "")             # CP again, with a title
    result = import_minutes(send, older(send, edit=edit), dry_run=True, now=NOW)

    assert result.warnings[1:] == [
        "Present table, row 6: Ian Thomas is listed twice (also row 1); counted once.",
        "Apologies table, row 5: Charis Penfold is listed twice (also row 2); counted once.",
        "Present table, row 7: Pat Jones is shown as substitute for Ian Dodds, who is also in the "
        "Present table.",
        "Present table, row 8: Kim Lee substituted for 'Bob Nobody', who is not a member of the SEND "
        "Partnership Board; recorded as written.",
        "Apologies table, row 4: Some Visitor is not a member of the SEND Partnership Board; recorded as "
        "sending apologies, by name."]
    assert summary(result)[-2].endswith("attendance: 5 present, 3 apologies, 2 substitute(s).")


# ------------------------------------------------------------------ mistakes

def test_unknown_initials_name_the_row_and_nothing_is_written(send, invoke):
    path = older(send, edit=lambda d: fill(actions_table(d).rows[3], "5", "Send the survey", "XY",
                                               "29/11/2019"))
    before = registers(send)

    result = invoke("minutes", "import", path)

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: minutes.docx: 1 problem(s); nothing was imported.")
    assert ("Actions agreed table, row 3, column Owner (\"Send the survey\"): 'XY' is not a member. Use the "
            "initials of a member of the SEND Partnership Board (AC, AW, CP, DW, ID, IT, NG, SS)"
            in result.stderr)
    assert "Traceback" not in result.output
    assert registers(send) == before


def test_an_unreadable_due_date_names_the_row(send, invoke):
    path = older(send, edit=lambda d: fill(actions_table(d).rows[4], "8", "Update the plan", "AW",
                                               "end of Jan"))
    result = invoke("minutes", "import", path)
    assert result.exit_code == 1
    assert ("Actions agreed table, row 4, column Due (\"Update the plan\"): 'end of Jan' is not a date I "
            "can read. Type it as DD/MM/YYYY, for example 23/01/2020" in result.stderr)


def test_every_problem_is_listed_at_once(send):
    def break_it(document):
        table = actions_table(document)
        fill(table.rows[1], "5", "Resend the tool", "ID/NG", "29/11/2019")
        fill(table.rows[2], "", "", "AW", "31/02/2020")
    with pytest.raises(DocumentError) as caught:
        import_minutes(send, older(send, edit=break_it), now=NOW)
    message = str(caught.value)
    assert "3 problem(s)" in message
    assert "row 1, column Owner (\"Resend the tool\"): 'ID/NG' names 2 owners" in message
    assert "row 2, column Action: the action is empty but the row has an owner" in message
    assert "row 2, column Due" not in message or "31/02/2020" in message


def test_a_document_that_is_not_a_minutes_template_is_refused(send, invoke, helpers):
    plain = send.root / "letter.docx"
    docx.Document().save(plain)
    result = invoke("minutes", "import", plain)
    assert result.exit_code == 1
    assert result.stderr == ("Error: letter.docx is not a minutes template made by meeting-packs (its "
                             "document properties do not say which board and meeting it is for). Make "
                             "the template with 'meeting-packs minutes template BOARD DATE', write the "
                             "minutes in it, and import that file.\n")

    agenda = send.root / "agenda.docx"
    shutil.copy(send.root / "template.docx", agenda)
    helpers.rewrite_zip(agenda, {name: lambda xml: xml.replace(b"; Minutes template", b"; Agenda")
                                 for name in ("docProps/core.xml", "docProps/custom.xml")})
    result = invoke("minutes", "import", agenda)
    assert "agenda.docx is the Agenda of the sendpb meeting of 2019-11-14, not a minutes template" in result.stderr

    fake = send.root / "notes.docx"
    fake.write_text("not really a Word document")
    result = invoke("minutes", "import", fake)
    assert result.exit_code == 1
    assert "notes.docx is damaged or not really a Word document" in result.stderr

    result = invoke("minutes", "import", send.root / "missing.docx")
    assert result.exit_code == 1 and "missing.docx does not exist" in result.stderr


def test_importing_the_template_as_made_warns_that_nothing_was_typed(send):
    result = import_minutes(send, send.root / "template.docx", dry_run=True, now=NOW)
    assert not result.added
    assert ("No action is typed in the Action column of any item, so no actions are imported. No minutes "
            "are typed in the Minutes table either: is this the completed version of the document?"
            ) in result.warnings


def test_a_deleted_minutes_table_is_reported(send):
    def drop(document):
        for table in (actions_table(document), table_with(document, "No.", "Item", "Minutes")[0]):
            table._tbl.getparent().remove(table._tbl)
    with pytest.raises(DocumentError, match="There is no Minutes table"):
        import_minutes(send, older(send, edit=drop), now=NOW)


def test_a_register_open_in_excel_stops_the_import_before_anything_is_written(send):
    lock = send.registers_dir / "~$membership.xlsx"
    lock.write_bytes(b"\x05Alice" + b"\x00" * 50)
    before = registers(send)
    with pytest.raises(FileLocked, match="membership.xlsx is open by Alice"):
        import_minutes(send, older(send), now=NOW)
    assert registers(send) == before                      # actions.xlsx not written either


def test_a_corrected_version_prints_each_change(send):
    import_minutes(send, older(send), now=NOW)

    def edit(document):
        table = actions_table(document)
        fill(table.rows[1], "5", "Resend the data capsule tool to those who have not replied yet", "NG",
             "06/12/2019")
        fill(table.rows[4], "8", "Update the action plan with ideas from the session", "AW", "")
    result = import_minutes(send, older(send, "corrected.docx", edit), dry_run=True, now=NOW)

    assert summary(result) == [
        "  would update SENDPB-A001: Action 'Resend the data capsule tool…' → 'Resend the data capsule "
        "tool…'; Owner 'ID' → 'NG'; Due date '29/11/2019' → '06/12/2019'",
        "  would update SENDPB-A003: Action 'Update the action plan with t…' → 'Update the action plan "
        "with i…'; Due date '23/01/2020' → ''",
        "Would add 0 actions; would update 2 (SENDPB-A001, SENDPB-A003); attendance unchanged.",
        "Nothing was written (--dry-run). Run again without --dry-run to import."]


def test_actions_typed_before_the_import_are_listed_as_linked(send):
    from meeting_packs.action_log import add_action

    for text, owner in (("Update the action plan with the ideas from the session", "AW"),
                        ("Send the workforce skills survey again with a covering note", "NG")):
        add_action(send, "sendpb", text, owner, dt.date(2020, 1, 23), meeting=NOV, now=NOW)

    lines = summary(import_minutes(send, older(send), dry_run=True, now=NOW))

    assert lines[1:] == [
        "  would link SENDPB-A002 (already in the log) to these minutes",
        "  would link SENDPB-A001 (already in the log) to these minutes",
        "Would add 1 action (SENDPB-A003); would update 0; would link 2 (SENDPB-A002, SENDPB-A001); "
        "attendance: 5 present, 2 apologies.",
        "Nothing was written (--dry-run). Run again without --dry-run to import."]


def test_minutes_still_open_in_word_are_imported_with_a_warning(send, tmp_path):
    path = tmp_path / "minutes.docx"
    shutil.copy(older(send), path)
    (tmp_path / "~$nutes.docx").write_bytes(b"\x04Alex")      # Word drops the first two characters

    result = import_minutes(send, path, dry_run=True, now=NOW)

    assert result.warnings[0] == ("minutes.docx seems to be open in Word (lock file ~$nutes.docx): changes "
                                  "not yet saved there are not imported.")
    assert len(result.added) == 3


# ------------------------------------------------------------------ the command

def test_command_imports_and_prints_the_summary(send, invoke):
    result = invoke("minutes", "import", older(send))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == ("Added 3 actions (SENDPB-A001, SENDPB-A002, SENDPB-A003); "
                                              "updated 0; attendance: 5 present, 2 apologies.")
    assert "  added SENDPB-A002: item 5: Send the workforce skills survey again with a covering note " \
           "(NG, due 29/11/2019, Light green)" in result.stdout

    again = invoke("minutes", "import", send.root / "minutes.docx")
    assert again.exit_code == 0
    assert again.stdout.startswith("Nothing to change")


def test_dry_run_says_what_would_change_and_writes_nothing(send, invoke):
    before = registers(send)
    backups = sorted((send.registers_dir / "backups").iterdir())
    result = invoke("minutes", "import", older(send), "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == ("  would add SENDPB-A001: item 5: Resend the data capsule tool to those who have not "
                        "replied (ID, due 29/11/2019, Light green)")
    assert lines[-2] == ("Would add 3 actions (SENDPB-A001, SENDPB-A002, SENDPB-A003); would update 0; "
                         "attendance: 5 present, 2 apologies.")
    assert lines[-1] == "Nothing was written (--dry-run). Run again without --dry-run to import."
    assert registers(send) == before
    assert sorted((send.registers_dir / "backups").iterdir()) == backups


# ------------------------------------------------------------------ reading

def test_reader_finds_tables_by_header_and_numbers_rows_as_seen(send):
    minutes = read_minutes(older(send))
    assert (minutes.board, minutes.meeting) == ("sendpb", NOV)
    assert [r.number for r in minutes.actions] == [1, 2, 3, 4, 5]
    assert [r.blank for r in minutes.actions] == [False, True, False, False, True]
    assert minutes.actions[2].get("Owner") == "NG"
    assert [r.line("Initials") for r in minutes.apologies if not r.blank] == ["CP", "DW"]


@pytest.mark.parametrize("text, day", [
    ("23/01/2020", dt.date(2020, 1, 23)), ("2020-01-23", dt.date(2020, 1, 23)),
    ("23 January 2020", dt.date(2020, 1, 23)), ("Thursday 23rd Jan 2020", dt.date(2020, 1, 23)),
    ("1 Sept 2020", dt.date(2020, 9, 1)), ("next meeting", dt.date(2020, 3, 5)),
])
def test_due_dates_as_secretaries_type_them(text, day):
    assert parse_due(text, next_meeting=dt.date(2020, 3, 5)) == day


@pytest.mark.parametrize("text", ["12/31/2024", "29/02/2023", "January 2020", "31 February 2020", "asap"])
def test_due_dates_that_are_refused(text):
    with pytest.raises(InputError, match=re.escape(f"'{text}' is not")):
        parse_due(text)


def test_present_and_apologies_are_told_apart_by_order_when_their_headings_are_changed(send):
    def edit(document):
        for paragraph in document.paragraphs:
            if paragraph.text in ("Present", "Apologies"):
                paragraph.text = "Those invited" if paragraph.text == "Present" else "Others"
    minutes = read_minutes(older(send, edit=edit))

    assert (minutes.has_present, minutes.has_apologies) == (True, True)
    assert [r.line("Initials") for r in minutes.apologies if not r.blank] == ["CP", "DW"]
    assert [r.number for r in minutes.present][:2] == [1, 2]


def test_a_table_inside_a_content_control_is_read(send):
    from docx.oxml import OxmlElement

    def wrap(document):
        tbl = actions_table(document)._tbl
        control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
        tbl.addprevious(control)
        control.append(content)
        content.append(tbl)
    minutes = read_minutes(older(send, edit=wrap))

    assert minutes.has_actions
    assert [r.line("Owner") for r in minutes.actions if not r.blank] == ["ID", "NG", "AW"]


def test_no_module_of_the_minutes_package_imports_private_names_and_only_apply_touches_rows():
    import ast

    import meeting_packs.minutes as package

    folder = Path(package.__file__).parent
    touching_rows = set()
    for module in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{module.name} imports {private} from {node.module}"
                if node.module in ("registers.convert", "registers.repository", "registers.saving") or (
                        node.module == "registers" and any(a.name == "convert" for a in node.names)):
                    touching_rows.add(module.name)
    assert touching_rows == {"apply.py"}
    assert {"import_minutes", "summary", "ImportResult"} <= set(package.__all__)


def test_a_member_who_left_before_the_meeting_is_not_recorded_absent(send):
    """A leaver is gone from later meetings' expected members, and their earlier record stays."""
    from meeting_packs.membership import leave_member

    document = docx.Document(send.root / "template.docx")
    delete_row(present(document), [r.cells[1].text for r in present(document).rows].index("AC"))
    path = send.root / "minutes.docx"
    document.save(path)
    leave_member(send, "sendpb", "AC", on=dt.date(2019, 10, 31))
    import_minutes(send, path, now=NOW)
    assert "AC" not in attendance_of(send)
