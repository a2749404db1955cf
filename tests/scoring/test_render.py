"""Terminal and HTML views: content, escaping of hostile articles, no external loads."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from rich.console import Console

from extractor.gold import GoldArticle
from extractor.readers import Article
from extractor.records import ArticleResult
from extractor.scoring import evaluate_pairs
from extractor.scoring.render import render_html, render_table

MakeGold = Callable[..., GoldArticle]
MakeResult = Callable[..., ArticleResult]

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
BODY = f"Prosus compra Just Eat por 4.100 millones de euros. {SCRIPT} {IMG} Cae un 27%."
# The tags the page itself writes; anything else would come from article text.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table",
    "tr", "th", "td", "span", "div", "section", "code", "ul", "li", "strong", "em", "a",
}  # fmt: skip


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _hostile_case(
    make_gold: MakeGold, make_result: MakeResult
) -> tuple[GoldArticle, ArticleResult, Article]:
    amount_text = "4.100 millones de euros"
    start = BODY.index(amount_text)
    gold = make_gold(
        id=f"x{IMG}",
        companies=["Prosus", SCRIPT],
        amounts=[(amount_text, 4_100_000_000, "EUR")],
        percentages=[("27%", 27)],
        deals=[{"type": "acquisition", "buyers": ["Prosus"], "target": SCRIPT,
                "status": "agreed", "evidence": f"compra {SCRIPT}"}],
    )  # fmt: skip
    pred = make_result(
        id=f"x{IMG}",
        companies=[IMG],
        amounts=[
            {"text": amount_text, "value": 4_100_000_000, "currency": "EUR",
             "start": start, "end": start + len(amount_text), "rule_id": "money.x"},
        ],
        percentages=[
            {"text": "Cae", "value": 3, "start": BODY.index("Cae"), "end": BODY.index("Cae") + 3,
             "rule_id": "percent.x"},
        ],
        deals=[{"type": "acquisition", "buyers": ["Prosus"], "target": SCRIPT,
                "status": "completed", "evidence": IMG}],
    )  # fmt: skip
    return gold, pred, Article(text=BODY, id=gold.id, title=f"Título {SCRIPT}")


def test_render_html_escapes_hostile_article(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold, pred, article = _hostile_case(make_gold, make_result)
    page = render_html(evaluate_pairs([(gold, pred)]), [(gold, pred, article)])
    assert SCRIPT not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    parser = _TagCollector()
    parser.feed(page)
    assert {tag for tag, _ in parser.tags} <= ALLOWED_TAGS
    assert not [name for _, attrs in parser.tags for name, _ in attrs if name.startswith("on")]
    # The only links are the index's jumps to sections of the same page.
    hrefs = [value or "" for _, attrs in parser.tags for name, value in attrs if name == "href"]
    assert hrefs == ["#article-1"]


def test_render_html_is_self_contained(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold, pred, article = _hostile_case(make_gold, make_result)
    page = render_html(evaluate_pairs([(gold, pred)]), [(gold, pred, article)]).lower()
    for needle in ("<link", "<script", 'src="', "url(", "@import", "http://", "https://"):
        assert needle not in page


def test_render_html_marks_both_layers(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold, pred, article = _hostile_case(make_gold, make_result)
    page = render_html(evaluate_pairs([(gold, pred)]), [(gold, pred, article)])
    # The amount is found by both layers and matched: one span carries both.
    assert 'class="g g-amount p p-amount"' in page
    # "27%" is gold only and missed; "Cae" is a spurious predicted percentage.
    assert 'class="g g-percentage miss"' in page
    assert 'class="p p-percentage spurious"' in page
    # The matched deal's wrong status is marked on both sides.
    assert page.count('<tr class="wrong"><th>status</th>') == 2
    assert "match, wrong: status" in page


def test_render_html_without_prediction(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold, _, article = _hostile_case(make_gold, make_result)
    report = evaluate_pairs([(gold, make_result())])
    page = render_html(report, [(gold, None, article)])
    assert "No prediction." in page
    assert "<td>FN</td>" in page


def test_render_table_headline_and_errors(make_gold: MakeGold, make_result: MakeResult) -> None:
    gold = make_gold(id="art[bold]", companies=["Prosus", "[red]Wonder[/red]"])
    report = evaluate_pairs([(gold, make_result(companies=["Prosus"]))])
    console = Console(record=True, width=160, color_system=None)
    console.print(render_table(report, max_errors=5))
    text = console.export_text()
    for label in ("companies", "amounts (strict)", "deals", "exact deals", "acquisition"):
        assert label in text
    # Article strings are shown as text, not read as rich markup.
    assert "[red]Wonder[/red]" in text
    assert "art[bold]" in text


@pytest.mark.parametrize("max_errors", [0, 1])
def test_render_table_error_limit(
    make_gold: MakeGold, make_result: MakeResult, max_errors: int
) -> None:
    gold = make_gold(companies=["Prosus", "Wonder", "Grubhub"])
    console = Console(record=True, width=160, color_system=None)
    console.print(render_table(evaluate_pairs([(gold, make_result())]), max_errors=max_errors))
    text = console.export_text()
    assert ("First 1 of 3 errors" in text) is (max_errors == 1)
