"""`rebound serve`: an SSH server for a cohort (asyncssh), hardened like sshd.

Public-key authentication only, from `USERS/<user>/authorized_keys`; each session gets its
own `rebound` process on its own pseudo-terminal (Textual drives one terminal per process),
with the client's TERM and window size (clamped to MAX_COLUMNS x MAX_ROWS), resizes passed
on, and the user's own data directory, `USERS/<user>/data`, which nothing the client sends
can change. Session processes are isolated: `python -I`, the user's folder as working
directory, an environment built from an allow-list. At most `max_startups` connections may
be logging in at once, each for `login_grace` seconds. The log is one escaped line per
event, never a traceback. On disconnect the app gets SIGHUP (it saves and leaves), then
SIGKILL after a grace period.

- `config.py`: the settings and the operator's error;
- `keys.py`: enrolling users, finding an enrolled user, the host key;
- `auth.py`: who may log in, and how many at once;
- `session.py`: one session, from the command asked for to its exit status;
- `child.py`: the session's process: command line, environment, terminal, hang-up;
- `log.py`: one escaped line per event;
- `server.py`: listening, and stopping like sshd.
"""

from rebound_tui.serve.child import MAX_COLUMNS, MAX_ROWS, clamp_size, session_command, session_env
from rebound_tui.serve.config import ServeConfig, ServeError
from rebound_tui.serve.keys import HOST_KEY_NAME, add_user, host_key, user_dir
from rebound_tui.serve.log import OneLineFormatter, clean, quoted
from rebound_tui.serve.server import check_isolated_import, serve_forever, start_server

__all__ = [
    "HOST_KEY_NAME",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "OneLineFormatter",
    "ServeConfig",
    "ServeError",
    "add_user",
    "check_isolated_import",
    "clamp_size",
    "clean",
    "host_key",
    "quoted",
    "serve_forever",
    "session_command",
    "session_env",
    "start_server",
    "user_dir",
]
