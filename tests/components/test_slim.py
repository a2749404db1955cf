"""The packing pipe: a worker's record travels as JSON and equals the one built in the main process."""

from extractor.api import Extractor
from extractor.components.slim import NAME, PACKED, Packer
from extractor.output import doc_to_result
from extractor.readers import Article
from extractor.records import ArticleResult

TEXT = (
    "Cencosud compró Carrefour Argentina por 300 millones de dólares el 3 de marzo de 2025. "
    "La operación incluye el 100% de las acciones."
)


def test_packer_record_equals_main_process_record_and_doc_slimmed() -> None:
    nlp = Extractor("blank").nlp
    doc = nlp(TEXT)
    expected = doc_to_result(doc, model="m", version="v")
    assert expected.deals  # the text holds something to pack
    assert expected.amounts

    Packer("m")(doc)

    packed = ArticleResult.model_validate_json(doc.user_data[PACKED])
    assert packed.model_copy(update={"extractor_version": "v"}) == expected
    assert len(doc.spans) == 0
    assert doc.tensor.size == 0
    assert not [k for k in doc.user_data if isinstance(k, tuple)]
    assert len(doc.to_bytes()) < 20_000


def test_two_process_run_packs_in_workers_then_leaves_pipeline_as_it_was() -> None:
    extractor = Extractor("blank")
    before = list(extractor.nlp.pipe_names)
    articles = [Article(text=TEXT, id=str(i)) for i in range(4)]
    one = [r.model_dump() for r in extractor.extract_many(articles, n_process=1)]
    two = [r.model_dump() for r in extractor.extract_many(articles, n_process=2)]
    assert two == one
    assert one[0]["deals"]
    assert extractor.nlp.pipe_names == before
    assert NAME not in extractor.nlp.pipe_names
