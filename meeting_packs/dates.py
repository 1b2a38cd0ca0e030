"""Strict UK dates, the words councils use for them, and working days."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .errors import InputError

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")

DATE_HELP = "Use YYYY-MM-DD or DD/MM/YYYY (day first), for example 2019-03-28 or 28/03/2019."


def parse_date(text: str, what: str = "date") -> dt.date:
    """Accept YYYY-MM-DD or DD/MM/YYYY only; anything else is refused with a message."""
    value = str(text).strip()
    match = _ISO.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _UK.match(value)
        if not match:
            raise InputError(f"'{value}' is not a {what} I can read. {DATE_HELP}")
        day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise InputError(f"'{value}' is not a real {what} (day {day}, month {month}, year {year}). "
                         f"{DATE_HELP}") from None


def parse_time(text: str, what: str = "time") -> dt.time:
    value = str(text).strip()
    match = _TIME.match(value)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise InputError(f"'{value}' is not a {what} I can read. Use the 24-hour clock, for example 18:30.")


@lru_cache(maxsize=4096)  # the same few dates recur on every row of a long appendix
def long_date(day: dt.date) -> str:
    """'Thursday 28 March 2019'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


@lru_cache(maxsize=4096)  # the same few dates recur on every row of a long appendix
def short_date(day: dt.date) -> str:
    """'28 March 2019'."""
    return f"{day.day} {day:%B %Y}"


@lru_cache(maxsize=4096)  # the same few dates recur on every row of a long appendix
def numeric_date(day: dt.date) -> str:
    """'28/03/2019', as staff type it."""
    return f"{day:%d/%m/%Y}"


def clock(time: dt.time) -> str:
    """'6.30pm', the way agendas print times."""
    hour = time.hour % 12 or 12
    suffix = "am" if time.hour < 12 else "pm"
    return f"{hour}{suffix}" if time.minute == 0 else f"{hour}.{time.minute:02d}{suffix}"


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    """England-and-Wales bank holidays, from the `holidays` library's maintained list."""
    return frozenset(_united_kingdom()(subdiv="ENG", years=year).keys())


@lru_cache(maxsize=1)
def _united_kingdom():
    """The library's United Kingdom calendar, loaded on its own.

    `holidays.country_holidays("GB")` imports the modules of all 250 countries first,
    half the cost of a publication deadline in `check` (issue 14); the UK module alone
    needs only the package's base classes.  Should a release move it,
    the library's own way is used.
    """
    import importlib.util

    try:
        package = importlib.util.find_spec("holidays")
        spec = importlib.util.spec_from_file_location(
            "holidays.countries.united_kingdom",
            f"{package.submodule_search_locations[0]}/countries/united_kingdom.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.UnitedKingdom
    except (ImportError, OSError, AttributeError, TypeError):
        import holidays

        return lambda subdiv, years: holidays.country_holidays("GB", subdiv=subdiv, years=years)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def clear_working_days_before(meeting: dt.date, days: int) -> dt.date:
    """The last day papers can be published and still leave `days` clear working days.

    Clear days exclude the day of publication and the day of the meeting, and here
    also weekends and England-and-Wales bank holidays.  The publication day itself
    must be a working day (the offices are open to inspection).
    """
    counted = 0
    day = meeting
    while counted < days:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    day -= dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    return day
