"""The server's log: one line per event, every field escaped, never a traceback."""

from __future__ import annotations

import logging
import sys

log = logging.getLogger("rebound.serve")


def clean(text: object, limit: int = 300, *, backslash: bool = True) -> str:
    """`text` safe for one log line: control and other unprintable characters (newline,
    ESC, C1, bidi overrides, line separators) escaped, a backslash doubled (unless
    `backslash` is False, for text whose fields were cleaned already), long text cut."""
    out = []
    for char in str(text)[:limit]:
        if char == "\\" and backslash:
            out.append("\\\\")
        elif char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    if len(str(text)) > limit:
        out.append("...")
    return "".join(out)


def quoted(text: object, limit: int = 300) -> str:
    """`clean(text)` in double quotes (a quote inside is escaped), for key="value" fields."""
    return '"' + clean(text, limit).replace('"', '\\"') + '"'


class OneLineFormatter(logging.Formatter):
    """Every record is exactly one line: the message escaped by `clean`, and an exception
    as its type and message, never a traceback."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not cost the line
            message = f"{record.msg!r} {record.args!r}"
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message = f"{message} ({type(error).__name__}: {error})"
        return f"{self.formatTime(record)} {clean(message, limit=2000, backslash=False)}"


def log_to_stderr() -> None:
    """Every log line on stderr, through `OneLineFormatter`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLineFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # asyncssh's own INFO lines repeat what the client sent (user names, commands) and
    # run to a dozen a connection; its warnings and errors still show, one line each.
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
