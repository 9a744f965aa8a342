"""`rebound import questions.csv` / `.tsv` / `.txt` / `.md`: plain card lists in Anki's
text shape (header lines, a header row, plain columns, tabs, quoted line breaks) and in
Markdown (Q:/A: lines, ## headings) become cards with ids from their questions, so a
second import adds nothing and a changed answer updates its card; a bad file is one line
naming its line, exit 2, and nothing changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.models import Card
from rebound_tui.services.cardlists import MAX_LIST_BYTES, card_id
from rebound_tui.services.drill import DrillSession
from rebound_tui.services.transfer import ImportRefused, import_file
from rebound_tui.store.repository import Repository
from tests.helpers import START, tree_digest

# What Anki writes for "Notes in Plain Text" with HTML and tags, and #columns as its
# importer reads them (a file of our own making in that shape).
ANKI_EXPORT = (
    "#separator:tab\n"
    "#html:true\n"
    "#columns:Front\tBack\tTags\tSource\n"
    "#deck:Interviews::Behavioural\n"
    "#notetype:Basic\n"
    "Tell me about a time you failed &amp; what you learned\t"
    '"Situation: a launch slipped<br>What I did:<ul><li>told the team early</li></ul>"\t'
    "star leadership::conflict\tbook\n"
    "Why this company?\tTheir <b>mission</b>\t\tweb\n"
)
HEADER_LINE = (
    "question,ANSWER,Tags,Hint,Kind\n"
    'What is a hash map?,"Keys to values, in O(1)",data-structures,think buckets,technical\n'
    "Tell me about a conflict,We talked it through,,,\n"
)
PLAIN = "Why do you want to leave?,To grow\nWhat are you proud of?,Shipping the app\n"
TSV = "What is your weakness?\tI over-prepare\tself\nWhere in five years?\tLeading\n"
QUOTED = (
    '\ufeffFront;Back\n\n"Walk me through a project";"First, the problem.\n'
    'Then ""the fix"".\n\nThen the result."\n\nWhat motivates you?;People\n'
)
MARKDOWN_QA = """# Interview prep

Questions I keep getting.

# Behavioural
Q: Tell me about a time
you disagreed with a manager.
A: At my last job:

- I asked for the reasons
- we tried both

Q: What do you do when you are stuck?
A: Ask early.
```
Q: this is an example, not a question
```
# Technical
Q: What is a deadlock?
A: Two waits on each other.
"""
MARKDOWN_HEADINGS = """# Behavioural

## Tell me about yourself
I build tools for people.

### How I say it
Short, then one example.

## Why should we hire you? ##
Because I finish things.

# Technical
## What is idempotence?
Doing it twice is doing it once.
"""


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding, newline="")
    return path


def _import(path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("REBOUND_FAKE_NOW", START.isoformat())
    return main(["import", str(path), "--data-dir", str(data_dir)])


def _cards(data_dir: Path) -> dict[str, Card]:
    repo = Repository.open(data_dir, FixedClock(START), readonly=True)
    return {card.question: card for card in repo.cards.all()}


def test_an_anki_text_export_with_header_lines(
    tmp_path: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _write(tmp_path, "anki.txt", ANKI_EXPORT)
    assert _import(path, data_dir, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "Read 2 questions from" in out and "(tab-separated, with column names)" in out
    assert "column 'Source' ignored" in out
    assert "cards: 2 new, 0 updated" in out
    cards = _cards(data_dir)
    failed = cards["Tell me about a time you failed & what you learned"]
    assert failed.answer == "Situation: a launch slipped\nWhat I did:\n- told the team early"
    assert failed.tags == ("star", "leadership/conflict", "Interviews/Behavioural")
    assert failed.kind == "behavioural" and failed.source == "import"
    assert failed.id == card_id(failed.question) and failed.id.startswith("list-")
    assert failed.is_new and failed.due == START
    assert cards["Why this company?"].answer == "Their mission"


def test_a_header_line_names_the_columns_in_any_case(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _import(_write(tmp_path, "q.csv", HEADER_LINE), data_dir, monkeypatch) == 0
    cards = _cards(data_dir)
    hash_map = cards["What is a hash map?"]
    assert (hash_map.answer, hash_map.hint, hash_map.kind) == (
        "Keys to values, in O(1)",
        "think buckets",
        "technical",
    )
    assert hash_map.tags == ("data-structures",)
    conflict = cards["Tell me about a conflict"]
    assert (conflict.kind, conflict.tags, conflict.hint) == ("behavioural", (), "")


@pytest.mark.parametrize(
    ("name", "text", "shape", "expected"),
    [
        (
            "plain.csv",
            PLAIN,
            "comma-separated",
            {"Why do you want to leave?": "To grow", "What are you proud of?": "Shipping the app"},
        ),
        (
            "windows.csv",
            PLAIN.replace("\n", "\r\n"),
            "comma-separated",
            {"Why do you want to leave?": "To grow", "What are you proud of?": "Shipping the app"},
        ),
        (
            "list.tsv",
            TSV,
            "tab-separated",
            {"What is your weakness?": "I over-prepare", "Where in five years?": "Leading"},
        ),
        (
            "quoted.csv",
            QUOTED,
            "semicolon-separated, with column names",
            {
                "Walk me through a project": 'First, the problem.\nThen "the fix".\n\n'
                "Then the result.",
                "What motivates you?": "People",
            },
        ),
        (
            "escapes.csv",
            'C:\\new\\table,"[bold]not markup[/bold] \\n \\t \\x1b[31m &amp;"\n',
            "comma-separated",
            {"C:\\new\\table": "[bold]not markup[/bold] \\n \\t \\x1b[31m &amp;"},
        ),
    ],
)
def test_each_delimited_shape(
    name: str,
    text: str,
    shape: str,
    expected: dict[str, str],
    tmp_path: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _import(_write(tmp_path, name, text), data_dir, monkeypatch) == 0
    assert f"({shape})" in capsys.readouterr().out
    assert {q: c.answer for q, c in _cards(data_dir).items()} == expected


def test_tags_as_a_third_column_and_extra_columns_reported(
    tmp_path: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "Why us?,Because,acme job::2026,extra\n"
    assert _import(_write(tmp_path, "t.csv", text), data_dir, monkeypatch) == 0
    assert "column 4 ignored" in capsys.readouterr().out
    assert _cards(data_dir)["Why us?"].tags == ("acme", "job/2026")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            MARKDOWN_QA,
            {
                "Tell me about a time\nyou disagreed with a manager.": (
                    "At my last job:\n\n- I asked for the reasons\n- we tried both",
                    ("Behavioural",),
                ),
                "What do you do when you are stuck?": (
                    "Ask early.\n```\nQ: this is an example, not a question\n```",
                    ("Behavioural",),
                ),
                "What is a deadlock?": ("Two waits on each other.", ("Technical",)),
            },
        ),
        (
            MARKDOWN_HEADINGS,
            {
                "Tell me about yourself": (
                    "I build tools for people.\n\n### How I say it\nShort, then one example.",
                    ("Behavioural",),
                ),
                "Why should we hire you?": ("Because I finish things.", ("Behavioural",)),
                "What is idempotence?": ("Doing it twice is doing it once.", ("Technical",)),
            },
        ),
    ],
    ids=["q-and-a", "headings"],
)
def test_markdown_in_both_forms(
    text: str,
    expected: dict[str, tuple[str, tuple[str, ...]]],
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _import(_write(tmp_path, "prep.md", text), data_dir, monkeypatch) == 0
    cards = _cards(data_dir)
    assert {q: (c.answer, c.tags) for q, c in cards.items()} == expected


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("anki.txt", ANKI_EXPORT),
        ("q.csv", HEADER_LINE),
        ("quoted.csv", QUOTED),
        ("prep.md", MARKDOWN_QA),
        ("prep.markdown", MARKDOWN_HEADINGS),
    ],
)
def test_importing_the_same_list_twice_adds_nothing(
    name: str, text: str, tmp_path: Path, repo: Repository, clock: FixedClock
) -> None:
    path = _write(tmp_path, name, text)
    assert "new" in import_file(repo, path)
    before = tree_digest(repo.data_dir)
    clock.advance(minutes=5)
    assert "Nothing new to import" in import_file(repo, path)
    assert tree_digest(repo.data_dir) == before


def test_a_changed_answer_updates_the_card_and_keeps_its_schedule(
    tmp_path: Path, repo: Repository, clock: FixedClock
) -> None:
    path = _write(tmp_path, "q.csv", "Question,Answer,Tags\nWhy us?,Because,acme\n")
    import_file(repo, path)
    session = DrillSession(repo)
    assert session.advance() is not None
    rated = session.rate(3)
    card = repo.cards.get(rated.id)
    assert card is not None
    repo.cards.put(replace(card, hint="my own hint", tags=(*card.tags, "mine")))
    clock.advance(minutes=5)

    # the same question, spaced and cased differently: the same card
    _write(tmp_path, "q.csv", "Question,Answer,Tags\n  why   US? ,Their mission,2026\n")
    summary = import_file(repo, path)
    assert "cards: 0 new, 1 updated" in summary and "Rebuilt" not in summary
    [after] = repo.cards.all()
    assert after.id == card.id and after.question == "why   US?"
    assert after.answer == "Their mission"
    assert after.tags == ("acme", "mine", "2026") and after.hint == "my own hint"
    assert (after.due, after.last_review, after.reps, after.state) == (
        card.due,
        card.last_review,
        card.reps,
        card.state,
    )
    assert after.created_at == card.created_at and after.updated_at == repo.clock.now()
    assert len(repo.reviews.all()) == 1


def test_a_question_given_twice_keeps_the_later_row(tmp_path: Path, repo: Repository) -> None:
    path = _write(tmp_path, "q.csv", "Why us?,First\nWhat else?,x\nwhy us?,Second\n")
    summary = import_file(repo, path)
    assert "1 question given again further down: the later one kept" in summary
    assert {c.question: c.answer for c in repo.cards.all()} == {
        "What else?": "x",
        "why us?": "Second",
    }


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "holds no questions"),
        ("headers.csv", b"#separator:comma\n#html:false\n\n", "holds no questions"),
        ("header-only.csv", b"Question,Answer\n", "holds no questions"),
        (
            "no-question.csv",
            b"Why?,Because\n\n,an answer alone\n",
            "line 3: a row with no question",
        ),
        ("open.csv", b'Why?,Because\nHow?,"never closed\nat all\n', "line 2: a quoted field"),
        ("kind.csv", b"Question,Answer,Kind\nWhy?,Yes,feelings\n", "line 2: the kind 'feelings'"),
        ("binary.csv", b"Why?,Because\n\x00\x01\x02", "not a text file (a NUL byte on line 2)"),
        ("latin.csv", b"Why?,Because\nCaf\xe9,yes\n", "not UTF-8 text (line 2"),
        ("sep.txt", b"#separator:Hash\nWhy?#Because\n", "line 1: the separator 'Hash'"),
        ("answer.md", b"# Prep\nA: an answer first\nQ: then?\n", "line 2: A: with no Q:"),
        ("prose.md", b"# Notes\n\nJust some notes.\n", "no questions found"),
        ("empty-heading.md", b"## \nbody\n", "line 1: a ## heading with no question"),
        ("long.csv", b"Why?," + b"x" * 100_001, "line 1: the answer is longer than 100,000"),
        ("huge.csv", b"Why?,Because\n" + b"x" * MAX_LIST_BYTES, "a card list can be at most"),
    ],
)
def test_a_bad_list_is_one_line_and_changes_nothing(
    name: str,
    content: bytes,
    message: str,
    tmp_path: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _import(_write(tmp_path, "seed.csv", PLAIN), data_dir, monkeypatch) == 0
    capsys.readouterr()
    before = tree_digest(data_dir)
    path = tmp_path / name
    path.write_bytes(content)
    assert _import(path, data_dir, monkeypatch) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and message in err and err.endswith("nothing was imported"), err
    assert tree_digest(data_dir) == before

    repo = Repository.open(data_dir, FixedClock(START))
    with pytest.raises(ImportRefused, match="nothing was imported"):
        import_file(repo, path)
    repo.close()
    assert tree_digest(data_dir) == before


def test_json_and_anki_headers_are_told_apart_from_lists(
    tmp_path: Path,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a Rebound export saved as .txt is still read as JSON
    assert main(["export", "--data-dir", str(data_dir), "-o", str(tmp_path / "e.json")]) == 0
    (tmp_path / "export.txt").write_bytes((tmp_path / "e.json").read_bytes())
    assert _import(tmp_path / "export.txt", data_dir, monkeypatch) == 0
    assert "Read" not in capsys.readouterr().out
    # Anki's header lines make a list of a file with any name
    path = _write(tmp_path, "deck-notes", "#separator:Pipe\nWhy?|Because\n")
    assert _import(path, data_dir, monkeypatch) == 0
    assert "(pipe-separated)" in capsys.readouterr().out
    assert _cards(data_dir)["Why?"].answer == "Because"


def test_anki_column_headers_place_tags_and_decks(tmp_path: Path, repo: Repository) -> None:
    text = (
        "#separator:Semicolon\n#tags:prep\n#tags column:4\n#deck column:3\n"
        "Why?;Because;Interviews::Acme;t1 t2\nHow?;Carefully;Default;\n"
    )
    summary = import_file(repo, _write(tmp_path, "anki.txt", text))
    assert "(semicolon-separated)" in summary and "ignored" not in summary
    assert {c.question: c.tags for c in repo.cards.all()} == {
        "Why?": ("t1", "t2", "prep", "Interviews/Acme"),
        "How?": ("prep",),
    }


def test_a_spreadsheet_saved_as_unicode_text(tmp_path: Path, repo: Repository) -> None:
    """What a spreadsheet saves as "Unicode text": UTF-16 with its byte-order mark, tabs."""
    path = _write(tmp_path, "sheet.txt", "Question\tAnswer\nCafé?\tOui, ça va\n", "utf-16")
    assert "(tab-separated, with column names)" in import_file(repo, path)
    assert [(c.question, c.answer) for c in repo.cards.all()] == [("Café?", "Oui, ça va")]
