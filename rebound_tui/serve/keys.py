"""Keys: enrolling a user with their public key, finding an enrolled user's folder, and
the server's own host key. Every refusal is a `ServeError` for the operator, in one line."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import asyncssh

from rebound_tui.serve.config import ServeError
from rebound_tui.serve.log import clean, quoted
from rebound_tui.store.storage import FILE_MODE, atomic_write_bytes, make_private_dir

USER_NAME = re.compile(r"[a-z_][a-z0-9_-]{0,31}")
HOST_KEY_NAME = "ssh_host_ed25519_key"
RESERVED_PREFIX = "ssh_host"  # user names never shadow the host key's file
MIN_RSA_BITS = 2048
MAX_KEY_FILE_BYTES = 64 * 1024


def user_dir(users_dir: Path, name: str) -> Path | None:
    """The user's directory, or None if `name` is not an enrolled user (or not a name)."""
    if not USER_NAME.fullmatch(name) or name.startswith(RESERVED_PREFIX):
        return None
    path = users_dir / name
    if not (path / "authorized_keys").is_file():
        return None
    return path


def _read_key_file(key_file: Path) -> str:
    """The text of `key_file`: a regular file of at most MAX_KEY_FILE_BYTES, in UTF-8."""
    try:
        info = key_file.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ServeError(f"{key_file} is not a regular file: give the user's .pub file")
        if info.st_size > MAX_KEY_FILE_BYTES:
            raise ServeError(f"{key_file} is too big for an SSH public key")
        return key_file.read_bytes().decode("utf-8")
    except OSError as error:
        raise ServeError(f"cannot read {key_file}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ServeError(f"{key_file} is not an SSH public key (not text)") from None


def _is_private_key(text: str) -> bool:
    if re.search(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----", text) or text.startswith(
        "PuTTY-User-Key-File"
    ):
        return True
    try:
        asyncssh.import_private_key(text)
    except (asyncssh.KeyImportError, ValueError, TypeError):
        return False
    except Exception:  # an odd file is judged by the public-key reader below
        return False
    return True


def _make_users_dir(users_dir: Path) -> None:
    if users_dir.exists() and not users_dir.is_dir():
        raise ServeError(f"{users_dir} is not a folder: --users-dir must name a folder")
    try:
        make_private_dir(users_dir)
    except OSError as error:
        raise ServeError(f"cannot use {users_dir}: {error.strerror or error}") from None


def add_user(users_dir: Path, name: str, key_file: Path) -> str:
    """Enrol `name` with the public key in `key_file`; returns a line for the operator."""
    if not USER_NAME.fullmatch(name):
        raise ServeError(
            f"{quoted(name, 40)} is not a usable user name (lowercase letters, digits, - and _; "
            "starting with a letter or _; at most 32)"
        )
    if name.startswith(RESERVED_PREFIX):
        raise ServeError(f"{name!r} is reserved for the server's host key; choose another name")
    text = _read_key_file(key_file)
    if _is_private_key(text):
        raise ServeError(
            f"{key_file} is a private key: it must never leave its owner. "
            "Enrol their public key (the .pub file) instead"
        )
    try:
        key = asyncssh.import_public_key(text)
    except Exception as error:  # asyncssh raises several kinds for odd input
        raise ServeError(f"{key_file} is not an SSH public key ({clean(error, 80)})") from None
    algorithm = key.algorithm.decode("ascii", "replace")
    if algorithm == "ssh-dss":
        raise ServeError(f"{key_file} is a DSA key, which is too weak; use ssh-keygen -t ed25519")
    if algorithm == "ssh-rsa":
        bits = getattr(key.pyca_key, "key_size", 0)
        if bits < MIN_RSA_BITS:
            raise ServeError(
                f"{key_file} is a {bits}-bit RSA key, which is too weak: use at least "
                f"{MIN_RSA_BITS} bits, or better ssh-keygen -t ed25519"
            )
    comment = key.get_comment()
    key.set_comment(clean(comment, 100) if comment else None)
    line = key.export_public_key().decode().strip()
    home = users_dir / name
    _make_users_dir(users_dir)
    try:
        make_private_dir(home)
        make_private_dir(home / "data")
        keys_path = home / "authorized_keys"
        existing = keys_path.read_text().splitlines() if keys_path.exists() else []
        if line.split()[:2] in [e.split()[:2] for e in existing]:
            return f"{name} already has that key."
        payload = ("\n".join([*existing, line]) + "\n").encode()
        os.close(atomic_write_bytes(keys_path, payload))
    except OSError as error:
        where = error.filename or home
        raise ServeError(f"cannot enrol {name} in {where}: {error.strerror or error}") from None
    return f"Enrolled {name}: ssh -t -p PORT {name}@HOST (data in {home / 'data'})."


def host_key(users_dir: Path) -> asyncssh.SSHKey:
    """The server's ed25519 host key, created once (0600) and reused. A key file that
    others can read, that is not ours or that does not parse is refused, never replaced."""
    path = users_dir / HOST_KEY_NAME
    _make_users_dir(users_dir)
    try:
        info = path.stat()
    except FileNotFoundError:
        key = asyncssh.generate_private_key("ssh-ed25519")
        try:
            os.close(atomic_write_bytes(path, key.export_private_key()))
            os.chmod(path, FILE_MODE)
        except OSError as error:
            raise ServeError(f"cannot write the host key {path}: {error.strerror}") from None
        return key
    except OSError as error:
        where = error.filename or path
        raise ServeError(f"cannot use {where}: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise ServeError(f"the host key {path} is not a regular file")
    if info.st_uid != os.getuid():
        raise ServeError(f"the host key {path} belongs to another user; it must be yours")
    if info.st_mode & 0o077:
        raise ServeError(
            f"the host key {path} can be read by others (mode {info.st_mode & 0o777:04o}): "
            f"make it private with `chmod 600 {path}`, or if others may have copied it, "
            "move it aside to make a new one"
        )
    try:
        return asyncssh.import_private_key(path.read_bytes())
    except OSError as error:
        raise ServeError(f"cannot read the host key {path}: {error.strerror}") from None
    except Exception as error:  # KeyImportError, or odd errors from odd bytes
        raise ServeError(
            f"the host key {path} is damaged ({clean(error, 80)}); it was left as it is: "
            "restore it from a backup, or move it aside to make a new one (clients will "
            "then warn that the host key changed)"
        ) from None
