"""Small helpers shared by our components: sentences and windows of a Doc."""

from __future__ import annotations

from spacy.attrs import IDX, LOWER, ORTH
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
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return starts
    for sent in doc.sents:
        for i in range(sent.start, sent.end):
            starts[i] = sent.start
    return starts


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token bounds of each sentence; one span when there are none.

    Whitespace tokens at either end (paragraph breaks) are left out, so that a
    sentence starts at its first word; a sentence of whitespace only is dropped.
    """
    if not len(doc):
        return []
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        bounds = [(0, len(doc))]
    else:
        bounds = [(s.start, s.end) for s in doc.sents]
    out = []
    for start, end in bounds:
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if start < end:
            out.append((start, end))
    return out
