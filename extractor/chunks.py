"""Long articles: sentence-aligned chunks, and one result merged from theirs.

An article longer than the chunk limit goes through the pipeline in pieces
(spaCy's `nlp.max_length` is never reached, memory stays bounded); the pieces'
results are merged with every offset shifted back onto the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from extractor.records import ArticleResult, CompanyRecord, Span

CHUNK_CHARS = 1_000_000
"""Default limit: articles longer than this many characters are split."""

# Where a chunk may end, best first; each match ends after the whitespace that follows.
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE = re.compile(r"[.!?…][\"'»”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def split_text(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut `text` into `(offset, chunk)` pieces of at most `limit` characters.

    A cut falls after the last paragraph break in the second half of the
    window, else after a sentence end there, else after the last paragraph
    break or sentence end anywhere in it, else after its last whitespace;
    only a window without whitespace is cut mid-word. The chunks cover the
    text exactly: their concatenation is `text`.

    >>> split_text("Uno. Dos. Tres.", 10)
    [(0, 'Uno. Dos. '), (10, 'Tres.')]
    """
    if limit < 1:
        raise ValueError(f"chunk limit must be positive, not {limit}")
    chunks: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        cut = _cut(text, start, start + limit)
        chunks.append((start, text[start:cut]))
        start = cut
    chunks.append((start, text[start:]))
    return chunks


def _cut(text: str, start: int, end: int) -> int:
    half = start + (end - start) // 2
    tiers = ((_PARAGRAPH, half), (_SENTENCE, half), (_PARAGRAPH, start), (_SENTENCE, start))
    for pattern, lowest in (*tiers, (_SPACE, start)):
        ends = [m.end() for m in pattern.finditer(text, lowest, end)]
        if ends and ends[-1] > start:
            return ends[-1]
    return end


def merge_results(parts: Sequence[tuple[int, ArticleResult]]) -> ArticleResult:
    """One article's result from its chunks' `(offset, result)`, offsets onto the whole text.

    Mentions and deals are concatenated; companies with the same name are merged,
    their aliases, mentions and evidence united in order.
    """
    if len(parts) == 1 and parts[0][0] == 0:
        return parts[0][1]
    first = parts[0][1]
    companies: dict[str, CompanyRecord] = {}
    for offset, result in parts:
        for company in result.companies:
            moved = company.model_copy(
                update={"mentions": [_shift(m, offset) for m in company.mentions]}
            )
            known = companies.get(company.name)
            companies[company.name] = moved if known is None else _union(known, moved)
    return first.model_copy(
        update={
            "companies": list(companies.values()),
            "amounts": [_shift(m, o) for o, r in parts for m in r.amounts],
            "percentages": [_shift(m, o) for o, r in parts for m in r.percentages],
            "dates": [_shift(m, o) for o, r in parts for m in r.dates],
            "deals": [
                d.model_copy(
                    update={
                        "evidence_start": d.evidence_start + o,
                        "evidence_end": d.evidence_end + o,
                    }
                )
                for o, r in parts
                for d in r.deals
            ],
        }
    )


_S = TypeVar("_S", bound=Span)


def _shift(mention: _S, offset: int) -> _S:
    if not offset:
        return mention
    return mention.model_copy(update={"start": mention.start + offset, "end": mention.end + offset})


def _union(a: CompanyRecord, b: CompanyRecord) -> CompanyRecord:
    return a.model_copy(
        update={
            "aliases": _unique([*a.aliases, *b.aliases], drop=a.name),
            "mentions": [*a.mentions, *b.mentions],
            "evidence": _unique([*a.evidence, *b.evidence]),
        }
    )


def _unique(items: list[str], drop: str | None = None) -> list[str]:
    return [x for x in dict.fromkeys(items) if x != drop]
