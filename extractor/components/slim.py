"""`deals_pack`: a worker's Doc reduced to its record before it goes back.

With `n_process` > 1, spaCy sends each Doc from its worker to the main
process as bytes. The tensor, span groups and extension values are most of
those bytes and most of the (de)serialising time, and the main process,
which competes with the workers for the CPUs, would then still build the
record. So the Extractor adds this pipe last when it runs more than one
process: the record is built in the worker and travels as JSON in
`doc.user_data`; the rest is dropped.
"""

from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from extractor.output import doc_to_result
from extractor.pipeline import model_name
from extractor.version import __version__

NAME = "deals_pack"
PACKED = "extractor.result"  # key in Doc.user_data: the record as JSON, without id and title


@Language.factory(NAME, requires=["doc._.deals"])
def make_pack(nlp: Language, name: str) -> Packer:
    """Build the packing pipe."""
    return Packer(model_name(nlp))


class Packer:
    """Builds a Doc's record and drops what only building it needed."""

    def __init__(self, model: str) -> None:
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        """Pack `doc`; one whose record cannot be built is left whole."""
        try:
            result = doc_to_result(doc, model=self.model, version=__version__)
        except Exception:  # noqa: BLE001  (the main process rebuilds it and reports why)
            return doc
        doc.user_data[PACKED] = result.model_dump_json()
        doc.tensor = numpy.zeros((0,), dtype="float32")
        doc.spans.clear()
        for key in [k for k in doc.user_data if isinstance(k, tuple) and k[:1] == ("._.",)]:
            del doc.user_data[key]
        return doc
