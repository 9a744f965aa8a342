"""The handlers of the commands whose modules are imported only when they run (export,
import, search, status, serve, backups, restore): read by `cli.plain_args` and by the
parser (`cli/parser.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse


class _Command:
    """A command's handler, imported only when that command runs: the app's start does
    not pay for the modules of export, import, search, status and serve."""

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name

    def __call__(self, args: argparse.Namespace) -> int:
        from importlib import import_module

        handler: Callable[[argparse.Namespace], int] = getattr(
            import_module(f"rebound_tui.cli.{self.module}"), self.name
        )
        return handler(args)


cmd_status = _Command("status", "cmd_status")
cmd_export = _Command("data", "cmd_export")
cmd_import = _Command("data", "cmd_import")
cmd_backups = _Command("data", "cmd_backups")
cmd_restore = _Command("data", "cmd_restore")
cmd_search = _Command("search", "cmd_search")
cmd_serve = _Command("serve", "cmd_serve")
