"""Human views of an `EvaluationReport`: a rich table for the terminal, one HTML page.

The HTML page is self-contained (inline CSS, no scripts, no external loads) and
escapes every string that comes from an article, a gold file or a prediction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from extractor.gold import GoldArticle
from extractor.readers import Article
from extractor.records import (
    AmountBase,
    AmountMention,
    ArticleResult,
    DateBase,
    DateMention,
    DealBase,
    PercentageBase,
    PercentageMention,
)
from extractor.scoring.metrics import (
    ArticleScore,
    describe_attribute,
    describe_deal,
    describe_mention,
    score_article,
)
from extractor.scoring.report import ErrorRecord, EvaluationReport, FieldScore

# Rows of the headline table: (label, report field).
_HEADLINE_ROWS: tuple[tuple[str, str], ...] = (
    ("companies", "companies"),
    ("amounts", "amounts"),
    ("amounts (strict)", "amounts_strict"),
    ("percentages", "percentages"),
    ("percentages (strict)", "percentages_strict"),
    ("dates", "dates"),
    ("dates (strict)", "dates_strict"),
    ("deals", "deals"),
)
_KIND_OF_FIELD = {"amounts": "amount", "percentages": "percentage", "dates": "date"}
# Rows of a deal card; `target` is not a scored attribute but decides the match.
_DEAL_ROWS = ("buyers", "target", "seller", "amount", "stake", "valuation", "date", "status")


def _fmt(value: float) -> str:
    return f"{value:.3f}"


def _score_cells(score: FieldScore) -> list[str]:
    return [
        _fmt(score.precision),
        _fmt(score.recall),
        _fmt(score.f1),
        str(score.tp),
        str(score.fp),
        str(score.fn),
    ]


# --- terminal -----------------------------------------------------------------------------


def render_table(report: EvaluationReport, max_errors: int = 20) -> RenderableType:
    """The report for a terminal: headline figures first, then the first errors.

    Args:
        report: the evaluation to show.
        max_errors: how many errors to list (0 for none).
    """
    parts: list[RenderableType] = [_headline_table(report), _attribute_table(report)]
    parts.append(_per_type_table(report))
    if report.missing_predictions:
        parts.append(Text(f"No prediction for: {', '.join(report.missing_predictions)}"))
    if max_errors and report.errors:
        parts.append(_error_table(report.errors[:max_errors], len(report.errors)))
    return Group(*parts)


def _headline_table(report: EvaluationReport) -> Table:
    table = Table(title=f"Scores over {report.articles} articles")
    table.add_column("field")
    for name in ("P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(name, justify="right")
    for label, name in _HEADLINE_ROWS:
        table.add_row(label, *_score_cells(getattr(report, name)))
    return table


def _attribute_table(report: EvaluationReport) -> Table:
    table = Table(title="Matched deals")
    table.add_column("attribute")
    table.add_column("accuracy", justify="right")
    table.add_column("right / pairs", justify="right")
    for name, accuracy in report.deal_attributes.items():
        counts = report.deal_attribute_counts[name]
        table.add_row(name, _fmt(accuracy), f"{counts.correct} / {counts.total}")
    gold_deals = report.deals.tp + report.deals.fn
    table.add_row(
        "exact deals", _fmt(report.exact_deals), f"{report.exact_deal_count} / {gold_deals}"
    )
    return table


def _per_type_table(report: EvaluationReport) -> Table:
    table = Table(title="Deals by type")
    table.add_column("type")
    for name in ("P", "R", "F1", "tp", "fp", "fn", "exact"):
        table.add_column(name, justify="right")
    for name, score in report.per_type.items():
        table.add_row(name, *_score_cells(score), _fmt(score.exact_deals))
    return table


def _error_table(errors: Sequence[ErrorRecord], total: int) -> Table:
    table = Table(title=f"First {len(errors)} of {total} errors")
    for name in ("kind", "article", "field", "expected", "got"):
        table.add_column(name, overflow="fold")
    for error in errors:
        # Text() keeps rich from reading "[...]" in article strings as markup.
        table.add_row(
            error.kind,
            Text(error.article_id),
            error.field,
            Text(error.expected or ""),
            Text(error.got or ""),
        )
    return table


# --- HTML ---------------------------------------------------------------------------------

# The head of every page we write. The Content-Security-Policy is defence in depth: should an
# article string ever escape escaping, the browser still runs no script and loads nothing.
HTML_HEAD_META = (
    '<meta charset="utf-8">'
    '<meta http-equiv="Content-Security-Policy" content="'
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">"
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
)

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       padding: 1.5em 2em 3em; max-width: 90em; color: #1d1d1f; background: #f6f7f9; }
h1 { margin: 0.2em 0 0.6em; }
h2 { margin: 0.4em 0; }
h3 { margin: 1.2em 0 0.4em; font-size: 1.05em; color: #333; }
table { border-collapse: collapse; margin: 0.4em 0 1em; background: #fff; font-size: 0.92em; }
th, td { border: 1px solid #d6d6d6; padding: 0.25em 0.55em; vertical-align: top;
         text-align: left; }
th { background: #eef1f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
a { color: #1f5fbf; }
.figures { display: flex; flex-wrap: wrap; gap: 0 2.5em; align-items: flex-start; }
.figures h3 { margin-top: 0.6em; }
.legend { position: sticky; top: 0; z-index: 1; background: #f6f7f9; padding: 0.5em 0;
          border-bottom: 1px solid #ddd; margin: 1em 0; }
.legend span { margin-right: 1.2em; white-space: nowrap; }
.index td.bad { color: #a00; font-weight: bold; }
section.article { background: #fff; border: 1px solid #dcdfe4; border-radius: 8px;
                  padding: 0.6em 1.4em 1em; margin: 1.6em 0; box-shadow: 0 1px 3px #0001; }
section.article > p > code { background: #f0f0f0; padding: 0 0.3em; border-radius: 3px; }
.body { white-space: pre-wrap; line-height: 1.9; border: 1px solid #e3e3e3; padding: 0.8em 1.2em;
        border-radius: 6px; background: #fcfcfc; }
.g { text-decoration-line: underline; text-decoration-thickness: 3px;
     text-underline-offset: 4px; }
.g-amount { text-decoration-color: #1f5fbf; }
.g-percentage { text-decoration-color: #1b8a3c; }
.g-date { text-decoration-color: #b35c00; }
.g.miss { text-decoration-style: wavy; }
.p { border-radius: 3px; }
.p-amount { background: #d6e6ff; }
.p-percentage { background: #d4f5dc; }
.p-date { background: #ffe4c4; }
.p.spurious { outline: 2px dashed #c00; }
table.deals { width: 100%; table-layout: fixed; }
table.deals td { overflow-wrap: anywhere; }
table.deals > tbody > tr > :nth-child(3) { width: 11em; }
table.deals ul { margin: 0.2em 0; padding-left: 1.2em; }
table.deal { width: 100%; margin: 0; background: transparent; font-size: 1em; }
.deal td, .deal th { border: none; padding: 0.05em 0.4em; background: transparent; }
.deal th { width: 6.5em; color: #555; font-weight: 600; }
.wrong, .deal tr.wrong th, .deal tr.wrong td { background: #ffd0d0; }
tr.FN > td, tr.FP > td, li.FN, li.FP { background: #fff0f0; }
tr.optional > td { color: #777; background: #f7f7f7; }
"""


def render_html(
    report: EvaluationReport,
    articles: Iterable[tuple[GoldArticle, ArticleResult | None, Article]],
) -> str:
    """One self-contained HTML page: headline figures, then every article.

    Each article shows its body with gold mentions underlined (wavy when
    missed) and predicted mentions shaded (dashed outline when spurious),
    coloured by kind; then its companies, its gold and predicted deals side by
    side with wrong attributes marked, and its error list.

    Args:
        report: the corpus figures for the header.
        articles: (gold, prediction or None, article) triples; the article's
            `text` is the body that gold texts and predicted offsets refer to.
    """
    scored = [
        (_score_or_empty(gold, predicted), predicted is not None, article)
        for gold, predicted, article in articles
    ]
    sections = [
        _html_article(number, score, has_prediction, article)
        for number, (score, has_prediction, article) in enumerate(scored, 1)
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="es"><head>{HTML_HEAD_META}',
            "<title>Deal extraction: evaluation</title>",
            f"<style>{_CSS}</style></head><body>",
            "<h1>Deal extraction: evaluation</h1>",
            _html_headline(report),
            _html_index([(score, article) for score, _, article in scored]),
            _html_legend(),
            *sections,
            "</body></html>",
        ]
    )


def _score_or_empty(gold: GoldArticle, predicted: ArticleResult | None) -> ArticleScore:
    return score_article(
        gold, predicted or ArticleResult(id=gold.id, model="", extractor_version="")
    )


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _html_table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric_from: int) -> str:
    # Cells arrive escaped; `numeric_from` right-aligns the figure columns.
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{cell}</td>' if i >= numeric_from else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><tr>{head}</tr>{body}</table>"


def _html_headline(report: EvaluationReport) -> str:
    header = ["field", "P", "R", "F1", "tp", "fp", "fn"]
    fields = _html_table(
        header,
        ([label, *_score_cells(getattr(report, name))] for label, name in _HEADLINE_ROWS),
        1,
    )
    attributes = _html_table(
        ["attribute", "accuracy"],
        [
            *([name, _fmt(value)] for name, value in report.deal_attributes.items()),
            ["exact deals", _fmt(report.exact_deals)],
        ],
        1,
    )
    per_type = _html_table(
        ["type", *header[1:], "exact"],
        (
            [name, *_score_cells(score), _fmt(score.exact_deals)]
            for name, score in report.per_type.items()
        ),
        1,
    )
    missing = ""
    if report.missing_predictions:
        missing = f"<p>No prediction for: {_e(', '.join(report.missing_predictions))}</p>"
    return (
        f'<h2>Scores over {report.articles} articles</h2><div class="figures">'
        f"<div><h3>Fields</h3>{fields}</div>"
        f"<div><h3>Matched deals</h3>{attributes}</div>"
        f"<div><h3>Deals by type</h3>{per_type}</div></div>{missing}"
    )


def _html_index(scored: Sequence[tuple[ArticleScore, Article]]) -> str:
    """One row per article, linked to its section: deals on each side and error count."""
    rows = []
    for number, (score, article) in enumerate(scored, 1):
        gold_deals = len(score.gold.deals)
        matched = len(score.deal_pairs)
        errors = len(score.errors)
        title = _e(article.title or score.gold.id)
        rows.append(
            f'<tr><td class="num">{number}</td>'
            f'<td><a href="#article-{number}">{title}</a></td>'
            f'<td class="num">{gold_deals}</td><td class="num">{len(score.predicted.deals)}</td>'
            f'<td class="num">{matched}</td>'
            f'<td class="num{" bad" if errors else ""}">{errors}</td></tr>'
        )
    header = "".join(
        f"<th>{h}</th>" for h in ("#", "article", "gold deals", "predicted", "matched", "errors")
    )
    return f'<h2>Articles</h2><table class="index"><tr>{header}</tr>{"".join(rows)}</table>'


def _html_legend() -> str:
    samples = []
    for kind in _KIND_OF_FIELD.values():
        samples.append(f'<span class="g g-{kind}">gold {kind}</span>')
        samples.append(f'<span class="p p-{kind}">predicted {kind}</span>')
    samples.append('<span class="g g-amount miss">missed (FN)</span>')
    samples.append('<span class="p p-amount spurious">spurious (FP)</span>')
    return f'<p class="legend">{"".join(samples)}</p>'


def _html_article(number: int, score: ArticleScore, has_prediction: bool, article: Article) -> str:
    gold = score.gold
    heading = _e(article.title or gold.id)
    note = "" if has_prediction else "<p><strong>No prediction.</strong></p>"
    return (
        f'<section class="article" id="article-{number}"><h2>{number}. {heading}</h2>'
        f"<p><code>{_e(gold.id)}</code></p>"
        f'{note}<div class="body">{_highlight(article.text, score)}</div>'
        f"<h3>Companies</h3>{_html_companies(score)}"
        f"<h3>Deals</h3>{_html_deals(score)}"
        f"<h3>Errors</h3>{_html_errors(score.errors)}</section>"
    )


# --- mention highlighting -----------------------------------------------------------------


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    classes: tuple[str, ...]
    label: str


def _gold_marks(text: str, score: ArticleScore) -> list[_Mark]:
    """Gold mentions located as check_gold.py does: each text's next occurrence in order."""
    marks: list[_Mark] = []
    for name, kind in _KIND_OF_FIELD.items():
        missed = set(score.mention_alignments[name].unmatched_gold)
        cursor: dict[str, int] = {}
        items: Sequence[AmountBase | PercentageBase | DateBase] = getattr(score.gold, name)
        for index, mention in enumerate(items):
            start = text.find(mention.text, cursor.get(mention.text, 0)) if mention.text else -1
            if start == -1:
                continue
            cursor[mention.text] = start + 1
            flag = ("miss",) if index in missed else ()
            label = f"gold {kind}: {describe_mention(mention)}" + (" (missed)" if flag else "")
            marks.append(_Mark(start, start + len(mention.text), ("g", f"g-{kind}", *flag), label))
    return marks


def _pred_marks(text: str, score: ArticleScore) -> list[_Mark]:
    """Predicted mentions at their own offsets; offsets outside the body are skipped."""
    marks: list[_Mark] = []
    for name, kind in _KIND_OF_FIELD.items():
        spurious = set(score.mention_alignments[name].unmatched_pred)
        items: Sequence[AmountMention | PercentageMention | DateMention]
        items = getattr(score.predicted, name)
        for index, mention in enumerate(items):
            if not 0 <= mention.start < mention.end <= len(text):
                continue
            flag = ("spurious",) if index in spurious else ()
            label = f"predicted {kind}: {describe_mention(mention)}" + (
                " (spurious)" if flag else ""
            )
            marks.append(_Mark(mention.start, mention.end, ("p", f"p-{kind}", *flag), label))
    return marks


def _highlight(text: str, score: ArticleScore) -> str:
    """The body as escaped HTML, cut at every mark boundary so layers can overlap."""
    marks = _gold_marks(text, score) + _pred_marks(text, score)
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    pieces: list[str] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in marks if m.start <= start and end <= m.end]
        chunk = _e(text[start:end])
        if not covering:
            pieces.append(chunk)
            continue
        classes = sorted({c for m in covering for c in m.classes})
        title = " | ".join(m.label for m in covering)
        pieces.append(f'<span class="{_e(" ".join(classes))}" title="{_e(title)}">{chunk}</span>')
    return "".join(pieces)


# --- companies, deals, errors --------------------------------------------------------------


def _html_companies(score: ArticleScore) -> str:
    missed = set(score.company_alignment.unmatched_gold)
    spurious = set(score.company_alignment.unmatched_pred)
    gold_items = [
        _company_item(c.name, c.aliases, "FN" if i in missed else "")
        for i, c in enumerate(score.gold.companies)
    ]
    pred_items = [
        _company_item(c.name, c.aliases, "FP" if i in spurious else "")
        for i, c in enumerate(score.predicted.companies)
    ]
    return (
        '<table class="deals"><tr><th>gold</th><th>predicted</th></tr>'
        f"<tr><td><ul>{''.join(gold_items)}</ul></td>"
        f"<td><ul>{''.join(pred_items)}</ul></td></tr></table>"
    )


def _company_item(name: str, aliases: Sequence[str], flag: str) -> str:
    aliases_text = f" ({_e(', '.join(aliases))})" if aliases else ""
    flag_text = f" <strong>{flag}</strong>" if flag else ""
    return f'<li class="{flag}">{_e(name)}{aliases_text}{flag_text}</li>'


def _deal_cell(deal: DealBase | None, wrong: Iterable[str] = ()) -> str:
    if deal is None:
        return "<td>&mdash;</td>"
    wrong_set = set(wrong)
    rows = [f"<tr><th>deal</th><td>{_e(describe_deal(deal))}</td></tr>"]
    for attribute in _DEAL_ROWS:
        if attribute == "target":
            value = deal.target or "null"
        else:
            value = describe_attribute(deal, attribute)
        marker = ' class="wrong"' if attribute in wrong_set else ""
        rows.append(f"<tr{marker}><th>{attribute}</th><td>{_e(value)}</td></tr>")
    rows.append(f"<tr><th>evidence</th><td><em>{_e(deal.evidence)}</em></td></tr>")
    return f'<td><table class="deal">{"".join(rows)}</table></td>'


def _html_deals(score: ArticleScore) -> str:
    gold, predicted = score.gold.deals, score.predicted.deals
    rows: list[str] = []
    for pair in score.deal_pairs:
        wrong = [a for a, right in pair.checks.items() if not right]
        if pair.optional:
            verdict, row_class, wrong = "optional: matched, not scored", "optional", []
        else:
            verdict = f"match, wrong: {', '.join(wrong)}" if wrong else "match, exact"
            row_class = ""
        rows.append(
            f'<tr class="{row_class}">{_deal_cell(gold[pair.gold_index], wrong)}'
            f"{_deal_cell(predicted[pair.pred_index], wrong)}<td>{verdict}</td></tr>"
        )
    rows += [
        f'<tr class="FN">{_deal_cell(gold[g])}{_deal_cell(None)}<td>FN</td></tr>'
        for g in score.missed_deals
    ]
    rows += [
        f'<tr class="optional">{_deal_cell(gold[g])}{_deal_cell(None)}'
        "<td>optional: missed, not counted</td></tr>"
        for g in score.missed_optional_deals
    ]
    rows += [
        f'<tr class="FP">{_deal_cell(None)}{_deal_cell(predicted[p])}<td>FP</td></tr>'
        for p in score.spurious_deals
    ]
    if not rows:
        return "<p>No deals on either side.</p>"
    header = "<tr><th>gold</th><th>predicted</th><th>result</th></tr>"
    return f'<table class="deals">{header}{"".join(rows)}</table>'


def _html_errors(errors: Sequence[ErrorRecord]) -> str:
    if not errors:
        return "<p>None.</p>"
    rows = (
        [_e(e.kind), _e(e.field), _e(e.expected or ""), _e(e.got or ""), _e(e.evidence)]
        for e in errors
    )
    return _html_table(["kind", "field", "expected", "got", "evidence"], rows, 99)
