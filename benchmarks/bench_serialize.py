"""Measure JSON load and dump of articles and findings beside pydantic.

Run on demand (not part of the tests):

    PYTHONPATH=src python benchmarks/bench_serialize.py --articles 20000

Builds ``--articles`` articles (the bundled sample's texts, varied) and the
findings that extraction gives for the sample, repeated to ``--findings``,
then times, in the same run and on the same data:

* **peacetalks**: one JSON Lines line per object, written with
  `peacetalks.serialize.unstructure` + `json.dumps` and read back with
  `json.loads` + `peacetalks.serialize.structure` (strict: every field is
  checked, as `pt.load` does);
* **pydantic** (if installed: ``pip install pydantic``): equivalent
  `BaseModel` classes for `Article` (with `Published`) and `Demand` (with
  `Quantity` and `Evidence`), with `model_dump_json` and
  `model_validate_json`.

Each row gives objects per second and MB/s of JSON.  pydantic's core is
compiled (Rust); peacetalks' converter is pure Python (cattrs), so the
comparison says what the strictness and the attrs model cost.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import platform
import time
from collections.abc import Callable, Sequence
from typing import Any

import peacetalks as pt
from peacetalks.serialize import structure, unstructure


def articles(n: int) -> list[pt.Article]:
    """``n`` articles: the sample's, with a number in the title to vary them."""
    sample = list(pt.datasets.sample())
    return [
        sample[k % len(sample)].replace(
            title=f"{sample[k % len(sample)].title} ({k})", id=f"a{k:08d}"
        )
        for k in range(n)
    ]


def demands(n: int) -> list[pt.Demand]:
    """``n`` demands: the sample's seven, repeated."""
    found = list(pt.datasets.sample().extract().demands)
    return [found[k % len(found)] for k in range(n)]


def _time(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _row(
    name: str, objects: int, payload: int, seconds: float
) -> tuple[str, int, float, float, float]:
    return (name, objects, seconds, objects / seconds, payload / seconds / 1e6)


def _peacetalks(items: Sequence[object], kind: type) -> list[tuple[Any, ...]]:
    lines: list[str] = []
    dump = _time(lambda: lines.extend(json.dumps(unstructure(i)) for i in items))
    size = sum(len(line.encode()) + 1 for line in lines)
    load = _time(lambda: [structure(json.loads(line), kind) for line in lines])
    name = kind.__name__
    return [
        _row(f"peacetalks dump {name}", len(items), size, dump),
        _row(f"peacetalks load {name}", len(items), size, load),
    ]


def _pydantic_models() -> tuple[Any, Any] | None:
    """pydantic models equivalent to `Article` and `Demand`, if installed."""
    if importlib.util.find_spec("pydantic") is None:
        return None
    pydantic = importlib.import_module("pydantic")
    base = pydantic.BaseModel
    published = pydantic.create_model(
        "Published", raw=(str, ""), date=(str | None, None), precision=(str, "unknown")
    )
    article = pydantic.create_model(
        "Article",
        title=(str, ""),
        text=(str, ""),
        id=(str, ...),
        url=(str | None, None),
        outlet=(str | None, None),
        authors=(tuple[str, ...], ()),
        published=(published, pydantic.Field(default_factory=published)),
        language=(str | None, None),
        path=(str | None, None),
        extra=(dict[str, Any], pydantic.Field(default_factory=dict)),
        __base__=base,
    )
    quantity = pydantic.create_model(
        "Quantity",
        value=(float | None, None),
        low=(float | None, None),
        high=(float | None, None),
        unit=(str | None, None),
        bound=(str, "exact"),
    )
    evidence = pydantic.create_model(
        "Evidence",
        article=(str, ...),
        quote=(str, ...),
        start=(int, ...),
        end=(int, ...),
    )
    producer = pydantic.create_model("Producer", name=(str, ...), version=(str, ""))
    demand = pydantic.create_model(
        "Demand",
        type=(str, "demand"),
        actor=(str, ...),
        metric=(str, ...),
        quantity=(quantity, ...),
        target=(str | None, None),
        act=(str, "demand"),
        modality=(str, "asserted"),
        date=(published, pydantic.Field(default_factory=published)),
        speaker=(str | None, None),
        evidence=(evidence | None, None),
        confidence=(float, 1.0),
        producer=(producer | None, None),
        __base__=base,
    )
    return article, demand


def _pydantic(model: Any, data: list[Any], name: str) -> list[tuple[Any, ...]]:
    objects = [model.model_validate(d) for d in data]
    lines: list[str] = []
    dump = _time(lambda: lines.extend(o.model_dump_json() for o in objects))
    size = sum(len(line.encode()) + 1 for line in lines)
    load = _time(lambda: [model.model_validate_json(line) for line in lines])
    return [
        _row(f"pydantic dump {name}", len(objects), size, dump),
        _row(f"pydantic load {name}", len(objects), size, load),
    ]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--findings", type=int, default=100_000)
    args = parser.parse_args(argv)
    some_articles = articles(args.articles)
    some_demands = demands(args.findings)
    rows = _peacetalks(some_articles, pt.Article)
    rows += _peacetalks(some_demands, pt.Demand)
    models = _pydantic_models()
    if models is not None:
        article_model, demand_model = models
        rows += _pydantic(
            article_model, [unstructure(a) for a in some_articles], "Article"
        )
        rows += _pydantic(
            demand_model, [unstructure(d) for d in some_demands], "Demand"
        )
    print("| step | objects | seconds | objects/s | MB/s |")
    print("|---|--:|--:|--:|--:|")
    for name, count, seconds, rate, mbs in rows:
        print(f"| {name} | {count:,} | {seconds:.2f} | {rate:,.0f} | {mbs:.1f} |")
    if models is None:
        print("\n(pydantic is not installed: pip install pydantic to compare)")
    print(f"\nPython {platform.python_version()} on {platform.machine()}")


if __name__ == "__main__":
    main()
