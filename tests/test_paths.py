"""Where data and saved letters may go."""

from __future__ import annotations

from pathlib import Path

import pytest

from rebound_tui.services.paths import CONFINE_ENV, letters_dir, writable_path


def test_unconfined_sessions_write_where_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CONFINE_ENV, raising=False)
    assert writable_path(tmp_path / "letter.txt") == (tmp_path / "letter.txt").resolve()
    assert letters_dir() == Path.home()


def test_hosted_sessions_stay_in_their_letters_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    users = tmp_path / "users"
    letters = users / "alice" / "letters"
    letters.mkdir(parents=True)
    (users / "bob" / "data").mkdir(parents=True)
    (letters / "sneaky").symlink_to(users / "bob" / "data")
    monkeypatch.setenv(CONFINE_ENV, str(letters))
    assert letters_dir() == letters
    assert writable_path(letters / "acme.txt") == (letters / "acme.txt").resolve()
    assert writable_path(letters / "sub" / "acme.txt") is not None
    for escape in (
        users / "bob" / "data" / "interviews.json",
        letters / ".." / "authorized_keys",
        letters / "sneaky" / "interviews.json",
        Path("/etc/passwd"),
        letters,
    ):
        assert writable_path(escape) is None, escape
