"""boards.toml: a board needs only a name; every mistake names the file, the board and the key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from meeting_packs.config import (DEFAULT_BANDS, DEFAULT_CLOSING, DEFAULT_OPENING, DEFAULT_RAG,
                                  STATUTORY_CLOSING, best_text_colour, contrast_ratio, load_boards)
from meeting_packs.errors import ConfigError

REPO_CONFIG = Path(__file__).resolve().parent.parent / "boards.toml"


def _load(tmp_path, text: str):
    path = tmp_path / "boards.toml"
    path.write_text(text, encoding="utf-8")
    return load_boards(path)


def test_a_board_with_only_a_name_gets_every_default(tmp_path):
    board = _load(tmp_path, '[boards.scb]\nname = "Safer Communities Board"\n')["scb"]
    assert board.code == "scb"
    assert board.name == board.short_name == "Safer Communities Board"
    assert board.statutory is False
    assert board.chairs == () and board.chair_title == "Chair"
    assert board.start == dt.time(10, 0) and board.end is None
    assert board.venue == board.council == ""
    assert board.contact.title == "Democratic Services Officer"
    assert board.opening_items == DEFAULT_OPENING
    assert board.closing_items == DEFAULT_CLOSING
    assert board.rag_scale.levels == DEFAULT_RAG
    assert board.risk_bands == DEFAULT_BANDS
    assert board.publication_days is None
    assert board.group_actions_by == "workstream"
    assert board.plain_strategies is True
    assert "{contact}" in board.forward_plan_invitation


def test_a_statutory_board_gets_the_statutory_defaults(tmp_path):
    board = _load(tmp_path, '[boards.hwb]\nname = "Health and Wellbeing Board"\nstatutory = true\n')["hwb"]
    assert board.publication_days == 5
    assert board.closing_items == STATUTORY_CLOSING
    assert [i.role for i in board.closing_items] == ["urgent", "exclusion"]


def test_two_chairs_make_co_chairs(tmp_path):
    board = _load(tmp_path, '[boards.hwb]\nname = "HWB"\nchairs = ["A Leader", "B Clinician"]\n')["hwb"]
    assert board.chairs == ("A Leader", "B Clinician")
    assert board.chair_title == "Co-Chair"


def test_the_example_workspace_boards_load():
    boards = load_boards(REPO_CONFIG)
    assert list(boards) == ["hwb", "sendpb"]
    hwb, sendpb = boards["hwb"], boards["sendpb"]
    assert hwb.statutory and not sendpb.statutory
    assert hwb.start == dt.time(18, 30) and sendpb.start == dt.time(9, 30)
    assert sendpb.rag_scale.labels == ["Red", "Amber", "Light green", "Dark green", "Completed"]
    assert [level.complete for level in sendpb.rag_scale.levels] == [False, False, False, False, True]
    assert sendpb.band_for(12).label == "Moderate" and sendpb.band_for(15).label == "High"
    assert hwb.band_for(15).label == "High"
    assert hwb.band_for(12).label == "Moderate" and hwb.band_for(5).label == "Low"
    assert hwb.group_actions_by == "meeting"
    assert [i.role for i in hwb.closing_items] == ["urgent", "exclusion"]


def test_rag_text_colours_default_to_the_readable_one(tmp_path):
    board = _load(tmp_path, '[boards.b]\nname = "B"\n[[boards.b.rag]]\nlabel = "Red"\ncolour = "C00000"\n'
                            '[[boards.b.rag]]\nlabel = "Amber"\ncolour = "#ffc000"\n')["b"]
    red, amber = board.rag_scale.levels
    assert (red.colour, red.text_colour) == ("C00000", "FFFFFF")
    assert (amber.colour, amber.text_colour) == ("FFC000", "000000")


@pytest.mark.parametrize("settings, key, problem", [
    ('statutory = "yes"', "statutory", "should be true or false, not 'yes'."),
    ("name = 5", "name", "should be text in quotes, not 5."),
    ('name = ""', "name", "is empty."),
    ("start = 1830", "start", 'should be a time such as "18:30", not 1830.'),
    ('start = "6.30pm"', "start", "'6.30pm' is not a time I can read."),
    ('chairs = "Ian Thomas"', "chairs", "should be a list, not 'Ian Thomas'."),
    ("chairs = [1, 2]", "chairs", "should be a list of names in quotes."),
    ('publication_days = "5"', "publication_days", "should be a whole number of clear working days "
                                                   "(0 to 30), not '5'."),
    ("publication_days = 45", "publication_days", "should be a whole number of clear working days "
                                                  "(0 to 30), not 45."),
    ('contact = "Marian"', "contact", "should be a table, not 'Marian'."),
    ('group_actions_by = "owner"', "group_actions_by", 'should be "workstream" or "meeting".'),
    ('strategy_labels = "fancy"', "strategy_labels", 'should be "plain"'),
    ('venu = "Guildhall"', "venu", "is not a setting I know. Known settings: "),
    ('opening_items = [{ text = "no title" }]', "opening_items[1]", "each item needs a title"),
    ('closing_items = [{ title = "X", role = "party" }]', "closing_items[1].role",
     "'party' is not one of actions, apologies, exclusion, forward_plan, minutes, urgent."),
    ('rag = [{ label = "Red", colour = "red" }]', "rag[1].colour",
     "colour 'red' should be six hex digits such as \"FFC000\"."),
    ("rag = []", "rag", "the RAG scale needs at least one status."),
    ('rag = [{ label = "Red" }, { label = "red" }]', "rag", "two RAG statuses have the same label."),
    ('risk_bands = [{ label = "Low", from = 1, to = 9 }]', "risk_bands",
     "no band covers the score(s) 10, 12, 15, 16, 20, 25."),
    ('risk_bands = [{ label = "Low", from = 1 }]', "risk_bands[1]", "each band needs label, from and to"),
])
def test_a_wrong_setting_names_file_board_and_key(tmp_path, settings, key, problem):
    name = "" if settings.startswith("name") else 'name = "Health and Wellbeing Board"\n'
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, f"[boards.hwb]\n{name}{settings}\n")
    assert str(caught.value).startswith(f"boards.toml, board 'hwb', key '{key}': {problem}")


def test_missing_name(tmp_path):
    with pytest.raises(ConfigError, match=r"^boards\.toml, board 'hwb', key 'name': is required"):
        _load(tmp_path, '[boards.hwb]\nvenue = "Guildhall"\n')


@pytest.mark.parametrize("text, message", [
    ("", "boards.toml has no boards. Add one, for example:"),
    ('[boards]\n', "boards.toml has no boards."),
    ('[boards.HWB]\nname = "X"\n', "boards.toml: board code 'HWB' should be short lower-case letters"),
    ('[boards.hwb]\nname = "X\n', "boards.toml: "),
    ('boards = 3\n', "boards.toml has no boards."),
    ('[boards]\nhwb = "Health"\n', "boards.toml: [boards.hwb] should be a table of settings."),
])
def test_whole_file_mistakes(tmp_path, text, message):
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    assert str(caught.value).startswith(message)


def test_toml_syntax_error_says_where(tmp_path):
    with pytest.raises(ConfigError, match=r"^boards\.toml: .*line 2.*Check the quotes and brackets"):
        _load(tmp_path, '[boards.hwb]\nname = "X\n')


def test_not_utf8(tmp_path):
    path = tmp_path / "boards.toml"
    path.write_bytes('[boards.hwb]\nname = "Caf\u00e9"\n'.encode("utf-16"))
    with pytest.raises(ConfigError, match=r"^boards\.toml is not a text file saved as UTF-8\."):
        load_boards(path)


def test_utf8_with_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "boards.toml"
    path.write_bytes('[boards.hwb]\nname = "Café Board"\n'.encode("utf-8-sig"))
    assert load_boards(path)["hwb"].name == "Café Board"


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match=r"boards\.toml does not exist\. Is this a workspace\?"):
        load_boards(tmp_path / "boards.toml")


def test_cli_reports_a_config_mistake_in_one_line(workspace, invoke):
    workspace.config_path.write_text('[boards.hwb]\nname = "HWB"\nstart = 1830\n', encoding="utf-8")
    result = invoke("boards")
    assert result.exit_code == 1
    assert result.output == ("Error: boards.toml, board 'hwb', key 'start': should be a time such as "
                             "\"18:30\", not 1830.\n")
    checked = invoke("check")
    assert checked.exit_code == 1
    assert "ERROR: boards.toml, board 'hwb', key 'start': should be a time such as \"18:30\", not 1830." \
        in checked.output


def test_check_flags_rag_colours_too_faint_to_read(workspace, invoke):
    workspace.config_path.write_text(
        '[boards.hwb]\nname = "HWB"\n[[boards.hwb.rag]]\nlabel = "Amber"\ncolour = "FFC000"\n'
        'text_colour = "FFFFFF"\n', encoding="utf-8")
    result = invoke("check")
    assert result.exit_code == 1
    assert ("ERROR: boards.toml, board 'hwb', RAG status 'Amber': the text colour FFFFFF on FFC000 has a "
            "contrast of 1.6:1; published documents need at least 4.5:1. Change text_colour.") in result.output


def test_a_third_board_is_one_more_entry(workspace, invoke):
    with workspace.config_path.open("a", encoding="utf-8") as config:
        config.write('\n[boards.scb]\nname = "Safer Communities Board"\n')
    result = invoke("actions", "add", "scb", "Agree the plan", "--owner", "JS", "--due", "2027-01-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == "SCB-A001\n"


def test_contrast():
    assert contrast_ratio("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("FFFFFF", "FFFFFF") == pytest.approx(1.0)
    assert best_text_colour("C00000") == "FFFFFF"
    assert best_text_colour("FFC000") == "000000"


@pytest.mark.parametrize("code", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_windows_device_names_are_refused_as_board_codes(tmp_path, code):
    with pytest.raises(ConfigError, match=f"board code '{code}' is a name Windows keeps for a device"):
        _load(tmp_path, f'[boards.{code}]\nname = "A board"\n')
