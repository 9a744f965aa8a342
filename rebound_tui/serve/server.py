"""The server: listening, checking what it needs before it starts, and stopping like
sshd (no new connections, every app hung up so it saves, each session's line logged)."""

from __future__ import annotations

import asyncio
import signal
import sys

import asyncssh

from rebound_tui.serve.auth import Gate, ReboundSSHServer
from rebound_tui.serve.child import CHILD_PATH
from rebound_tui.serve.config import ServeConfig, ServeError
from rebound_tui.serve.keys import host_key
from rebound_tui.serve.log import log, log_to_stderr
from rebound_tui.serve.session import Sessions

KEEPALIVE_SECONDS, KEEPALIVE_MISSES = 15.0, 2
"""A client that answers no keepalive for 15 s, twice, is gone (a dropped Wi-Fi, a phone
that slept): its session is hung up (the app saves) within about 30-45 s instead of
lingering beside the reconnect."""


async def start_server(
    config: ServeConfig, sessions: Sessions | None = None, gate: Gate | None = None
) -> asyncssh.SSHAcceptor:
    key = host_key(config.users_dir)
    gate = gate or Gate(config.max_startups)
    sessions = sessions or Sessions(config)
    try:
        acceptor = await asyncssh.create_server(
            lambda: ReboundSSHServer(config, gate),
            config.host,
            config.port,
            server_host_keys=[key],
            process_factory=sessions,
            encoding=None,
            line_editor=False,
            agent_forwarding=False,
            x11_forwarding=False,
            allow_scp=False,
            keepalive_interval=KEEPALIVE_SECONDS,
            keepalive_count_max=KEEPALIVE_MISSES,
            login_timeout=config.login_grace,
        )
    except (OSError, OverflowError, ValueError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ServeError(f"cannot listen on {config.host}:{config.port}: {reason}") from None
    sessions.prefork.start()  # warm before the first session asks
    close = acceptor.close

    def close_and_cool() -> None:
        close()
        sessions.prefork.close()

    vars(acceptor)["close"] = close_and_cool  # the warm parent leaves with the listener
    return acceptor


def check_isolated_import() -> None:
    """Sessions run `python -I -m rebound_tui`; make sure that finds this Rebound."""
    import subprocess

    try:
        done = subprocess.run(
            [sys.executable, "-I", "-c", "import rebound_tui"],
            cwd="/",
            env={"PATH": CHILD_PATH},
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ServeError(f"cannot start {sys.executable} for sessions: {error}") from None
    if done.returncode != 0:
        raise ServeError(
            f"{sys.executable} -I cannot import rebound_tui, so sessions could not start: "
            "install Rebound into this Python (pip install rebound-tui) rather than running "
            "it from a source folder"
        )


def serve_forever(config: ServeConfig) -> int:
    host_key(config.users_dir)  # a bad host key is one line before anything starts
    check_isolated_import()
    log_to_stderr()

    async def main() -> None:
        sessions, gate = Sessions(config), Gate(config.max_startups)
        server = await start_server(config, sessions, gate)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        ports = server.sockets[0].getsockname()[1] if server.sockets else config.port
        log.info(
            "rebound serve on %s port %s, users in %s (at most %s sessions, %s still "
            "authenticating, %gs to log in)",
            config.host,
            ports,
            config.users_dir,
            config.max_sessions,
            config.max_startups,
            config.login_grace,
        )
        await stop.wait()
        # stop like sshd: no new connections, every app hung up (it saves), each session
        # logs its line, then the connections close
        log.info("stopping: %s sessions to hang up", len(sessions.tasks))
        server.close()
        await sessions.hang_up_all()
        for conn in list(gate.conns):
            conn.close()
        await asyncio.sleep(0.1)
        log.info("stopped")

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        return 0
    return 0
