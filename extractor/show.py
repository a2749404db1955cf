"""One article for human eyes: entities highlighted in its text, its deals in a table.

`render_article_html` writes one self-contained page (inline CSS, no scripts,
nothing loaded from the network) in the manner of displaCy's entity view;
`render_article_terminal` gives the same for a terminal (rich). Every string
that comes from the article or the extraction is escaped: the page shows
hostile text as text.

>>> from extractor.readers import Article
>>> from extractor.records import ArticleResult
>>> article = Article(text="<b>Hola</b>", id="x", title="T")
>>> result = ArticleResult(id="x", model="blank", extractor_version="0")
>>> "&lt;b&gt;Hola&lt;/b&gt;" in render_article_html(article, result)
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape
from pathlib import Path

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from extractor.readers import Article
from extractor.records import ArticleResult, Deal, Money
from extractor.scoring.metrics import describe_mention
from extractor.scoring.render import HTML_HEAD_META

# Entity labels, in legend order: (label, HTML background, rich style, what it marks).
_LABELS: tuple[tuple[str, str, str, str], ...] = (
    ("ORG", "#7aecec", "bold cyan", "company"),
    ("MONEY", "#ffe08a", "bold yellow", "amount"),
    ("PERCENT", "#c5f0b8", "bold green", "percentage"),
    ("DATE", "#f5c6e8", "bold magenta", "date"),
)
_CELL_CLASS = {"amount": "num", "stake": "num", "valuation": "num"}
_HTML_COLOUR = {label: colour for label, colour, _, _ in _LABELS}
_RICH_STYLE = {label: style for label, _, style, _ in _LABELS}
# Columns of the deals table after its number: (heading, attribute).
_DEAL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("type", "type"),
    ("status", "status"),
    ("buyers", "buyers"),
    ("target", "target"),
    ("seller", "seller"),
    ("amount", "amount"),
    ("stake", "stake"),
    ("valuation", "valuation"),
    ("date", "date"),
)


@dataclass(frozen=True)
class EntityMark:
    """One highlighted stretch of the article body.

    Attributes:
        start: first character, an offset into `Article.text`.
        end: one past the last character.
        label: `ORG`, `MONEY`, `PERCENT` or `DATE`.
        note: what the extractor made of it, for a tooltip.
    """

    start: int
    end: int
    label: str
    note: str


def entity_marks(article: Article, result: ArticleResult) -> list[EntityMark]:
    """The result's companies and mentions as non-overlapping marks, in text order.

    Marks whose offsets fall outside the body are dropped; where two overlap,
    the one that starts first (then the longer) wins.

    Args:
        article: the article whose body the offsets refer to.
        result: what was extracted from it.
    """
    candidates: list[EntityMark] = []
    for company in result.companies:
        aliases = f" (aliases: {', '.join(company.aliases)})" if company.aliases else ""
        note = company.name + aliases
        candidates += [
            EntityMark(m.start, m.end, "ORG", f"{note} [{m.rule_id}]") for m in company.mentions
        ]
    for label, mentions in (
        ("MONEY", result.amounts),
        ("PERCENT", result.percentages),
        ("DATE", result.dates),
    ):
        candidates += [
            EntityMark(m.start, m.end, label, f"{describe_mention(m)} [{m.rule_id}]")
            for m in mentions
        ]
    marks: list[EntityMark] = []
    reached = 0
    for mark in sorted(candidates, key=lambda m: (m.start, -m.end)):
        if 0 <= mark.start < mark.end <= len(article.text) and mark.start >= reached:
            marks.append(mark)
            reached = mark.end
    return marks


_MILLION = Decimal(1_000_000)
_QUALIFIER_SIGN = {
    "exact": "",
    "approximately": "≈ ",
    "up_to": "≤ ",
    "more_than": "> ",
    "less_than": "< ",
    "at_least": "≥ ",
    "between": "",
}


def money_text(money: Money | None) -> str:
    """A money object for reading: qualifier as a sign, millions as "M".

    >>> from decimal import Decimal
    >>> money_text(Money(value=Decimal("1E10"), currency="USD", qualifier="up_to"))
    '≤ 10\u202f000 M USD'
    >>> money_text(Money(value=Decimal("2300000"), currency="EUR"))
    '2.3 M EUR'
    >>> money_text(None)
    '—'
    """
    if money is None:
        return "—"
    value = _number_text(money.value)
    if money.value_max is not None:
        value += f" – {_number_text(money.value_max)}"
    return f"{_QUALIFIER_SIGN[money.qualifier]}{value} {money.currency or '?'}"


def _number_text(value: Decimal) -> str:
    # Thousands apart by a narrow no-break space: neither "," nor "." reads wrongly in Spanish.
    scaled, unit = (value / _MILLION, " M") if value >= _MILLION else (value, "")
    return f"{scaled.normalize():,f}".replace(",", "\u202f") + unit


def deal_fields(deal: Deal) -> dict[str, str]:
    """A deal's attributes as plain strings by attribute name ("—" for none)."""
    return {
        "type": deal.type,
        "status": deal.status,
        "buyers": ", ".join(deal.buyers) or "—",
        "target": deal.target or "—",
        "seller": deal.seller or "—",
        "amount": money_text(deal.amount),
        "stake": "—" if deal.stake is None else f"{deal.stake.normalize():f} %",
        "valuation": money_text(deal.valuation),
        "date": deal.date or "—",
    }


# --- HTML ---------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto;
       max-width: 72em; padding: 0 1.5em; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
.meta { color: #555; font-size: 0.9em; }
.meta code { background: #f3f3f3; padding: 0 0.3em; border-radius: 3px; }
.legend mark { margin-right: 0.6em; }
.entities { white-space: pre-wrap; line-height: 2.5; font-size: 1.05em; border: 1px solid #e3e3e3;
            border-radius: 6px; padding: 1em 1.4em; background: #fcfcfc; }
mark.ent { padding: 0.25em 0.45em; margin: 0 0.1em; line-height: 1; border-radius: 0.35em;
           box-decoration-break: clone; -webkit-box-decoration-break: clone; color: inherit; }
mark.ent .label { font-size: 0.6em; font-weight: bold; line-height: 1; text-transform: uppercase;
                  vertical-align: middle; margin-left: 0.5em; letter-spacing: 0.03em; }
table { border-collapse: collapse; margin: 0.6em 0 1.5em; font-size: 0.92em; width: 100%; }
th, td { border: 1px solid #d6d6d6; padding: 0.35em 0.6em; vertical-align: top; text-align: left; }
th { background: #f2f4f7; }
td { overflow-wrap: anywhere; }
tr:nth-child(even) td { background: #fafbfc; }
td.evidence { font-style: italic; color: #444; max-width: 28em; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
ul.companies { columns: 2; }
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _mark_html(text: str, label: str, note: str = "") -> str:
    title = f' title="{_e(label + ": " + note)}"' if note else ""
    return (
        f'<mark class="ent" style="background: {_HTML_COLOUR[label]}"{title}>'
        f'{_e(text)}<span class="label">{label}</span></mark>'
    )


def _highlighted_html(text: str, marks: Iterable[EntityMark]) -> str:
    pieces: list[str] = []
    cursor = 0
    for mark in marks:
        pieces.append(_e(text[cursor : mark.start]))
        pieces.append(_mark_html(text[mark.start : mark.end], mark.label, mark.note))
        cursor = mark.end
    pieces.append(_e(text[cursor:]))
    return "".join(pieces)


def _meta_html(article: Article, result: ArticleResult) -> str:
    items = [
        ("id", article.id or result.id),
        ("published", article.published or result.published),
        ("source", article.source),
        ("url", article.url),  # shown as text, never as a link: the page loads nothing
        ("model", result.model),
        ("extractor", result.extractor_version),
    ]
    shown = [f"{name}: <code>{_e(value)}</code>" for name, value in items if value]
    return f'<p class="meta">{" · ".join(shown)}</p>'


def _deals_html(deals: Sequence[Deal]) -> str:
    if not deals:
        return "<p>No deals found.</p>"
    head = "".join(f"<th>{_e(h)}</th>" for h in ("#", *(h for h, _ in _DEAL_COLUMNS)))
    rows = []
    for number, deal in enumerate(deals, 1):
        fields = deal_fields(deal)
        cells = "".join(
            f'<td class="{_CELL_CLASS.get(name, "")}">{_e(fields[name])}</td>'
            for _, name in _DEAL_COLUMNS
        )
        rows.append(f'<tr><td class="num">{number}</td>{cells}</tr>')
        rows.append(
            f'<tr><td></td><td class="evidence" colspan="{len(_DEAL_COLUMNS)}">'
            f"{_e(deal.evidence)}</td></tr>"
        )
    return f'<table class="deals"><tr>{head}</tr>{"".join(rows)}</table>'


def _companies_html(result: ArticleResult) -> str:
    if not result.companies:
        return "<p>No companies found.</p>"
    items = []
    for company in result.companies:
        aliases = f" ({_e(', '.join(company.aliases))})" if company.aliases else ""
        count = len(company.mentions)
        items.append(f"<li>{_e(company.name)}{aliases} · {count}×</li>")
    return f'<ul class="companies">{"".join(items)}</ul>'


def render_article_html(article: Article, result: ArticleResult) -> str:
    """One self-contained HTML page: the article with its entities highlighted, then its deals.

    Args:
        article: the article; `result`'s offsets refer to its `text`.
        result: what the extractor found in it.
    """
    heading = article.title or result.title or article.id or result.id or "Article"
    legend = "".join(_mark_html(kind, label) for label, _, _, kind in _LABELS)
    marks = entity_marks(article, result)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="es"><head>{HTML_HEAD_META}',
            f"<title>{_e(heading)}</title>",
            f"<style>{_CSS}</style></head><body>",
            f"<h1>{_e(heading)}</h1>",
            _meta_html(article, result),
            f'<p class="legend">{legend}</p>',
            f'<div class="entities">{_highlighted_html(article.text, marks)}</div>',
            f"<h2>Deals ({len(result.deals)})</h2>",
            _deals_html(result.deals),
            f"<h2>Companies ({len(result.companies)})</h2>",
            _companies_html(result),
            "</body></html>",
        ]
    )


# --- terminal -----------------------------------------------------------------------------


def render_article_terminal(article: Article, result: ArticleResult) -> RenderableType:
    """The article for a terminal: entities coloured and labelled, then a deals table.

    Article strings enter rich as `Text`, never as markup, so "[bold]" in an
    article is printed as it stands.

    Args:
        article: the article; `result`'s offsets refer to its `text`.
        result: what the extractor found in it.
    """
    heading = article.title or result.title or article.id or result.id or "Article"
    header = Text(heading, style="bold underline")
    meta = Text(
        f"id {article.id or result.id or '—'} · published "
        f"{article.published or result.published or '—'} · model {result.model}",
        style="dim",
    )
    legend = Text("  ").join(
        Text(f" {label} ", style=f"reverse {_RICH_STYLE[label]}") for label, _, _, _ in _LABELS
    )
    body = Text()
    cursor = 0
    for mark in entity_marks(article, result):
        body.append(article.text[cursor : mark.start])
        body.append(article.text[mark.start : mark.end], style=_RICH_STYLE[mark.label])
        body.append(f"[{mark.label}]", style="dim")
        cursor = mark.end
    body.append(article.text[cursor:].rstrip())
    return Group(header, meta, legend, Text(), body, Text(), _deals_table(result.deals))


def _deals_table(deals: Sequence[Deal]) -> RenderableType:
    if not deals:
        return Text("No deals found.", style="italic")
    table = Table(title=f"Deals ({len(deals)})", title_justify="left", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("deal", no_wrap=True)
    table.add_column("buyers → target", overflow="fold", min_width=14)
    for heading in ("amount", "stake", "valuation"):
        table.add_column(heading, overflow="fold", justify="right")
    for number, deal in enumerate(deals, 1):
        fields = deal_fields(deal)
        parties = Text(f"{fields['buyers']} → {fields['target']}")
        if deal.seller:
            parties.append(f"\nfrom {deal.seller}", style="dim")
        table.add_row(
            str(number),
            f"{fields['type']}\n{fields['status']}\n{fields['date']}",
            parties,
            fields["amount"],
            fields["stake"],
            fields["valuation"],
        )
    evidence = Text()
    for number, deal in enumerate(deals, 1):
        evidence.append(f"{number}. ", style="bold")
        evidence.append(" ".join(deal.evidence.split()) + "\n", style="italic")
    return Group(table, evidence)


# --- reading and extracting ---------------------------------------------------------------


def extract_article(path: str | Path, *, model: str | None = None) -> tuple[Article, ArticleResult]:
    """Read one article file and extract everything from it.

    Args:
        path: a `.txt` or `.md` article, with optional front matter.
        model: spaCy model name or path, "blank" for none, None for the best installed.

    Raises:
        ArticleReadError: the file cannot be read.
    """
    from extractor.api import Extractor
    from extractor.readers import read_article

    article = read_article(path)
    return article, next(Extractor(model).extract_many([article]))
