"""Papers a council can publish (issue 11), checked in the Word documents (no LibreOffice needed).

True statements (a late agenda, the private pack), one "as at" state for the
action appendix (a property-based test over random --as-of dates), columns
fitted to their words, text exactly as typed, and the smaller findings of
finding 8.  The PDF itself is tested in test_pdf.py.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cli import app
from docx_extract import all_tables_text, core, full_text, headers, paragraphs


def run(root, *args):
    return CliRunner().invoke(app, ["-w", str(root)] + [str(a) for a in args])


def built(result, root) -> Path:
    assert result.exit_code == 0, result.stderr
    return Path(result.stdout.splitlines()[0].strip())


# ------------------------------------------------------------------ 2. a late agenda states no false date

def test_late_agenda_says_when_it_was_published_and_lists_the_late_items(example_ws):
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", "2019-03-22")
    assert "LATE by 2 day(s)" in result.stdout
    texts = [text for _, text in paragraphs(built(result, example_ws))]
    assert "Published on Friday 22 March 2019" in texts
    assert not any(text.startswith("Published by") for text in texts), "a passed deadline stated as if met"
    notice = next(text for text in texts if text.startswith("This agenda was published on Friday 22 March 2019"))
    assert "after the publication deadline of Wednesday 20 March 2019" in notice
    assert "section 100B(4)(b)" in notice
    late = [text for style, text in paragraphs(built(result, example_ws)) if text.startswith("Item ")]
    assert "Item 7 – Special Educational Needs and Disability (SEND) Transformation Plan" in late, late


def test_published_date_can_be_given(example_ws):
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", "2019-03-01", "--published", "2019-03-19")
    texts = [text for _, text in paragraphs(built(result, example_ws))]
    assert "Published on Tuesday 19 March 2019" in texts
    assert not any(text.startswith("This agenda was published") for text in texts), "in time: no late notice"


# ------------------------------------------------------------------ the private pack says what it adds

def test_private_pack_without_exempt_items_says_it_adds_nothing(example_ws):
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--private", "--as-of", "2019-03-01")
    path = built(result, example_ws)
    assert "This private pack adds nothing to the public pack: no item on this agenda is exempt." in result.stdout
    assert "adds nothing to the public pack" in headers(path)[0]


def test_private_pack_names_what_it_adds(example_ws):
    added = run(example_ws, "plan", "add", "hwb", "Lease of the Guildhall annex", "--meeting", "2019-03-28",
                "--report", "reports/Appendix D - Board Membership.docx", "--exempt", "3")
    assert added.exit_code == 0, added.stderr
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--private", "--as-of", "2019-03-01")
    built(result, example_ws)
    assert "Appendix E – Lease of the Guildhall annex (item 12, paragraph 3)" in result.stdout


# ------------------------------------------------------------------ 3. one "as at" state for the action appendix

def _action_context(root: Path, as_of: dt.date):
    from meeting_packs.documents import action_appendix
    from meeting_packs.documents.context import load_meeting
    from meeting_packs.workspace import Workspace

    md = load_meeting(Workspace(root), "sendpb", "2019-11-14", as_of, need_schedule=False)
    return action_appendix.build_context(md)


def test_action_appendix_as_of_lists_what_was_open_that_day(example_ws):
    context = _action_context(example_ws, dt.date(2019, 11, 1))
    rows = {row["ref"]: row for group in context["groups"] for row in group["actions"]}
    assert rows["SENDPB-A004"]["rag"] == "Light green", "open on 1 November (closed on the 14th)"
    assert context["summary_total"]["now"] == len(rows)
    assert context["counts"]["closed_since"] == next(s["now"] for s in context["summary"] if s["label"] == "Completed")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(as_of=st.dates(min_value=dt.date(2019, 6, 1), max_value=dt.date(2020, 3, 1)))
def test_action_totals_equal_the_rows_and_the_sentences(example_ws, as_of):
    """Whatever --as-of: the summary's total is the number of rows listed, each status's count is the
    number of rows in that status, and the introduction's open + closed add up to the same."""
    context = _action_context(example_ws, as_of)
    rows = [row for group in context["groups"] for row in group["actions"]]
    assert context["summary_total"]["now"] == len(rows)
    for line in context["summary"]:
        assert line["now"] == sum(1 for row in rows if row["rag"] == line["label"]), line["label"]
    counts = context["counts"]
    assert counts["open"] + counts["closed_since"] == len(rows)
    assert counts["overdue"] == sum(1 for row in rows if row["overdue"])
    assert counts["closed_since"] == sum(1 for row in rows if row["closed_text"] and row["status"] != "Open")


# ------------------------------------------------------------------ 6. columns fitted to their words

def _column_widths(path) -> list[tuple[list[str], list[int], list[list[str]]]]:
    from docx import Document

    out = []
    for table in Document(str(path)).tables:
        widths = [cell.width for cell in table.rows[0].cells]
        out.append(([c.text for c in table.rows[0].cells], widths, [[c.text for c in r.cells] for r in table.rows]))
    return out


def _fits(text: str, width_emu: int, size: float, bold: bool) -> bool:
    from meeting_packs.documents.docx_tools import text_width

    return text_width(text, size, bold) + 2 * 108 <= width_emu / 635  # EMU -> twips


@pytest.mark.parametrize("command", [("appendix", "risks"), ("appendix", "actions"), ("minutes", "template")])
def test_no_reference_initials_date_or_heading_breaks_inside_a_word(example_ws, tmp_path, command):
    target = tmp_path / "doc.docx"
    result = run(example_ws, *command, "sendpb", "2019-11-14", "--as-of", "2019-11-01", "-o", target)
    assert result.exit_code == 0, result.stderr
    broken = []
    for header, widths, rows in _column_widths(target):
        for row_index, row in enumerate(rows):
            for text, width in zip(row, widths):
                for word in text.split():
                    if len(word) <= 14 and not _fits(word, width, 9.5, row_index == 0):
                        broken.append((header[0], word))
    assert not broken, broken


def test_risk_appendix_shows_the_target_score_and_heat_map_words(example_ws, tmp_path):
    target = tmp_path / "risks.docx"
    assert run(example_ws, "appendix", "risks", "sendpb", "2019-11-14", "-o", target).exit_code == 0
    tables = all_tables_text(target)
    risks = next(t for t in tables if t[0][0] == "Ref")
    assert "Target" in risks[0]
    heat = next(t for t in tables if t[0][0].startswith("Likelihood"))
    assert "Impact" in heat[0][0] and heat[0][1] == "Impact 1", "axis titles"
    assert heat[1][0] == "Likelihood 5"
    bands = {"Low", "Moderate", "High"}
    assert all(cell.split("\n")[-1] in bands for row in heat[1:] for cell in row[1:]), "each cell's band in words"


# ------------------------------------------------------------------ 7. text exactly as typed

def test_leads_and_addresses_are_printed_as_typed(example_ws, tmp_path):
    for title, lead in (("Commercial strategy", "Director of Corporate and Commercial"),
                        ("Local offer website", "See www.example.gov.uk/send")):
        added = run(example_ws, "plan", "add", "sendpb", title, "--meeting", "2019-11-14", "--lead", lead)
        assert added.exit_code == 0, added.stderr
    target = tmp_path / "minutes.docx"
    assert run(example_ws, "minutes", "template", "sendpb", "2019-11-14", "-o", target).exit_code == 0
    text = full_text(target) + "\n".join(c for t in all_tables_text(target) for r in t for c in r)
    assert "Director of Corporate and Commercial" in text and "Corporate / Commercial" not in text
    assert "www.example.gov.uk/send" in text and "www.example.gov.uk / send" not in text


def test_initials_only_when_every_name_is_a_member():
    from meeting_packs.documents.context import initials_for
    from meeting_packs.model import Member

    members = [Member("b", "Ann Webb", "AW"), Member("b", "Jo Cole", "JC")]
    assert initials_for("Ann Webb and Jo Cole", members) == "AW / JC"
    assert initials_for("Ann Webb", members) == "AW"
    assert initials_for("Ann Webb and the Director", members) == "Ann Webb and the Director"
    assert initials_for("Director of Corporate and Commercial", members) == "Director of Corporate and Commercial"


# ------------------------------------------------------------------ 8. the smaller findings

def test_membership_is_one_member_per_line(example_ws, tmp_path):
    target = tmp_path / "agenda.docx"
    assert run(example_ws, "agenda", "sendpb", "2019-11-14", "--as-of", "2019-11-01", "-o", target).exit_code == 0
    texts = [text for _, text in paragraphs(target)]
    assert "Ian Thomas (Chair) – Chief Executive, Royal Borough of Kingston upon Thames" in texts
    assert not any(text.count(";") > 3 for text in texts), "a run-on paragraph of names"


def test_letter_report_is_set_to_a4_with_a_warning(example_ws):
    from docx import Document
    from docx.shared import Inches

    report = example_ws / "reports" / "Appendix D - Board Membership.docx"
    document = Document(str(report))
    for section in document.sections:
        section.page_width, section.page_height = Inches(8.5), Inches(11)
    document.save(str(report))
    result = run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", "2019-03-01")
    path = built(result, example_ws)
    assert "Appendix D" in result.stderr and "not on A4 paper" in result.stderr
    sizes = {(round(s.page_width.mm), round(s.page_height.mm)) for s in Document(str(path)).sections}
    assert sizes <= {(210, 297), (297, 210)}, sizes


def test_pack_keywords_name_the_meeting_not_the_folder(tmp_path, _pristine_example):
    root = tmp_path / "Private folder of Jo"
    shutil.copytree(_pristine_example, root)
    path = built(run(root, "pack", "hwb", "2019-03-28", "--as-of", "2019-03-01"), root)
    keywords = core(path)["keywords"]
    assert "Jo" not in keywords and "hwb" in keywords and "2019-03-28" in keywords, keywords


def test_documents_and_packs_get_the_same_mode(example_ws, tmp_path):
    document = built(run(example_ws, "agenda", "hwb", "2019-03-28", "--as-of", "2019-03-01"), example_ws)
    pack = built(run(example_ws, "pack", "hwb", "2019-03-28", "--as-of", "2019-03-01"), example_ws)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(document.stat().st_mode) == stat.S_IMODE(pack.stat().st_mode) == 0o666 & ~mask


def test_no_contact_set_gives_sensible_wording(workspace):
    with workspace.config_path.open("a", encoding="utf-8") as config:
        config.write('\n[boards.xyz]\nname = "Test Board"\n')
    from meeting_packs.documents.context import contact_line

    board = workspace.board("xyz")
    assert contact_line(board) == "the Democratic Services Officer"
    assert run(workspace.root, "meetings", "add", "xyz", "2026-12-10").exit_code == 0
    path = built(run(workspace.root, "appendix", "plan", "xyz", "2026-12-10", "--as-of", "2026-11-01"), workspace.root)
    assert any("to the Democratic Services Officer" in text for _, text in paragraphs(path))
