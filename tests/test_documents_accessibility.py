"""Accessibility of the documents (Public Sector Bodies Accessibility Regulations 2018, WCAG 2.2 AA).

Checked through python-docx on the documents built from the example
workspace: header rows marked (and repeating), a title and a language, real
heading styles, a RAG cell never colour alone, label text with at least 4.5:1
contrast on its shading, and the wide appendices on landscape pages.  The
same checks run on a pack holding generated appendices, to show docxcompose
keeps them.
"""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from lxml import etree

from docx_extract import (core, header_repeat_flags, orientations, paragraphs, shaded_cells,
                          style_language)
from meeting_packs.config import contrast_ratio
from regenerate_golden import CASES, build_case, example_workspace, header_fill

CORE_NAMESPACES = {
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
    "http://purl.org/dc/dcmitype/",
}
IDS = [c.name for c in CASES]
TEMPLATE_TITLES = {"agenda", "action-appendix", "risk-appendix", "plan-appendix", "minutes-template"}


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    root = tmp_path_factory.mktemp("a11y")
    ws = example_workspace(root / "example")
    return ws, {case.name: build_case(ws, case, root / "out") for case in CASES}


@pytest.fixture(scope="module")
def docs(example):
    return example[1]


@pytest.fixture(scope="module")
def generated_pack(example):
    """The SEND board's pack: its action log (A) and risk register (B), plus the forward plan (C)."""
    from meeting_packs.documents.pack import build_pack
    from meeting_packs.forward_plan import add_item
    from meeting_packs.model import GeneratedPaper

    ws = example[0]
    day = dt.date(2019, 11, 14)
    add_item(ws, "sendpb", "Forward plan", meeting=day, paper=GeneratedPaper.PLAN)
    return build_pack(ws, "sendpb", "2019-11-14", today=dt.date(2019, 11, 1)).docx


def _board_colours(ws, board_code: str) -> dict[str, str]:
    """Every meaningful fill the board uses (RAG statuses and risk bands) → its label colour."""
    board = ws.board(board_code)
    colours = {band.colour.upper(): band.text_colour.upper() for band in board.risk_bands}
    colours.update({level.colour.upper(): level.text_colour.upper() for level in board.rag_scale.levels})
    return colours


def _contrast_problems(path, colours: dict[str, str]) -> list[str]:
    problems = []
    for cell in shaded_cells(path, ignore={header_fill()}):
        where = f"table {cell['table']}, row {cell['row']}, column {cell['column']} ({cell['text']!r} on {cell['fill']})"
        if cell["fill"] not in colours:
            problems.append(f"{where}: a fill that is neither a RAG status nor a risk band")
            continue
        if not cell["text"].strip():
            problems.append(f"{where}: shaded but empty - colour would be the only information")
        if not cell["colours"] or "AUTO" in cell["colours"]:
            problems.append(f"{where}: label text has no explicit colour (w:color) - got {cell['colours']}")
            continue
        for colour in cell["colours"]:
            ratio = contrast_ratio(colour, cell["fill"])
            if ratio < 4.5:
                problems.append(f"{where}: text {colour} has contrast {ratio:.2f}:1, below 4.5:1")
    return problems


# ------------------------------------------------------------------ tables

@pytest.mark.parametrize("name", IDS)
def test_every_table_has_a_repeating_header_row(docs, name):
    flags = header_repeat_flags(docs[name])
    if name == "appendix-plan-hwb-2019-03-28":
        assert flags == []  # lists, no tables
        return
    assert flags, f"{name}: no tables found"
    missing = [index for index, flag in enumerate(flags) if not flag]
    assert not missing, f"{name}: tables {missing} have no w:tblHeader on their first row"


def test_pack_keeps_header_rows_of_generated_appendices(generated_pack):
    flags = header_repeat_flags(generated_pack)
    assert len(flags) >= 8  # agenda table + the action log's and risk register's tables
    assert all(flags), f"tables without a header row in the pack: {[i for i, f in enumerate(flags) if not f]}"


# ------------------------------------------------------------------ title and language

@pytest.mark.parametrize("name", IDS)
def test_title_and_language_are_set(docs, name):
    props = core(docs[name])
    assert props["title"] and props["title"] not in TEMPLATE_TITLES, props
    assert props["language"] == "en-GB"
    assert style_language(docs[name]) == "en-GB", "w:lang missing from the style defaults"


def test_titles_name_the_board_and_the_document(docs):
    titles = {name: core(path)["title"] for name, path in docs.items()}
    assert titles["agenda-hwb-2019-03-28"] == "Health and Wellbeing Board – Agenda – 28 March 2019"
    assert "Action log" in titles["appendix-actions-sendpb-2019-11-14"]
    assert "Risk register" in titles["appendix-risks-sendpb-2019-11-14"]
    assert "Minutes" in titles["minutes-template-sendpb-2019-11-14"]
    assert all(t.count("SEND Partnership Board") == 1 for n, t in titles.items() if "sendpb" in n)
    # the marker `minutes import` uses to know which board and meeting a filled-in template belongs to
    assert core(docs["minutes-template-sendpb-2019-11-14"])["keywords"] == \
        "meeting-packs sendpb 2019-11-14; Minutes template"


@pytest.mark.parametrize("name", IDS + ["pack"])
def test_core_properties_stay_in_their_own_namespaces(docs, generated_pack, name):
    """docxcompose rebinds the `cp` prefix; a keyword written through it lands in the custom-properties
    namespace, which Word reports as unreadable content (docxtpl #471)."""
    path = generated_pack if name == "pack" else docs[name]
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("docProps/core.xml"))
    foreign = [child.tag for child in root if etree.QName(child).namespace not in CORE_NAMESPACES]
    assert not foreign, f"elements from other namespaces in docProps/core.xml: {foreign}"
    keywords = [c for c in root if etree.QName(c).localname == "keywords"]
    assert len(keywords) == 1, f"{len(keywords)} keywords elements in docProps/core.xml"
    assert (keywords[0].text or "").strip(), "the keywords were lost"


def test_pack_title_and_language(generated_pack):
    props = core(generated_pack)
    assert props["title"] == "SEND Partnership Board – Agenda pack – Thursday 14 November 2019"
    assert props["language"] == "en-GB"
    assert style_language(generated_pack) == "en-GB"


# ------------------------------------------------------------------ headings

HEADINGS = {
    "agenda-hwb-2019-03-28": {"Agenda": "Heading 1", "Welcome to this meeting": "Heading 1",
                              "Members": "Heading 1", "Appendices": "Heading 2", "Accessibility": "Heading 2"},
    "agenda-sendpb-2019-11-14": {"Agenda": "Heading 1", "Welcome to this meeting": "Heading 1"},
    "appendix-actions-sendpb-2019-11-14": {"Action log": "Heading 1", "RAG rating key": "Heading 2",
                                           "Summary": "Heading 2", "Actions": "Heading 2",
                                           "SEND Transformation Plan": "Heading 3"},
    "appendix-risks-sendpb-2019-11-14": {"Risk register": "Heading 1", "Heat map": "Heading 2",
                                         "Rating bands": "Heading 2", "Risks": "Heading 2"},
    "appendix-plan-hwb-2019-03-28": {"Work programme": "Heading 1", "Current scheduled items": "Heading 2",
                                     "Unscheduled items": "Heading 2", "3 September 2019": "Heading 3"},
    "minutes-template-sendpb-2019-11-14": {"Present": "Heading 1", "Apologies": "Heading 1",
                                           "Minutes": "Heading 1", "Matters arising": "Heading 1",
                                           "Future meeting dates": "Heading 1"},
}


@pytest.mark.parametrize("name", IDS)
def test_headings_use_heading_styles(docs, name):
    found = paragraphs(docs[name])
    styles = {}
    for style, text in found:
        styles.setdefault(text, style)
    for text, style in HEADINGS[name].items():
        assert styles.get(text) == style, f"{name}: {text!r} is styled {styles.get(text)!r}, not {style!r}"
    assert [s for s, _ in found].count("Title") == 1, f"{name}: expected exactly one Title paragraph"


@pytest.mark.parametrize("name", IDS)
def test_heading_levels_never_skip(docs, name):
    """Screen readers navigate by level: a Heading 2 needs a Heading 1 before it, and so on."""
    level = 0
    for style, text in paragraphs(docs[name]):
        if style.startswith("Heading "):
            new = int(style.split()[1])
            assert new <= level + 1, f"{name}: {text!r} is {style} straight after Heading {level}"
            level = new


# ------------------------------------------------------------------ colour and contrast

@pytest.mark.parametrize("name", ["appendix-actions-sendpb-2019-11-14", "appendix-risks-sendpb-2019-11-14"])
def test_shaded_cells_carry_text_with_enough_contrast(example, name):
    ws, docs = example
    cells = shaded_cells(docs[name], ignore={header_fill()})
    assert len(cells) >= 10, f"{name}: expected RAG / band / heat-map shading, found {len(cells)} cells"
    problems = _contrast_problems(docs[name], _board_colours(ws, "sendpb"))
    assert not problems, "\n".join(problems)


def test_every_rag_cell_in_the_action_log_is_labelled(example):
    ws, docs = example
    labels = {level.label for level in ws.board("sendpb").rag_scale.levels}
    cells = shaded_cells(docs["appendix-actions-sendpb-2019-11-14"], ignore={header_fill()})
    unlabelled = [c for c in cells if c["text"].strip() not in labels]
    assert not unlabelled, f"shaded cells whose text is not a RAG label: {unlabelled}"


def test_heat_map_cells_all_shaded_and_readable(example):
    ws, docs = example
    board = ws.board("sendpb")
    heat = [c for c in shaded_cells(docs["appendix-risks-sendpb-2019-11-14"], ignore={header_fill()})
            if c["table"] == 0]
    assert len(heat) == 25, "the 5 × 5 heat map should shade every cell"
    for cell in heat:
        likelihood = 6 - cell["row"]
        impact = cell["column"]
        assert cell["fill"] == board.band_for(likelihood * impact).colour.upper(), cell
        assert cell["text"].strip(), cell


def test_pack_with_generated_appendices_keeps_contrast(example, generated_pack):
    ws, _ = example
    cells = shaded_cells(generated_pack, ignore={header_fill()})
    assert len(cells) >= 25
    problems = _contrast_problems(generated_pack, _board_colours(ws, "sendpb"))
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ page orientation

@pytest.mark.parametrize("name", ["appendix-actions-sendpb-2019-11-14", "appendix-risks-sendpb-2019-11-14"])
def test_wide_appendices_are_landscape(docs, name):
    assert set(orientations(docs[name])) == {"landscape"}


@pytest.mark.parametrize("name", ["agenda-hwb-2019-03-28", "minutes-template-sendpb-2019-11-14",
                                  "appendix-plan-hwb-2019-03-28"])
def test_narrow_documents_are_portrait(docs, name):
    assert set(orientations(docs[name])) == {"portrait"}


def test_pack_keeps_landscape_for_the_generated_appendices(generated_pack):
    from docx_extract import footers

    sections = list(zip(orientations(generated_pack), footers(generated_pack)))
    by_letter = {}
    for orientation, footer in sections[1:]:
        by_letter.setdefault(footer["text"].split(" – ")[0], set()).add(orientation)
    assert by_letter["Appendix A"] == {"landscape"}  # action log
    assert by_letter["Appendix B"] == {"landscape"}  # risk register
    assert by_letter["Appendix C"] == {"portrait"}   # forward plan
    assert sections[0][0] == "portrait"              # the agenda
