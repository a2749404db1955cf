"""`extractor ratchet`: measure the headline figures and compare them with the stored ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from extractor.errors import ExtractorError
from extractor.ratchet import RATCHET_FIGURES, Ratchet, RatchetEntry, entry_label


def ratchet_cli(
    update: Annotated[
        bool, typer.Option("--update", help="Rewrite the ratchet file and the README table")
    ] = False,
    accept_drops: Annotated[
        bool, typer.Option("--accept-drops", help="With --update: also write figures that fell")
    ] = False,
    root: Annotated[
        Path, typer.Option(help="Repository root; gold set paths are relative to it")
    ] = Path("."),
    file: Annotated[
        str, typer.Option("--file", help="Ratchet file, relative to the root")
    ] = "quality/ratchet.json",
    readme: Annotated[
        str, typer.Option(help="README whose figures section --update regenerates ('' for none)")
    ] = "README.md",
    model: Annotated[
        list[str] | None,
        typer.Option(help="Measure only this model (repeatable); default: sm and blank"),
    ] = None,
) -> None:
    """Measure corpus figures; fail on any drop beyond the tolerance; --update stores them.

    Exit codes: 0 fine, 1 a figure fell (nothing written), 2 bad input.
    """
    from rich.console import Console

    from extractor import ratchet as rt

    console = Console()
    path = root / file
    try:
        stored = rt.load_ratchet(path) if path.exists() else rt.Ratchet()
        measured, skipped = rt.measure(root, models=model or rt.MODELS)
    except ExtractorError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    for note in skipped:
        console.print(f"skipped {note}", style="dim", markup=False)
    changes = rt.compare(stored.entries, measured)
    fell = rt.drops(changes, stored.tolerance)
    rose = rt.rises(changes, stored.tolerance)
    console.print(_figures_table(stored, measured))
    if fell:
        console.print(rt.drop_message(fell, stored.tolerance, file), style="red", markup=False)
    if rose and not update:
        console.print(rt.rise_message(rose, file), style="green", markup=False)
    if update:
        if fell and not accept_drops:
            console.print("not written: figures fell (add --accept-drops to write them)")
            raise typer.Exit(code=1)
        new = rt.merge(stored, measured)
        rt.write_ratchet(path, new)
        console.print(f"wrote {path}", markup=False)
        if readme:
            readme_path = root / readme
            text = readme_path.read_text(encoding="utf-8")
            try:
                readme_path.write_text(rt.replace_readme_section(text, new), encoding="utf-8")
            except ExtractorError as exc:
                typer.echo(f"error: {readme_path}: {exc}", err=True)
                raise typer.Exit(code=2) from exc
            console.print(f"updated the figures in {readme_path}", markup=False)
    elif fell:
        raise typer.Exit(code=1)


def _figures_table(stored: Ratchet, measured: list[RatchetEntry]) -> Table:
    """Measured figures, each followed by the stored value when it moved (red: a drop)."""
    by_key = {e.key: e for e in stored.entries}
    table = Table(title="Ratchet figures: measured (stored, when different)")
    table.add_column("figure")
    for entry in measured:
        table.add_column(entry_label(entry, "\n"), justify="right")
    for name, label in RATCHET_FIGURES.items():
        cells: list[Text] = []
        for entry in measured:
            value = entry.figures[name]
            old = by_key.get(entry.key)
            before = old.figures.get(name) if old is not None else None
            cell = Text(f"{value:.3f}")
            if before is not None and value != before:
                delta = value - before
                style = "red" if delta < -stored.tolerance else "green" if delta > 0 else "yellow"
                cell.append(f" ({before:.3f})", style=style)
            cells.append(cell)
        table.add_row(label, *cells)
    return table
