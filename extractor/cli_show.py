"""`extractor show FILE`: one article with its entities highlighted and its deals."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from extractor.errors import ExtractorError


def show_cli(
    file: Annotated[
        Path, typer.Argument(help="An article: .txt or .md with optional front matter")
    ],
    html: Annotated[
        Path | None, typer.Option(help="Write a self-contained HTML page here instead")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(help="spaCy model name or path; 'blank' for none; default: best installed"),
    ] = None,
) -> None:
    """Show one article with companies, amounts, percentages and dates highlighted."""
    from rich.console import Console

    from extractor.show import extract_article, render_article_html, render_article_terminal

    try:
        article, result = extract_article(file, model=model)
    except ExtractorError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    if html is not None:
        html.write_text(render_article_html(article, result), encoding="utf-8")
        typer.echo(f"wrote {html} ({len(result.deals)} deals)")
    else:
        Console().print(render_article_terminal(article, result))
