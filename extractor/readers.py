"""Article files (ANNOTATION.md §1): `.txt`/`.md` with front matter, `.html`, `.jsonl`.

`read_article(path)` reads a one-article file; `iter_articles(path)` yields every
article of any supported file, a `.jsonl` giving one per line, and yields (does
not raise) an `ArticleReadError` for each file or line that cannot be read, so a
batch can log it and go on. Text that is not UTF-8 is read as cp1252 (or
latin-1) with a warning, logged and kept in `Article.warnings`.
"""

from __future__ import annotations

import codecs
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from extractor.errors import ArticleReadError

log = logging.getLogger("extractor")

MAX_BYTES = 50_000_000
"""Hard size cap of a one-article file, or of one line of a `.jsonl` file."""

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF_BYTES = 8192
_OG_TITLE = "//meta[@property='og:title']/@content"
_OG_PUBLISHED = "//meta[@property='article:published_time']/@content"


@dataclass(frozen=True)
class Article:
    """An article ready for extraction; offsets in results refer to `text`.

    `source` is the outlet named in the front matter; `path` and `line` say
    where the article was read from, and `warnings` what was odd about it.
    """

    text: str
    id: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    path: str | None = None
    line: int | None = None
    warnings: tuple[str, ...] = ()


class _UnreadableError(Exception):
    """Why some bytes are not an article; the caller adds the file and line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def split_front_matter(raw: str) -> tuple[dict[str, str], str]:
    r"""Split `---` front matter (`key: value` lines) from the body.

    >>> split_front_matter("---\npublished: 2025-02-25\n---\nTelefónica vende.")
    ({'published': '2025-02-25'}, 'Telefónica vende.')
    """
    match = _FRONT_MATTER.match(raw)
    if not match:
        return {}, raw
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip().lower()] = value.strip().strip("'\"")
    return meta, raw[match.end() :]


def parse_published(value: str | None, source: str = "") -> str | None:
    """Keep an ISO `YYYY-MM-DD` publication date (a timestamp is cut to its day).

    >>> parse_published("2025-12-17T08:30:00+01:00")
    '2025-12-17'

    Raises:
        ArticleReadError: a value that is not an ISO date.
    """
    if value is None or not value.strip():
        return None
    day = value.strip()[:10]
    if not _ISO_DATE.match(day):
        raise ArticleReadError(
            f"published {value!r} is not an ISO date YYYY-MM-DD", source=source or None
        )
    return day


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str | None]:
    """Decode article bytes: a BOM, else UTF-8, else `declared`, else cp1252, else latin-1.

    Returns the text and the legacy encoding used when the bytes were not
    UTF-8 (None when they were, or when `declared` decoded them).

    >>> decode_text("Telefónica".encode("cp1252"))
    ('Telefónica', 'cp1252')
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), None
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), None
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def from_text(raw: str, id: str | None = None, source: str = "") -> Article:
    """Build an article from the contents of a `.txt` or `.md` file.

    Raises:
        ArticleReadError: a front matter date that is not ISO.
    """
    meta, body = split_front_matter(raw)
    return Article(
        text=body,
        id=id,
        title=meta.get("title") or None,
        published=parse_published(meta.get("published") or meta.get("date"), source),
        url=meta.get("url") or None,
        source=meta.get("source") or None,
        meta=meta,
    )


def from_html(html: str, id: str | None = None) -> Article:
    """Build an article from a news page: its main text, title, date and URL (trafilatura).

    The title and date fall back to `og:title`, `<title>`,
    `article:published_time` and `<time datetime>`; the text falls back to
    trafilatura's baseline extractor. A first line repeating the title is dropped.
    """
    import trafilatura

    found: Any = None
    try:
        found = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # noqa: BLE001  (a parser on arbitrary pages; the fallback follows)
        log.debug("trafilatura failed: %s", exc)
    text = (getattr(found, "text", None) or "").strip()
    title = getattr(found, "title", None) or None
    published = _day_or_none(getattr(found, "date", None))
    if not text or title is None or published is None:
        tree = trafilatura.load_html(html)
        if not text:
            text = (trafilatura.baseline(html)[1] or "").strip()
        if tree is not None:
            title = title or _first(tree, _OG_TITLE, "//title/text()")
            published = published or _day_or_none(_first(tree, _OG_PUBLISHED, "//time/@datetime"))
    if title:
        title = " ".join(title.split())
        first, _, rest = text.partition("\n")
        if rest and first.strip() == title:
            text = rest.lstrip()
    return Article(
        text=text, id=id, title=title, published=published, url=getattr(found, "url", None)
    )


def read_article(path: str | Path, id: str | None = None, *, max_bytes: int = MAX_BYTES) -> Article:
    """Read a one-article file (`.html` as a page, anything else as text); id defaults to the stem.

    Raises:
        ArticleReadError: an unreadable, empty, binary or oversized file, a bad
            front matter date, or a `.jsonl` file (use `iter_articles`).
    """
    path = Path(path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        raise ArticleReadError("holds one article per line: use iter_articles", source=str(path))
    try:
        return _read_one(path, path.stem if id is None else id, max_bytes)
    except _UnreadableError as exc:
        raise ArticleReadError(exc.reason, source=str(path)) from None


def iter_articles(
    path: str | Path, id: str | None = None, *, max_bytes: int = MAX_BYTES
) -> Iterator[Article | ArticleReadError]:
    """Every article of one file, in order, or the error that stands for it.

    A `.jsonl` file gives one article per non-blank line (`text`, optional `id`,
    `title`, `published`, `url`); a line without `id` gets `<id>#<line>`, where
    `id` is the file's id (default: its stem). Other files give one article.
    """
    path = Path(path)
    file_id = path.stem if id is None else id
    if path.suffix.lower() not in JSONL_SUFFIXES:
        try:
            yield read_article(path, file_id, max_bytes=max_bytes)
        except ArticleReadError as exc:
            yield exc
        return
    try:
        with path.open("rb") as stream:
            yield from _iter_jsonl(stream, file_id, str(path), max_bytes)
    except OSError as exc:
        yield ArticleReadError(f"cannot read: {exc.strerror or exc}", source=str(path))


def _read_one(path: Path, id: str, max_bytes: int) -> Article:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise _UnreadableError(f"{size} bytes, over the size cap of {max_bytes} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise _UnreadableError(f"cannot read: {exc.strerror or exc}") from None
    html = path.suffix.lower() in HTML_SUFFIXES
    text, legacy = _decode_article(data, _declared_charset(data) if html else None)
    if html:
        article = from_html(text, id=id)
    else:
        try:
            article = from_text(text, id=id)
        except ArticleReadError as exc:
            raise _UnreadableError(exc.reason) from None
    if not article.text.strip():
        where = "in the page" if html else "after the front matter"
        raise _UnreadableError(f"no article text {where}")
    return _located(article, str(path), None, legacy)


def _iter_jsonl(
    stream: BinaryIO, file_id: str, source: str, max_bytes: int
) -> Iterator[Article | ArticleReadError]:
    if b"\x00" in stream.read(_SNIFF_BYTES):
        yield ArticleReadError("binary file (NUL bytes), not JSONL", source=source)
        return
    stream.seek(0)
    number, any_line = 0, False
    while raw := stream.readline(max_bytes + 2):
        number += 1
        content = raw.rstrip(b"\r\n")
        if len(content) > max_bytes:
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1 << 20)
            yield ArticleReadError(
                f"line over the size cap of {max_bytes} bytes", source=source, line=number
            )
            continue
        if not content.strip():
            continue
        any_line = True
        try:
            yield _from_json_line(content, file_id, source, number)
        except _UnreadableError as exc:
            yield ArticleReadError(exc.reason, source=source, line=number)
    if not any_line:
        yield ArticleReadError("empty file", source=source)


def _from_json_line(content: bytes, file_id: str, source: str, number: int) -> Article:
    text, legacy = decode_text(content)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _UnreadableError(f"not JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(record, dict):
        raise _UnreadableError("not a JSON object")
    body = record.get("text")
    if not isinstance(body, str):
        raise _UnreadableError("no 'text' string")
    if not body.strip():
        raise _UnreadableError("empty 'text'")
    try:
        published = parse_published(_optional_str(record, "published"))
    except ArticleReadError as exc:
        raise _UnreadableError(exc.reason) from None
    article = Article(
        text=body,
        id=_line_id(record.get("id"), file_id, number),
        title=_optional_str(record, "title"),
        published=published,
        url=_optional_str(record, "url"),
        source=_optional_str(record, "source"),
        meta={k: v for k, v in record.items() if isinstance(v, str) and k != "text"},
    )
    return _located(article, source, number, legacy)


def _line_id(value: object, file_id: str, number: int) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return f"{file_id}#{number}"
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _UnreadableError("'id' is neither a string nor an integer")


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _UnreadableError(f"{key!r} is not a string")
    return value.strip() or None


def _decode_article(data: bytes, declared: str | None) -> tuple[str, str | None]:
    if not data.strip():
        raise _UnreadableError("empty file")
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _UnreadableError("binary file (NUL bytes)")
    text, legacy = decode_text(data, declared)
    if not text.strip():
        raise _UnreadableError("empty file")
    return text, legacy


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:_SNIFF_BYTES])
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    # Browsers read a page declared latin-1 as windows-1252; so do we.
    return "cp1252" if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii") else name


def _located(article: Article, source: str, line: int | None, legacy: str | None) -> Article:
    warnings: tuple[str, ...] = ()
    if legacy:
        where = source if line is None else f"{source}:{line}"
        warnings = (f"{where}: not UTF-8; read as {legacy}",)
        log.warning("%s", warnings[0])
    return replace(article, path=source, line=line, warnings=warnings)


def _first(tree: Any, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            if str(value).strip():
                return str(value).strip()
    return None


def _day_or_none(value: str | None) -> str | None:
    day = (value or "").strip()[:10]
    return day if _ISO_DATE.match(day) else None
