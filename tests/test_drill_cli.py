"""`rebound drill` opens today's queue straight away and exits when it is done."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card
from tests.helpers import REPO_ROOT, START, open_repo
from tests.terminal import Terminal


def test_nothing_to_drill_says_so_without_opening_the_app(
    capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())
    assert main(["drill", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.startswith("Nothing to drill right now.")


def test_bad_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["drill", "--limit", "0"])
    assert exit_info.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_drill_with_a_limit_exits_when_done(data_dir: Path, clock: FixedClock) -> None:
    repo = open_repo(data_dir, clock)
    repo.cards.put_many(
        Card(
            id=f"c{i}",
            question=f"Question number {i}",
            answer="An answer",
            created_at=clock.now() - timedelta(days=1, seconds=-i),
            due=clock.now(),
        )
        for i in range(3)
    )
    repo.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(TERM="xterm-256color", REBOUND_FAKE_NOW=START.isoformat())
    term = Terminal(["drill", "--limit", "1", "--data-dir", str(data_dir)], env, REPO_ROOT)
    try:
        term.wait_for("Question number 0")
        term.wait_for("New 3 · Learn 0 · Due 0")
        term.press("space")
        term.wait_for("Easy")
        term.press("4")  # Easy: out of today's queue, and the limit is reached
        status = term.wait_exit()
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        # Not "Drill done": two cards are still to drill today, as `rebound status` says.
        term.wait_for("Limit reached (1 card): 1 review of 1 card", timeout=5)
        term.wait_for("2 cards still to drill today.", timeout=5)
    finally:
        term.close()


def test_the_figures_status_kept_decide_without_opening_the_store(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`rebound drill` right after `rebound status` (or home): the kept figures say whether
    there is anything to drill; a write since then makes it read the store again."""
    from rebound_tui.cli import app as cli_app
    from rebound_tui.store.repository import Repository

    repo = open_repo(data_dir, clock)
    repo.close()
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())
    assert main(["status", "--data-dir", str(data_dir)]) == 0  # keeps: nothing to drill
    capsys.readouterr()
    opened: list[Path] = []
    real_open = Repository.open.__func__  # type: ignore[attr-defined]

    def spy(cls: type[Repository], path: Path, *args: object, **kwargs: object) -> Repository:
        opened.append(path)
        return real_open(cls, path, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(Repository, "open", classmethod(spy))
    launched: list[str] = []
    monkeypatch.setattr(cli_app, "launch", lambda args, *, start, **_: launched.append(start))
    assert main(["drill", "--data-dir", str(data_dir)]) == 0
    assert capsys.readouterr().out.startswith("Nothing to drill right now.")
    assert (opened, launched) == ([], [])

    repo = open_repo(data_dir, clock)  # a card since: the kept figures no longer hold
    repo.cards.put(Card(id="c", question="Why this role?", created_at=clock.now()))
    repo.close()
    opened.clear()
    assert main(["drill", "--data-dir", str(data_dir)]) == 0
    assert launched == ["drill"] and len(opened) == 1


def test_the_drill_starts_on_the_queue_the_command_worked_out(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no kept figures, `rebound drill` works today's queue out to decide whether to
    open; the drill screen is handed that queue rather than working it out again."""
    from rebound_tui.cli import app as cli_app

    repo = open_repo(data_dir, clock)
    repo.cards.put(Card(id="c", question="Why this role?", created_at=clock.now()))
    repo.close()
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())
    launched: list[dict[str, object]] = []
    monkeypatch.setattr(
        cli_app, "launch", lambda args, *, start, **options: launched.append(options)
    )
    assert main(["drill", "--data-dir", str(data_dir)]) == 0
    (options,) = launched
    queue = options["queue"]
    assert queue is not None and queue.queue.counts.new == 1  # type: ignore[attr-defined]


def test_the_queue_worked_out_before_the_drill_keeps_what_it_worked_out(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's card index, worked out again when missing (a restored or copied data
    directory), is kept by the `rebound drill` that worked it out: the next one reads
    it. (With the app starting on that queue, nothing else would keep it, and every
    drill would work it out again.)"""
    import shutil

    from rebound_tui.cli import app as cli_app

    repo = open_repo(data_dir, clock)
    repo.cards.put(Card(id="c", question="Why this role?", created_at=clock.now()))
    repo.close()
    kept = data_dir / ".rebound-summaries" / "card-index"
    shutil.rmtree(kept)
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())
    monkeypatch.setattr(cli_app, "launch", lambda args, *, start, **options: 0)
    assert main(["drill", "--data-dir", str(data_dir)]) == 0
    assert kept.is_dir() and any(kept.iterdir())


def test_nothing_to_drill_in_a_missing_data_directory_creates_none(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())
    missing = tmp_path / "nowhere"
    assert main(["drill", "--data-dir", str(missing)]) == 0
    assert capsys.readouterr().out.startswith("Nothing to drill right now.")
    assert not missing.exists()
