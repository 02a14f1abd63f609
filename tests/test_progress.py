"""Tests for peacetalks.progress: the progress line on standard error."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator

import pytest

from peacetalks.progress import Progress, format_duration, track


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _frames(stream: io.StringIO) -> list[str]:
    """What was drawn, one redraw each (the text after each carriage return)."""
    return stream.getvalue().split("\r")[1:]


class TestSilence:
    def test_not_a_terminal(self) -> None:
        """Nothing at all is written to a stream that is not a terminal."""
        stream = io.StringIO()
        clock = Clock()
        with Progress("reading", total=3, stream=stream, clock=clock) as bar:
            for _ in range(3):
                clock.now += 1
                bar.update()

        assert stream.getvalue() == ""
        assert bar.count == 3

    def test_disabled_on_a_terminal(self) -> None:
        """enabled=False keeps a terminal silent (the command's --quiet)."""
        screen = Terminal()
        assert list(track(range(5), "x", stream=screen, enabled=False)) == [
            0,
            1,
            2,
            3,
            4,
        ]
        assert screen.getvalue() == ""

    def test_forced_on_a_pipe(self) -> None:
        """enabled=True draws even when the stream is not a terminal (--progress)."""
        stream = io.StringIO()
        list(track(range(2), "reading", stream=stream, enabled=True))

        assert stream.getvalue().startswith("\rreading ")
        assert stream.getvalue().endswith("\n")

    def test_short_run_within_delay(self) -> None:
        """A run that ends before ``delay`` leaves nothing on the screen."""
        screen = Terminal()
        clock = Clock()
        with Progress("reading", stream=screen, delay=1.0, clock=clock) as bar:
            clock.now = 0.5
            bar.update()

        assert screen.getvalue() == ""

    def test_closed_stream(self) -> None:
        """A closed stream counts as no terminal."""
        stream = io.StringIO()
        stream.close()

        assert Progress("x", stream=stream).enabled is False


class TestDrawing:
    def test_count_rate_and_eta(self) -> None:
        """The line shows count/total, percentage, rate and the time left."""
        screen = Terminal()
        clock = Clock()
        with Progress("extracting", total=10, stream=screen, clock=clock) as bar:
            clock.now = 2.0
            bar.update(4)

        first, last = _frames(screen)
        assert first == "extracting 4/10 articles  40%  2.0/s  ETA 0:03"
        assert last == "extracting 4/10 articles  40%  2.0/s  ETA 0:03\n"

    def test_unknown_total(self) -> None:
        """Without a total the line has the count and rate, no ETA."""
        screen = Terminal()
        clock = Clock()
        with Progress("reading", unit="files", stream=screen, clock=clock) as bar:
            clock.now = 4.0
            bar.update(1200)

        assert _frames(screen)[0] == "reading 1,200 files  300.0/s"

    def test_done_has_no_eta(self) -> None:
        """Once every item is counted, the line shows 100% and no ETA."""
        screen = Terminal()
        clock = Clock()
        with Progress("extracting", total=2, stream=screen, clock=clock) as bar:
            clock.now = 1.0
            bar.update(2)

        assert _frames(screen)[-1] == "extracting 2/2 articles  100%  2.0/s\n"

    def test_at_most_ten_redraws_a_second(self) -> None:
        """Updates closer than the interval (0.1 s) are counted, not drawn."""
        screen = Terminal()
        clock = Clock()
        with Progress("extracting", total=1000, stream=screen, clock=clock) as bar:
            for _ in range(1000):
                clock.now += 0.001  # 1,000 items in one second
                bar.update()

        frames = _frames(screen)
        assert 10 <= len(frames) <= 12  # ten a second, and the final one
        assert frames[-1].startswith("extracting 1,000/1,000 articles  100%")
        assert bar.count == 1000

    def test_redraw_blanks_a_longer_line(self) -> None:
        """A shorter line is padded with spaces over what was there before."""
        screen = Terminal()
        clock = Clock()
        bar = Progress("reading", total=10, stream=screen, clock=clock)
        clock.now = 1.0
        bar.update(1)  # "... ETA 0:09"
        clock.now = 2.0
        bar.update(9)  # done: no ETA, a shorter line
        bar.close()

        first, second, _ = _frames(screen)
        assert len(second) == len(first)
        assert second.rstrip() == "reading 10/10 articles  100%  5.0/s"

    def test_cut_to_the_terminal(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The line never wraps: it is cut to one less than the terminal width."""
        monkeypatch.setattr(
            shutil,
            "get_terminal_size",
            lambda fallback=(80, 24): os.terminal_size((20, 5)),
        )
        screen = Terminal()
        clock = Clock()
        with Progress("extracting", total=10, stream=screen, clock=clock) as bar:
            clock.now = 1.0
            bar.update()

        assert _frames(screen)[0] == "extracting 1/10 art"

    def test_close_twice(self) -> None:
        """Closing again writes nothing more."""
        screen = Terminal()
        bar = Progress("x", stream=screen)
        bar.update()
        bar.close()
        drawn = screen.getvalue()
        bar.close()
        bar.update()

        assert screen.getvalue() == drawn
        assert drawn.endswith("\n")
        assert repr(bar) == "<Progress 'x': 2 articles>"


class TestTrack:
    def test_streams_without_reading_ahead(self) -> None:
        """track hands on each item before the next one is read."""
        read: list[int] = []

        def items() -> Iterator[int]:
            for n in range(3):
                read.append(n)
                yield n

        seen = [
            (item, list(read)) for item in track(items(), "reading", stream=Terminal())
        ]

        assert seen == [(0, [0]), (1, [0, 1]), (2, [0, 1, 2])]

    def test_total_from_length(self) -> None:
        """A sized iterable gives the total; the line ends with a newline."""
        screen = Terminal()
        assert list(track([1, 2], "extracting", stream=screen)) == [1, 2]

        assert "2/2 articles" in screen.getvalue()
        assert screen.getvalue().endswith("\n")

    def test_abandoned_iteration_ends_the_line(self) -> None:
        """Closing the generator early (an error downstream) ends the line."""
        screen = Terminal()
        items = track(range(10), "extracting", stream=screen)
        next(items)
        next(items)  # the first item is counted, and drawn
        items.close()

        last = _frames(screen)[-1]
        assert last.startswith("extracting 1/10 articles  10%")
        assert last.endswith("\n")


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0, "0:00"), (0.4, "0:00"), (59.6, "1:00"), (61, "1:01"), (3600, "1:00:00")],
)
def test_format_duration(seconds: float, expected: str) -> None:
    """Durations read as M:SS, or H:MM:SS from an hour."""
    assert format_duration(seconds) == expected
