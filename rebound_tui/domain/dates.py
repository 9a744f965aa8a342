"""Dates as people type them, read against a given `today`.

python-dateutil reads written dates ("2026-11-20", "20 Nov 2026", "March 3rd, 2027");
a small layer of our own reads the relative ones it does not, and decides what a date
that leaves something out means. A field says which way it faces: "past" for things
that happened (applied on), "future" for plans (a next step), "either" when it could be
both. What each form means, for `today` a Thursday, 26 November 2026:

- "today", "yesterday", "tomorrow".
- "friday" alone: a past-facing field takes the latest Friday on or before today, a
  future- or either-facing one the first on or after today. Today's weekday alone is
  today. Names may be cut short: "fri", "tue", "thurs".
- "last friday": the latest Friday strictly before today (1 to 7 days ago), so "last
  thursday" is 19 November. "next friday": the first strictly after today (1 to 7
  days on), so "next thursday" is 3 December. "this friday": the Friday of this
  Monday-to-Sunday week, before or after today.
- "in 3 days", "2 weeks ago", "a month ago", "in one year", "3 days from now": days and
  weeks count days; months and years count on the calendar and keep the day of the
  month, or the month's last day if it has no such day (31 Jan + 1 month is 28 Feb, or
  29 Feb in a leap year; 29 Feb 2028 - 1 year is 28 Feb 2027).
- A date without a year ("20 nov", "feb 29"): in a past-facing field the latest such day
  on or before today, in a future-facing one the first on or after today, in an
  either-facing one the nearest to today (the earlier on a tie). A day alone ("the
  20th") likewise, month by month.
- Anything else dateutil reads with a day, a month and a year; "03/04/2026" is 4 March
  (month first) and "20/11/2026" is 20 November (20 is no month). A weekday written
  beside a full date must be that date's weekday.

Every date lies in the years Rebound keeps (1970-2199). A text that is not a date gets
one short line that says what was understood or which forms work.
"""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import date, datetime, timedelta
from typing import Literal

from rebound_tui.domain.record_rules import DATE_MAX, DATE_MIN

Facing = Literal["past", "future", "either"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_NAMES = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{name[:3]: i for i, name in enumerate(WEEKDAYS)},
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_UNITS = ("day", "week", "month", "year")
_MONTHS = tuple(name.lower() for name in calendar.month_name[1:])
# Words a typo is matched against, and words that are never a typo.
_VOCABULARY = (
    "today",
    "yesterday",
    "tomorrow",
    "last",
    "next",
    "this",
    "ago",
    "from",
    "now",
    *WEEKDAYS,
    *_MONTHS,
    *(unit + "s" for unit in _UNITS),
    *_UNITS,
    *(word for word in _NUMBER_WORDS if len(word) > 2),
)
_KNOWN = {
    *_VOCABULARY,
    *_WEEKDAY_NAMES,
    *(name.lower() for name in calendar.month_abbr[1:]),
    "sept",
    "in",
    "on",
    "the",
    "of",
    "at",
    "st",
    "nd",
    "rd",
    "th",
    "a",
    "an",
}
_RELATIVE = re.compile(
    r"(?P<in>in )?(?P<n>\d+|[a-z]+) (?P<unit>day|week|month|year)s?"
    r"(?P<ago> ago| from now)?"
)
_LONGEST = 100


def parse_day(text: str, today: date, facing: Facing = "either") -> date | None:
    """The day `text` names, read against `today` for a field that faces `facing` (see
    the module's docstring for every form). Empty text is None; anything unreadable, or
    outside the years Rebound keeps (1970-2199), raises ValueError with one short line
    that quotes the text."""
    cleaned = " ".join(text.strip().lower().split()).rstrip(".")
    if not cleaned:
        return None
    shown = _shown(text)
    if len(cleaned) > _LONGEST:
        raise ValueError(f"{shown} is not a date I can read (try {today.isoformat()})")
    try:
        day = _read(cleaned, today, facing)
    except _Unreadable as problem:
        raise ValueError(f"{shown} {problem.explanation(cleaned, today, facing)}") from None
    except OverflowError:
        day = None
    if day is None or not DATE_MIN <= day <= DATE_MAX:
        raise ValueError(f"{shown} is too far away (dates run from 1970 to 2199)")
    return day


def describe_day(day: date) -> str:
    """'Friday 27 November 2026': how a form says back the date it understood."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def examples(facing: Facing) -> str:
    """Two relative forms that work in a field facing `facing`, for hints and messages."""
    if facing == "past":
        return "last fri, 3 days ago"
    if facing == "future":
        return "friday, in 2 weeks"
    return "last fri, in 2 weeks"


class _Unreadable(Exception):
    """Not a date; `reason` says what was understood, if anything."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason)
        self.reason = reason

    def explanation(self, cleaned: str, today: date, facing: Facing) -> str:
        if self.reason:
            return self.reason
        guess = _corrected(cleaned)
        if guess is not None:
            try:
                _read(guess, today, facing)
            except (_Unreadable, ValueError, OverflowError):
                pass
            else:
                return f"is not a date I can read — did you mean '{guess}'?"
        return f"is not a date I can read — try {examples(facing)}, {today.isoformat()}"


def _shown(text: str) -> str:
    shown = text.strip()
    return repr(shown if len(shown) <= 40 else shown[:39] + "…")


def _read(cleaned: str, today: date, facing: Facing) -> date:
    cleaned = re.sub(r"^(on )?(the )?", "", cleaned) or cleaned
    named = {"today": 0, "yesterday": -1, "tomorrow": 1}
    if cleaned in named:
        return today + timedelta(days=named[cleaned])
    words = cleaned.split()
    if len(words) <= 2 and words[-1] in _WEEKDAY_NAMES:
        return _weekday(words, today, facing)
    if len(words) == 2 and words[0] in ("last", "next", "this") and words[1] in _UNITS:
        unit = words[1]
        raise _Unreadable(
            f"is not one day — try '{words[0]} monday' or "
            + (f"'in 1 {unit}'" if words[0] == "next" else f"'1 {unit} ago'")
        )
    relative = _RELATIVE.fullmatch(cleaned)
    if relative:
        return _relative(relative, today)
    if cleaned.isdigit() and len(cleaned) != 8:
        raise _Unreadable()  # "5" or "2026" alone: a count, a day or a year?
    return _written(cleaned, today, facing)


def _weekday(words: list[str], today: date, facing: Facing) -> date:
    target = _WEEKDAY_NAMES[words[-1]]
    which = words[0] if len(words) == 2 else ("last" if facing == "past" else "coming")
    ahead = (target - today.weekday()) % 7  # 0 when today is that weekday
    if which == "coming":
        return today + timedelta(days=ahead)
    if which == "next":
        return today + timedelta(days=ahead or 7)
    if which == "this":
        return today + timedelta(days=target - today.weekday())
    if which == "last":
        back = (today.weekday() - target) % 7
        return today - timedelta(days=back if len(words) == 1 else back or 7)
    raise _Unreadable()


def _relative(match: re.Match[str], today: date) -> date:
    count_text, unit = match.group("n"), match.group("unit")
    if count_text.isdigit():
        count = int(count_text)
    elif count_text in _NUMBER_WORDS:
        count = _NUMBER_WORDS[count_text]
    else:
        raise _Unreadable()
    if bool(match.group("in")) + bool(match.group("ago")) != 1:
        example = f"{count_text} {unit}s"
        raise _Unreadable(f"is not a date I can read — 'in {example}' or '{example} ago'?")
    sign = -1 if match.group("ago") == " ago" else 1
    if count > 400_000:  # past every kept year whatever the unit
        raise OverflowError
    if unit in ("day", "week"):
        return today + timedelta(days=sign * count * (7 if unit == "week" else 1))
    from dateutil.relativedelta import relativedelta  # dateutil costs start-up time

    step = relativedelta(months=count) if unit == "month" else relativedelta(years=count)
    try:
        moved: date = today + step if sign > 0 else today - step
    except ValueError as error:  # beyond year 9999 or before year 1
        raise OverflowError from error
    return moved


def _written(cleaned: str, today: date, facing: Facing) -> date:
    """A date dateutil reads; what it leaves out is found by reading it against two
    defaults that differ in year, month and day, and chosen by `facing`."""
    from dateutil import parser  # dateutil costs start-up time

    try:
        first = parser.parse(cleaned, default=datetime(2000, 1, 1)).date()
        second = parser.parse(cleaned, default=datetime(2004, 3, 2)).date()
    except parser.ParserError as error:
        if "out of range" in str(error):
            raise _Unreadable("is not a date: that month has no such day") from None
        raise _Unreadable() from None
    except (ValueError, OverflowError):
        raise _Unreadable() from None
    if first.day != second.day:
        raise _Unreadable(f"has no day — add one, as in {today.day} {today:%b %Y}")
    named = {_WEEKDAY_NAMES[w] for w in re.findall(r"[a-z]+", cleaned) if w in _WEEKDAY_NAMES}
    if first.month == second.month and first.year == second.year:
        day = first
    elif first.month == second.month:
        day = _nearest(today, facing, _by_year(today, first.month, first.day))
    elif first.year != second.year:
        day = _nearest(today, facing, _by_month(today, first.day))
    else:
        raise _Unreadable(f"has no month — add one, as in {today.day} {today:%b %Y}")
    if named and named != {day.weekday()}:
        raise _Unreadable(f"does not agree: {day.day} {day:%B %Y} is a {day:%A}")
    return day


def _by_year(today: date, month: int, day: int) -> tuple[date, date]:
    """The latest `month`/`day` on or before today and the first on or after it (29
    February can be eight years away)."""
    years = [today.year + k for k in range(-8, 9) if _exists(today.year + k, month, day)]
    return _around(today, [date(year, month, day) for year in years])


def _by_month(today: date, day: int) -> tuple[date, date]:
    """The latest day-of-month `day` on or before today and the first on or after it."""
    months = [today.year * 12 + today.month - 1 + k for k in range(-12, 13)]
    found = [date(m // 12, m % 12 + 1, day) for m in months if _exists(m // 12, m % 12 + 1, day)]
    return _around(today, found)


def _around(today: date, found: list[date]) -> tuple[date, date]:
    before = [d for d in found if d <= today]
    after = [d for d in found if d >= today]
    if not before or not after:
        raise OverflowError
    return max(before), min(after)


def _nearest(today: date, facing: Facing, candidates: tuple[date, date]) -> date:
    before, after = candidates
    if facing == "past":
        return before
    if facing == "future":
        return after
    return before if today - before <= after - today else after


def _exists(year: int, month: int, day: int) -> bool:
    return 1 <= year <= 9999 and day <= calendar.monthrange(year, month)[1]


def _corrected(cleaned: str) -> str | None:
    """`cleaned` with each misspelt word replaced by the nearest date word, or None when
    no word looks misspelt ('fryday' -> 'friday', 'nxt mon' -> 'next mon')."""
    changed = False
    words = []
    for word in cleaned.split():
        if word.isalpha() and len(word) >= 3 and word not in _KNOWN:
            close = difflib.get_close_matches(word, _VOCABULARY, n=1, cutoff=0.75)
            if close:
                word, changed = close[0], True
        words.append(word)
    return " ".join(words) if changed else None
