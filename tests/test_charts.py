"""Charts draw each plot once for a size and theme (a screen's first layouts render a
widget twice), and draw again when the plot, the size or the theme changes."""

from __future__ import annotations

from textual.app import App, ComposeResult

from rebound_tui.ui.widgets.charts import LineChart


class OneChart(App[None]):
    def compose(self) -> ComposeResult:
        yield LineChart()


async def test_a_chart_is_drawn_once_for_each_plot_size_and_theme() -> None:
    app = OneChart()
    async with app.run_test(size=(60, 20)) as pilot:
        chart = app.query_one(LineChart)
        drawn: list[str] = []
        build = chart.plt.build

        def counted() -> str:
            drawn.append("built")
            return build()

        setattr(chart.plt, "build", counted)  # noqa: B010 (a method replaced on one object)
        chart.plot(["a", "b", "c"], [("up", "●", [1.0, 2.0, 3.0])])
        await pilot.pause()
        first = chart.render()
        chart.refresh(layout=True)
        await pilot.pause()
        assert chart.render() is first and drawn == ["built"]  # laid out again: kept
        chart.plot(["a", "b"], [("down", "●", [3.0, 1.0])])
        await pilot.pause()
        assert "down" in str(chart.render()) and len(drawn) == 2
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        assert len(drawn) == 3
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        assert len(drawn) == 4
