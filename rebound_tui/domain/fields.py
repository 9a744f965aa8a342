"""What a record's field may hold, named once (`codec.from_record` checks the metadata):
shared by the records (`models`) and the settings (`settings_record`)."""

from __future__ import annotations

from typing import Annotated

from rebound_tui.domain.codec import Check, MaxLen, Range, identifier, zone_name
from rebound_tui.domain.emotions import GRID_MAX, GRID_MIN

# What a field may hold (checked by codec.from_record).
Id = Annotated[str, Check(identifier)]
Word = Annotated[str, MaxLen(1_000)]
Line = Annotated[str, MaxLen(10_000)]
Prompt = Annotated[str, MaxLen(100_000)]
Zone = Annotated[str, Check(zone_name)]
Grid = Annotated[int, Range(GRID_MIN, GRID_MAX)]
Count = Annotated[int, Range(0, 10_000_000)]
Minutes = Annotated[int, Range(1, 525_600)]  # a learning step: a minute up to a year
