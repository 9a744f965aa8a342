"""Text that is safe to write to a terminal or a file a terminal may show.

User text, file names and command-line arguments can hold terminal control characters
(ESC sequences that retitle the window or write the clipboard, bells, backspaces) and lone
surrogates that cannot be encoded. Here they are shown visibly, as Python-style escapes
(`\\x1b`, `\\udc80`), so nothing is silently merged and nothing reaches the terminal. Pure
functions: no Textual, so the command line can use them on its fast start path.
"""

from __future__ import annotations

import re
from functools import cache

# C0 controls, DEL, C1 controls (U+0080-U+009F; CSI is U+009B) and lone surrogates.
# Patterns, compiled on first use (`_compiled`): the command line imports this
# module on every start, and a class with the surrogate range takes ~0.3 ms to compile.
_UNSAFE = r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]"
_UNSAFE_KEEP_LAYOUT = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]"
# What may be raw in a JSON text but not on a terminal (json.dumps escapes C0 itself).
_JSON_UNSAFE = r"[\x7f-\x9f\ud800-\udfff]"
MAX_ECHO = 200
"""The most characters of a user-given argument an error message repeats."""


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_line(text: str) -> str:
    """`text` as one terminal line: every control character (newline and tab included)
    and every lone surrogate written as a visible escape."""
    return _compiled(_UNSAFE).sub(_escape, text)


def escape_controls(text: str) -> str:
    """`text` with control characters escaped visibly, but newlines and tabs kept, for
    multi-line output (exports). A carriage return is a control: a lone CR could overwrite
    a line on screen."""
    return _compiled(_UNSAFE_KEEP_LAYOUT).sub(_escape, text.replace("\r\n", "\n"))


def json_for_terminal(text: str) -> str:
    """A JSON text with DEL, C1 controls and lone surrogates written as `\\uXXXX` escapes:
    the same JSON value, but safe to print and always encodable as UTF-8. The input must
    come from json.dumps (which already escapes C0 controls inside strings)."""
    return _compiled(_JSON_UNSAFE).sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def echo(text: str, limit: int = MAX_ECHO) -> str:
    """A user-given value quoted for an error message: escaped, and cut short if long."""
    shown = text if len(text) <= limit else text[:limit] + "…"
    return repr(shown)  # repr escapes every character that is not printable
