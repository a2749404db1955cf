"""The engines of `extractor run`: which one, what each accepts, and the dispatch.

Kept apart from `extractor.cli_run` so that the command stays a thin wrapper;
nothing here imports spaCy or Dask.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from extractor.batch import BatchSummary


class Engine(StrEnum):
    """Where `extractor run` extracts."""

    local = "local"
    dask = "dask"


def check_engine_options(
    engine: Engine, out: str, *, n_process: int, scheduler: str | None, workers: int | None
) -> None:
    """Refuse options that the chosen engine does not take.

    Raises:
        typer.BadParameter: an option of the other engine, or shards with the local one.
    """
    from extractor.batch.shards import is_shard_folder

    if engine is Engine.dask:
        if n_process != 1:
            raise typer.BadParameter(
                "--n-process is for --engine local; the Dask engine runs one process per "
                "worker (--workers)",
                param_hint="--n-process",
            )
        if scheduler is not None and workers is not None:
            raise typer.BadParameter(
                "--workers sizes the local cluster; a --scheduler has its own workers",
                param_hint="--workers",
            )
        return
    for value, name in ((scheduler, "--scheduler"), (workers, "--workers")):
        if value is not None:
            raise typer.BadParameter(f"{name} needs --engine dask", param_hint=name)
    if is_shard_folder(out):
        raise typer.BadParameter(
            f"{out} is a folder: shards (-o DIR/) need --engine dask", param_hint="--out"
        )


def run_on_engine(
    engine: Engine,
    inputs: Sequence[Path],
    out: str,
    *,
    n_process: int,
    scheduler: str | None,
    workers: int | None,
    partition_size: int | None,
    **options: Any,
) -> BatchSummary:
    """Run the batch with `run_batch` (local) or `run_batch_dask` (dask), same `options`."""
    if engine is Engine.local:
        from extractor.batch import run_batch

        return run_batch(inputs, Path(out), n_process=n_process, **options)
    from extractor.batch import run_batch_dask

    quiet_dask_logs()
    return run_batch_dask(
        inputs,
        out,
        scheduler=scheduler,
        n_workers=workers,
        partition_size=partition_size,
        **options,
    )


def own_outputs(out: str, deals_csv: Path | None) -> list[Path]:
    """The files a run writes, which it must not count as inputs."""
    from extractor.batch import errors_path
    from extractor.batch.shards import is_shard_folder

    written = [deals_csv] if deals_csv is not None else []
    if is_shard_folder(out):
        folder = Path(out)
        return [*written, *(folder.glob("part-*.jsonl") if folder.is_dir() else [])]
    return [*written, Path(out), errors_path(Path(out))]


def quiet_dask_logs() -> None:
    """Keep Dask's INFO lines (cluster start and stop) out of stderr unless `--verbose`.

    Importing `distributed` sets its loggers up, so the level is set after it.
    """
    try:
        import distributed  # noqa: F401
    except ImportError:
        return  # the engine says how to install it
    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        logging.getLogger("distributed").setLevel(logging.WARNING)
