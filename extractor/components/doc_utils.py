"""Small helpers shared by our components: sentences and windows of a Doc."""

from __future__ import annotations

from spacy.attrs import IDX, LOWER, ORTH, SENT_START
from spacy.tokens import Doc


def token_texts(doc: Doc, lower: bool = False) -> list[str]:
    """Every token's text (or lower-case form), without making a Token object each.

    The lists of the last Doc are kept: our components read them one after another.
    Callers must not change them.
    """
    cached = _LAST.get(lower)
    if cached is not None and cached[0] is doc and cached[1] == len(doc):
        return cached[2]
    strings = doc.vocab.strings
    texts = [strings[key] for key in doc.to_array(LOWER if lower else ORTH).tolist()]
    _LAST[lower] = (doc, len(doc), texts)
    return texts


_LAST: dict[bool, tuple[Doc, int, list[str]]] = {}  # lower? -> (doc, its length, its texts)


def token_offsets(doc: Doc) -> list[int]:
    """Every token's character offset."""
    return [int(i) for i in doc.to_array(IDX).tolist()]


def sentence_starts(doc: Doc) -> list[int]:
    """Start token of the sentence of every token (all 0 when the doc has no sentences)."""
    starts = [0] * len(doc)
    for start, end in _sentence_bounds(doc):
        starts[start:end] = [start] * (end - start)
    return starts


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """What `doc.sents` gives, read as one array."""
    if not len(doc):
        return []
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return [(0, len(doc))]
    flags = doc.to_array(SENT_START).tolist()
    starts = [0, *(i for i in range(1, len(flags)) if flags[i] == 1)]
    return list(zip(starts, [*starts[1:], len(doc)], strict=True))


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token bounds of each sentence; one span when there are none.

    Whitespace tokens at either end (paragraph breaks) are left out, so that a
    sentence starts at its first word; a sentence of whitespace only is dropped.
    """
    texts = token_texts(doc)
    out = []
    for start, end in _sentence_bounds(doc):
        while start < end and texts[start].isspace():
            start += 1
        while end > start and texts[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return out
