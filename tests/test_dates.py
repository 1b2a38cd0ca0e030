"""Strict UK dates (guarantee 12), the council's ways of writing them, and clear working days."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meeting_packs.dates import (DATE_HELP, clear_working_days_before, clock, is_working_day,
                                 long_date, numeric_date, parse_date, parse_time, short_date)
from meeting_packs.errors import InputError


@pytest.mark.parametrize("text, day", [
    ("01/02/2024", dt.date(2024, 2, 1)),      # day first: 1 February, never 2 January
    ("1/2/2024", dt.date(2024, 2, 1)),
    ("2024-02-01", dt.date(2024, 2, 1)),
    ("2024-2-1", dt.date(2024, 2, 1)),
    (" 28/03/2019 ", dt.date(2019, 3, 28)),
    ("29/02/2024", dt.date(2024, 2, 29)),
    ("31/12/9999", dt.date(9999, 12, 31)),
])
def test_accepted_dates(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text, message", [
    ("12/31/2024", "'12/31/2024' is not a real date (day 12, month 31, year 2024). "),
    ("29/02/2023", "'29/02/2023' is not a real date (day 29, month 2, year 2023). "),
    ("31/04/2024", "'31/04/2024' is not a real date (day 31, month 4, year 2024). "),
    ("2024-13-01", "'2024-13-01' is not a real date (day 1, month 13, year 2024). "),
    ("00/01/2024", "'00/01/2024' is not a real date (day 0, month 1, year 2024). "),
    ("01/02/24", "'01/02/24' is not a date I can read. "),
    ("01-02-2024", "'01-02-2024' is not a date I can read. "),
    ("2024/02/01", "'2024/02/01' is not a date I can read. "),
    ("1 February 2024", "'1 February 2024' is not a date I can read. "),
    ("Feb 1 2024", "'Feb 1 2024' is not a date I can read. "),
    ("next Tuesday", "'next Tuesday' is not a date I can read. "),
    ("", "'' is not a date I can read. "),
])
def test_refused_dates_say_what_to_type(text, message):
    with pytest.raises(InputError) as caught:
        parse_date(text)
    assert str(caught.value) == message + DATE_HELP


def test_refusal_names_what_the_date_is_for():
    with pytest.raises(InputError, match=r"^'12/31/2024' is not a real due date "):
        parse_date("12/31/2024", "due date")


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=dt.date(1000, 1, 1)))
def test_both_written_forms_read_back_as_the_same_day(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(numeric_date(day)) == day


@settings(max_examples=200, deadline=None)
@given(day=st.integers(1, 31), month=st.integers(13, 99), year=st.integers(1000, 9999))
def test_a_month_over_twelve_is_never_swapped_with_the_day(day, month, year):
    """US-style month/day is refused, never silently read the other way round."""
    with pytest.raises(InputError):
        parse_date(f"{day:02d}/{month:02d}/{year}")


@pytest.mark.parametrize("text, time", [("18:30", dt.time(18, 30)), ("9:30", dt.time(9, 30)),
                                        ("09.30", dt.time(9, 30)), ("00:00", dt.time(0, 0)),
                                        ("23:59", dt.time(23, 59))])
def test_accepted_times(text, time):
    assert parse_time(text) == time


@pytest.mark.parametrize("text", ["24:00", "18:60", "6pm", "6.30pm", "1830", "", "18:3"])
def test_refused_times(text):
    with pytest.raises(InputError) as caught:
        parse_time(text, "start time")
    assert str(caught.value) == (f"'{text}' is not a start time I can read. Use the 24-hour clock, "
                                 "for example 18:30.")


def test_date_words_as_councils_write_them():
    day = dt.date(2019, 3, 28)
    assert long_date(day) == "Thursday 28 March 2019"
    assert short_date(dt.date(2019, 3, 4)) == "4 March 2019"
    assert numeric_date(dt.date(2019, 3, 4)) == "04/03/2019"


@pytest.mark.parametrize("time, words", [(dt.time(18, 30), "6.30pm"), (dt.time(9, 0), "9am"),
                                         (dt.time(12, 0), "12pm"), (dt.time(0, 5), "12.05am"),
                                         (dt.time(21, 0), "9pm")])
def test_clock(time, words):
    assert clock(time) == words


@pytest.mark.parametrize("meeting, days, publish_by", [
    # the reference pack: Thursday 28 March 2019, five clear working days
    (dt.date(2019, 3, 28), 5, dt.date(2019, 3, 20)),
    # the early May bank holiday (Monday 6 May 2024) is not a working day
    (dt.date(2024, 5, 7), 5, dt.date(2024, 4, 26)),
    # Christmas, Boxing Day's substitute (Monday 28 December) and New Year's Day
    (dt.date(2027, 1, 7), 5, dt.date(2026, 12, 29)),
    # no clear days still means publishing on a working day before the meeting
    (dt.date(2024, 5, 7), 0, dt.date(2024, 5, 3)),
])
def test_clear_working_days(meeting, days, publish_by):
    assert clear_working_days_before(meeting, days) == publish_by


def test_working_days():
    assert is_working_day(dt.date(2026, 11, 23))        # a Monday
    assert not is_working_day(dt.date(2026, 11, 22))    # a Sunday
    assert not is_working_day(dt.date(2026, 12, 28))    # Boxing Day (substitute day)
    assert not is_working_day(dt.date(2024, 8, 26))     # summer bank holiday in England


@settings(max_examples=100, deadline=None)
@given(meeting=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
       days=st.integers(0, 10))
def test_publication_day_leaves_the_clear_days(meeting, days):
    publish_by = clear_working_days_before(meeting, days)
    assert is_working_day(publish_by)
    between = [publish_by + dt.timedelta(n) for n in range(1, (meeting - publish_by).days)]
    assert sum(is_working_day(d) for d in between) == days


def test_bank_holidays_are_the_librarys_england_and_wales_list():
    """The UK module loaded on its own (`dates._united_kingdom`) gives what `country_holidays` gives."""
    import holidays

    from meeting_packs import dates

    for year in range(2010, 2036):
        assert dates._bank_holidays(year) == frozenset(
            holidays.country_holidays("GB", subdiv="ENG", years=year).keys()), year
