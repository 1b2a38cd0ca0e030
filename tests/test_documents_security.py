"""Templates cannot run code or silently blank a field; register text reaches every document exactly;
building documents never touches a register (reliability.md, guarantees 9, 10, 11 and 13)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from typer.testing import CliRunner

from cli import app
from docx_extract import all_tables_text, full_text, paragraphs
from meeting_packs.workspace import init_workspace

FISH = 'Fish & Chips <Ltd> "quoted"'
LEAD = f"{FISH}, Director"   # a member's name with a title, as leads are often written


def run(ws_root, *args):
    return CliRunner().invoke(app, ["-w", str(ws_root)] + [str(a) for a in args])


def write_template(path, *lines: str) -> None:
    """A Word template whose paragraphs are `lines`, each typed in one run (as a user would)."""
    from docx import Document

    document = Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(path))


def out_files(ws_root) -> list[str]:
    """Documents under out/ (the register cache in out/.cache is not a document)."""
    out = ws_root / "out"
    return sorted(str(p.relative_to(out)) for p in out.rglob("*")
                  if p.is_file() and ".cache" not in p.relative_to(out).parts) if out.exists() else []


# ------------------------------------------------------------------ 9. templates cannot run code

PAYLOADS = {
    "globals-popen": "{{ cycler.__init__.__globals__.os.popen('touch MARKER').read() }}",
    "class-mro": "{{ board.__class__.__mro__ }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
}
COMMANDS = {
    "agenda": ("agenda.docx", ["agenda", "hwb", "2019-03-28"]),
    "actions": ("action-appendix.docx", ["appendix", "actions", "sendpb", "2019-11-14"]),
    "minutes": ("minutes-template.docx", ["minutes", "template", "sendpb", "2019-11-14"]),
    "pack": ("agenda.docx", ["pack", "hwb", "2019-03-28"]),
}


@pytest.mark.parametrize("payload", PAYLOADS, ids=list(PAYLOADS))
@pytest.mark.parametrize("command", COMMANDS, ids=list(COMMANDS))
def test_template_payload_is_refused_and_writes_nothing(example_ws, tmp_path, payload, command):
    template, args = COMMANDS[command]
    marker = tmp_path / "MARKER"
    write_template(example_ws / "templates" / template, "{{ board.name }}",
                   PAYLOADS[payload].replace("MARKER", str(marker)))
    result = run(example_ws, *args, "--as-of", "2019-03-01")
    assert result.exit_code != 0, result.stdout
    assert "template" in result.stderr.lower() and template in result.stderr, result.stderr
    assert "Python internals" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert out_files(example_ws) == [], "a refused template must not leave an output file"
    assert not marker.exists(), "the template ran a shell command"


def test_template_payload_with_explicit_output_writes_nothing(example_ws, tmp_path):
    write_template(example_ws / "templates" / "agenda.docx", PAYLOADS["class-mro"])
    target = tmp_path / "agenda.docx"
    result = run(example_ws, "agenda", "hwb", "2019-03-28", "-o", target)
    assert result.exit_code != 0
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")], "temporary file left behind"


def test_refused_template_leaves_an_existing_document_untouched(example_ws, tmp_path):
    target = tmp_path / "agenda.docx"
    assert run(example_ws, "agenda", "hwb", "2019-03-28", "-o", target).exit_code == 0
    before = target.read_bytes()
    write_template(example_ws / "templates" / "agenda.docx", PAYLOADS["globals-popen"])
    assert run(example_ws, "agenda", "hwb", "2019-03-28", "-o", target).exit_code != 0
    assert target.read_bytes() == before


# ------------------------------------------------------------------ 11. unknown fields are named

@pytest.mark.parametrize("field, template, args", [
    ("meeting.nonexistent_field", "agenda.docx", ["agenda", "hwb", "2019-03-28"]),
    ("board.chair_name", "minutes-template.docx", ["minutes", "template", "sendpb", "2019-11-14"]),
    ("no_such_list", "risk-appendix.docx", ["appendix", "risks", "sendpb", "2019-11-14"]),
    ("meeting.nonexistent_field", "agenda.docx", ["pack", "hwb", "2019-03-28"]),
])
def test_unknown_field_fails_naming_field_and_template(example_ws, field, template, args):
    write_template(example_ws / "templates" / template, "{{ board.name }}", "{{ " + field + " }}")
    result = run(example_ws, *args, "--as-of", "2019-03-01")
    assert result.exit_code != 0
    name = field.split(".")[-1]
    assert f"'{name}'" in result.stderr and template in result.stderr, result.stderr
    assert out_files(example_ws) == []


def test_unknown_field_inside_a_loop_is_named(example_ws):
    write_template(example_ws / "templates" / "agenda.docx",
                   "{% for m in members %}{{ m.shoe_size }}{% endfor %}")
    result = run(example_ws, "agenda", "hwb", "2019-03-28")
    assert result.exit_code != 0
    assert "'shoe_size'" in result.stderr and "agenda.docx" in result.stderr


def test_broken_tag_gives_a_template_error(example_ws):
    write_template(example_ws / "templates" / "agenda.docx", "{{ board.name ")
    result = run(example_ws, "agenda", "hwb", "2019-03-28")
    assert result.exit_code != 0
    assert "agenda.docx" in result.stderr and "tag" in result.stderr
    assert out_files(example_ws) == []


# ------------------------------------------------------------------ 10. text comes back exactly

@pytest.fixture(scope="module")
def fish_ws(tmp_path_factory):
    """A SEND board whose every register text field is FISH, with meetings on 1 Oct, 10 Dec and 10 Feb."""
    from meeting_packs.action_log import add_action, update_action
    from meeting_packs.forward_plan import add_item, add_meeting
    from meeting_packs.membership import add_member
    from meeting_packs.model import GeneratedPaper, Purpose, Strategy
    from meeting_packs.risk_register import add_risk

    import shutil

    from meeting_packs import resources
    from meeting_packs.workspace import Workspace

    ws = init_workspace(tmp_path_factory.mktemp("fish") / "ws")
    shutil.copy2(resources.example_dir() / "boards.toml", ws.config_path)  # the example boards
    ws = Workspace(ws.root)
    when = dt.datetime(2026, 10, 2, 9, 0)
    for day in (dt.date(2026, 10, 1), dt.date(2026, 12, 10), dt.date(2027, 2, 10)):
        add_meeting(ws, "sendpb", day, venue=FISH)
    add_member(ws, "sendpb", FISH, "FC", role=FISH, organisation=FISH)
    add_action(ws, "sendpb", FISH, "FC", dt.date(2026, 12, 31), meeting=dt.date(2026, 10, 1),
               workstream=FISH, rag="Amber", now=when)
    update_action(ws, "SENDPB-A001", progress=FISH, now=when)
    add_action(ws, "sendpb", "Owned by name", FISH, dt.date(2026, 12, 31), meeting=dt.date(2026, 10, 1),
               workstream=FISH, rag="Light green", now=when)  # SENDPB-A002: the owner written as a name
    add_risk(ws, "sendpb", FISH, 3, 4, "FC", strategy=Strategy.parse("Treat"), mitigation=FISH,
             workstream=FISH, consequence=FISH, review=dt.date(2027, 3, 1))
    add_item(ws, "sendpb", FISH, meeting=dt.date(2026, 12, 10), purpose=Purpose.NOTE, lead=LEAD,
             recommendation=FISH)
    add_item(ws, "sendpb", f"Later {FISH}", meeting=dt.date(2027, 2, 10), lead=LEAD)
    add_item(ws, "sendpb", "Action log", meeting=dt.date(2026, 12, 10), paper=GeneratedPaper.ACTIONS)
    add_item(ws, "sendpb", "Risk register", meeting=dt.date(2026, 12, 10), paper=GeneratedPaper.RISKS)
    add_item(ws, "sendpb", "Forward plan", meeting=dt.date(2026, 12, 10), paper=GeneratedPaper.PLAN)
    return ws.root


FISH_COMMANDS = {
    "agenda": ["agenda"],
    "actions": ["appendix", "actions"],
    "risks": ["appendix", "risks"],
    "plan": ["appendix", "plan"],
    "minutes": ["minutes", "template"],
    "pack": ["pack"],
}


@pytest.fixture(scope="module")
def fish_docs(fish_ws):
    built = {}
    for name, command in FISH_COMMANDS.items():
        result = run(fish_ws, *command, "sendpb", "2026-12-10", "--as-of", "2026-11-20")
        assert result.exit_code == 0, f"{command}: {result.stderr}"
        built[name] = fish_ws / result.stdout.splitlines()[0].strip()
    return built


def _texts(path) -> list[str]:
    """Every paragraph of the body, every table cell, headers and footers."""
    return full_text(path).split("\n") + [cell for table in all_tables_text(path) for row in table for cell in row]


@pytest.mark.parametrize("name", FISH_COMMANDS)
def test_register_text_is_never_mangled(fish_docs, name):
    mangled = [t for t in _texts(fish_docs[name]) if t.count("Fish") != t.count(FISH)]
    assert not mangled, f"{name}: text changed on its way into the document: {mangled}"
    assert FISH in full_text(fish_docs[name])


def _cells(path) -> list[list[str]]:
    return [row for table in all_tables_text(path) for row in table]


def test_agenda_shows_every_field_exactly(fish_docs):
    path = fish_docs["agenda"]
    body = [text for _, text in paragraphs(path)]
    assert f"Venue: {FISH}" in body
    assert any(text.startswith(f"{FISH} – ") and text.endswith(FISH) for text in body), "member name and organisation"
    item = next(row for row in _cells(path) if row[1].startswith(FISH))
    lines = item[1].split("\n")
    assert lines[0] == FISH and FISH in lines[1:], "title and recommendation"
    assert f"Lead: {LEAD}" in lines
    actions = next(row for row in _cells(path) if row[1].startswith("Actions"))  # the board has no Minutes item
    assert any(line.startswith(f"SENDPB-A001: {FISH} (FC,") for line in actions[1].split("\n")), actions
    assert any(line.startswith(f"SENDPB-A002: Owned by name ({FISH},") for line in actions[1].split("\n"))


def test_action_appendix_shows_every_field_exactly(fish_docs):
    path = fish_docs["actions"]
    assert ["Heading 3", FISH] in paragraphs(path), "the workstream heading"
    row = next(r for r in _cells(path) if r[0] == "SENDPB-A001")
    assert row[1] == FISH and row[6] == FISH, row
    assert next(r for r in _cells(path) if r[0] == "SENDPB-A002")[2] == FISH, "the owner"


def test_risk_appendix_shows_every_field_exactly(fish_docs):
    row = next(r for r in _cells(fish_docs["risks"]) if r[0] == "SENDPB-R01")
    assert row[1] == f"{FISH} [{FISH}]\nImpact: {FISH}", row
    assert row[7] == FISH and row[8] == "FC", row


def test_plan_appendix_shows_every_field_exactly(fish_docs):
    assert ["List Bullet", f"Later {FISH} – {LEAD}"] in paragraphs(fish_docs["plan"])


def test_minutes_template_shows_every_field_exactly(fish_docs):
    path = fish_docs["minutes"]
    rows = _cells(path)
    assert [FISH, "FC", FISH, FISH] in rows, "the Present row"
    assert any(r[1] == f"{FISH} – FC" for r in rows), "the item heading with the presenter's initials"
    assert any(r[:3] == ["SENDPB-A001", FISH, "FC"] for r in rows), "matters arising"
    assert any(r[:3] == ["SENDPB-A002", "Owned by name", FISH] for r in rows), "matters arising, owner by name"
    assert any(t.endswith(f", {FISH}") for _, t in paragraphs(path)), "the venue of the next meeting"
    assert FISH in paragraphs(path)[1][1], "the venue under the title"


def test_pack_shows_every_field_exactly(fish_docs):
    text = full_text(fish_docs["pack"])
    for expected in (f"Venue: {FISH}", f"Lead: {LEAD}", f"SENDPB-A001: {FISH} (FC,",
                     f"{FISH} [{FISH}]", f"Impact: {FISH}", f"Later {FISH} – {LEAD}"):
        assert expected in text, expected
    rows = _cells(fish_docs["pack"])
    assert any(r[0] == "SENDPB-A001" and r[1] == FISH and r[6] == FISH for r in rows)
    assert any(r[0] == "SENDPB-R01" and r[7] == FISH for r in rows)
    assert any(r[0] == "SENDPB-A002" and r[2] == FISH for r in rows)


# ------------------------------------------------------------------ 13. registers are left alone

def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_building_documents_and_packs_leaves_registers_byte_identical(example_ws):
    registers = example_ws / "registers"
    before = _digests(registers)
    assert set(before) >= {"actions.xlsx", "risks.xlsx", "forward-plan.xlsx", "membership.xlsx"}
    commands = [
        ["agenda", "hwb", "2019-03-28"], ["agenda", "sendpb", "2019-11-14"],
        ["appendix", "actions", "sendpb", "2019-11-14"], ["appendix", "risks", "sendpb", "2019-11-14"],
        ["appendix", "plan", "hwb", "2019-03-28"], ["appendix", "actions", "hwb"],
        ["minutes", "template", "sendpb", "2019-11-14"],
        ["pack", "hwb", "2019-03-28"], ["pack", "hwb", "2019-03-28", "--private"],
        ["pack", "sendpb", "2019-11-14"],
    ]
    for command in commands:
        result = run(example_ws, *command, "--as-of", "2019-03-01")
        assert result.exit_code == 0, f"{command}: {result.stderr}"
    assert _digests(registers) == before, "a register changed (or a file appeared in registers/)"
