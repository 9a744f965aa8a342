"""Who may log in (public keys only, enrolled users only), and how many connections may
be logging in at once (like sshd's MaxStartups)."""

from __future__ import annotations

import asyncio

import asyncssh

from rebound_tui.serve.config import ServeConfig
from rebound_tui.serve.keys import user_dir
from rebound_tui.serve.log import clean, log, quoted


class Gate:
    """Counts connections that have not authenticated yet, shared by all of them, and
    knows every open connection (to close them when the server stops)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.waiting = 0
        self.refused = 0
        self.conns: set[asyncssh.SSHServerConnection] = set()


class ReboundSSHServer(asyncssh.SSHServer):
    def __init__(self, config: ServeConfig, gate: Gate) -> None:
        self.config = config
        self.gate = gate
        self._conn: asyncssh.SSHServerConnection | None = None
        self._waiting = False
        self._username: str | None = None
        self._peer = "?"

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._peer = clean((conn.get_extra_info("peername") or ("?",))[0], 60)
        if self.gate.waiting >= self.gate.limit:
            # like sshd's MaxStartups: close at once, before any key exchange work
            self.gate.refused += 1
            log.warning(
                "refused a connection from %s: %s connections are still authenticating",
                self._peer,
                self.gate.waiting,
            )
            asyncio.get_running_loop().call_soon(conn.abort)
            return
        self.gate.waiting += 1
        self._waiting = True
        self.gate.conns.add(conn)

    def _done_waiting(self) -> None:
        if self._waiting:
            self._waiting = False
            self.gate.waiting -= 1

    def auth_completed(self) -> None:
        self._done_waiting()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._waiting:
            peer = self._peer
            if "timeout" in str(exc).lower():
                log.warning(
                    "closed a connection from %s: no login within %gs",
                    peer,
                    self.config.login_grace,
                )
            elif self._username is not None:  # like sshd's "Failed publickey" line
                log.warning("login failed for user %s from %s", quoted(self._username, 64), peer)
        self._done_waiting()
        if self._conn is not None:
            self.gate.conns.discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        self._username = username
        home = user_dir(self.config.users_dir, username)
        if home is not None and self._conn is not None:
            try:
                self._conn.set_authorized_keys(str(home / "authorized_keys"))
            except Exception as error:  # OSError, KeyImportError, ValueError("No valid ...")
                name, reason = quoted(username, 64), clean(error, 200)
                log.warning("unreadable authorized_keys for %s: %s", name, reason)
        return True  # unknown users go through auth and fail like everyone without a key

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True
