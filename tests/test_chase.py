"""`actions chase`: one draft .eml per owner, parsed back with the standard library's `email`."""

from __future__ import annotations

import datetime as dt
import email
import shutil
from email import policy
from pathlib import Path

import pytest

from conftest import restore

from meeting_packs.action_log import add_action, close_action, update_action
from meeting_packs.chase import add_working_days, chase_owners
from meeting_packs.forward_plan import add_meeting
from meeting_packs.membership import add_member
from meeting_packs.model import MemberType
from meeting_packs.workspace import Workspace

TODAY = dt.date(2019, 12, 2)           # a Monday, after the November meeting
NOW = dt.datetime(2019, 11, 15, 9, 0)


@pytest.fixture(scope="module")
def _board_pristine(tmp_path_factory, _pristine_workspace) -> Path:
    root = tmp_path_factory.mktemp("board") / "ws"
    shutil.copytree(_pristine_workspace, root)
    ws = Workspace(root)
    for name, initials, email_ in [("Ian Dodds", "ID", "ian.dodds@example.org"),
                                   ("Nina Grant", "NG", "nina.grant@example.org"),
                                   ("Ashley Whittaker", "AW", "ashley.whittaker@example.org"),
                                   ("Charis Penfold", "CP", ""),
                                   ("Zoë Ødegaard", "ZO", "zoe@example.org")]:
        add_member(ws, "sendpb", name, initials, email=email_)
    add_member(ws, "sendpb", "Ian Thomas", "IT", member_type=MemberType.CHAIR, email="it@example.org")
    add_member(ws, "hwb", "Marian Morrison", "MM", email="marian@example.org")
    add_meeting(ws, "sendpb", dt.date(2019, 11, 14))
    add_meeting(ws, "sendpb", dt.date(2020, 1, 23))
    nov = dt.date(2019, 11, 14)
    add = lambda *a, **k: add_action(ws, *a, meeting=k.pop("meeting", nov), now=NOW, **k).action.ref  # noqa: E731
    add("sendpb", "Present the workforce strategy", "ID", dt.date(2020, 1, 23), rag="Light green", item="5")
    overdue = add("sendpb", "Resend the data capsule tool & chase <returns>", "ID", dt.date(2019, 11, 29),
                  rag="Amber", item="5")
    update_action(ws, overdue, progress="Analysis has begun; not all returns are in.", now=NOW)
    done = add("sendpb", "Circulate the link", "ID", dt.date(2019, 11, 20))
    close_action(ws, done, now=NOW)
    add("sendpb", "Send the skills survey again", "NG", dt.date(2019, 11, 20), rag="Red")
    add("sendpb", "Update the action plan", "Ashley Whittaker", dt.date(2020, 1, 23))   # owner by name
    add("sendpb", "Review therapies", "CP", dt.date(2020, 1, 23))                      # no email
    add("sendpb", "Find a charity partner", "XY", dt.date(2020, 1, 23))                # not a member
    add("sendpb", "Translate the local offer", "ZO", None)
    add("hwb", "Circulate the strategy", "MM", dt.date(2019, 11, 1), meeting=None)
    return root


@pytest.fixture
def board(workspace, _board_pristine):
    """A copy at `workspace.root` (so `invoke` works on it)."""
    return restore(workspace, _board_pristine)


def read(path: Path):
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def drafts(folder: Path) -> dict[str, object]:
    return {p.name: read(p) for p in sorted(folder.glob("*.eml"))}


def test_one_draft_per_owner_addressed_to_that_owner(board):
    result = chase_owners(board, "sendpb", today=TODAY)

    folder = board.root / "out" / "sendpb" / "chase-2019-12-02"
    assert result.folder == folder
    found = drafts(folder)
    assert sorted(found) == ["AW - Ashley Whittaker.eml", "ID - Ian Dodds.eml", "NG - Nina Grant.eml",
                             "ZO - Zoë Ødegaard.eml"]
    for name, message in found.items():
        assert message["X-Unsent"] == "1"                          # Outlook opens it as a draft
        assert "From" not in message                                # sendpb has no contact email
        assert message.get_content_type() == "multipart/alternative"
    to = {name: (m["To"].addresses[0].display_name, m["To"].addresses[0].addr_spec)
          for name, m in found.items()}
    assert to["ID - Ian Dodds.eml"] == ("Ian Dodds", "ian.dodds@example.org")
    assert to["AW - Ashley Whittaker.eml"] == ("Ashley Whittaker", "ashley.whittaker@example.org")
    assert to["ZO - Zoë Ødegaard.eml"] == ("Zoë Ødegaard", "zoe@example.org")
    assert [(u.owner, [a.text for a in u.actions], u.reason) for u in result.unsent] == [
        ("CP Charis Penfold", ["Review therapies"], "no email in membership.xlsx"),
        ("XY", ["Find a charity partner"], "not a member of the SEND Partnership Board")]


def test_the_body_lists_overdue_actions_first_with_their_details(board):
    chase_owners(board, "sendpb", today=TODAY)
    message = read(board.root / "out" / "sendpb" / "chase-2019-12-02" / "ID - Ian Dodds.eml")

    # the next meeting is 23 January 2020: papers go out five clear working days before
    assert message["Subject"] == ("SEND Partnership Board: 2 open actions (1 overdue) – update requested "
                                  "by 15 January 2020")
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")   # .eml lines end CRLF
    assert text.startswith("Dear Ian,\n")
    assert ("Please reply with a short progress update on each by Wednesday 15 January 2020, so that it "
            "can go in the papers for the meeting on Thursday 23 January 2020.") in text
    overdue = text.index("SENDPB-A002 – OVERDUE: was due 29/11/2019 (3 days ago)")
    later = text.index("SENDPB-A001 – due 23/01/2020")
    assert overdue < later
    block = text[overdue:later]
    assert "Resend the data capsule tool & chase <returns>" in block    # as typed
    assert "RAG: Amber" in block
    assert "Raised at: meeting of 14 November 2019, item 5" in block
    assert "Last update: Analysis has begun; not all returns are in." in block
    assert "RAG: Light green" in text[later:]
    assert "Circulate the link" not in text                            # complete: not chased
    page = message.get_body(("html",)).get_content()
    assert "Resend the data capsule tool &amp; chase &lt;returns&gt;" in page
    assert ">Amber</td>" in page                                       # the RAG as a word, not only a colour


def test_overdue_only(board, invoke):
    result = invoke("actions", "chase", "sendpb", "--overdue", "--as-of", "2019-12-02")
    assert result.exit_code == 0, result.output
    found = drafts(board.root / "out" / "sendpb" / "chase-2019-12-02")
    assert sorted(found) == ["ID - Ian Dodds.eml", "NG - Nina Grant.eml"]
    assert found["ID - Ian Dodds.eml"]["Subject"].startswith("SEND Partnership Board: 1 overdue action – ")
    assert "SENDPB-A001" not in found["ID - Ian Dodds.eml"].get_body(("plain",)).get_content()


def test_command_lists_owners_it_could_not_write_to(board, invoke, tmp_path):
    result = invoke("actions", "chase", "sendpb", "--output-dir", tmp_path / "drafts", "--as-of", "02/12/2019")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (f"Wrote 4 draft email(s) to {tmp_path / 'drafts'} — open each "
                                             "in Outlook, check it and send it:")
    assert "  ID - Ian Dodds.eml (2 actions, 1 overdue)" in result.stdout
    assert "Updates are asked for by Wednesday 15 January 2020, so that it can go in the papers" in result.stdout
    assert result.stderr.splitlines() == [
        "No draft for these owners (chase them another way, or add their email in the Email column of "
        "registers/membership.xlsx):",
        "  CP Charis Penfold: no email in membership.xlsx; 1 action(s): SENDPB-A006",
        "  XY: not a member of the SEND Partnership Board; 1 action(s): SENDPB-A007"]
    assert len(list((tmp_path / "drafts").glob("*.eml"))) == 4


def test_without_a_next_meeting_it_asks_within_five_working_days(board):
    # Monday 21 December 2020: Christmas Day, and Monday 28th for Boxing Day, are not working days
    result = chase_owners(board, "sendpb", today=dt.date(2020, 12, 21))
    assert result.reply_by == dt.date(2020, 12, 30) == add_working_days(dt.date(2020, 12, 21), 5)
    assert result.reason == ""


def test_from_is_the_boards_contact_when_it_has_one(board):
    result = chase_owners(board, "hwb", today=TODAY)
    message = read(result.drafts[0].path)
    assert str(message["From"]) == "Marian Morrison <marian.morrison@kingston.gov.uk>"
    assert message["Subject"].startswith("Health and Wellbeing Board: 1 open action (1 overdue) – ")


def test_command_mistakes_and_nothing_to_chase(board, invoke):
    wrong = invoke("actions", "chase", "sendpd")
    assert wrong.exit_code == 1
    assert wrong.stderr.startswith("Error: There is no board 'sendpd' in boards.toml.")
    early = invoke("actions", "chase", "sendpb", "--reply-by", "01/12/2019", "--as-of", "02/12/2019")
    assert early.exit_code == 2
    assert "The reply-by date 01/12/2019 is before today (02/12/2019)" in early.stderr
    nothing = invoke("actions", "chase", "hwb", "--overdue", "--as-of", "2019-10-01")
    assert nothing.exit_code == 0
    assert nothing.stdout == "No overdue actions to chase on the Health and Wellbeing Board.\n"


def test_reply_by_given(board):
    result = chase_owners(board, "sendpb", today=TODAY, reply_by=dt.date(2019, 12, 20))
    message = read(result.drafts[0].path)
    assert message["Subject"].endswith("update requested by 20 December 2019")


def _type_in_excel(ws, initials: str, column: str, typed: str) -> None:
    """Type a value into a member's cell as staff do in Excel (no check on the way in)."""
    from openpyxl import load_workbook

    path = ws.root / "registers" / "membership.xlsx"
    book = load_workbook(path)
    sheet = book["Members"]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[headers.index("Initials")].value == initials:
            row[headers.index(column)].value = typed
    book.save(path)


@pytest.mark.parametrize("typed, words", [
    ("nina.grant@example.org\nnina@home.org", "line break"),
    ("nina.grant@example.org; nina@home.org", "more than one address"),
    ("Nina Grant <nina.grant@example.org>", "a name as well as the address"),
    ("nina.grant.example.org", "one address with one @"),
    ("ninä@example.org", "letters outside plain English"),
])
def test_one_bad_email_stops_no_one_elses_draft(board, typed, words):
    """Issue 10, finding 11: a hand-typed Email cell stopped `chase` for the whole board."""
    _type_in_excel(board, "NG", "Email", typed)
    result = chase_owners(board, "sendpb", today=TODAY)
    written = {d.member.initials for d in result.drafts}
    assert {"ID", "AW"} <= written and "NG" not in written
    unsent = {u.owner: u.reason for u in result.unsent}
    assert words in unsent["NG Nina Grant"] and "membership.xlsx, row" in unsent["NG Nina Grant"]


def test_a_name_typed_with_alt_enter_gives_a_one_line_header(board):
    _type_in_excel(board, "NG", "Name", "Nina\nGrant")
    result = chase_owners(board, "sendpb", today=TODAY)
    draft = next(d for d in result.drafts if d.member.initials == "NG")
    parsed = email.message_from_bytes(draft.path.read_bytes(), policy=policy.default)
    assert str(parsed["To"]) == "Nina Grant <nina.grant@example.org>"
    assert "Bcc" not in parsed
