"""Charts drawn with plotext (textual-plotext), following the app's theme. Series are told
apart by their marker as well as their colour, so they read in 16 colours and NO_COLOR."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import RenderResult
from textual_plotext import PlotextPlot


class ThemedPlot(PlotextPlot):
    """Follows the app's theme; with an ANSI theme (16 colours) the plot uses the terminal's
    own colours, since theme colours mapped to 16 colours can come out black on black."""

    _plotted = 0
    """Counts the plots drawn into `plt` (each subclass's `plot`)."""
    _drawn: tuple[object, RenderResult] | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self._follow(self.app.current_theme.ansi)
        self.app.theme_changed_signal.subscribe(self, lambda theme: self._follow(theme.ansi))

    def _follow(self, ansi: bool) -> None:
        self.theme = "clear" if ansi else "auto"
        self.refresh()

    def _replot(self) -> None:
        self._plotted += 1
        self.refresh()

    def render(self) -> RenderResult:
        """The plot drawn once for each size, theme and plot: a screen's first layouts
        (mount, then its resize) render it twice, and plotext takes 10-20 ms a draw."""
        key = (self.size, self.theme, self.app.theme, self._plotted)
        if self._drawn is None or self._drawn[0] != key:
            self._drawn = (key, super().render())
        return self._drawn[1]


def _whole_ticks(top: float) -> list[float]:
    highest = int(top)
    step = max(1, -(-highest // 4))  # at most five whole-number ticks
    return [float(t) for t in range(0, highest + step, step)]


class BarChart(ThemedPlot):
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
        plt.xticks([float(x) for x in ticks], [first_label if x == 0 else f"+{x}d" for x in ticks])
        plt.yticks(_whole_ticks(max(values, default=0)))
        if xlabel:
            plt.xlabel(xlabel)
        self._replot()


class LineChart(ThemedPlot):
    """Lines over labelled x positions; each series has its own marker."""

    DEFAULT_CSS = """
    LineChart {
        height: 12;
        border: round $foreground 35%;
    }
    """

    def plot(
        self,
        labels: Sequence[str],
        series: Sequence[tuple[str, str, Sequence[float]]],
        *,
        ylim: tuple[float, float] | None = None,
        yticks: Sequence[float] | None = None,
        ylabels: Sequence[str] | None = None,
    ) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        xs = list(range(len(labels)))
        for name, marker, values in series:
            if values:  # plotext cannot draw the legend of an empty series
                plt.plot(xs, list(values), marker=marker, label=name)
        if labels:
            every = max(1, len(labels) // 5)
            ticks = xs[::every]
            plt.xticks([float(x) for x in ticks], [labels[x] for x in ticks])
        if ylim is not None:
            plt.ylim(*ylim)
        if yticks is not None:
            plt.yticks(list(yticks), list(ylabels) if ylabels else None)
        self._replot()


class ScatterChart(ThemedPlot):
    DEFAULT_CSS = """
    ScatterChart {
        height: 14;
        border: round $foreground 35%;
    }
    """

    def plot(
        self,
        xs: Sequence[float],
        ys: Sequence[float],
        *,
        xlabel: str,
        ylabel: str,
        xlim: tuple[float, float],
        ylim: tuple[float, float],
    ) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        if xs:
            plt.scatter(list(xs), list(ys), marker="●")
        plt.xlim(*xlim)
        plt.ylim(*ylim)
        plt.xticks([0.0, 5.0, 10.0])
        plt.yticks([0.0, 5.0, 10.0])
        plt.xlabel(xlabel)
        plt.ylabel(ylabel)
        self._replot()
