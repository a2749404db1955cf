"""Article files: front matter and body (ANNOTATION.md §1)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from extractor.errors import ArticleReadError

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Article:
    """An article ready for extraction; offsets in results refer to `text`."""

    text: str
    id: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


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

    Raises:
        ArticleReadError: a value that is not an ISO date.
    """
    if value is None or not value.strip():
        return None
    day = value.strip()[:10]
    if not _ISO_DATE.match(day):
        raise ArticleReadError(f"{source}: published {value!r} is not an ISO date YYYY-MM-DD")
    return day


def from_text(raw: str, id: str | None = None, source: str = "") -> Article:
    """Build an article from the contents of a `.txt` or `.md` file."""
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


def read_article(path: str | Path, id: str | None = None) -> Article:
    """Read one `.txt`/`.md` article; its id defaults to the file stem.

    Raises:
        ArticleReadError: unreadable or non-UTF-8 file, or a bad front matter date.
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleReadError(f"{path}: cannot read article: {exc}") from exc
    return from_text(raw, id=id if id is not None else path.stem, source=str(path))
