"""services.settings: a change is checked by the record rules the store reads settings
with, saved at once, or refused in one line with nothing saved; what the user types is
read into values; an SSH client's zone is offered only until the user has chosen one."""

from __future__ import annotations

import pytest

from rebound_tui.domain.models import Settings
from rebound_tui.serve.child import session_env
from rebound_tui.services import settings as service
from rebound_tui.services.settings import SettingRejected
from rebound_tui.store.repository import Repository


def test_a_change_is_saved_and_read_back(repo: Repository) -> None:
    updated = service.update_settings(
        repo, day_start_hour=6, new_per_day=12, learning_steps_minutes=(5, 30)
    )
    assert (updated.day_start_hour, updated.new_per_day) == (6, 12)
    assert repo.settings() == updated
    assert repo.settings().learning_steps_minutes == (5, 30)


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"day_start_hour": 24}, "day_start_hour", "must be between 0 and 23, got 24"),
        ({"desired_retention": 0.5}, "desired_retention", "must be between 0.7 and 0.99"),
        ({"new_per_day": -1}, "new_per_day", "must be between 0 and 10000, got -1"),
        ({"maximum_interval_days": 0}, "maximum_interval_days", "must be between 1 and"),
        ({"learning_steps_minutes": (1, 0)}, "learning_steps_minutes", "got 0"),
        ({"treat_minutes": 2000}, "treat_minutes", "must be between 1 and 1440"),
        ({"your_name": "x" * 10_001}, "your_name", "more than 10,000"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "not a time zone this system knows"),
        ({"timezone": "../etc"}, "timezone", "is not a time zone name"),
    ],
)
def test_a_refused_value_says_why_in_one_line_and_saves_nothing(
    repo: Repository, change: dict[str, object], field: str, problem: str
) -> None:
    before = (repo.data_dir / "settings.json").read_bytes()
    with pytest.raises(SettingRejected) as refused:
        service.update_settings(repo, **change)
    assert refused.value.field == field
    assert problem in refused.value.problem
    assert "\n" not in str(refused.value)
    assert (repo.data_dir / "settings.json").read_bytes() == before


def test_an_unknown_setting_is_a_programming_error(repo: Repository) -> None:
    with pytest.raises(TypeError, match="no such setting: colour"):
        service.update_settings(repo, colour="red")


def test_what_the_user_types_is_read() -> None:
    assert service.parse_hour(" 5 ") == 5
    assert service.parse_hour("05:00") == 5
    assert service.parse_retention("90%") == 0.9
    assert service.parse_retention("0.85") == 0.85
    assert service.parse_steps("1m, 10m 1h 1d", "learning_steps_minutes") == (1, 10, 60, 1440)
    assert service.parse_steps("", "relearning_steps_minutes") == ()
    assert service.format_steps((1, 10, 60, 1440)) == "1m 10m 1h 1d"
    assert service.format_steps(()) == "none"
    assert service.parse_whole("2y", "maximum_interval_days", {"d": 1, "y": 365}) == 730
    assert service.parse_whole("90 days", "maximum_interval_days", {"d": 1}) == 90
    for typed, parse in (
        ("soon", service.parse_hour),
        ("4:30", service.parse_hour),
        ("lots", service.parse_retention),
        ("10 parsecs", lambda t: service.parse_whole(t, "new_per_day")),
        ("1.5m", lambda t: service.parse_steps(t, "learning_steps_minutes")),
        ("ten", lambda t: service.parse_steps(t, "learning_steps_minutes")),
    ):
        with pytest.raises(SettingRejected):
            parse(typed)


def test_the_zone_list_puts_the_detected_zone_first() -> None:
    zones = service.time_zones(("America/Los_Angeles",))
    assert zones[0] == "America/Los_Angeles"
    assert zones.count("America/Los_Angeles") == 1
    assert "Europe/London" in zones and "localtime" not in zones
    assert zones[1:] == sorted(zones[1:])


@pytest.mark.parametrize(
    ("sent", "passed"),
    [
        ("America/Los_Angeles", "America/Los_Angeles"),
        (":Europe/Paris", "Europe/Paris"),
        ("EST5EDT,M3.2.0,M11.1.0", None),  # a POSIX rule, not a zone name
        ("../../etc/passwd", None),
        ("/etc/localtime", None),
        ("localtime", None),
        ("Mars/Olympus_Mons", None),
        ("Europe/Paris\x1b]0;x\x07", None),
        ("", None),
    ],
)
def test_an_ssh_clients_tz_reaches_the_session_only_as_a_known_zone(
    tmp_path, sent: str, passed: str | None
) -> None:
    env = session_env(tmp_path, "xterm-256color", {"TZ": sent})
    assert env.get(service.CLIENT_ZONE_ENV) == passed
    assert "TZ" not in env  # the machine's zone stays the store's first guess


def test_the_clients_zone_is_offered_until_the_user_chooses(repo: Repository) -> None:
    sent = {service.CLIENT_ZONE_ENV: "America/Los_Angeles"}
    assert repo.settings().timezone == "Europe/Berlin"
    assert service.zone_to_offer(repo, {}) is None
    assert service.zone_to_offer(repo, sent) == "America/Los_Angeles"
    service.keep_zone(repo)  # "n": the zone in use stays, and the question is not asked again
    assert repo.settings().timezone == "Europe/Berlin"
    assert service.zone_to_offer(repo, sent) is None
    service.update_settings(repo, timezone_chosen=False)
    service.choose_zone(repo, "America/Los_Angeles")  # "y"
    assert (repo.settings().timezone, repo.settings().timezone_chosen) == (
        "America/Los_Angeles",
        True,
    )
    assert service.zone_to_offer(repo, {service.CLIENT_ZONE_ENV: "Asia/Tokyo"}) is None


def test_the_offer_is_not_made_for_the_zone_already_in_use(repo: Repository) -> None:
    assert service.zone_to_offer(repo, {service.CLIENT_ZONE_ENV: "Europe/Berlin"}) is None
    assert Settings().timezone_chosen is False
