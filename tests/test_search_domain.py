"""Finding words in what was written: every word, any case, accents or none, and a
one-line snippet around the first word found."""

from __future__ import annotations

from rebound_tui.domain.search import fold, matches, query_words, snippet


def test_every_word_must_appear_in_any_case() -> None:
    texts = ["We shipped the Billing migration", "late, but calmly"]
    assert matches(query_words("billing CALM"), texts)
    assert matches(query_words("migr"), texts)  # part of a word finds it
    assert not matches(query_words("billing panic"), texts)
    assert not matches(query_words("   "), texts)  # no words: nothing


def test_accents_and_case_fold_both_ways() -> None:
    assert fold("Café ZÜRICH straße") == "cafe zurich strasse"
    assert matches(query_words("cafe zurich"), ["un café à Zürich"])
    assert matches(query_words("résumé"), ["my resume was fine"])
    assert matches(query_words("STRASSE"), ["die Straße"])


def test_query_words_are_folded_and_each_kept_once() -> None:
    assert query_words("  Déjà  vu déjà ") == ("deja", "vu")


def test_snippet_is_one_line_around_the_first_word_found() -> None:
    long = "First line.\n" + "word " * 30 + "the needle is here " + "more " * 30
    found = snippet(query_words("needle"), ["nothing here", long])
    assert found.field == 1
    assert "\n" not in found.text
    assert "needle" in found.text
    assert found.text.startswith("…") and found.text.endswith("…")
    assert len(found.text) <= 62
    start, end = found.marks[0]
    assert found.text[start:end] == "needle"


def test_a_short_text_is_shown_whole_and_marks_keep_accents() -> None:
    found = snippet(query_words("cafe"), ["Lunch at the Café with Ana"])
    assert found.text == "Lunch at the Café with Ana"
    assert [found.text[s:e] for s, e in found.marks] == ["Café"]


def test_every_occurrence_is_marked_and_overlaps_merge() -> None:
    found = snippet(query_words("ab abc"), ["abc and ab"])
    assert [found.text[s:e] for s, e in found.marks] == ["abc", "ab"]


def test_control_characters_stay_text_for_the_caller_to_show() -> None:
    found = snippet(query_words("bell"), ["a \x1b]0;title\x07 bell"])
    assert "\x1b" in found.text  # the output layer (safe_text, ui.text) makes it visible
    assert found.marks


def test_no_match_gives_an_empty_snippet() -> None:
    assert snippet(query_words("zzz"), ["abc"]).text == ""
