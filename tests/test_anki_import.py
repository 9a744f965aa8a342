"""`rebound import deck.apkg`: real packages made with Anki's own library (tests/anki_decks.py)
in both generations, read into cards, tags and reviews, every card's schedule what fsrs
computes from the same log; importing again adds nothing; a damaged package changes
nothing and says so in one line."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest

from rebound_tui.cli import main
from rebound_tui.domain.clock import FixedClock
from rebound_tui.domain.days import drill_day, effective_timezone
from rebound_tui.domain.models import Card
from rebound_tui.services.anki.text import cloze_card, html_to_text
from rebound_tui.services.transfer import ImportRefused, import_file
from rebound_tui.store.repository import Repository
from tests.anki_decks import Built, build
from tests.helpers import open_repo, tree_digest

pytest.importorskip("anki")

PACKAGES = ("legacy", "current", "collection")


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("anki"))


def _import(path: Path, data_dir: Path, built: Built, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("REBOUND_FAKE_NOW", built.now.isoformat())
    return main(["import", str(path), "--data-dir", str(data_dir)])


def _cards(data_dir: Path, built: Built) -> dict[str, Card]:
    repo = Repository.open(data_dir, FixedClock(built.now), readonly=True)
    return {c.id: c for c in repo.cards.all()}


@pytest.mark.parametrize("package", PACKAGES)
def test_a_package_becomes_cards_tags_and_reviews(
    package: str,
    decks: Built,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _import(getattr(decks, package), data_dir, decks, monkeypatch) == 0
    out = capsys.readouterr().out
    assert "7 cards of 5 notes, 17 reviews" in out
    assert "1 note of type 'Image Occlusion' skipped: not a Basic or Cloze note" in out
    assert "cards: 7 new" in out and "reviews: 17 new" in out

    cards = _cards(data_dir, decks)
    ids = {name: f"anki-{cid}" for name, cid in decks.card_ids.items()}
    assert set(cards) == set(ids.values())
    basic = cards[ids["basic"]]
    assert basic.question == "Tell me about a time you failed & what you learned"
    assert basic.answer == (
        "Situation: a launch slipped\nWhat I did:\n- told the team early\n"
        "- re-planned <2 weeks>\n[image: timeline.png]"
    )
    assert basic.tags == ("leadership/conflict", "star", "Interviews/Behavioural")
    assert basic.source == "import" and basic.kind == "technical"
    forward, reverse = cards[ids["forward"]], cards[ids["reverse"]]
    assert (forward.question, forward.answer) == ("HTTP 418", "I'm a teapot\n[sound: teapot.mp3]")
    assert (reverse.question, reverse.answer) == (forward.answer, forward.question)
    assert reverse.tags == ("http", "Interviews/Technical")
    cloze1, cloze2 = cards[ids["cloze1"]], cards[ids["cloze2"]]
    assert (cloze1.question, cloze1.answer) == (
        "[…] is the capital of France",
        "Paris\n\nSince 508",
    )
    assert cloze2.question == "Paris is the capital of [a country]"
    assert cloze2.answer.startswith("France") and cloze2.tags == ("Geography",)
    assert cards[ids["suspended"]].suspended
    assert cards[ids["buried"]].buried_until is not None
    assert not any(c.suspended for k, c in cards.items() if k != ids["suspended"])


@pytest.mark.parametrize("package", PACKAGES)
def test_every_card_is_scheduled_as_fsrs_replays_its_anki_log(
    package: str,
    decks: Built,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _import(getattr(decks, package), data_dir, decks, monkeypatch) == 0
    repo = Repository.open(data_dir, FixedClock(decks.now), readonly=True)
    zone = effective_timezone(repo.settings().timezone)
    cards = {c.id: c for c in repo.cards.all()}
    reviews = defaultdict(list)
    for review in repo.reviews.all():
        reviews[review.card_id].append(review)
    scheduler = fsrs.Scheduler()  # Rebound's defaults are fsrs's: retention 0.9, 1m 10m steps
    base = datetime(2000, 1, 1, tzinfo=UTC)
    for cid, answers in decks.ratings.items():
        card = cards[f"anki-{cid}"]
        # every answer given in Anki is a review, kept even when the card was reset since
        assert sorted((r.reviewed_at, r.rating) for r in reviews[card.id]) == answers
        if cid == decks.card_ids["reverse"]:  # "Forget" in Anki: new again, history kept
            assert card.reset_at is not None and card.is_new and card.reps == 0
            continue
        # fsrs counts 24-hour blocks: each answer is given to it on its drill day
        first = drill_day(answers[0][0], zone)
        logs = [
            fsrs.ReviewLog(
                card_id=1,
                rating=fsrs.Rating(rating),
                review_datetime=base
                + timedelta(days=(drill_day(when, zone) - first).days, seconds=index),
                review_duration=None,
            )
            for index, (when, rating) in enumerate(answers)
        ]
        expected = scheduler.reschedule_card(fsrs.Card(card_id=1), logs)
        assert card.state == int(expected.state), cid
        assert card.step == expected.step, cid
        assert card.stability == expected.stability, cid
        assert card.difficulty == expected.difficulty, cid
        assert card.last_review == answers[-1][0] and card.reps == len(answers), cid
    assert len(cards) == 7 and sum(len(r) for r in reviews.values()) == 17


def test_importing_again_in_either_generation_adds_nothing(
    decks: Built,
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _import(decks.current, data_dir, decks, monkeypatch) == 0
    capsys.readouterr()
    before = tree_digest(data_dir)
    assert any(name.startswith("reviews/") for name in before)
    for package in (decks.current, decks.legacy, decks.collection):
        assert _import(package, data_dir, decks, monkeypatch) == 0
        assert "Nothing new to import" in capsys.readouterr().out
    assert tree_digest(data_dir) == before


def test_the_format_is_told_by_the_content_not_the_name(
    decks: Built,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    renamed = tmp_path / "my-deck.bin"
    shutil.copy(decks.legacy, renamed)
    assert _import(renamed, data_dir, decks, monkeypatch) == 0
    assert "cards: 7 new" in capsys.readouterr().out
    own = tmp_path / "rebound.json"  # and a Rebound export is still read as one
    own.write_text(json.dumps({"format": "rebound-export", "schema_version": 1, "cards": []}))
    assert _import(own, data_dir, decks, monkeypatch) == 0


def _damaged(decks: Built, tmp_path: Path) -> dict[str, Path]:
    data = decks.current.read_bytes()
    cut = tmp_path / "cut.apkg"
    cut.write_bytes(data[: len(data) // 2])
    bad_zstd = tmp_path / "bad-zstd.apkg"
    with zipfile.ZipFile(bad_zstd, "w") as archive:
        archive.writestr("meta", b"\x08\x03")
        archive.writestr("collection.anki21b", b"\x28\xb5\x2f\xfd not really zstd")
    not_sqlite = tmp_path / "not-sqlite.colpkg"
    with zipfile.ZipFile(not_sqlite, "w") as archive:
        archive.writestr("collection.anki21", b"SQLite format 3\x00" + b"\xff" * 2000)
    newer = tmp_path / "newer.apkg"
    buffer = io.BytesIO()
    with zipfile.ZipFile(decks.current) as source, zipfile.ZipFile(buffer, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, b"\x08\x07" if name == "meta" else source.read(name))
    newer.write_bytes(buffer.getvalue())
    return {"cut": cut, "bad zstd": bad_zstd, "not sqlite": not_sqlite, "newer": newer}


def test_a_damaged_package_changes_nothing_and_says_so_in_one_line(
    decks: Built,
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copy(decks.current, tmp_path / "good.apkg")
    assert _import(tmp_path / "good.apkg", data_dir, decks, monkeypatch) == 0
    capsys.readouterr()
    before = tree_digest(data_dir)
    for what, path in _damaged(decks, tmp_path).items():
        assert _import(path, data_dir, decks, monkeypatch) == 2, what
        captured = capsys.readouterr()
        assert captured.out == "", what
        lines = captured.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].endswith("nothing was imported"), (what, lines)
        assert tree_digest(data_dir) == before, what
    assert "newer Anki" in _refusal(_damaged(decks, tmp_path)["newer"], data_dir, decks)


def _refusal(path: Path, data_dir: Path, built: Built) -> str:
    repo = open_repo(data_dir, FixedClock(built.now))
    try:
        import_file(repo, path)
    except ImportRefused as error:
        return str(error)
    finally:
        repo.close()
    raise AssertionError("the package was imported")


def test_the_app_imports_a_package_through_the_same_path(decks: Built, data_dir: Path) -> None:
    repo = open_repo(data_dir, FixedClock(decks.now))
    summary = import_file(repo, decks.collection)
    assert summary.startswith("Read from Anki: 7 cards of 5 notes, 17 reviews.")
    assert "Imported cards: 7 new" in summary
    assert len(repo.cards.all()) == 7
    repo.close()


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("one<br>two<br/>three", "one\ntwo\nthree"),
        ("<div>a</div><div>b</div><p>c</p>", "a\nb\nc"),
        ("<ol><li>first</li><li>second</li></ol>", "1. first\n2. second"),
        ("&lt;b&gt; &amp; &eacute;&nbsp;&#8212;", "<b> & é —"),
        ('<img src="a b.png"> [sound:x.mp3]', "[image: a b.png] [sound: x.mp3]"),
        ("<style>.x{}</style><span style='color:red'>kept</span>", "kept"),
    ],
)
def test_html_becomes_plain_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_a_cloze_shows_its_own_deletion_hidden_and_the_others_as_text() -> None:
    text = "{{c1::Ada}} wrote the {{c2::first program::what}} in {{c1::1843}}"
    assert cloze_card(text, 1) == ("[…] wrote the first program in […]", "Ada; 1843")
    assert cloze_card(text, 2) == ("Ada wrote the [what] in 1843", "first program")


def test_review_log_entries_that_are_not_ratings_are_told_apart() -> None:
    """An old collection (Anki's first scheduler: three buttons while learning), a cram
    review that did not reschedule, a set due date, FSRS rescheduling, a review of a card
    deleted since, and a Forget, in a hand-made collection."""
    from rebound_tui.services.anki.convert import convert
    from rebound_tui.services.anki.package import Collection, NoteType

    day = 86_400_000
    t0 = 1_700_000_000_000
    collection = Collection(
        note_types={
            1: NoteType(1, "Basic", False, ["Front", "Back"], [("{{Front}}", "{{Back}}")])
        },
        decks={1: "Default"},
        notes={10: (1, "", "Q\x1fA")},
        cards=[(t0, 10, 1, 0, t0 // 1000, 2, 2, 0)],
        revlog=[
            (t0 + 1, t0, 2, -600, 2500, 5_000, 0),  # learning, ease 2 of 3: Good
            (t0 + 2, t0, 3, 1, 2500, 4_000, 0),  # learning, ease 3 of 3: Easy
            (t0 + day, t0, 3, 3, 2500, 4_000, 1),  # review: Good
            (t0 + 2 * day, t0, 1, 3, 0, 4_000, 3),  # cram without rescheduling
            (t0 + 3 * day, t0, 0, 9, 2500, 0, 4),  # set due date
            (t0 + 4 * day, t0, 0, 12, 2500, 0, 5),  # rescheduled by FSRS
            (t0 + 5 * day, 999, 3, 1, 2500, 0, 1),  # a card not in the package
            (t0 + 6 * day, t0, 0, 0, 0, 0, 4),  # Forget
        ],
        v1_scheduler=True,
    )
    converted = convert(collection)
    assert [(r.rating, r.duration_ms) for r in converted.reviews] == [
        (3, 5_000),
        (4, 4_000),
        (3, 4_000),
    ]
    (card,) = converted.cards
    assert card.id == f"anki-{t0}" and (card.question, card.answer) == ("Q", "A")
    assert card.tags == ()  # Anki's Default deck is no tag
    assert card.reset_at == datetime.fromtimestamp((t0 + 6 * day) / 1000, UTC)
    assert converted.skipped == [
        "1 reset to new (Anki's Forget) kept as the card's reset: the reviews before it "
        "stay history",
        "2 due dates set or rescheduled in Anki skipped: not ratings",
        "1 cram review skipped: a cram in Anki did not reschedule",
        "1 review of cards not imported skipped",
    ]
