"""`deals_drop_tensor`: frees a Doc's tok2vec tensor once every pipe has run.

With `n_process` > 1, spaCy sends each Doc back from its worker as bytes, and
the tensor is most of them (about 130 KB of an article's 190 KB with
es_core_news_sm). Nothing after the pipeline reads it, so the Extractor adds
this pipe last when it runs more than one process.
"""

from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.tokens import Doc

NAME = "deals_drop_tensor"


@Language.component(NAME)
def drop_tensor(doc: Doc) -> Doc:
    """The Doc without its tensor (the empty array a fresh Doc has)."""
    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc
