"""The safety net's rules: which check-ins call for the "talk to someone" card, and the
once-a-day rule for showing it (pure domain, plus the service over a real store)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from rebound_tui.domain.care import care_due, care_reason, latest_trigger, note_flags
from rebound_tui.domain.models import CheckIn
from rebound_tui.services import care, checkins
from rebound_tui.services.settings import settings
from rebound_tui.store.repository import Repository

ZONE = "Europe/Berlin"
NOW = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)  # 16:00 in Berlin


def check(
    hours_ago: float,
    pleasantness: int = 0,
    *,
    words: tuple[str, ...] = (),
    intensity: int | None = None,
    note: str = "",
    ident: str | None = None,
) -> CheckIn:
    return CheckIn(
        id=ident or f"c{hours_ago}",
        at=NOW - timedelta(hours=hours_ago),
        pleasantness=pleasantness,
        words=words,
        intensity=intensity,
        note=note,
        tz=ZONE,
    )


def reason(checkin: CheckIn, earlier: list[CheckIn] | None = None) -> str | None:
    return care_reason(checkin, earlier or [], ZONE)


# -- what raises the card -------------------------------------------------------------
@pytest.mark.parametrize("word", ["hopeless", "worthless", "Hopeless"])
def test_a_picked_word_like_hopeless_raises_the_card(word: str) -> None:
    assert reason(check(0, -1, words=("tired", word))) == "words"


@pytest.mark.parametrize(
    "note",
    [
        "I feel WORTHLESS today",
        "there's no point any more",
        "I can't go on like this",
        "I cant go on",
        "I might hurt myself",
        "I want to end it all",
    ],
)
def test_a_phrase_in_the_note_raises_the_card(note: str) -> None:
    assert note_flags(note)
    assert reason(check(0, 0, note=note)) == "note"


@pytest.mark.parametrize(
    "note",
    ["it was pointless small talk", "I'll send it tomorrow", "my point is", "hurt my knee", ""],
)
def test_ordinary_notes_do_not(note: str) -> None:
    assert not note_flags(note)
    assert reason(check(0, 0, note=note)) is None


def test_an_ordinary_sad_check_in_does_not() -> None:
    assert reason(check(0, -2, words=("sad", "hurt"), intensity=7)) is None


def test_the_lowest_row_at_high_strength_raises_it() -> None:
    assert reason(check(0, -3, intensity=8)) == "lowest"
    assert reason(check(0, -3, intensity=7)) is None
    assert reason(check(0, -3)) is None  # strength never set
    assert reason(check(0, -2, intensity=10)) is None


def test_low_check_ins_on_three_days_of_a_week_raise_it() -> None:
    earlier = [check(24 * 5, -2), check(24 * 2, -3)]
    assert reason(check(0, -2), earlier) == "low-days"


def test_two_low_days_or_three_spread_over_more_than_a_week_do_not() -> None:
    assert reason(check(0, -2), [check(24 * 2, -2)]) is None
    assert reason(check(0, -2), [check(24 * 7 + 1, -2), check(24 * 8, -2)]) is None
    # Three low check-ins on one day are one low day.
    assert reason(check(0, -2), [check(1, -2), check(2, -3)]) is None
    # The check-in itself must be low.
    assert reason(check(0, 1), [check(24, -2), check(48, -2)]) is None


def test_low_days_are_local_days_starting_at_day_start_hour() -> None:
    # 02:30 and 05:00 Berlin on the same calendar date: two drill days at 04:00, one at 00:00.
    night = datetime(2026, 11, 26, 1, 30, tzinfo=UTC)
    morning = datetime(2026, 11, 26, 4, 0, tzinfo=UTC)
    earlier = [CheckIn(id="a", at=night, pleasantness=-2, tz=ZONE)]
    latest = CheckIn(id="b", at=morning, pleasantness=-2, tz=ZONE)
    week_ago = CheckIn(id="c", at=morning - timedelta(days=3), pleasantness=-2, tz=ZONE)
    assert care_reason(latest, [week_ago, *earlier], ZONE, 4) == "low-days"
    assert care_reason(latest, [week_ago, *earlier], ZONE, 0) is None


def test_a_trend_getting_heavier_raises_it() -> None:
    earlier = [check(24 * 6, 2), check(24 * 4, 1), check(24 * 2, 0)]
    assert reason(check(0, -1), earlier) == "heavier"


def test_a_falling_line_ending_low_raises_it() -> None:
    earlier = [check(24 * 9, 2), check(24 * 7, 2), check(24 * 5, 0), check(24 * 3, 0)]
    assert reason(check(0, -2), earlier) == "heavier"


def test_no_trend_when_too_few_too_old_or_not_ending_low() -> None:
    assert reason(check(0, -1), [check(48, 1), check(24, 0)]) is None
    old = [check(24 * 20, 2), check(24 * 18, 1), check(24 * 16, 0)]
    assert reason(check(0, -1), old) is None
    assert reason(check(0, 0), [check(72, 3), check(48, 2), check(24, 1)]) is None
    assert reason(check(0, -1), [check(72, 0), check(48, 1), check(24, 0)]) is None


# -- when it is shown -----------------------------------------------------------------
def test_the_newest_trigger_of_the_week_is_the_one_shown() -> None:
    low = check(24 * 2, -3, intensity=9, ident="low")
    later = check(1, 1, ident="fine")
    notice = latest_trigger([low, later], NOW, ZONE)
    assert notice is not None and notice.checkin_id == "low" and notice.reason == "lowest"
    assert latest_trigger([check(24 * 8, -3, intensity=9)], NOW, ZONE) is None
    assert latest_trigger([check(-1, -3, intensity=9)], NOW, ZONE) is None  # not yet


def test_shown_until_put_away_and_not_again_that_day() -> None:
    first = check(3, -3, intensity=9, ident="first")
    assert care_due([first], None, NOW, ZONE) is not None
    put_away = NOW - timedelta(hours=2)
    assert care_due([first], put_away, NOW, ZONE) is None
    # Another very low check-in the same day: not raised again today.
    second = check(1, -3, intensity=10, ident="second")
    assert care_due([first, second], put_away, NOW, ZONE) is None
    # The next day it is.
    tomorrow = NOW + timedelta(days=1)
    notice = care_due([first, second], put_away, tomorrow, ZONE)
    assert notice is not None and notice.checkin_id == "second"
    # But not for what was already seen.
    assert care_due([first], put_away, tomorrow, ZONE) is None


def test_the_day_put_away_ends_at_day_start_hour() -> None:
    evening = datetime(2026, 11, 26, 22, 0, tzinfo=UTC)  # 23:00 Berlin
    low = CheckIn(id="x", at=evening + timedelta(minutes=30), pleasantness=-3, intensity=9)
    put_away = evening
    before_four = datetime(2026, 11, 27, 2, 30, tzinfo=UTC)  # 03:30 Berlin, same drill day
    after_four = datetime(2026, 11, 27, 3, 30, tzinfo=UTC)  # 04:30 Berlin, the next one
    assert care_due([low], put_away, before_four, ZONE, 4) is None
    assert care_due([low], put_away, after_four, ZONE, 4) is not None
    assert care_due([low], put_away, before_four, ZONE, 0) is not None


# -- the service ----------------------------------------------------------------------
def test_the_service_reads_recent_check_ins_and_saves_putting_it_away(repo: Repository) -> None:
    now = repo.clock.now()
    old = CheckIn(id="old", at=now - timedelta(days=40), pleasantness=-3, intensity=9)
    checkins.save_checkin(repo, old)
    assert care.recent_checkins(repo, now) == []
    assert care.care_card(repo, now) is None
    low = replace_at(checkins.new_checkin(repo), -3, 9)
    checkins.save_checkin(repo, low)
    notice = care.care_card(repo, now)
    assert notice is not None and notice.checkin_id == low.id
    care.dismiss_care(repo, now)
    assert settings(repo).care_dismissed_at == now
    assert care.care_card(repo, now) is None


def replace_at(checkin: CheckIn, pleasantness: int, intensity: int) -> CheckIn:
    from dataclasses import replace

    return replace(checkin, pleasantness=pleasantness, intensity=intensity)
