"""`extractor run`: the command line of `extractor.batch.run_batch`.

Registered on the app at the end of `extractor.cli`; it imports nothing from
there, so that either module may be imported first.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from extractor.chunks import CHUNK_CHARS
from extractor.cli_engine import Engine, check_engine_options, own_outputs, run_on_engine
from extractor.errors import ExtractorError
from extractor.readers import MAX_BYTES


def run_cli(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Article files and folders (walked recursively): .txt .md .html .jsonl"
        ),
    ],
    out: Annotated[
        str,
        typer.Option(
            "--out",
            "-o",
            metavar="OUT",
            help="JSONL output, errors in OUT.errors.jsonl; DIR/ (Dask): one shard per partition",
        ),
    ],
    deals_csv: Annotated[
        Path | None, typer.Option("--deals-csv", help="Also write one CSV row per deal")
    ] = None,
    n_process: Annotated[int, typer.Option("--n-process", min=1, help="Worker processes")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per spaCy batch")] = 32,
    resume: Annotated[
        bool, typer.Option("--resume", help="Keep the records in OUT and finish the rest")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing outputs")] = False,
    model: Annotated[
        str | None,
        typer.Option(help="spaCy model name or path; 'blank' for none; default: best installed"),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Size cap of a file (of a line, in JSONL), in bytes")
    ] = MAX_BYTES,
    chunk_chars: Annotated[
        int, typer.Option(min=1, help="Articles longer than this are processed in chunks")
    ] = CHUNK_CHARS,
    engine: Annotated[
        Engine, typer.Option(help="local: this machine (spaCy processes); dask: a Dask cluster")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask: scheduler address (tcp://host:8786); default: a local cluster"),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Dask: workers of the local cluster; default: one per core"),
    ] = None,
    partition_size: Annotated[
        int | None,
        typer.Option(min=1, help="Dask: articles per partition (one shard each)"),
    ] = None,
) -> None:
    """Extract every article under INPUT... into one JSONL file, resumably.

    With --engine dask the partitions run on a Dask cluster (--scheduler, or a
    local one) and OUT is the same; OUT ending with "/" is a folder of shards.
    Exits 1 when any article or file failed (see OUT.errors.jsonl), 2 when the
    run cannot start.
    """
    from extractor.batch import count_articles
    from extractor.batch.progress import progress_bar

    check_engine_options(engine, out, n_process=n_process, scheduler=scheduler, workers=workers)
    try:
        with progress_bar(enabled=sys.stderr.isatty()) as bar:
            if bar is not None:
                bar.start(count_articles(inputs, exclude=own_outputs(out, deals_csv)))
            summary = run_on_engine(
                engine,
                inputs,
                out,
                n_process=n_process,
                scheduler=scheduler,
                workers=workers,
                partition_size=partition_size,
                deals_csv=deals_csv,
                model=model,
                batch_size=batch_size,
                resume=resume,
                force=force,
                max_bytes=max_bytes,
                chunk_chars=chunk_chars,
                on_progress=bar.update if bar is not None else None,
            )
    except ExtractorError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(summary.line(), err=True)
    if not summary.ok:
        raise typer.Exit(code=1)
