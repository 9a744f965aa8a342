"""What an SSH client gets from `rebound serve` besides the app: its own data (`status
--json` and `export` to its stdout, the same as at home), its terminal wishes (NO_COLOR,
LANG, a mouse opt-out, a theme) through a fixed allow-list, and a screen that sends few
bytes (no blinking cursor, no mouse-motion tracking)."""

from __future__ import annotations

import asyncio
import io
import json
import os
import random
import re
import tarfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pyte
import pytest

from rebound_tui.domain.clock import FixedClock
from rebound_tui.serve.session import client_wishes, normal_command
from rebound_tui.services import settings
from rebound_tui.ui.served import fewer_style_bytes
from tests.helpers import open_repo
from tests.test_cli import fill, run
from tests.test_serve import Screen, Server, open_app
from tests.test_serve_hardening import environ, one_session


@pytest.fixture
async def server(tmp_path: Path, clock: FixedClock) -> AsyncIterator[Server]:
    running = Server(tmp_path)
    fill(open_repo(running.data("alice"), clock), clock)
    await running.start()
    yield running
    await running.stop()


async def test_export_over_ssh_round_trips_into_an_empty_data_dir(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with await server.connect() as conn:
        result = await conn.run("export --format json", encoding=None)
    assert result.exit_status == 0, result.stderr
    received = bytes(result.stdout or b"")
    assert b"\r\n" not in received  # no terminal asked for: the bytes as they are
    mine = tmp_path / "mine.json"
    mine.write_bytes(received)
    empty = tmp_path / "empty"
    code, _, err = run(capsys, "import", str(mine), "--data-dir", str(empty))
    assert code == 0, err
    code, again, _ = run(capsys, "export", "--format", "json", "--data-dir", str(empty))
    assert code == 0
    document, copy = json.loads(received), json.loads(again)
    assert len(document["reviews"]) == 4
    document.pop("exported_at")
    copy.pop("exported_at")
    assert copy == document


async def test_status_json_over_ssh_is_what_it_is_at_home(
    server: Server, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    async with await server.connect() as conn:
        remote = await conn.run("status  --json")
    assert remote.exit_status == 0, remote.stderr
    monkeypatch.setenv("REBOUND_FAKE_NOW", server.config.extra_env["REBOUND_FAKE_NOW"])
    code, local, _ = run(capsys, "status", "--json", "--data-dir", str(server.data("alice")))
    assert code == 0
    assert json.loads(str(remote.stdout)) == json.loads(local)


async def test_markdown_and_csv_exports_and_what_stays_refused(server: Server) -> None:
    async with await server.connect() as conn:
        markdown = await conn.run("export --format=md")
        assert markdown.exit_status == 0, markdown.stderr
        assert "Acme" in str(markdown.stdout)
        csv = await conn.run("export --format csv", encoding=None)
        assert csv.exit_status == 0, csv.stderr
        assert not csv.stderr  # no server path is named
        with tarfile.open(fileobj=io.BytesIO(bytes(csv.stdout or b""))) as tar:
            names = tar.getnames()
        assert "rebound-export/reviews.csv" in names
        for command in (
            "export -o /tmp/mine.json",
            "export --format json --output x",
            "export --format yaml",
            "export --format json --data-dir /tmp",
            "status --json --data-dir /tmp",
            "export --format json; id",
        ):
            refused = await conn.run(command)
            assert refused.exit_status == 2, command
            assert "`export --format json|md|csv` to your stdout" in str(refused.stderr)
    assert (
        not Path("/tmp/mine.json").exists()
        or time.time() - os.path.getmtime("/tmp/mine.json") > 60
    )
    assert not list((server.users / "alice" / "cache").glob("export-*"))  # cleaned up


def test_commands_are_read_with_even_spaces_and_format_equals() -> None:
    assert normal_command("  export   --format=csv ") == "export --format csv"
    assert normal_command("status\t--json") == "status --json"


def test_the_client_environment_allow_list() -> None:
    sent = {
        "LANG": "de_DE.UTF-8",
        "LC_ALL": "en_US.ISO-8859-1",  # not UTF-8: the terminal would get the wrong bytes
        "REBOUND_NO_MOUSE": "1",
        "REBOUND_THEME": "nord",
        "PYTHONPATH": "/tmp",
    }
    assert client_wishes(sent) == {
        "LANG": "de_DE.UTF-8",
        "REBOUND_NO_MOUSE": "1",
        "REBOUND_THEME": "nord",
    }
    hostile = {"LANG": "C.UTF-8\n; x", "REBOUND_THEME": "../../x", "REBOUND_NO_MOUSE": "0"}
    assert client_wishes(hostile) == {}
    assert client_wishes({"REBOUND_THEME": "no-such-theme"}) == {}


async def test_the_clients_wishes_reach_the_session(server: Server) -> None:
    sent = {"LANG": "C.UTF-8", "TZ": "Europe/Berlin", "NO_COLOR": "1", "REBOUND_NO_MOUSE": "1"}
    async with await server.connect() as conn:
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(80, 24), encoding=None, env=sent
        )
        screen = Screen(process, (80, 24))
        await screen.wait_for("Today's drill")
        env = environ(await one_session(os.getpid()))
        await screen.keys("q")
        await asyncio.wait_for(process.wait_closed(), 10)
    assert env["LANG"] == "C.UTF-8"
    assert "LC_ALL" not in env  # the client's LANG is not overridden
    assert env["NO_COLOR"] == "1"
    assert env["REBOUND_NO_MOUSE"] == "1"
    assert env["REBOUND_CLIENT_TZ"] == "Europe/Berlin"
    assert env["REBOUND_SERVED"] == "1"


async def first_screen(
    server: Server, env: dict[str, str] | None = None, seconds: float = 3.0
) -> bytes:
    """Everything the home screen sends in its first `seconds`."""
    async with await server.connect() as conn:
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(80, 24), encoding=None, env=env or {}
        )
        received = b""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            try:
                received += await asyncio.wait_for(process.stdout.read(65536), left)
            except TimeoutError:
                break
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), 10)
    return received


async def test_no_color_from_the_client_takes_the_colour_out(server: Server) -> None:
    coloured = await first_screen(server)
    plain = await first_screen(server, {"NO_COLOR": "1"})
    assert b"Today's drill" in plain
    colours = re.compile(rb"\x1b\[[0-9;]*[34]8;[25];[0-9;]*m")
    assert colours.search(coloured)
    assert not colours.search(plain), colours.findall(plain)[:5]


async def test_mouse_clicks_without_motion_tracking_and_the_opt_out(server: Server) -> None:
    clicks = await first_screen(server)
    assert b"\x1b[?1000h" in clicks and b"\x1b[?1006h" in clicks
    assert b"\x1b[?1003h" not in clicks  # no report for every motion of the mouse
    none = await first_screen(server, {"REBOUND_NO_MOUSE": "1"})
    assert b"\x1b[?1000h" not in none


async def test_a_text_field_does_not_blink_over_ssh(server: Server) -> None:
    async with await server.connect() as conn:
        screen = await open_app(conn, "checkin")
        await screen.wait_for("Where are you?")
        await screen.keys("tab", "tab", "tab", pause=0.3)
        await screen.settle(1.0)
        received = 0
        end = time.monotonic() + 3.0
        while (left := end - time.monotonic()) > 0:
            try:
                received += len(await asyncio.wait_for(screen.process.stdout.read(65536), left))
            except TimeoutError:
                break
        screen.process.stdin.write(b"\x1b")
        screen.process.close()
    assert received < 200, received


def colours_of(screen: bytes) -> set[bytes]:
    return set(re.findall(rb"[34]8;5;[0-9]+", screen))


async def test_the_theme_chosen_in_settings_follows_the_user(
    server: Server, clock: FixedClock
) -> None:
    default = colours_of(await first_screen(server))
    asked = colours_of(await first_screen(server, {"REBOUND_THEME": "nord"}))
    repo = open_repo(server.data("alice"), clock)
    settings.save_theme(repo, "nord")  # chosen in Settings, from any device
    repo.close()
    saved = colours_of(await first_screen(server))
    assert asked != default
    assert saved == asked


def painted(frame: str) -> list[list[tuple[str, str, str, bool]]]:
    screen = pyte.Screen(40, 6)
    pyte.Stream(screen).feed(frame)
    return [
        [(c.data, c.fg, c.bg, c.bold) for c in (screen.buffer[y][x] for x in range(40))]
        for y in range(6)
    ]


def test_fewer_style_bytes_paints_the_same_screen() -> None:
    """Frames made the way Textual writes them (a reset after every run, moves between
    runs, now and then unstyled text) look the same with fewer bytes."""
    rng = random.Random(13)
    styles = ["38;5;253;48;5;17", "1;38;5;214;48;5;17", "48;5;233", "38;5;32;48;5;233"]
    saved = 0
    for _ in range(200):
        parts = []
        for _ in range(rng.randrange(1, 30)):
            roll = rng.random()
            if roll < 0.2:
                parts.append(f"\x1b[{rng.randrange(1, 7)};{rng.randrange(1, 41)}H")
            elif roll < 0.3:
                parts.append("\r\n")
            elif roll < 0.4:
                parts.append("plain")
            else:
                text = rng.choice(["ab", " ", "─" * 3, "x y"])
                end = "\x1b[0m" if rng.random() < 0.85 else ""  # styles can stack
                parts.append(f"\x1b[{rng.choice(styles)}m{text}{end}")
        frame = "".join(parts)
        shorter = fewer_style_bytes(frame)
        assert painted(shorter) == painted(frame), (frame, shorter)
        saved += len(frame) - len(shorter)
    assert saved > 0
    kept = "\x1b7\x1b[0m\x1b[1mA\x1b[0m\x1b[1mB\x1b8"  # a restored cursor brings its style back
    assert fewer_style_bytes(kept) == kept
