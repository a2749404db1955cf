"""Command line: thin wrappers over the library; each prints what a function returns."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from extractor.cli_ratchet import ratchet_cli
from extractor.cli_run import run_cli
from extractor.cli_schemas import schemas_cli
from extractor.cli_show import show_cli
from extractor.errors import ExtractorError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Business deals from Spanish-language news.",
)

ModelOption = Annotated[
    str | None,
    typer.Option(help="spaCy model name or path; 'blank' for none; default: best installed"),
]


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(code=2)


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )


@app.command("extract")
def extract_cli(
    file: Annotated[
        Path, typer.Argument(help="An article: .txt or .md with optional front matter")
    ],
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD")] = None,
    model: ModelOption = None,
) -> None:
    """Print one article's record as JSON."""
    from extractor.api import Extractor
    from extractor.readers import read_article

    try:
        article = read_article(file)
        result = Extractor(model).extract(
            article.text, published or article.published, id=article.id, title=article.title
        )
    except ExtractorError as exc:
        raise _fail(exc) from exc
    typer.echo(result.model_dump_json(indent=2))


@app.command("eval")
def eval_cli(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of <id>.txt + <id>.gold.json")],
    pred: Annotated[
        Path | None, typer.Option(help="Saved predictions (JSONL from `extractor run`)")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the full report as JSON")] = False,
    html: Annotated[Path | None, typer.Option(help="Write a self-contained HTML report")] = None,
    max_errors: Annotated[int, typer.Option(help="Errors listed in the table")] = 20,
    model: ModelOption = None,
) -> None:
    """Score extraction against gold annotations (ANNOTATION.md §3)."""
    from rich.console import Console

    from extractor.evaluation import evaluate_dir
    from extractor.scoring.render import render_html, render_table

    try:
        report, items = evaluate_dir(gold_dir, pred=pred, model=model)
    except ExtractorError as exc:
        raise _fail(exc) from exc
    if html is not None:
        page = render_html(report, [(i.gold, i.predicted, i.article) for i in items])
        html.write_text(page, encoding="utf-8")
    if json_out:
        typer.echo(report.model_dump_json(indent=2))
    else:
        Console().print(render_table(report, max_errors=max_errors))


# Commands that live in their own modules.
app.command("schemas")(schemas_cli)
app.command("show")(show_cli)
app.command("ratchet")(ratchet_cli)
app.command("run")(run_cli)
