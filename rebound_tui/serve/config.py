"""The server's settings, and the error that tells the operator what to fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

HANGUP_GRACE_SECONDS = 3.0


class ServeError(Exception):
    """A problem with the server's setup, for the operator to fix."""


@dataclass
class ServeConfig:
    users_dir: Path
    host: str = "127.0.0.1"
    port: int = 2222
    max_sessions: int = 20
    idle_timeout: float = 1800.0
    max_startups: int = 10
    """Connections not yet authenticated at once (like sshd's MaxStartups); more are closed."""
    login_grace: float = 60.0
    """Seconds a connection has to authenticate (like sshd's LoginGraceTime)."""
    hangup_grace: float = HANGUP_GRACE_SECONDS
    share_memory: bool = False
    """Offer the sessions' memory to the kernel's same-page merging (KSM, where the host
    runs it): `warm.merge_same_pages`. Off unless asked for: merged pages are shared
    between users' sessions (see the README's hosting section)."""
    extra_env: dict[str, str] = field(default_factory=dict)
    """Passed to every session's process (tests pin the clock with it)."""
