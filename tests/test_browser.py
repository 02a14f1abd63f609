"""The HTML report in a real browser: headless Chromium at 420 px and at 1280 px.

Run with ``pytest -m browser`` (deselected by default, like ``slow``); it
needs Chromium at ``/usr/bin/chromium`` (Debian's ``chromium`` package, which
``.ci/run`` installs when it is missing).  The browser is driven over its
DevTools pipe (``--remote-debugging-pipe``) with the standard library only,
so that the page can be laid out in a true 420 px viewport (a headless
window is never narrower than 500 px) and measured with the browser's own
layout: no page-wide horizontal scroll, a readable font size, chart text
that is text, links that lead somewhere.

The screenshots in the docs (``docs/images/report-*.png``) are made by the
same code, from the bundled sample's report::

    python tests/test_browser.py docs/images
"""

from __future__ import annotations

import base64
import json
import os
import select
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")

#: Without these, Chromium waits for the network on this closed machine.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)

#: A phone, and a laptop.
NARROW, DESKTOP = 420, 1280

#: How long one answer from the browser may take before the test fails.
TIMEOUT = 60.0

pytestmark = pytest.mark.browser


class Browser:
    """Headless Chromium driven over its DevTools pipe: one tab.

    Messages are JSON, each ended by a NUL byte: written to the browser's
    file descriptor 3, read from its descriptor 4.
    """

    def __init__(self, profile: Path) -> None:
        """Start the browser with a fresh profile and open one blank tab."""
        import fcntl  # POSIX only: imported here, so the module loads anywhere

        to_browser, ours_in = os.pipe()
        ours_out, from_browser = os.pipe()

        def as_three_and_four() -> None:  # in the child, before exec
            read_end = fcntl.fcntl(to_browser, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(from_browser, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(  # a fixed program and flags
            [
                str(CHROMIUM),
                *FLAGS,
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            # Python's own descriptors are not inherited (PEP 446); the two
            # that dup2 makes in the child are, whatever the parent has open
            close_fds=False,
            preexec_fn=as_three_and_four,  # the child has one thread
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._out = os.fdopen(ours_in, "wb", buffering=0)
        self._in = os.fdopen(ours_out, "rb", buffering=0)
        self._pending = b""
        self._count = 0
        self._events: list[dict[str, Any]] = []
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            attached = self.call("Target.attachToTarget", targetId=target, flatten=True)
            self.session: str | None = attached["sessionId"]
            self.call("Page.enable", session=self.session)
        except BaseException:
            self.process.kill()  # never left running behind a failed start
            self.process.wait()
            raise

    def _message(self) -> dict[str, Any]:
        while b"\0" not in self._pending:
            ready, _, _ = select.select([self._in], [], [], TIMEOUT)
            if not ready:
                msg = f"Chromium did not answer in {TIMEOUT:.0f} s"
                raise TimeoutError(msg)
            chunk = self._in.read(1 << 16)
            if not chunk:
                msg = "Chromium closed its DevTools pipe"
                raise RuntimeError(msg)
            self._pending += chunk
        message, self._pending = self._pending.split(b"\0", 1)
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def call(self, method: str, *, session: str | None = None, **params: Any) -> Any:
        """Send one DevTools command and return its result."""
        self._count += 1
        message: dict[str, Any] = {"id": self._count, "method": method}
        message["params"] = params
        if session is not None:
            message["sessionId"] = session
        self._out.write(json.dumps(message).encode() + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self._count:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self._events.append(reply)

    def _wait(self, event: str) -> None:
        while True:
            if any(e.get("method") == event for e in self._events):
                self._events.clear()
                return
            self._events.append(self._message())

    def open(self, url: str, width: int, height: int) -> None:
        """Load ``url`` in a viewport of ``width`` by ``height`` CSS pixels."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=self.session,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < DESKTOP,
        )
        self._events.clear()
        self.call("Page.navigate", session=self.session, url=url)
        self._wait("Page.loadEventFired")

    def run(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.call(
            "Runtime.evaluate",
            session=self.session,
            expression=expression,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(str(result["exceptionDetails"]))
        return result["result"].get("value")

    def screenshot(self) -> bytes:
        """The viewport as a PNG."""
        shot = self.call("Page.captureScreenshot", session=self.session, format="png")
        return base64.b64decode(shot["data"])

    def close(self) -> None:
        """Close the browser and wait for it to end."""
        try:
            self.call("Browser.close")
        finally:
            self._out.close()
            self._in.close()
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def sample_report(folder: Path) -> Path:
    """``peacetalks report --html`` of the bundled sample, written in ``folder``."""
    from peacetalks.cli import main

    page = folder / "report.html"
    code = main(["report", "--html", str(page), "--quiet"])
    if code != 0:
        msg = f"peacetalks report --html exited with {code}"
        raise RuntimeError(msg)
    return page


def png_size(png: bytes) -> tuple[int, int]:
    """The width and height a PNG's header gives."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def save_screenshots(target: Path) -> list[Path]:
    """Screenshots of the sample's report at a phone's and a laptop's width."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as folder:
        page = sample_report(Path(folder))
        browser = Browser(Path(folder) / "profile")
        try:
            for name, width, height in (
                ("report-420px.png", NARROW, 1100),
                ("report-desktop.png", DESKTOP, 860),
            ):
                browser.open(page.as_uri(), width, height)
                (target / name).write_bytes(browser.screenshot())
                written.append(target / name)
        finally:
            browser.close()
    return written


# -- the tests ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    started = Browser(tmp_path_factory.mktemp("profile"))
    yield started
    started.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    return sample_report(tmp_path_factory.mktemp("report")).as_uri()


@pytest.mark.parametrize("width", [NARROW, DESKTOP])
def test_no_page_wide_horizontal_scroll(
    browser: Browser, report: str, width: int
) -> None:
    """The page is as wide as the screen; wide tables scroll inside their box."""
    browser.open(report, width, 900)

    measured = browser.run(
        """({
        width: window.innerWidth,
        scroll: document.documentElement.scrollWidth,
        font: parseFloat(getComputedStyle(document.body).fontSize),
        tables: [...document.querySelectorAll('table')].map(t => {
            const box = t.closest('.scroll');
            return {
                boxed: box !== null && getComputedStyle(box).overflowX === 'auto',
                right: (box || t).getBoundingClientRect().right,
            };
        }),
        charts: [...document.querySelectorAll('.chart svg')].map(
            s => s.getBoundingClientRect().right),
    })"""
    )

    assert measured["width"] == width
    assert measured["scroll"] <= width
    assert measured["font"] >= 16
    assert len(measured["tables"]) == 3
    assert all(table["boxed"] for table in measured["tables"])
    assert all(table["right"] <= width for table in measured["tables"])
    assert len(measured["charts"]) == 2
    assert all(right <= width for right in measured["charts"])


def test_chart_text_is_text(browser: Browser, report: str) -> None:
    """Chart labels are SVG <text> that is drawn and that a reader can select."""
    browser.open(report, DESKTOP, 900)

    measured = browser.run(
        """(() => {
        const texts = [...document.querySelectorAll('.chart svg text')];
        const selection = window.getSelection();
        selection.removeAllRanges();
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('.chart svg'));
        selection.addRange(range);
        return {
            count: texts.length,
            drawn: texts.filter(t => t.getComputedTextLength() > 0).length,
            selectable: texts.filter(
                t => getComputedStyle(t).userSelect !== 'none').length,
            selected: selection.toString(),
        };
    })()"""
    )

    assert measured["count"] > 20
    assert measured["drawn"] == measured["count"]
    assert measured["selectable"] == measured["count"]
    assert "troops" in measured["selected"]
    assert "85,000" in measured["selected"]


def test_readable_text(browser: Browser, report: str) -> None:
    """The page says the summary sentence and propositions, never a repr."""
    browser.open(report, NARROW, 900)

    text = browser.run("document.body.innerText")

    assert "<Corpus:" not in text
    assert "5 articles from 5 outlets, March 2022 \N{EN DASH} January 2025." in text
    assert "Ukraine joins NATO / NATO expands to Ukraine" in text


def test_links_lead_somewhere(browser: Browser, report: str) -> None:
    """Every in-page link has its target, and following a stance cell's link
    brings its list of quotes to the top of the screen."""
    browser.open(report, NARROW, 900)

    missing = browser.run(
        """[...document.querySelectorAll('a[href^="#"]')]
        .map(a => a.getAttribute('href').slice(1))
        .filter(id => document.getElementById(id) === null)"""
    )
    cell = browser.run("document.querySelector('table.stances td a').hash")
    browser.run(f"location.hash = {json.dumps(cell)}")
    top = browser.run(
        f"document.getElementById({json.dumps(cell[1:])}).getBoundingClientRect().top"
    )
    quotes = browser.run(
        f"document.getElementById({json.dumps(cell[1:])})"
        ".querySelectorAll('blockquote').length"
    )

    assert missing == []
    assert cell.startswith("#stance-")
    assert abs(top) < 2
    assert quotes >= 1


def test_screenshots(tmp_path: Path) -> None:
    """Screenshots come out at the width of the screen they show."""
    shots = save_screenshots(tmp_path)

    assert [png_size(p.read_bytes())[0] for p in shots] == [NARROW, DESKTOP]


if __name__ == "__main__":
    for path in save_screenshots(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
