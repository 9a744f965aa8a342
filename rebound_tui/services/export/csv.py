"""`rebound export --format csv`: one CSV file per record type, header row first, plus
settings.csv. Numbers stay numbers; every text cell has its control characters escaped
and cannot start a spreadsheet formula (OWASP, CSV injection)."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
from pathlib import Path
from typing import Any

from rebound_tui.domain.codec import to_record
from rebound_tui.domain.safe_text import escape_controls
from rebound_tui.services.export.files import DIR_MODE, write_private
from rebound_tui.store.repository import Repository
from rebound_tui.store.schema import COLLECTIONS

# OWASP (CSV injection): a cell starting with one of these is a formula to a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(text: str) -> str:
    """A text cell: control characters escaped (newlines and tabs kept), and a leading
    `=`, `+`, `-`, `@`, tab or CR neutralised with a single quote, as OWASP recommends."""
    text = escape_controls(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell(value: Any) -> str:
    """One CSV cell. Numbers stay numbers (a real -3 is written -3); everything else is
    text and is neutralised, lists and mappings included."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return _text_cell("; ".join(_plain(v) for v in value))
    if isinstance(value, dict):
        return _text_cell("; ".join(f"{k}={_plain(v)}" for k, v in value.items()))
    return _text_cell(str(value))


def _plain(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def export_csv(repo: Repository, directory: Path) -> list[Path]:
    """One CSV per record type (header row first), plus settings.csv; returns the files.
    A folder it creates is 0700; each file is 0600 and replaced atomically."""
    if not directory.is_dir():
        directory.mkdir(mode=DIR_MODE, parents=True)
        os.chmod(directory, DIR_MODE)
    written = []
    for spec in COLLECTIONS:
        records = sorted(repo.collections[spec.name].all(), key=spec.sort_key)
        fields = [f.name for f in dataclasses.fields(spec.record_type)]
        rows = [fields]
        for record in records:
            row = to_record(record)
            rows.append([_cell(row[f]) for f in fields])
        path = directory / f"{spec.name}.csv"
        write_private(path, _csv_bytes(rows))
        written.append(path)
    settings_rows = [["setting", "value"]]
    settings_rows += [[key, _cell(value)] for key, value in to_record(repo.settings()).items()]
    settings_path = directory / "settings.csv"
    write_private(settings_path, _csv_bytes(settings_rows))
    written.append(settings_path)
    return written
