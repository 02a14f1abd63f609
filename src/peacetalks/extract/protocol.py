"""What every extractor is: the `Extractor` protocol.

An extractor is any object with a `producer`, an ``extract(article)``
method that returns the article's positions and demands, and an
``explain(article)`` method that says why (an
`~peacetalks.extract.explain.Explanation`).  The library's rule engine,
`peacetalks.extract.pipeline.RuleExtractor`, is one; a class of your own
(a table of regular expressions, a model, a composite of several) is
another, and `peacetalks.Corpus.extract`, `peacetalks.extract_stream`, the
Dask integration and `peacetalks.evaluate.evaluate_corpus` take either:

>>> import peacetalks as pt
>>> from peacetalks.extract.explain import ExplainByExtracting
>>> from peacetalks.model import Article, Position, Producer
>>> class Neutral(ExplainByExtracting):
...     producer = Producer("neutral-words", "1")
...     def extract(self, article: Article) -> list[pt.Finding]:
...         if "neutral" not in article.text:
...             return []
...         return [Position("Ukraine", "neutrality", "supports",
...                          producer=self.producer)]
>>> isinstance(Neutral(), Extractor)
True
>>> pt.Corpus([Article(text="Kyiv could be neutral.")]).extract(extractor=Neutral())
<Findings: 1 position, 0 demands from 1 article>

An extractor that keeps no trace of its own explains by extracting: the
mixin `~peacetalks.extract.explain.ExplainByExtracting` (above) or the
function `~peacetalks.extract.explain.explain_by_extracting` gives each
finding one step naming the extractor that found it.

Where a factory is accepted instead (`ExtractorSource`), a class or any
zero-argument callable that returns an extractor will do: each worker process
calls it once (`build_extractor`).

``Extractor(lexicon)`` built the rule engine before there was a protocol; a
protocol cannot be instantiated, so calling it now builds a `RuleExtractor`
and warns (`DeprecationWarning`): write ``RuleExtractor(lexicon)``.  A class
that subclasses `Extractor` explicitly is built as usual.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import (
    TYPE_CHECKING,
    Any,
    Protocol,
    TypeAlias,
    _ProtocolMeta,
    runtime_checkable,
)

from peacetalks import seams

if TYPE_CHECKING:
    from peacetalks.extract.explain import Explanation
    from peacetalks.model import Article, Producer
    from peacetalks.serialize import Finding

__all__ = ["Extractor", "ExtractorSource", "build_extractor"]


class _ExtractorMeta(_ProtocolMeta):
    """The protocol's metaclass: calling `Extractor` itself builds the rule engine.

    A metaclass (not ``__new__`` on the protocol) because ``Protocol``
    replaces the ``__init__`` of every protocol class, and because a class
    that subclasses the protocol must be built as usual: only ``Extractor``
    itself is redirected, and it says so with a `DeprecationWarning`.
    """

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 -- metaclass
        if cls is not Extractor:
            return super().__call__(*args, **kwargs)
        warnings.warn(
            "Extractor is a protocol now; build the rule engine with "
            "peacetalks.RuleExtractor(lexicon) instead of Extractor(lexicon)",
            DeprecationWarning,
            stacklevel=2,
        )
        return seams.RULE_EXTRACTOR.implementation(*args, **kwargs)


@runtime_checkable
class Extractor(Protocol, metaclass=_ExtractorMeta):
    """Anything that finds positions and demands in an article.

    Implement it with any class that has these three members; subclassing
    `Extractor` is allowed but not needed.  An extractor without a trace of
    its own gets ``explain`` from the mixin
    `~peacetalks.extract.explain.ExplainByExtracting`.  To be sent to worker processes
    (``workers=2`` and up), an extractor must pickle; one that cannot is
    given as a factory instead (see `build_extractor`).

    Attributes:
        producer: Who made the findings, by name and version: an extractor
            stamps it (or a finer `Producer` of its own) on the findings it
            makes, in their ``producer`` field.

    >>> import peacetalks as pt
    >>> isinstance(pt.RuleExtractor(), Extractor), isinstance("text", Extractor)
    (True, False)
    """

    producer: Producer

    def extract(self, article: Article) -> list[Finding]:
        """The positions and demands in ``article``, in text order.

        Text order is by where each finding's evidence starts, then ends;
        findings without evidence may come anywhere.

        Raises:
            NotImplementedError: In a class that subclasses `Extractor` and
                does not define it: before the protocol, ``Extractor`` was
                the rule engine, which is now `RuleExtractor`; subclass that
                to extend the rule engine.

        >>> import peacetalks as pt
        >>> news = pt.Article(text="Russia wants to cap Ukraine's army at 85,000.")
        >>> [type(finding).__name__ for finding in pt.RuleExtractor().extract(news)]
        ['Position', 'Demand']
        """
        msg = (
            f"{type(self).__name__} subclasses the Extractor protocol but does not "
            "define extract(); to extend the rule engine, subclass "
            "peacetalks.RuleExtractor"
        )
        raise NotImplementedError(msg)

    def explain(self, article: Article) -> Explanation:
        """Every finding in ``article`` with its trace, and the blocked candidates.

        The rule engine's trace names its rules
        (`peacetalks.RuleExtractor.explain`); an extractor without rules of
        its own explains each finding with one step naming itself
        (`~peacetalks.extract.explain.explain_by_extracting`).

        Raises:
            NotImplementedError: In a class that subclasses `Extractor` and
                does not define it.

        >>> import peacetalks as pt
        >>> news = pt.Article(text="Kyiv lost 9 tanks.")
        >>> explanation = pt.RuleExtractor().explain(news)
        >>> [blocked.by.rule for blocked in explanation.blocked]
        ['demand.no_proposer']
        """
        msg = (
            f"{type(self).__name__} subclasses the Extractor protocol but does not "
            "define explain(); mix in "
            "peacetalks.extract.explain.ExplainByExtracting to explain by extracting"
        )
        raise NotImplementedError(msg)


#: An extractor, or a zero-argument callable (a class, a function) that
#: builds one: a worker process calls it once, where the extractor itself
#: cannot be pickled or is cheaper to build than to send.
ExtractorSource: TypeAlias = Extractor | Callable[[], Extractor]


def build_extractor(source: object) -> Extractor:
    """The extractor that ``source`` is, or that it builds when called.

    ``source`` is an `ExtractorSource`; anything else is refused.

    A class is a factory (called with no arguments), even one whose
    instances are extractors; any other object is taken as it is if it is
    an `Extractor`, else called if it is callable.

    Raises:
        TypeError: If ``source`` is neither, or its factory does not build
            an extractor.

    >>> import peacetalks as pt
    >>> type(build_extractor(pt.RuleExtractor)).__name__
    'RuleExtractor'
    >>> build_extractor(42)
    Traceback (most recent call last):
        ...
    TypeError: expected an Extractor (an object with 'producer', \
'extract(article)' and 'explain(article)') or a zero-argument factory of one, got int
    """
    if not isinstance(source, type) and isinstance(source, Extractor):
        return source
    if callable(source) and not _lacks_only_explain(source):
        built = source()
        if isinstance(built, Extractor):
            return built
        msg = (
            f"the extractor factory {source!r} built a {type(built).__name__}, "
            f"not an Extractor ({_WHAT}){_advice(built)}"
        )
        raise TypeError(msg)
    msg = (
        f"expected an Extractor ({_WHAT}) or a zero-argument factory of one, "
        f"got {type(source).__name__}{_advice(source)}"
    )
    raise TypeError(msg)


_WHAT = "an object with 'producer', 'extract(article)' and 'explain(article)'"


def _lacks_only_explain(thing: object) -> bool:
    """Whether ``thing`` is an extractor object but for ``explain``."""
    return (
        not isinstance(thing, type)
        and hasattr(thing, "producer")
        and callable(getattr(thing, "extract", None))
        and not hasattr(thing, "explain")
    )


def _advice(thing: object) -> str:
    """What to add to an extractor written before ``explain`` was asked for."""
    if not _lacks_only_explain(thing):
        return ""
    return (
        f"; {type(thing).__name__} has 'producer' and 'extract' but no 'explain': "
        "mix in peacetalks.extract.explain.ExplainByExtracting (or define explain "
        "with explain_by_extracting) to explain by extracting"
    )
