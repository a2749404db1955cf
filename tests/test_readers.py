"""Readers: every article format, stable ids, and the files that are not articles."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractor.errors import ArticleReadError
from extractor.readers import Article, decode_text, iter_articles, read_article

BODY = "Telefónica vendió su filial argentina al grupo Clarín por 1.245 millones de dólares."

PAGE = """<!DOCTYPE html><html lang="es"><head><meta charset="utf-8">
<title>Telefónica vende su filial | Diario</title>
<meta property="og:title" content="Telefónica vende su filial argentina">
<meta property="article:published_time" content="2024-02-23T10:00:00+01:00">
</head><body>
<nav><ul><li><a href="/">Portada</a></li><li><a href="/eco">Economía</a></li></ul></nav>
<div class="ad">Publicidad: compre ya su coche nuevo</div>
<article><h1>Telefónica vende su filial argentina</h1>
<p>{body}</p>
<p>La operación, anunciada en febrero, incluye la totalidad de las acciones de la filial.</p>
</article>
<aside><h3>Relacionadas</h3><ul><li><a href="/x">Las bolsas cierran en verde</a></li></ul></aside>
<footer>© Diario. Todos los derechos reservados.</footer>
</body></html>
"""


def _write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def _jsonl(tmp_path: Path, *lines: object) -> Path:
    text = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
    return _write(tmp_path / "feed.jsonl", text + "\n")


# --- .txt and .md -----------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_read_article_front_matter(tmp_path: Path, suffix: str) -> None:
    front = "---\ntitle: Venta\npublished: 2024-02-23\nurl: https://e.org/a\n---\n"
    article = read_article(_write(tmp_path / f"a{suffix}", front + BODY))
    assert (article.id, article.title, article.published, article.url) == (
        "a",
        "Venta",
        "2024-02-23",
        "https://e.org/a",
    )
    assert article.text == BODY
    assert article.path == str(tmp_path / f"a{suffix}")
    assert article.warnings == ()


def test_read_article_id_given_wins_over_the_stem(tmp_path: Path) -> None:
    assert read_article(_write(tmp_path / "a.txt", BODY), id="news/a").id == "news/a"


def test_read_article_cp1252_is_read_with_a_warning(tmp_path: Path) -> None:
    article = read_article(_write(tmp_path / "old.txt", BODY, "cp1252"))
    assert article.text == BODY
    assert article.warnings == (f"{tmp_path / 'old.txt'}: not UTF-8; read as cp1252",)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xef\xbb\xbf" + BODY.encode(), BODY),
        (BODY.encode("utf-16"), BODY),
        (b"Caf\x81 es", "Caf\x81 es"),
    ],
    ids=["utf8-bom", "utf16-bom", "undefined-in-cp1252-is-latin1"],
)
def test_decode_text_boms_and_fallbacks(data: bytes, expected: str) -> None:
    assert decode_text(data)[0] == expected


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\n", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL bytes)"),
        ("front.md", b"---\ntitle: T\n---\n", "no article text after the front matter"),
        ("date.txt", b"---\npublished: ayer\n---\nTexto.", "published 'ayer' is not an ISO date"),
        ("menu.html", b"<html><body><nav></nav></body></html>", "no article text in the page"),
    ],
    ids=["empty", "blank", "binary", "front-matter-only", "bad-date", "page-without-text"],
)
def test_read_article_refuses_what_is_not_an_article(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = _write(tmp_path / name, data)
    with pytest.raises(ArticleReadError, match=re.escape(reason)) as caught:
        read_article(path)
    assert caught.value.source == str(path)
    assert str(caught.value).startswith(str(path))


def test_read_article_over_the_size_cap(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.txt", BODY * 10)
    with pytest.raises(ArticleReadError, match="over the size cap of 100 bytes"):
        read_article(path, max_bytes=100)


def test_read_article_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(ArticleReadError, match="none.txt: cannot read"):
        read_article(tmp_path / "none.txt")


def test_read_article_jsonl_points_to_iter_articles(tmp_path: Path) -> None:
    with pytest.raises(ArticleReadError, match="iter_articles"):
        read_article(_jsonl(tmp_path, {"text": BODY}))


# --- .html --------------------------------------------------------------------------------------
def test_read_article_html_main_text_title_and_date(tmp_path: Path) -> None:
    article = read_article(_write(tmp_path / "p.html", PAGE.format(body=BODY)))
    assert article.id == "p"
    assert article.title == "Telefónica vende su filial argentina"
    assert article.published == "2024-02-23"
    assert article.text.startswith(BODY)
    assert "anunciada en febrero" in article.text
    for boilerplate in ("Portada", "Publicidad", "Relacionadas", "derechos reservados"):
        assert boilerplate not in article.text


def test_read_article_html_falls_back_to_title_and_time(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Sabadell rechaza la OPA</title></head><body>"
        '<time datetime="2024-05-06T09:00">6 de mayo</time>'
        f"<p>{BODY}</p></body></html>"
    )
    article = read_article(_write(tmp_path / "p.htm", page))
    assert (article.title, article.published) == ("Sabadell rechaza la OPA", "2024-05-06")
    assert BODY in article.text


def test_read_article_html_declared_charset_needs_no_warning(tmp_path: Path) -> None:
    page = PAGE.format(body=BODY).replace('charset="utf-8"', 'charset="iso-8859-1"')
    article = read_article(_write(tmp_path / "p.html", page, "cp1252"))
    assert BODY in article.text
    assert article.warnings == ()


# --- .jsonl -------------------------------------------------------------------------------------
def test_iter_articles_jsonl_fields_and_ids(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        {"id": "efe-1", "text": BODY, "title": "T", "published": "2024-02-23", "url": "u"},
        {"text": "Sin id."},
        "",
        {"id": 7, "text": "Id entero."},
    )
    articles = list(iter_articles(path, "feeds/feed"))
    assert all(isinstance(a, Article) for a in articles)
    assert [(a.id, a.line) for a in articles if isinstance(a, Article)] == [
        ("efe-1", 1),
        ("feeds/feed#2", 2),
        ("7", 4),
    ]
    first = articles[0]
    assert isinstance(first, Article)
    assert (first.text, first.title, first.published, first.url) == (BODY, "T", "2024-02-23", "u")


JSONL_BAD_LINES = [
    ("{not json", "not JSON"),
    ("[1, 2]", "not a JSON object"),
    ('{"title": "sin texto"}', "no 'text' string"),
    ('{"text": "   "}', "empty 'text'"),
    ('{"text": "x", "id": [1]}', "'id' is neither a string nor an integer"),
    ('{"text": "x", "published": "ayer"}', "published 'ayer' is not an ISO date"),
    ('{"text": "x", "title": 3}', "'title' is not a string"),
]


@pytest.mark.parametrize(("line", "reason"), JSONL_BAD_LINES, ids=[r for _, r in JSONL_BAD_LINES])
def test_iter_articles_jsonl_bad_line_is_an_error_and_the_file_goes_on(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = _jsonl(tmp_path, {"text": "Primera."}, line, {"text": "Tercera."})
    found = list(iter_articles(path))
    assert [type(x).__name__ for x in found] == ["Article", "ArticleReadError", "Article"]
    error = found[1]
    assert isinstance(error, ArticleReadError)
    assert (error.source, error.line) == (str(path), 2)
    assert reason in error.reason
    assert str(error).startswith(f"{path}:2: ")


def test_iter_articles_jsonl_cp1252_line_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path / "f.jsonl", json.dumps({"text": BODY}, ensure_ascii=False), "cp1252")
    (article,) = iter_articles(path)
    assert isinstance(article, Article)
    assert article.text == BODY
    assert article.warnings == (f"{path}:1: not UTF-8; read as cp1252",)


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"\n\n", "empty file"), (b'{"text": "x"}\x00\x00', "binary file")],
    ids=["empty", "blank-lines", "binary"],
)
def test_iter_articles_jsonl_whole_file_errors(tmp_path: Path, data: bytes, reason: str) -> None:
    (error,) = iter_articles(_write(tmp_path / "f.jsonl", data))
    assert isinstance(error, ArticleReadError)
    assert reason in error.reason
    assert error.line is None


def test_iter_articles_jsonl_line_over_the_cap_is_skipped(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, {"text": "x" * 500}, {"text": "Corta."})
    found = list(iter_articles(path, max_bytes=100))
    assert isinstance(found[0], ArticleReadError)
    assert "line over the size cap" in found[0].reason
    assert isinstance(found[1], Article)
    assert found[1].text == "Corta."


def test_iter_articles_one_article_file_yields_its_error(tmp_path: Path) -> None:
    (error,) = iter_articles(_write(tmp_path / "e.txt", b""))
    assert isinstance(error, ArticleReadError)
    assert error.reason == "empty file"
