"""The fixed parts of an Anki collection of the legacy generation (schema 11, the
`collection.anki21` file of an `.apkg`): its tables, as Anki 26.9 itself writes them in a
legacy export, and the JSON of the `col` row (configuration, the Rebound note type, the
Rebound deck and its options). apkg.py fills the rows."""

from __future__ import annotations

from typing import Any

SCHEMA = """
CREATE TABLE col (
  id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
  scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL,
  usn integer NOT NULL, ls integer NOT NULL, conf text NOT NULL,
  models text NOT NULL, decks text NOT NULL, dconf text NOT NULL, tags text NOT NULL
);
CREATE TABLE notes (
  id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL,
  flds text NOT NULL, sfld integer NOT NULL, csum integer NOT NULL,
  flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
  id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
  ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL,
  type integer NOT NULL, queue integer NOT NULL, due integer NOT NULL,
  ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
  lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
  odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
  id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
  ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL,
  factor integer NOT NULL, time integer NOT NULL, type integer NOT NULL
);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""

# Fixed ids (Anki's are creation times in ms), so that a second export imported into the
# same collection finds its note type, deck and options again instead of copying them.
NOTE_TYPE_ID = 1_735_689_600_000  # 2025-01-01
DECK_ID = 1_735_689_600_001
OPTIONS_ID = 1_735_689_600_002
NOTE_TYPE_NAME = "Rebound"
FIELDS = ("Question", "Answer", "Hint", "Kind")
DECK_NAME = "Rebound"

QUESTION_FORMAT = '{{Question}}{{#Hint}}<div class="hint">{{hint:Hint}}</div>{{/Hint}}'
ANSWER_FORMAT = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Answer}}"
CSS = (
    ".card {\n    font-family: arial;\n    font-size: 20px;\n    line-height: 1.5;\n"
    "    text-align: left;\n    color: black;\n    background-color: white;\n}\n"
    ".hint {\n    margin-top: 1em;\n    font-size: 16px;\n}\n"
)


def note_type(mod: int) -> dict[str, Any]:
    """The Rebound note type: the four fields, one card template."""
    return {
        "id": NOTE_TYPE_ID,
        "name": NOTE_TYPE_NAME,
        "type": 0,
        "mod": mod,
        "usn": 0,
        "sortf": 0,
        "did": DECK_ID,
        "tmpls": [
            {
                "name": "Card 1",
                "ord": 0,
                "qfmt": QUESTION_FORMAT,
                "afmt": ANSWER_FORMAT,
                "bqfmt": "",
                "bafmt": "",
                "did": None,
                "bfont": "",
                "bsize": 0,
            }
        ],
        "flds": [
            {
                "name": name,
                "ord": index,
                "sticky": False,
                "rtl": False,
                "font": "Arial",
                "size": 20,
                "description": "",
                "plainText": False,
                "collapsed": False,
                "excludeFromSearch": name == "Kind",
            }
            for index, name in enumerate(FIELDS)
        ],
        "css": CSS,
        "latexPre": "\\documentclass[12pt]{article}\n\\begin{document}\n",
        "latexPost": "\\end{document}",
        "latexsvg": False,
        "req": [[0, "any", [0]]],
        "tags": [],
        "vers": [],
    }


def _deck(deck_id: int, name: str, mod: int, options: int) -> dict[str, Any]:
    return {
        "id": deck_id,
        "mod": mod,
        "name": name,
        "usn": 0,
        "lrnToday": [0, 0],
        "revToday": [0, 0],
        "newToday": [0, 0],
        "timeToday": [0, 0],
        "collapsed": False,
        "browserCollapsed": False,
        "desc": "",
        "dyn": 0,
        "conf": options,
        "extendNew": 0,
        "extendRev": 0,
    }


def decks(mod: int) -> dict[str, Any]:
    """Anki's Default deck (every collection has it) and the Rebound deck."""
    return {
        "1": _deck(1, "Default", 0, 1),
        str(DECK_ID): _deck(DECK_ID, DECK_NAME, mod, OPTIONS_ID),
    }


def _options(
    options_id: int, name: str, mod: int, settings: dict[str, Any], retention: float
) -> dict[str, Any]:
    return {
        "id": options_id,
        "mod": mod,
        "name": name,
        "usn": 0,
        "maxTaken": 60,
        "autoplay": True,
        "timer": 0,
        "replayq": True,
        "new": {
            "bury": False,
            "delays": settings.get("learning", [1.0, 10.0]),
            "initialFactor": 2500,
            "ints": [1, 4, 0],
            "order": 1,
            "perDay": settings.get("new_per_day", 20),
        },
        "rev": {
            "bury": False,
            "ease4": 1.3,
            "ivlFct": 1.0,
            "maxIvl": settings.get("maximum_interval", 36500),
            "perDay": settings.get("reviews_per_day", 200),
            "hardFactor": 1.2,
        },
        "lapse": {
            "delays": settings.get("relearning", [10.0]),
            "leechAction": 1,
            "leechFails": settings.get("leech_lapses", 8),
            "minInt": 1,
            "mult": 0.0,
        },
        "dyn": False,
        "fsrsParams6": settings.get("parameters", []),
        "desiredRetention": retention,
    }


def deck_options(mod: int, settings: dict[str, Any], retention: float) -> dict[str, Any]:
    """Anki's default options (id 1) and the Rebound deck's: the user's steps, limits,
    desired retention and FSRS parameters (empty: Anki's defaults)."""
    return {
        "1": _options(1, "Default", 0, {}, 0.9),
        str(OPTIONS_ID): _options(OPTIONS_ID, "Rebound", mod, settings, retention),
    }


def configuration(*, creation_offset: int, rollover: int, next_position: int) -> dict[str, Any]:
    """The collection's configuration: the current scheduler (v3, FSRS on), its day
    rollover hour and the zone it was made in (minutes west of UTC), which Anki uses
    to count the days review cards are due on."""
    return {
        "activeDecks": [DECK_ID],
        "curDeck": DECK_ID,
        "curModel": NOTE_TYPE_ID,
        "addToCur": True,
        "nextPos": next_position,
        "schedVer": 2,
        "sched2021": True,
        "creationOffset": creation_offset,
        "rollover": rollover,
        "fsrs": True,
        "estTimes": True,
        "dueCounts": True,
        "collapseTime": 1200,
        "timeLim": 0,
        "sortType": "noteFld",
        "sortBackwards": False,
        "newSpread": 0,
        "dayLearnFirst": False,
    }
