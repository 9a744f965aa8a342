"""`rebound search TEXT [--json]`: one line per hit, or a JSON list; exit 0 when found,
1 when nothing is (like grep), 2 for bad usage; user text never talks to the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import JournalEntry
from tests.helpers import open_repo
from tests.test_search_service import seed_everything


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def seeded(data_dir: Path, clock: FixedClock) -> Path:
    repo = open_repo(data_dir, clock)
    seed_everything(repo, clock)
    repo.close()
    return data_dir


def test_found_prints_one_line_per_hit_and_exits_0(
    capsys: pytest.CaptureFixture[str], seeded: Path
) -> None:
    code, out, err = run(capsys, "search", "--data-dir", str(seeded), "Tangerine")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "2026-11-24  reflection  Tell me about marmalade — tangerine",
    ]


def test_several_words_need_not_be_quoted(
    capsys: pytest.CaptureFixture[str], seeded: Path
) -> None:
    code, out, _ = run(capsys, "search", "--data-dir", str(seeded), "nebula", "cobalt")
    assert code == 0
    assert out.splitlines() == ["2026-11-21  card        What is a nebula?"]


def test_nothing_found_exits_1_quietly(capsys: pytest.CaptureFixture[str], seeded: Path) -> None:
    assert run(capsys, "search", "--data-dir", str(seeded), "xylophone") == (1, "", "")
    code, out, _ = run(capsys, "search", "--json", "--data-dir", str(seeded), "xylophone")
    assert (code, json.loads(out)) == (1, [])


def test_bad_usage_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], seeded: Path) -> None:
    code, out, err = run(capsys, "search", "--data-dir", str(seeded), "  ")
    assert (code, out) == (2, "")
    assert err == "rebound: error: give a word to search for, e.g. rebound search deadline\n"
    with pytest.raises(SystemExit) as raised:
        main(["search", "--data-dir", str(seeded)])
    assert raised.value.code == 2
    assert "required: TEXT" in capsys.readouterr().err


def test_json_is_a_list_of_hits(capsys: pytest.CaptureFixture[str], seeded: Path) -> None:
    code, out, _ = run(capsys, "search", "--json", "--data-dir", str(seeded), "a")
    assert code == 0
    hits = json.loads(out)
    assert [hit["kind"] for hit in hits][:3] == ["feedback", "journal", "reflection"]
    assert set(hits[0]) == {"kind", "id", "title", "when", "date", "snippet"}
    assert hits[1] == {
        "kind": "journal",
        "id": "jn1",
        "title": "Free writing",
        "when": "2026-11-25T15:00:00+00:00",
        "date": "2026-11-25",
        "snippet": "The driftwood day",
    }


def test_escape_sequences_in_user_text_are_printed_harmlessly(
    capsys: pytest.CaptureFixture[str], data_dir: Path, clock: FixedClock
) -> None:
    repo = open_repo(data_dir, clock)
    hostile = "retitle \x1b]0;pwned\x07 and \x9b31m red \u202e end"
    repo.journal.put(JournalEntry(id="jn1", written_at=clock.now(), text=hostile))
    repo.close()
    code, out, _ = run(capsys, "search", "--data-dir", str(data_dir), "retitle")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\\x1b]0;pwned\\x07" in out
    code, out, _ = run(capsys, "search", "--json", "--data-dir", str(data_dir), "retitle")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert json.loads(out)[0]["snippet"].startswith("retitle \x1b]0;pwned\x07")
