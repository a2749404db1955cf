"""`deals_pack`: a worker's Doc reduced to its record before it goes back.

With `n_process` > 1, spaCy sends each Doc from its worker to the main
process as bytes. The tensor, span groups and extension values are most of
those bytes and most of the (de)serialising time, and the main process,
which competes with the workers for the CPUs, would then still build the
record. So the Extractor adds this pipe last when it runs more than one
process: the record is built in the worker and travels as JSON in
`doc.user_data`, on a Doc of no tokens that costs little to send.

The other way, spaCy sends plain strings to its workers for almost nothing, but
would make and serialise a Doc in the main process for each (text, context)
pair; so each text goes as a string with a short header (`dated_text`: its key
and publication date), which `DatedTokenizer` reads in the worker.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from extractor.output import doc_to_result
from extractor.pipeline import model_name
from extractor.version import __version__

NAME = "deals_pack"
PACKED = "extractor.result"  # key in Doc.user_data: the record as JSON, without id and title
KEY = "extractor.key"  # key in Doc.user_data: (article index, chunk index) from the header
MARK = "\x00"  # opens and closes the header; texts never hold it (see `dated_text`)


@Language.factory(NAME, requires=["doc._.deals"])
def make_pack(nlp: Language, name: str) -> Packer:
    """Build the packing pipe."""
    return Packer(model_name(nlp))


class Packer:
    """Builds a Doc's record and drops what only building it needed."""

    def __init__(self, model: str) -> None:
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        """Pack `doc` into an empty Doc; one whose record cannot be built is left whole."""
        try:
            result = doc_to_result(doc, model=self.model, version=__version__)
        except Exception:  # noqa: BLE001  (the main process rebuilds it and reports why)
            return doc
        packed = Doc(doc.vocab, words=[])
        packed.user_data[PACKED] = result.model_dump_json()
        if KEY in doc.user_data:
            packed.user_data[KEY] = doc.user_data[KEY]
        packed._context = doc._context
        return packed


def dated_text(text: str, key: tuple[int, int], published: str | None) -> str:
    """`text` with the header a worker's `DatedTokenizer` reads: its key and date.

    `text` must not hold `MARK` (the Extractor replaces it beforehand).
    """
    return f"{MARK}{key[0]} {key[1]} {published or ''}{MARK}{text}"


class DatedTokenizer:
    """The pipeline's tokenizer, reading the header of `dated_text` first."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        """Tokenize the text after the header; its key and date go onto the Doc."""
        if not text.startswith(MARK):
            return self.tokenizer(text)
        end = text.index(MARK, 1)
        index, part, published = text[1:end].split(" ", 2)
        doc = self.tokenizer(text[end + 1 :])
        doc._.published = published or None
        doc.user_data[KEY] = (int(index), int(part))
        return doc
