"""Charts drawn with plotext (textual-plotext), following the app's theme."""

from __future__ import annotations

from collections.abc import Sequence

from textual_plotext import PlotextPlot


class BarChart(PlotextPlot):
    DEFAULT_CSS = """
    BarChart {
        height: 12;
        border: round $foreground 35%;
    }
    """

    def plot(
        self, values: Sequence[int | float], *, first_label: str = "", xlabel: str = ""
    ) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        xs = list(range(len(values)))
        plt.bar(xs, list(values), marker="hd")
        ticks = [x for x in xs if x % 7 == 0]
        plt.xticks(ticks, [first_label if x == 0 else f"+{x}d" for x in ticks])
        top = int(max(values, default=0))
        step = max(1, -(-top // 4))  # at most five whole-number ticks
        plt.yticks(list(range(0, top + step, step)))
        if xlabel:
            plt.xlabel(xlabel)
        self.refresh()


class LineChart(PlotextPlot):
    DEFAULT_CSS = """
    LineChart {
        height: 12;
        border: round $foreground 35%;
    }
    """
