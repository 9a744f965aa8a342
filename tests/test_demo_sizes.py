"""The demo's sizes: `huge` is ten years at five times heavy, and every size writes what
its table promises, the same way every time."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from rebound_tui.cli import build_parser
from rebound_tui.domain.clock import FixedClock
from rebound_tui.services import demo
from rebound_tui.services.demo import SIZES, DemoSize, generate
from rebound_tui.store.repository import Repository


def test_huge_is_ten_years_at_five_times_heavy() -> None:
    heavy, huge = SIZES["heavy"], SIZES["huge"]
    assert heavy.days == 5 * 365
    assert huge.days == 10 * 365
    for field in fields(DemoSize):
        if field.name != "days":
            assert getattr(huge, field.name) == 5 * getattr(heavy, field.name), field.name


def test_the_demo_command_offers_huge() -> None:
    args = build_parser().parse_args(["demo", "--size", "huge", "--no-launch"])
    assert args.size == "huge"


def _written(data_dir: Path, clock: FixedClock, size: str) -> dict[str, int]:
    repo = Repository.open(data_dir, clock)
    counts = generate(repo, size)
    repo.close()
    return counts


def test_a_scaled_down_huge_writes_its_table_the_same_each_time(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Huge at a hundredth of its records over the same ten years: the counts are the
    table's, rebounds and pages follow the interviews, and two runs write the same files."""
    huge = SIZES["huge"]
    tiny = DemoSize(
        days=huge.days,
        interviews=huge.interviews // 100,
        checkins=huge.checkins // 100,
        reflections=huge.reflections // 100,
        cards=huge.cards // 100,
        reviews=huge.reviews // 100,
    )
    monkeypatch.setitem(demo.SIZES, "huge-hundredth", tiny)
    first = _written(tmp_path / "one", clock, "huge-hundredth")
    assert first["interviews"] == tiny.interviews
    assert first["checkins"] == tiny.checkins
    assert first["reflections"] == tiny.reflections
    assert first["cards"] == tiny.cards
    assert 0.5 * tiny.reviews <= first["reviews"] <= 1.5 * tiny.reviews
    assert 0 < first["rebounds"] < tiny.interviews
    assert 0 < first["written pages"] <= first["rebounds"]
    second = _written(tmp_path / "two", clock, "huge-hundredth")
    assert second == first
    one, two = _records(tmp_path / "one"), _records(tmp_path / "two")
    assert one.keys() == two.keys()
    for name, path in one.items():
        assert path.read_bytes() == two[name].read_bytes(), name


def _records(data_dir: Path) -> dict[Path, Path]:
    """The record files, by name: not backups, nor what the store derives from them in
    hidden directories (which may note when and where it read them)."""
    return {
        path.relative_to(data_dir): path
        for path in data_dir.rglob("*.json")
        if not any(
            part == "backups" or part.startswith(".") for part in path.relative_to(data_dir).parts
        )
    }


@pytest.mark.parametrize("hour", [3, 11, 23])
def test_no_check_in_is_dated_after_the_moment_the_demo_was_written(
    tmp_path: Path, hour: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Home said "Last check-in just now" on a fresh demo: everyday check-ins were spread
    up to the end of the last day, hours past the moment of writing."""
    from datetime import UTC, datetime

    monkeypatch.setitem(demo.SIZES, "long-small", DemoSize(400, 10, 400, 5, 10, 50))
    clock = FixedClock(datetime(2026, 11, 20, hour, 30, tzinfo=UTC))
    repo = Repository.open(tmp_path / "data", clock)
    generate(repo, "long-small")
    times = [checkin.at for checkin in repo.checkins.all()]
    repo.close()
    assert len(times) >= 400
    assert max(times) <= clock.now()
