"""The drill's review charts: a heatmap of reviews a day (weeks as columns, weekdays as
rows) and bars for the last days. The heatmap tells levels apart by the block's density
(· ░ ▒ ▓ █) as well as by colour, so it reads in 16 colours and with NO_COLOR."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from textual.content import Content

from rebound_tui.domain.days import plural
from rebound_tui.domain.stats import Heatmap, level_ranges
from rebound_tui.ui.widgets.charts import ThemedPlot

BLOCKS = ("·", "░", "▒", "▓", "█")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LABEL = 4  # the weekday column
CELL = 2  # a week: the block and a space
EMPTY_STYLE = "$text-muted"
LEVEL_STYLE = "$success"


def _months_row(map_: Heatmap) -> str:
    """Month names over the week in which each month begins."""
    row = [" "] * (LABEL + CELL * map_.weeks + 1)
    starts = []
    for week in range(map_.weeks):
        monday = map_.first + timedelta(days=7 * week)
        if week == 0:
            starts.append((week, monday))
        else:
            first = next(
                (monday + timedelta(days=d) for d in range(7) if (monday + timedelta(d)).day == 1),
                None,
            )
            if first is not None:
                starts.append((week, first))
    for index, (week, day) in enumerate(starts):
        name = f"{day:%b}"
        column = LABEL + CELL * week
        room = (LABEL + CELL * starts[index + 1][0] if index + 1 < len(starts) else len(row)) - 1
        if column + len(name) <= room:
            row[column : column + len(name)] = name
    return "".join(row).rstrip()


def heatmap_content(map_: Heatmap) -> Content:
    """The heatmap, its legend, and the busiest day and the total in words."""
    lines = [Content(_months_row(map_))]
    for weekday, name in enumerate(WEEKDAYS):
        parts: list[str | tuple[str, str]] = [f"{name} "]
        for week in range(map_.weeks):
            day = map_.cell(week, weekday)
            if day is None:
                break
            level = map_.level(day)
            parts.append((BLOCKS[level], LEVEL_STYLE if level else EMPTY_STYLE))
            parts.append(" ")
        lines.append(Content.assemble(*parts).rstrip())
    legend: list[str | tuple[str, str]] = ["    ", (BLOCKS[0], EMPTY_STYLE), " none"]
    busiest = map_.busiest[1] if map_.busiest else 0
    for level, low, high in level_ranges(busiest):
        legend += [
            "  ",
            (BLOCKS[level], LEVEL_STYLE),
            f" {low}" if low == high else f" {low}–{high}",
        ]
    legend.append("  reviews a day" if busiest else "")
    lines.append(Content.assemble(*legend).rstrip())
    if map_.busiest is None:
        lines.append(Content(f"No reviews in the last {map_.weeks} weeks."))
    else:
        day, count = map_.busiest
        lines.append(
            Content(f"Busiest day {day:%a} {day.day} {day:%b %Y}: {plural(count, 'review')}")
        )
        lines.append(
            Content(
                f"{plural(map_.total, 'review')} in {map_.weeks} weeks, on "
                f"{map_.days_drilled} of {plural(map_.days, 'day')}"
            )
        )
    return Content("\n").join(lines)


def _whole_ticks(top: float) -> list[float]:
    step = max(1, -(-int(top) // 4))  # at most five whole-number ticks
    return [float(t) for t in range(0, int(top) + step, step)]


class DailyBars(ThemedPlot):
    """Bars for the last days, today on the right."""

    DEFAULT_CSS = """
    DailyBars {
        height: 12;
        border: round $foreground 35%;
    }
    """

    def plot(self, values: Sequence[int | float]) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        xs = list(range(len(values)))
        plt.bar(xs, list(values), marker="hd")
        last = len(values) - 1
        ticks = [x for x in xs if (last - x) % 7 == 0]
        plt.xticks(
            [float(x) for x in ticks], ["today" if x == last else f"-{last - x}d" for x in ticks]
        )
        plt.yticks(_whole_ticks(max(values, default=0)))
        self._replot()
