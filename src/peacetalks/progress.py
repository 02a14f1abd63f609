r"""A small progress indicator on standard error for long command-line runs.

`Progress` counts items (articles read, articles extracted) and redraws one
line in place with ``\r``: the count (out of the total when it is known),
the rate, and the time left.  It redraws at most ten times a second, and
only once a run has lasted ``delay`` seconds, so short runs print nothing.

It is silent unless it is on: by default it is on only when its stream is
a terminal (``isatty()``), so output piped to a file or another program
never holds progress lines; ``enabled=True`` forces it on, ``False`` off.

Example:
    >>> import io
    >>> stream = io.StringIO()  # not a terminal: nothing is written
    >>> sum(1 for _ in track(range(3), "extracting", stream=stream))
    3
    >>> stream.getvalue()
    ''
"""

from __future__ import annotations

import shutil
import sys
import time
import weakref
from collections.abc import Callable, Generator, Iterable, Sized
from types import TracebackType
from typing import IO, TypeVar

__all__ = ["Progress", "end_lines", "format_duration", "track"]

T = TypeVar("T")

#: The shortest time between two redraws, in seconds (ten a second at most).
INTERVAL = 0.1

# The lines drawn and not yet ended, for `end_lines`.
_on_screen: weakref.WeakSet[Progress] = weakref.WeakSet()


def format_duration(seconds: float) -> str:
    """Seconds as ``M:SS``, or ``H:MM:SS`` from an hour on.

    >>> format_duration(75.4), format_duration(3725)
    ('1:15', '1:02:05')
    """
    whole = max(int(seconds + 0.5), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


class Progress:
    r"""Count items and show the count, rate and time left on one line.

    Args:
        label: What is being done ("reading", "extracting").
        total: How many items there will be, if known; without it, the line
            shows the count and rate but no percentage or time left.
        unit: What the items are, in the plural ("articles").
        stream: Where to draw; standard error if None.
        enabled: True to draw whatever the stream is, False never to draw,
            None (the default) to draw only when the stream is a terminal.
        delay: Draw nothing until this many seconds have passed, so that
            short runs stay silent.
        interval: The shortest time between two redraws, in seconds.
        clock: The time source (seconds, monotonic); for tests.

    >>> import io
    >>> class Terminal(io.StringIO):
    ...     def isatty(self) -> bool:
    ...         return True
    >>> ticks = iter([0.0, 1.0, 2.0])  # the start, the update, the close
    >>> screen = Terminal()
    >>> with Progress("extracting", total=4, stream=screen,
    ...               clock=lambda: next(ticks)) as bar:
    ...     bar.update(2)
    >>> for line in screen.getvalue().split("\r")[1:]:
    ...     print(repr(line))
    'extracting 2/4 articles  50%  2.0/s  ETA 0:01'
    'extracting 2/4 articles  50%  1.0/s  ETA 0:02\n'
    """

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        unit: str = "articles",
        stream: IO[str] | None = None,
        enabled: bool | None = None,
        delay: float = 0.0,
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.count = 0
        self.stream: IO[str] = stream if stream is not None else sys.stderr
        self.enabled = _is_terminal(self.stream) if enabled is None else enabled
        self.delay = delay
        self.interval = interval
        self._clock = clock
        self._start = clock() if self.enabled else 0.0
        self._last_draw: float | None = None
        self._drawn = 0  # the length of the line on screen, to blank it out
        self._closed = False

    def __repr__(self) -> str:
        total = "" if self.total is None else f"/{self.total}"
        return f"<Progress {self.label!r}: {self.count}{total} {self.unit}>"

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def update(self, n: int = 1) -> None:
        """Count ``n`` more items, and redraw if it is time to."""
        self.count += n
        if not self.enabled or self._closed:
            return
        now = self._clock()
        if now - self._start < self.delay:
            return
        if self._last_draw is not None and now - self._last_draw < self.interval:
            return
        self._draw(now)

    def line(self, now: float | None = None) -> str:
        r"""The text of the line as it stands (without ``\r``).

        >>> Progress("reading", unit="files", enabled=False).line(now=0.0)
        'reading 0 files'
        """
        elapsed = (self._clock() if now is None else now) - self._start
        rate = self.count / elapsed if elapsed > 0 else None
        parts = [f"{self.label} {self.count:,}"]
        if self.total is not None:
            parts[0] += f"/{self.total:,}"
        parts[0] += f" {self.unit}"
        if self.total:
            parts.append(f"{min(self.count / self.total, 1.0):.0%}")
        if rate is not None and self.count:
            parts.append(f"{rate:,.1f}/s")
            if self.total is not None and self.count < self.total:
                parts.append(f"ETA {format_duration((self.total - self.count) / rate)}")
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        width = shutil.get_terminal_size((80, 24)).columns - 1
        text = self.line(now)[: max(width, 10)]
        padding = " " * max(self._drawn - len(text), 0)
        self.stream.write(f"\r{text}{padding}")
        self.stream.flush()
        self._drawn = len(text)
        self._last_draw = now
        _on_screen.add(self)

    def close(self) -> None:
        """Draw the final count and end the line, if anything was drawn.

        A run that ended before ``delay`` leaves nothing on the screen.
        """
        if self._closed:
            return
        self._closed = True
        if self.enabled and self._last_draw is not None:
            self._draw(self._clock())
            self._end()

    def _end(self) -> None:
        self._closed = True
        _on_screen.discard(self)
        self.stream.write("\n")
        self.stream.flush()


def end_lines() -> None:
    r"""End every progress line on the screen where it stands, for good.

    A message printed next (an error, ``interrupted``) then starts on a line
    of its own rather than after the count, and a line ended here is not
    drawn again when its loop is closed later.

    >>> import io
    >>> class Terminal(io.StringIO):
    ...     def isatty(self) -> bool:
    ...         return True
    >>> screen = Terminal()
    >>> bar = Progress("reading", stream=screen, clock=lambda: 0.0)
    >>> bar.update()
    >>> end_lines()
    >>> _ = screen.write("peacetalks extract: interrupted\n")
    >>> bar.close()  # nothing more is drawn
    >>> print(screen.getvalue().replace("\r", ""), end="")
    reading 1 articles
    peacetalks extract: interrupted
    """
    for bar in list(_on_screen):
        try:
            bar._end()
        except (OSError, ValueError):  # a closed stream: nothing to end
            continue


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def track(
    items: Iterable[T],
    label: str,
    *,
    total: int | None = None,
    unit: str = "articles",
    stream: IO[str] | None = None,
    enabled: bool | None = None,
    delay: float = 0.0,
) -> Generator[T, None, None]:
    """Yield ``items`` unchanged, counting them on a `Progress` line.

    Nothing is read ahead: the items stream through one at a time.  The
    total is ``total``, else ``len(items)`` when ``items`` has a length.
    The line ends when the items are exhausted or the generator is closed.

    >>> list(track("abc", "reading", enabled=False))
    ['a', 'b', 'c']
    """
    if total is None and isinstance(items, Sized):
        total = len(items)
    with Progress(
        label, total=total, unit=unit, stream=stream, enabled=enabled, delay=delay
    ) as bar:
        for item in items:
            yield item
            bar.update()
