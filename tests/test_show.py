"""`extractor show`: entity highlighting, deals table, escaping, terminal view, CLI."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from extractor.cli import app
from extractor.readers import Article
from extractor.records import ArticleResult, Money
from extractor.show import (
    entity_marks,
    money_text,
    render_article_html,
    render_article_terminal,
)

MakeResult = Callable[..., ArticleResult]

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
BODY = f"Prosus compra {SCRIPT} por 4.100 millones de euros en marzo de 2024. {IMG} Cae un 27%."
# Every tag the show page writes itself; any other would come from article text.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "code", "div",
    "mark", "span", "table", "tr", "th", "td", "ul", "li",
}  # fmt: skip


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _at(text: str) -> dict[str, int]:
    start = BODY.index(text)
    return {"start": start, "end": start + len(text)}


def _result(make_result: MakeResult) -> ArticleResult:
    amount = "4.100 millones de euros"
    return make_result(
        id=f"x{IMG}",
        companies=[
            {"name": "Prosus", "aliases": [IMG],
             "mentions": [{**_at("Prosus"), "rule_id": "company.x", "text": "Prosus"}]},
            {"name": SCRIPT, "aliases": [],
             "mentions": [{**_at(SCRIPT), "rule_id": "company.x", "text": SCRIPT}]},
        ],
        amounts=[{"text": amount, "value": 4_100_000_000, "currency": "EUR",
                  **_at(amount), "rule_id": "money.x"}],
        percentages=[{"text": "27%", "value": 27, **_at("27%"), "rule_id": "percent.x"}],
        dates=[{"text": "marzo de 2024", "value": "2024-03", "granularity": "month",
                **_at("marzo de 2024"), "rule_id": "date.x"}],
        deals=[{"type": "acquisition", "buyers": ["Prosus"], "target": SCRIPT,
                "amount": {"value": 4_100_000_000, "currency": "EUR", "qualifier": "exact"},
                "stake": 27, "status": "agreed", "evidence": f"Prosus compra {SCRIPT} {IMG}"}],
    )  # fmt: skip


def _article() -> Article:
    return Article(text=BODY, id=f"x{IMG}", title=f"Título {SCRIPT}", url=f"https://e.org/{IMG}")


def test_render_article_html_highlights_entities(make_result: MakeResult) -> None:
    page = render_article_html(_article(), _result(make_result))
    for label, text in (
        ("ORG", "Prosus"),
        ("MONEY", "4.100 millones de euros"),
        ("PERCENT", "27%"),
        ("DATE", "marzo de 2024"),
    ):
        assert f'{text}<span class="label">{label}</span></mark>' in page
    assert "<h2>Deals (1)</h2>" in page
    assert "4\u202f100 M EUR" in page
    assert "27 %" in page


def test_render_article_html_escapes_hostile_article(make_result: MakeResult) -> None:
    page = render_article_html(_article(), _result(make_result))
    assert SCRIPT not in page
    assert "<img" not in page
    escaped_script = "&lt;script&gt;alert(1)&lt;/script&gt;"
    escaped_img = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert f"<title>Título {escaped_script}</title>" in page
    assert f"<code>x{escaped_img}</code>" in page  # the id
    assert f'{escaped_script}<span class="label">ORG</span>' in page  # text and company
    parser = _TagCollector()
    parser.feed(page)
    assert {tag for tag, _ in parser.tags} <= ALLOWED_TAGS
    assert not [name for _, attrs in parser.tags for name, _ in attrs if name.startswith("on")]


def test_render_article_html_is_self_contained(make_result: MakeResult) -> None:
    page = render_article_html(_article(), _result(make_result)).lower()
    # The article's url is shown as text, never as a link.
    assert "https://e.org/" in page
    page = page.replace("https://e.org/", "")
    for needle in (
        "<link",
        "<script",
        "<a ",
        'src="',
        "href=",
        "url(",
        "@import",
        "http:",
        "https:",
    ):
        assert needle not in page
    assert "content-security-policy" in page


def test_entity_marks_drop_overlaps_and_out_of_range(make_result: MakeResult) -> None:
    result = make_result(
        amounts=[{"text": "4.100 millones", "value": 4_100_000_000, "currency": "EUR",
                  "start": 10, "end": 24, "rule_id": "money.x"}],
        percentages=[
            {"text": "x", "value": 1, "start": 12, "end": 30, "rule_id": "percent.x"},
            {"text": "y", "value": 2, "start": 95, "end": 999, "rule_id": "percent.x"},
        ],
    )  # fmt: skip
    marks = entity_marks(_article(), result)
    assert [(m.start, m.end, m.label) for m in marks] == [(10, 24, "MONEY")]


MONEY_TEXT_CASES = [
    (Money(value=Decimal("1E10"), currency="USD", qualifier="up_to"), "≤ 10\u202f000 M USD"),
    (Money(value=Decimal("2300000"), currency="EUR"), "2.3 M EUR"),
    (Money(value=Decimal("750000"), currency=None, qualifier="approximately"), "≈ 750\u202f000 ?"),
    (
        Money(value=Decimal("5E6"), currency="MXN", qualifier="between", value_max=Decimal("1E7")),
        "5 M – 10 M MXN",
    ),
    (None, "—"),
]


@pytest.mark.parametrize(("money", "expected"), MONEY_TEXT_CASES, ids=lambda v: str(v)[:20])
def test_money_text_reads_well(money: Money | None, expected: str) -> None:
    assert money_text(money) == expected


def test_render_article_terminal_prints_markup_as_text(make_result: MakeResult) -> None:
    article = Article(text=f"[bold]Prosus[/bold] {BODY}", id="a", title="[red]T[/red]")
    shift = len("[bold]Prosus[/bold] ")
    result = make_result(
        percentages=[{"text": "27%", "value": 27, "start": shift + BODY.index("27%"),
                      "end": shift + BODY.index("27%") + 3, "rule_id": "percent.x"}],
        deals=[{"type": "stake", "buyers": ["Prosus"], "target": "[i]Wonder[/i]", "stake": 27,
                "status": "completed", "evidence": "[b]evidence[/b]"}],
    )  # fmt: skip
    console = Console(record=True, width=120, color_system=None)
    console.print(render_article_terminal(article, result))
    text = console.export_text()
    for shown in ("[red]T[/red]", "[bold]Prosus[/bold]", "27%[PERCENT]", "[i]Wonder[/i]"):
        assert shown in text
    assert "[b]evidence[/b]" in text
    assert "Deals (1)" in text


def test_show_cli_writes_escaped_page(hostile_corpus: Path, tmp_path: Path) -> None:
    article = next(hostile_corpus.glob("*.txt"))
    out = tmp_path / "show.html"
    done = CliRunner().invoke(app, ["show", str(article), "--html", str(out), "--model", "blank"])
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    assert SCRIPT not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_show_cli_terminal_view(hostile_corpus: Path) -> None:
    article = next(hostile_corpus.glob("*.txt"))
    done = CliRunner().invoke(app, ["show", str(article), "--model", "blank"])
    assert done.exit_code == 0, done.output
    assert SCRIPT in done.output  # the terminal shows the text as it stands
    assert "[MONEY]" in done.output


def test_show_cli_missing_file_fails_cleanly(tmp_path: Path) -> None:
    done = CliRunner().invoke(app, ["show", str(tmp_path / "none.txt"), "--model", "blank"])
    assert done.exit_code == 2
    assert done.output.startswith("error:")
    assert "none.txt" in done.output
