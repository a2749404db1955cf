"""Small helpers shared by our components: sentences and windows of a Doc."""

from __future__ import annotations

from spacy.tokens import Doc


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
    """(start, end) token bounds of each sentence; one span when there are none."""
    if not len(doc):
        return []
    if not (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        return [(0, len(doc))]
    return [(s.start, s.end) for s in doc.sents]
