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
        Path, typer.Option("--out", "-o", help="JSONL output; errors go to OUT.errors.jsonl")
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
) -> None:
    """Extract every article under INPUT... into one JSONL file, resumably.

    Exits 1 when any article or file failed (see OUT.errors.jsonl), 2 when the
    run cannot start.
    """
    from extractor.batch import count_articles, errors_path, run_batch
    from extractor.batch.progress import progress_bar

    outputs = [out, errors_path(out), *([deals_csv] if deals_csv else [])]
    try:
        with progress_bar(enabled=sys.stderr.isatty()) as bar:
            if bar is not None:
                bar.start(count_articles(inputs, exclude=outputs))
            summary = run_batch(
                inputs,
                out,
                deals_csv=deals_csv,
                model=model,
                n_process=n_process,
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
