"""Extraction over a stream of articles, in one process or many: `extract_stream`.

`extract_stream` reads articles from any iterable, one at a time, and
yields each with what was found in it, in the order the articles came.
With ``workers=1`` it runs in this process; with more it hands chunks of
articles to a pool of worker processes.  The extractor (any
`peacetalks.Extractor`, or a factory of one) is pickled once, here, and
sent to each worker as it starts, which unpickles it (or calls the factory)
once: a subclassed or composite extractor reads the same in every worker
as in this process, and the output is the same, article for article and
finding for finding.

Memory stays flat: at most ``2 * workers`` chunks of ``chunksize``
articles are read ahead of the article being yielded, so a generator of
articles from a file larger than memory (`peacetalks.iter_articles`) is
never held whole.

Worker processes leave interrupts to their parent: they ignore SIGINT
(Ctrl-C reaches the whole process group, and the parent stops the pool),
and each watches its parent with a thread that waits on
`multiprocessing.parent_process`'s sentinel, a pipe the parent holds
open: end-of-file on it means the parent is gone, even killed with
SIGKILL or by the out-of-memory killer, and the worker exits at once
rather than wait forever for work.  A worker that dies makes the stream
raise `peacetalks.errors.WorkerError`.

A worker that stops without dying (``kill -STOP``, a frozen container, a
debugger) would hang the stream for ever: when the chunk the stream waits
for has not come back for ``timeout`` seconds (`WORKER_TIMEOUT`, five
minutes, by default), every worker is killed and the stream raises
`peacetalks.errors.WorkerTimeoutError`.  What came back before is yielded
first.  A worker stopped while it waited for work holds up nothing until
the end: when the stream is done, a worker that has not exited ``timeout``
seconds after it was told to is killed, and the stream ends as usual.
Only time this process spent waiting counts: if it was stopped itself
(Ctrl-Z, or the whole machine asleep), the wait goes on when it resumes.

Example:
    >>> import peacetalks as pt
    >>> for article, found in extract_stream(pt.datasets.sample()):
    ...     print(article.outlet, type(found[0]).__name__)
    Fox News Position
    CNN Position
    Bloomberg Position
    Antiwar.com Position
    Business Insider Position
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import math
import multiprocessing
import os
import pickle
import signal
import tempfile
import threading
from collections.abc import Generator, Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Final

from peacetalks import seams
from peacetalks.errors import WorkerError, WorkerTimeoutError
from peacetalks.extract.pipeline import resolve_extractor
from peacetalks.extract.protocol import Extractor, ExtractorSource, build_extractor
from peacetalks.findings import Findings
from peacetalks.lexicon import Lexicon
from peacetalks.model import Article
from peacetalks.serialize import Finding

__all__ = [
    "CHUNKSIZE",
    "WORKER_TIMEOUT",
    "check_positive",
    "check_timeout",
    "choose_extractor",
    "extract_findings",
    "extract_stream",
    "shippable",
]

#: Articles sent to a worker process at a time, unless told otherwise.
CHUNKSIZE: Final = 16

#: Seconds to wait for a chunk of articles before the workers are taken
#: for stuck, unless told otherwise: a chunk of `CHUNKSIZE` news articles
#: takes well under a second; five minutes is some 100 MB of prose.
WORKER_TIMEOUT: Final = 300.0

#: The longest single wait for a chunk; the watchdog counts these.
_WATCH_STEP: Final = 1.0

#: Chunks handed out per worker before the first result is awaited: one
#: being read while another is worked on keeps every worker busy.
_AHEAD: Final = 2

# The extractor of a worker process, unpickled once by `_start_worker`.
_worker_extractor: Extractor | None = None


#: The exit status of a worker whose parent died.
ORPHANED: Final = 70


def _start_worker(shipped: str) -> None:
    """Set up a worker process (the pool's initializer).

    ``shipped`` is the file holding the pickled extractor, or factory of
    one (`shippable`; see `_shipping` for why a file).  Ctrl-C is the
    parent's to handle: it stops the pool, and a worker interrupted while
    it waits for work would only print a traceback.
    """
    global _worker_extractor  # one per worker process, by design
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _watch_parent()
    data = Path(shipped).read_bytes()
    _worker_extractor = build_extractor(pickle.loads(data))  # noqa: S301 -- ours


def _watch_parent() -> None:
    """Exit this worker as soon as its parent process is gone."""
    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover -- a pool's workers have a parent
        return

    def watch() -> None:
        parent.join()  # returns at end-of-file on the parent's sentinel pipe
        os._exit(ORPHANED)  # no cleanup to wait for: nobody reads the results

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _extract_chunk(articles: Sequence[Article]) -> list[list[Finding]]:
    """What the worker's extractor finds in each of ``articles``."""
    extractor = _worker_extractor
    if extractor is None:  # pragma: no cover -- the initializer always runs
        msg = "the worker process was started without an extractor"
        raise RuntimeError(msg)
    return [extractor.extract(article) for article in articles]


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def check_positive(name: str, value: object) -> int:
    """``value``, if it is a positive integer (not a bool).

    Raises:
        ValueError: If it is not, naming ``name``.

    >>> check_positive("workers", 0)
    Traceback (most recent call last):
        ...
    ValueError: 'workers' must be a positive integer (got 0)
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        msg = f"{name!r} must be a positive integer (got {value!r})"
        raise ValueError(msg)
    return value


def check_timeout(value: object) -> float | None:
    """``value`` as a float: a positive, finite number of seconds, or None.

    Raises:
        ValueError: If it is neither.

    >>> check_timeout(5), check_timeout(None)
    (5.0, None)
    """
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value < math.inf
    ):
        msg = f"'timeout' must be a positive number of seconds or None (got {value!r})"
        raise ValueError(msg)
    return float(value)


def extract_stream(
    articles: Iterable[Article],
    *,
    workers: int = 1,
    lexicon: Lexicon | None = None,
    extractor: ExtractorSource | None = None,
    chunksize: int = CHUNKSIZE,
    start_method: str = "spawn",
    timeout: float | None = WORKER_TIMEOUT,
) -> Generator[tuple[Article, list[Finding]], None, None]:
    """Yield each article with its positions and demands, in article order.

    Args:
        articles: Any iterable of articles; it is read lazily, a few chunks
            ahead of what has been yielded.
        workers: How many processes extract.  ``1`` extracts in this
            process; more start a pool of worker processes, which ends when
            the stream is exhausted or closed.
        lexicon: Read with the rule engine and this vocabulary (see
            `peacetalks.extract.pipeline.resolve_extractor`).
        extractor: Read with this `peacetalks.Extractor` instead, or with
            the one this zero-argument factory builds (see
            `choose_extractor`).  With workers, it is pickled once and each
            worker unpickles it (or calls the factory) once.
        chunksize: How many articles go to a worker at a time.
        start_method: How worker processes start: ``"spawn"`` (a fresh
            interpreter, safe everywhere), ``"forkserver"`` or ``"fork"``.
        timeout: With workers, how many seconds to wait for a chunk before
            taking the workers for stuck (stopped or frozen): they are
            killed and `WorkerTimeoutError` is raised.  None waits for
            ever.  Raise it for articles of many megabytes.

    Yields:
        ``(article, findings)``: each article as it came (the same object),
        and ``extractor.extract`` of it, in text order.  The output does not
        depend on ``workers`` or ``chunksize``.

    Raises:
        ValueError: If ``workers`` or ``chunksize`` is not a positive
            integer, or ``timeout`` not a positive number or None, or both
            a lexicon and an extractor are given (when the stream is first
            advanced).
        TypeError: If ``extractor`` is not an extractor or a factory of
            one, or with workers cannot be pickled.
        WorkerError: If a worker process died (killed, or out of memory).
        WorkerTimeoutError: If no chunk came back for ``timeout`` seconds
            (a `WorkerError` too); every worker was killed.
        Exception: Whatever extraction raises, of the same type and with
            the same message as in a serial run, also from a worker.

    >>> import peacetalks as pt
    >>> articles = pt.datasets.sample()
    >>> serial = list(extract_stream(articles))
    >>> parallel = list(extract_stream(articles, workers=2, chunksize=2))
    >>> parallel == serial, [a for a, _ in parallel] == list(articles)
    (True, True)
    """
    workers = check_positive("workers", workers)
    chunksize = check_positive("chunksize", chunksize)
    timeout = check_timeout(timeout)
    chosen = choose_extractor(lexicon, extractor)
    if workers == 1:
        built = build_extractor(chosen)
        for article in articles:
            yield article, built.extract(article)
        return
    shipped = shippable(chosen)
    yield from _in_pool(articles, shipped, workers, chunksize, start_method, timeout)


def choose_extractor(
    lexicon: Lexicon | None = None, extractor: ExtractorSource | None = None
) -> ExtractorSource:
    """What to extract with, for a ``lexicon=`` and an ``extractor=`` argument.

    Returns:
        ``extractor`` (an extractor or a factory of one) if given; else the
        rule engine for ``lexicon`` (`resolve_extractor`).

    Raises:
        ValueError: If both are given, and ``extractor`` does not read
            ``lexicon`` (a factory reads none).

    >>> import peacetalks as pt
    >>> choose_extractor(extractor=pt.RuleExtractor) is pt.RuleExtractor
    True
    """
    if extractor is None or isinstance(extractor, Extractor):
        return resolve_extractor(lexicon, extractor)
    if lexicon is not None:
        msg = "give a lexicon or an extractor, not both"
        raise ValueError(msg)
    return extractor


def shippable(source: ExtractorSource) -> bytes:
    """``source`` pickled, to send to worker processes.

    It is pickled once, here, so that an extractor that cannot be sent
    fails at once, in this process, with a clear message.

    Raises:
        TypeError: If ``source`` cannot be pickled.

    >>> import pickle
    >>> import peacetalks as pt
    >>> pickle.loads(shippable(pt.RuleExtractor()))
    <RuleExtractor 'russia-ukraine'>
    """
    try:
        return pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        msg = (
            f"the extractor {source!r} cannot be sent to worker processes "
            f"({exc}): give a factory that builds it instead (a class or a "
            "function defined at the top level of a module), or use workers=1"
        )
        raise TypeError(msg) from exc


def extract_findings(
    articles: Iterable[Article],
    *,
    lexicon: Lexicon | None = None,
    extractor: ExtractorSource | None = None,
    workers: int = 1,
) -> Findings:
    """The findings of every article, collected, with `extract_stream`.

    What `peacetalks.Article.extract` and `peacetalks.Corpus.extract` do.

    Returns:
        The findings in article order, then text order, with
        `Findings.articles` listing every article read (those where
        nothing was found too) and the file it came from.

    >>> import peacetalks as pt
    >>> extract_findings(pt.datasets.sample(), workers=1)
    <Findings: ...7 demands from 5 articles>
    """
    found: list[Finding] = []
    paths: dict[str, str | None] = {}
    stream = extract_stream(
        articles, workers=workers, lexicon=lexicon, extractor=extractor
    )
    with contextlib.closing(stream):
        for article, findings in stream:
            paths.setdefault(article.id, article.path)
            found.extend(findings)
    return Findings(found, articles=paths)


# Article.extract and Corpus.extract reach it through this seam.
seams.EXTRACT.provide(extract_findings)


def _in_pool(
    articles: Iterable[Article],
    shipped: bytes,
    workers: int,
    chunksize: int,
    start_method: str,
    timeout: float | None,
) -> Iterator[tuple[Article, list[Finding]]]:
    """`extract_stream` with a pool of ``workers`` processes."""
    context = multiprocessing.get_context(start_method)
    with _shipping(shipped) as path:
        yield from _in_started_pool(
            articles,
            concurrent.futures.ProcessPoolExecutor(
                max_workers=workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(path,),
            ),
            workers,
            chunksize,
            timeout,
        )


@contextlib.contextmanager
def _shipping(shipped: bytes) -> Iterator[str]:
    """The pickled extractor in a private file, for the workers to read.

    Not in the workers' start-up data: a spawned worker reads that from a
    pipe, and the parent writes it while it submits work.  Past the pipe's
    buffer (64 KiB; a lexicon with its grammar is more) a worker stopped
    before it read it (``kill -STOP``) would block the parent in that
    write, where no watchdog reaches.  A path is a few bytes.  The file is
    removed when the pool ends.
    """
    folder = Path(tempfile.mkdtemp(prefix="peacetalks-workers-"))  # mode 0700
    path = folder / "extractor.pickle"
    try:
        path.write_bytes(shipped)
        yield str(path)
    finally:
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            folder.rmdir()


def _in_started_pool(
    articles: Iterable[Article],
    pool: concurrent.futures.ProcessPoolExecutor,
    workers: int,
    chunksize: int,
    timeout: float | None,
) -> Iterator[tuple[Article, list[Finding]]]:
    """`_in_pool`'s stream, through ``pool``, which it shuts down."""
    pending: collections.deque[
        tuple[list[Article], concurrent.futures.Future[list[list[Finding]]]]
    ] = collections.deque()
    chunks = _chunks(articles, chunksize)
    try:
        for chunk in chunks:
            pending.append((chunk, _submit(pool, chunk)))
            if len(pending) >= workers * _AHEAD:
                done, future = pending.popleft()
                yield from zip(done, _result(pool, future, timeout), strict=True)
        while pending:
            done, future = pending.popleft()
            yield from zip(done, _result(pool, future, timeout), strict=True)
    finally:
        _shut_down(pool, timeout)


def _shut_down(
    pool: concurrent.futures.ProcessPoolExecutor, timeout: float | None
) -> None:
    """End the pool, the stream exhausted, failed or closed early.

    No more work is handed out, the chunks already running finish, and the
    workers exit, so that no process is left behind.  A worker that has not
    exited after ``timeout`` seconds (stopped while it waited for work, so
    no chunk of the stream waited for it) is killed; steps are counted as
    in `_result`.
    """
    finished = threading.Event()

    def watch(timeout: float) -> None:
        waited, step = 0.0, min(_WATCH_STEP, timeout)
        while not finished.wait(step):
            waited += step
            if waited >= timeout:
                _kill(pool)
                return

    if timeout is not None:
        watching = threading.Thread(
            target=watch, args=(timeout,), name="watch-shutdown", daemon=True
        )
        watching.start()
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    finally:
        finished.set()


def _submit(
    pool: concurrent.futures.ProcessPoolExecutor, chunk: list[Article]
) -> concurrent.futures.Future[list[list[Finding]]]:
    """Hand ``chunk`` to the pool, which may start a worker process for it.

    SIGINT is blocked meanwhile, and a new process inherits that: a Ctrl-C
    while the worker is still starting (before `_start_worker` runs) would
    otherwise print its traceback.  This process gets the signal once the
    call returns, so none is lost.
    """
    with _sigint_blocked():
        try:
            return pool.submit(_extract_chunk, chunk)
        except BrokenProcessPool as exc:
            raise WorkerError from exc


@contextlib.contextmanager
def _sigint_blocked() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover -- Windows
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _result(
    pool: concurrent.futures.ProcessPoolExecutor,
    future: concurrent.futures.Future[list[list[Finding]]],
    timeout: float | None,
) -> list[list[Finding]]:
    """What ``future`` holds, once it is done; a library error if it never is.

    It is waited for in steps of `_WATCH_STEP` seconds, and the steps, not
    the clock, are counted against ``timeout``: a step that took much longer
    (this process was stopped, or the machine slept) counts as one step.

    Raises:
        WorkerError: If the pool broke (a worker died).
        WorkerTimeoutError: If ``future`` was not done after ``timeout``
            seconds of waiting; the pool's processes were killed first.
    """
    waited = 0.0
    while True:
        step = None if timeout is None else min(_WATCH_STEP, timeout - waited)
        try:
            return future.result(timeout=step)
        except BrokenProcessPool as exc:
            raise WorkerError from exc
        except TimeoutError:
            waited += step or 0.0
            if timeout is not None and waited >= timeout:
                _kill(pool)
                raise WorkerTimeoutError(timeout) from None


def _kill(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Kill the pool's processes with SIGKILL, which a stopped process obeys.

    The executor has no public way to end a worker that does not finish its
    chunk or exit (`ProcessPoolExecutor.shutdown` waits for it), so this
    reads its private ``_processes`` (pid to process, since Python 3.2;
    None once shut down).  Once they are dead, the executor sees a broken
    pool and shuts down; a process that had already exited is not
    signalled (`multiprocessing.Process.kill` knows it).
    """
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        process.kill()
