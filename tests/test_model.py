"""Domain rules worked out once, in the model: as-at values, direction of travel, RAG ordering,
member matching and the board code."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meeting_packs import resources
from meeting_packs.config import load_boards
from meeting_packs.model import (Action, Direction, HistoryEntry, Member, MemberType, RagLevel, RagScale,
                                 direction_of_travel, end_of_day, existed_at, history_by_ref,
                                 match_member, name_key, normalise_board_code, rag_as_at, status_as_at,
                                 value_as_at)

BOARDS = load_boards(resources.example_dir() / "boards.toml")
SENDPB, HWB = BOARDS["sendpb"], BOARDS["hwb"]
START = dt.datetime(2026, 1, 5, 9, 0)


def _action(rag: str = "", meeting: dt.date | None = None) -> Action:
    return Action("SENDPB-A001", "sendpb", "Publish the local offer", "IT", dt.date(2026, 12, 31),
                  rag=rag, meeting=meeting)


# ------------------------------------------------------------------ value as at a moment

_changes = st.lists(st.tuples(st.integers(0, 60 * 24 * 30),              # minutes after START
                              st.sampled_from(["RAG", "Status"]),
                              st.sampled_from(SENDPB.rag_scale.labels)),
                    min_size=1, max_size=25)


@settings(max_examples=200, deadline=None)
@given(changes=_changes, probe=st.integers(-60, 60 * 24 * 31))
def test_value_as_at_is_the_last_change_recorded_at_or_before_the_moment(changes, probe):
    history = [HistoryEntry("sendpb-a001", START + dt.timedelta(minutes=m), what, "", new)
               for m, what, new in changes]
    entries = history_by_ref(history)["sendpb-a001"]        # sorted by time, as the documents do
    moment = START + dt.timedelta(minutes=probe)
    recorded = [(h.when, index, h.new) for index, h in enumerate(history)
                if h.field == "RAG" and h.when <= moment]
    expected = max(recorded)[2] if recorded else None       # a tie on time: the later row wins
    assert value_as_at(entries, "RAG", moment) == expected
    assert existed_at(entries, _action(), moment) == (min(h.when for h in history) <= moment)


@settings(max_examples=200, deadline=None)
@given(changes=_changes, now=st.sampled_from(SENDPB.rag_scale.labels), previous_day=st.integers(-1, 31))
def test_direction_of_travel_agrees_with_the_rag_ranks(changes, now, previous_day):
    history = sorted((HistoryEntry("SENDPB-A001", START + dt.timedelta(minutes=m), what, "", new)
                      for m, what, new in changes), key=lambda h: h.when)
    action = _action(rag=now)
    previous = START.date() + dt.timedelta(days=previous_day)
    direction = direction_of_travel(SENDPB, action, history, previous)
    then = rag_as_at(SENDPB, action, history, previous)
    scale = SENDPB.rag_scale
    if then is None:                     # not on the log yet at the previous meeting
        assert direction is Direction.NEW
    elif not then:                       # on the log, but not rated then
        assert direction is Direction.NEW
    elif scale.rank(now) > scale.rank(then):
        assert direction is Direction.IMPROVED
    elif scale.rank(now) < scale.rank(then):
        assert direction is Direction.WORSE
    else:
        assert direction is Direction.UNCHANGED


def test_direction_with_no_previous_meeting_or_no_history():
    assert direction_of_travel(HWB, _action("Red"), [], None) is Direction.NEW
    raised = dt.date(2026, 3, 1)
    assert direction_of_travel(HWB, _action("Red", raised), [], dt.date(2026, 2, 1)) is Direction.NEW
    # raised before the previous meeting with no history: its rating is taken as unchanged
    assert direction_of_travel(HWB, _action("Red", raised), [], dt.date(2026, 4, 1)) is Direction.UNCHANGED
    assert direction_of_travel(HWB, _action("Purple", raised), [], dt.date(2026, 4, 1)) is Direction.UNCHANGED


def test_status_and_rag_as_at_the_end_of_a_day():
    day = dt.date(2026, 5, 1)
    entries = [HistoryEntry("A", dt.datetime(2026, 4, 1, 9), "Status", "", "Open"),
               HistoryEntry("A", dt.datetime(2026, 4, 1, 9), "RAG", "", "Green"),
               HistoryEntry("A", dt.datetime(2026, 5, 1, 23, 0), "RAG", "Green", "Red"),
               HistoryEntry("A", dt.datetime(2026, 5, 2, 0, 0), "Status", "Open", "Complete")]
    assert end_of_day(day) == dt.datetime(2026, 5, 1, 23, 59, 59)
    assert rag_as_at(HWB, _action("Blue"), entries, day) == "Red"
    assert status_as_at(_action("Blue"), entries, day) == "Open"
    assert rag_as_at(HWB, _action("Blue"), entries, dt.date(2026, 3, 31)) is None


# ------------------------------------------------------------------ the RAG scale's order

def test_movement_follows_the_scales_order_worst_first():
    scale = SENDPB.rag_scale
    assert scale.movement("Red", "light GREEN") is Direction.IMPROVED
    assert scale.movement("Dark green", "Amber") is Direction.WORSE
    assert scale.movement("Amber", "amber") is Direction.UNCHANGED
    assert scale.complete.label == "Completed" and HWB.rag_scale.complete.label == "Blue"
    assert RagScale((RagLevel("Late", "C00000", "FFFFFF", ""),)).complete is None


@pytest.mark.parametrize("board, needing", [(HWB, ["Red", "Amber"]), (SENDPB, ["Red", "Amber"])])
def test_the_worse_half_of_the_open_statuses_needs_a_comment(board, needing):
    assert [label for label in board.rag_scale.labels if board.rag_scale.needs_comment(label)] == needing
    assert not board.rag_scale.needs_comment("Not a status")


def test_a_scale_of_its_own_decides_which_ratings_need_a_comment():
    levels = [RagLevel(label, "FFFFFF", "000000", "") for label in ("Stopped", "Late", "Slipping", "Fine",
                                                                      "Ahead", "Early")]
    scale = RagScale(tuple(levels) + (RagLevel("Done", "0070C0", "FFFFFF", "", complete=True),))
    assert [label for label in scale.labels if scale.needs_comment(label)] == ["Stopped", "Late", "Slipping"]


# ------------------------------------------------------------------ the risk band

@pytest.mark.parametrize("score, band", [(1, "Low"), (5, "Low"), (6, "Moderate"), (12, "Moderate"),
                                         (15, "High"), (25, "High"), (0, "Low"), (30, "High")])
def test_band_for_a_score(score, band):
    assert HWB.band_for(score).label == band


# ------------------------------------------------------------------ people and boards

MEMBERS = [Member("sendpb", "Ian Thomas", "IT", type=MemberType.CHAIR),
           Member("sendpb", "Ian Dodds", "ID"),
           Member("sendpb", "Dr Nina Grant", "NG"),
           Member("sendpb", "Ita Tomas", "IT2")]


@pytest.mark.parametrize("text, initials", [
    ("IT", "IT"), (" it ", "IT"), ("Ian Thomas", "IT"), ("ian  thomas", "IT"),
    ("Ian Thomas (Chair)", "IT"), ("Cllr Ian Thomas", "IT"), ("Councillor Ian Thomas (chair)", "IT"),
    ("Nina Grant", "NG"), ("Dr. Nina Grant", "NG"), ("it2", "IT2"),
    ("Ian", None), ("", None), ("   ", None), ("IT Thomas", None),
])
def test_match_member_by_initials_then_names_without_titles(text, initials):
    found = match_member(text, MEMBERS)
    assert (found.initials if found else None) == initials


def test_initials_win_over_a_name():
    """Someone whose name is another member's initials is not picked before that member."""
    members = [Member("hwb", "Ab", "XY"), Member("hwb", "Alan Brown", "AB")]
    assert match_member("AB", members).name == "Alan Brown"


@pytest.mark.parametrize("name, key", [("Cllr Ian Thomas (Chair)", "ian thomas"),
                                       ("  Ian   THOMAS ", "ian thomas"), ("Sir Ian (Member)", "ian"),
                                       ("Mr. Sam Smith (named substitute)", "sam smith")])
def test_name_key(name, key):
    assert name_key(name) == key


@pytest.mark.parametrize("text, code", [(" sendpb", "sendpb"), ("SENDPB ", "sendpb"), ("\tHwb\n", "hwb"),
                                        ("", ""), (None, "")])
def test_normalise_board_code(text, code):
    assert normalise_board_code(text) == code
