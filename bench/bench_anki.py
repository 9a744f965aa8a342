"""`rebound import deck.apkg` beside `rebound import export.json`: the same 5,000 cards and
50,000 reviews, from an Anki package and from Rebound's own JSON, side by side.

    .venv/bin/python bench/bench_anki.py [--runs 5] [--cards 5000] [--reviews 50000]

The deck is built once with Anki's own library (`anki`, the test dependency) and cached in
the temporary directory, keyed by its parameters (`--rebuild` makes it again):

- notes of the stock types: Basic (60% of the cards), Basic (and reversed card) (20%, two
  cards a note) and Cloze (20%, two deletions a note), with a little HTML, tags (some
  hierarchical) and nested decks; 1% of the cards suspended; FSRS switched on;
- a review log of 50,000 answers given with Anki's own scheduler (FSRS), one card at a
  time, each at a planned time over the two years before 2026-11-26 (Anki takes the time as
  the entry's id; it works out the entry's type and interval at the real clock, which does
  not matter here: Rebound reads the ratings, times and types and replays them in fsrs):
  one to three learning answers, then reviews at growing gaps, an Again followed by a
  relearning Good; mostly Good, some Again, Hard and Easy. That takes about 50 s once (the
  cache keeps it). `--sql-revlog` writes the same plan straight into the `revlog` table
  through `col.db` instead (types 0/1/2 as planned, cards set to review), in a second;
- exported as a current package (`collection.anki21b`, zstd).

The same cards and reviews as Rebound JSON: the package imported once into a scratch data
directory with Rebound, then `rebound export --format json`.

Then, alternating, `--runs` times each: `rebound import` of the package, and of the JSON,
each in a new process into a fresh empty data directory. Wall time is the whole process
(start-up included); peak memory is the child's maximum resident set size as
`/usr/bin/time -f %M` reports it (`time` is a small process, so nothing of this script's
memory is carried into the child's figure).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _heavy import ROOT, machine

BUILDER_VERSION = 2  # part of the cache key: bump when the deck changes
END = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def cache_dir(cards: int, reviews: int, seed: int, by_scheduler: bool) -> Path:
    how = "sched" if by_scheduler else "sql"
    key = f"v{BUILDER_VERSION}-c{cards}-r{reviews}-s{seed}-{how}"
    return Path(tempfile.gettempdir()) / "rebound-bench-anki" / key


def build_deck(folder: Path, cards: int, reviews: int, seed: int, by_scheduler: bool) -> Path:
    """An Anki package with `cards` cards and `reviews` review log entries."""
    from anki.collection import Collection, ExportAnkiPackageOptions

    rng = random.Random(seed)
    work = folder / "anki"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    # Any: anki types its models, decks, db and scheduler as optional (None once closed).
    col: Any = Collection(str(work / "collection.anki2"))
    col.set_config("fsrs", True)
    decks = [
        col.decks.id(name)
        for name in (
            "Interviews::Behavioural",
            "Interviews::Technical::Systems",
            "Interviews::Technical::Coding",
            "Companies",
        )
    ]
    basic = col.models.by_name("Basic")
    reversed_ = col.models.by_name("Basic (and reversed card)")
    cloze = col.models.by_name("Cloze")
    tags = ["star", "leadership::conflict", "http", "sql", "job::acme", "job::globex"]
    made = 0
    started = time.perf_counter()
    while made < cards:
        i = made
        share = rng.random()
        if share < 0.6 or cards - made < 2:
            note = col.new_note(basic)
            note["Front"] = f"Tell me about a time you <b>led</b> change #{i}"
            note["Back"] = (
                f"<div>Situation {i}</div><ul><li>what I did</li><li>what changed &amp; "
                "why</li></ul>"
            )
            per = 1
        elif share < 0.8:
            note = col.new_note(reversed_)
            note["Front"] = f"Term {i}"
            note["Back"] = f"Definition of term {i}<br>with a second line"
            per = 2
        else:
            note = col.new_note(cloze)
            note["Text"] = f"{{{{c1::Service {i}}}}} talks to {{{{c2::store {i}}}}} over HTTP"
            note["Back Extra"] = "from the design review"
            per = 2
        note.tags = rng.sample(tags, rng.randint(0, 2))
        col.add_note(note, rng.choice(decks))
        made += per
    card_ids = [cid for (cid,) in col.db.all("SELECT id FROM cards ORDER BY id")]
    print(f"  {len(card_ids):,} cards added in {time.perf_counter() - started:.0f} s")
    rows, card_rows = _revlog(rng, card_ids, reviews)
    started = time.perf_counter()
    if by_scheduler:
        _answer(col, rows)
        col.sched.suspend_cards([row[-1] for row in card_rows if row[0] == -1])
    else:
        _write_revlog(col, rows, card_rows)
    how = "answered through the scheduler" if by_scheduler else "written with SQL"
    print(f"  {len(rows):,} reviews {how} in {time.perf_counter() - started:.0f} s")
    package = folder / "deck.apkg"
    col.export_anki_package(
        out_path=str(package),
        options=ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=True, with_media=True, legacy=False
        ),
        limit=None,
    )
    col.close()
    shutil.rmtree(work)
    return package


def _answer(col: Any, rows: list[tuple[int, ...]]) -> None:
    """Each planned rating given with Anki's scheduler, at its planned time and with its
    planned answer time (the scheduler itself works out the entry's type and interval)."""
    from anki.scheduler.v3 import CardAnswer

    buttons = {1: CardAnswer.AGAIN, 2: CardAnswer.HARD, 3: CardAnswer.GOOD, 4: CardAnswer.EASY}
    for rid, cid, ease, _ivl, _last, _factor, taken, _kind in rows:
        card = col.get_card(cid)
        card.start_timer()
        states = col._backend.get_scheduling_states(cid)
        answer = col.sched.build_answer(card=card, states=states, rating=buttons[ease])
        answer.answered_at_millis = rid
        answer.milliseconds_taken = taken
        col.sched.answer_card(answer)


def _write_revlog(col: Any, rows: list[tuple[int, ...]], card_rows: list[tuple[int, ...]]) -> None:
    col.db.executemany(
        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    col.db.executemany(
        "UPDATE cards SET type = 2, queue = ?, ivl = ?, due = ?, reps = ?, lapses = ? "
        "WHERE id = ?",
        card_rows,
    )


def _revlog(
    rng: random.Random, card_ids: list[int], total: int
) -> tuple[list[tuple[int, ...]], list[tuple[int, ...]]]:
    """Review log rows (id, cid, ease, ivl, lastIvl, factor, time, type) for `total`
    entries over the cards, in increasing time per card; and each card's final state
    (queue, ivl, due, reps, lapses, id)."""
    counts = [1] * len(card_ids)
    for _ in range(total - len(card_ids)):
        counts[rng.randrange(len(card_ids))] += 1
    day_ms = 86_400_000
    end_ms = int(END.timestamp() * 1000)
    start_ms = end_ms - 730 * day_ms
    used: set[int] = set()
    rows: list[tuple[int, ...]] = []
    card_rows: list[tuple[int, ...]] = []
    for cid, count in zip(card_ids, counts, strict=True):
        when = start_ms + rng.randrange(600 * day_ms)
        interval, lapses, learning = 0, 0, rng.randint(1, 3)
        for n in range(count):
            if n < learning:
                kind = 0
                ease = 3 if n == learning - 1 else rng.choices((1, 3), (3, 7))[0]
                new_interval = 1 if n == learning - 1 else -600
            else:
                kind = 2 if interval < 0 else 1
                ease = rng.choices((1, 2, 3, 4), (8, 10, 72, 10))[0]
                if kind == 2:
                    ease = 3
                    new_interval = max(1, lapses)
                elif ease == 1:
                    lapses += 1
                    new_interval = -600
                else:
                    grow = {2: 1.2, 3: 2.5, 4: 3.5}[ease]
                    new_interval = max(1, int(max(interval, 1) * grow))
            last = interval
            interval = new_interval
            rid = when
            while rid in used:
                rid += 1
            used.add(rid)
            rows.append((rid, cid, ease, interval, last, 2500, rng.randint(2_000, 30_000), kind))
            step = interval * day_ms if interval > 0 else 600_000
            when = min(when + step + rng.randrange(3_600_000), end_ms - rng.randrange(day_ms))
        queue = -1 if rng.random() < 0.01 else 2
        card_rows.append((queue, max(interval, 1), 700, count, lapses, cid))
    return rows, card_rows


def prepare(args: argparse.Namespace) -> tuple[Path, Path]:
    folder = cache_dir(args.cards, args.reviews, args.seed, not args.sql_revlog)
    package, export = folder / "deck.apkg", folder / "export.json"
    if args.rebuild:
        shutil.rmtree(folder, ignore_errors=True)
    if package.exists() and export.exists():
        print(f"cached: {folder}")
        return package, export
    folder.mkdir(parents=True, exist_ok=True)
    print(f"building {args.cards:,} cards, {args.reviews:,} reviews in {folder}")
    started = time.perf_counter()
    build_deck(folder, args.cards, args.reviews, args.seed, not args.sql_revlog)
    print(f"  package written in {time.perf_counter() - started:.0f} s")
    scratch = Path(tempfile.mkdtemp(prefix="rebound-bench-anki-")) / "data"
    rebound(["import", str(package)], scratch)
    rebound(["export", "--format", "json", "-o", str(export)], scratch)
    shutil.rmtree(scratch.parent)
    records = json.loads(export.read_text())
    print(
        f"  JSON export: {len(records.get('cards', [])):,} cards, "
        f"{len(records.get('reviews', [])):,} reviews"
    )
    return package, export


def rebound(arguments: list[str], data_dir: Path) -> str:
    command = [sys.executable, "-m", "rebound_tui", *arguments, "--data-dir", str(data_dir)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout


def timed_import(source: Path) -> tuple[float, float, str]:
    """Seconds and peak MiB of `rebound import source` into a fresh data directory."""
    scratch = Path(tempfile.mkdtemp(prefix="rebound-bench-anki-"))
    report = scratch / "time.txt"
    command = [
        "/usr/bin/time", "-f", "%M", "-o", str(report),
        sys.executable, "-m", "rebound_tui", "import", str(source),
        "--data-dir", str(scratch / "data"),
    ]  # fmt: skip
    started = time.perf_counter()
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    took = time.perf_counter() - started
    peak_mib = int(report.read_text().split()[-1]) / 1024
    shutil.rmtree(scratch)
    return took, peak_mib, out.strip()


def scheduler_sample(answers: int) -> None:
    """How long answering through Anki's scheduler takes, for the docstring's claim."""
    from anki.collection import Collection
    from anki.scheduler.v3 import CardAnswer

    with tempfile.TemporaryDirectory() as folder:
        col: Any = Collection(str(Path(folder) / "collection.anki2"))
        col.set_config("fsrs", True)
        for i in range(answers // 5 + 1):
            note = col.new_note(col.models.by_name("Basic"))
            note["Front"], note["Back"] = f"Q{i}", f"A{i}"
            col.add_note(note, 1)
        ids = [cid for (cid,) in col.db.all("SELECT id FROM cards")]
        started = time.perf_counter()
        for n in range(answers):
            card = col.get_card(ids[n % len(ids)])
            card.start_timer()
            states = col._backend.get_scheduling_states(card.id)
            col.sched.answer_card(
                col.sched.build_answer(card=card, states=states, rating=CardAnswer.GOOD)
            )
        took = time.perf_counter() - started
        col.close()
    print(
        f"Anki scheduler: {answers} answers in {took:.1f} s "
        f"({took / answers * 1000:.1f} ms each; 50,000 would take {took / answers * 50_000:.0f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--reviews", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--sql-revlog", action="store_true", help="write the review log with SQL, not answers"
    )
    parser.add_argument("--scheduler-sample", type=int, default=0, metavar="N")
    args = parser.parse_args()
    print(machine())
    if args.scheduler_sample:
        scheduler_sample(args.scheduler_sample)
    package, export = prepare(args)
    print(
        f"package {package.stat().st_size / 2**20:.1f} MiB, "
        f"JSON {export.stat().st_size / 2**20:.1f} MiB"
    )
    results: dict[str, list[tuple[float, float]]] = {"apkg": [], "json": []}
    for run in range(args.runs):
        order = [("apkg", package), ("json", export)]
        for name, source in order if run % 2 == 0 else order[::-1]:
            took, peak, out = timed_import(source)
            results[name].append((took, peak))
            if run == 0:
                print(f"  {name}: {out.splitlines()[-1] if out else ''}")
            print(f"  run {run + 1} {name}: {took:.2f} s, {peak:.0f} MiB")
    medians = {
        name: (
            statistics.median(t for t, _ in values),
            statistics.median(p for _, p in values),
            max(p for _, p in values),
        )
        for name, values in results.items()
    }
    print(f"\n{'import':<10}{'median s':>10}{'min s':>8}{'peak MiB (median, max)':>26}")
    for name, (took, peak, top) in medians.items():
        fastest = min(t for t, _ in results[name])
        print(f"{name:<10}{took:>10.2f}{fastest:>8.2f}{peak:>17.0f}, {top:.0f}")
    apkg, js = medians["apkg"], medians["json"]
    print(f"apkg / json: time {apkg[0] / js[0]:.2f}x, peak memory {apkg[1] / js[1]:.2f}x")


if __name__ == "__main__":
    main()
