"""`extractor schemas`: write the JSON Schemas into `schemas/`, or check them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def schemas_cli(
    check: Annotated[
        bool,
        typer.Option("--check", help="Only compare; exit 1 when a committed schema is stale"),
    ] = False,
    directory: Annotated[
        Path, typer.Option("--dir", help="Folder of the *.schema.json files")
    ] = Path("schemas"),
) -> None:
    """Write the JSON Schemas of the records (or, with --check, verify them)."""
    from extractor.schemas import check_schemas, write_schemas

    if check:
        stale = check_schemas(directory)
        if stale:
            names = ", ".join(stale)
            typer.echo(f"stale schemas in {directory}: {names}; run `extractor schemas`", err=True)
            raise typer.Exit(code=1)
        typer.echo(f"schemas in {directory} are current")
        return
    for path in write_schemas(directory):
        typer.echo(f"wrote {path}")
