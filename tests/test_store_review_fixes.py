"""Store fixes from the review of issue 9: a committed journal survives a read error, a
review moved to another month leaves no copy behind, a directory where a data file should
be is set aside, the checked-files cache sees an in-place edit, and a refused import leaves
no backup behind."""

from __future__ import annotations

import errno
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rebound_tui.clock import FixedClock
from rebound_tui.domain.models import CheckIn, Interview
from rebound_tui.store import repository as repository_module
from rebound_tui.store.errors import StoreError
from rebound_tui.store.repository import JOURNAL_DIR, JOURNAL_MANIFEST, Repository
from rebound_tui.store.storage import AtomicJSONStorage


def _half_applied_journal(
    data_dir: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A two-file batch whose second live file fails to be written: committed (the
    manifest is durable), half applied."""
    repo = Repository.open(data_dir, clock)
    real_commit = AtomicJSONStorage.commit_payload
    calls = 0

    def flaky(self: AtomicJSONStorage, payload: bytes, data: object = None) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(errno.EIO, "Input/output error")
        real_commit(self, payload, data)  # type: ignore[arg-type]

    monkeypatch.setattr(AtomicJSONStorage, "commit_payload", flaky)
    with pytest.raises(StoreError), repo.batch():
        repo.interviews.put(Interview(id="i1", company="Acme"))
        repo.checkins.put(CheckIn(id="c1", at=datetime(2026, 11, 1, tzinfo=UTC)))
    monkeypatch.undo()
    repo.close()
    assert (data_dir / JOURNAL_DIR / JOURNAL_MANIFEST).is_file()


@pytest.mark.parametrize("code", [errno.EIO, errno.EMFILE, errno.EACCES])
@pytest.mark.parametrize("which", ["file", "manifest"])
def test_a_committed_journal_is_kept_when_it_cannot_be_read(
    data_dir: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    code: int,
    which: str,
) -> None:
    """A read error on a committed journal was taken for an unfinished one and the
    journal deleted: half an import for ever. Now the open says so in one line, keeps the
    journal, and the next open finishes it."""
    _half_applied_journal(data_dir, clock, monkeypatch)
    real_read = repository_module.read_regular_file

    def failing(path: Path) -> bytes:
        if path.parent.name == JOURNAL_DIR and (path.name == JOURNAL_MANIFEST) == (
            which == "manifest"
        ):
            raise OSError(code, "simulated")
        return real_read(path)

    monkeypatch.setattr(repository_module, "read_regular_file", failing)
    with pytest.raises(StoreError) as caught:
        Repository.open(data_dir, clock)
    message = str(caught.value)
    assert "\n" not in message and str(data_dir) in message
    assert (data_dir / JOURNAL_DIR / JOURNAL_MANIFEST).is_file()
    monkeypatch.undo()
    repo = Repository.open(data_dir, clock)
    assert [i.id for i in repo.interviews.all()] == ["i1"]
    assert [c.id for c in repo.checkins.all()] == ["c1"]
    assert not (data_dir / JOURNAL_DIR).exists()
