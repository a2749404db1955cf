"""The packing pipe: a worker's record travels as JSON and equals the one built in the main process."""

from extractor.api import Extractor
from extractor.components.slim import KEY, NAME, PACKED, DatedTokenizer, Packer, dated_text
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

    doc.user_data[KEY] = (3, 1)
    small = Packer("m")(doc)

    packed = ArticleResult.model_validate_json(small.user_data[PACKED])
    assert packed.model_copy(update={"extractor_version": "v"}) == expected
    assert len(small) == 0
    assert small.user_data[KEY] == (3, 1)
    assert small.text == ""
    assert len(small.to_bytes()) < len(doc.to_bytes())


def test_dated_tokenizer_reads_the_header_and_passes_plain_text_through() -> None:
    nlp = Extractor("blank").nlp
    tokenizer = DatedTokenizer(nlp.tokenizer)
    doc = tokenizer(dated_text(TEXT, (7, 2), "2025-03-04"))
    assert doc.text == TEXT
    assert doc._.published == "2025-03-04"
    assert doc.user_data[KEY] == (7, 2)
    undated = tokenizer(dated_text(TEXT, (0, 0), None))
    assert undated.text == TEXT
    assert undated._.published is None
    assert tokenizer(TEXT).text == TEXT


def test_two_process_run_resolves_relative_dates_from_each_articles_date() -> None:
    extractor = Extractor("blank")
    text = "Cencosud compró ayer Carrefour Argentina."
    articles = [Article(text=text, id=d, published=d) for d in ("2025-03-04", "2024-01-10")]
    dates = [r.deals[0].date for r in extractor.extract_many(articles, n_process=2)]
    assert dates == ["2025-03-03", "2024-01-09"]
    assert extractor.nlp.tokenizer.__class__.__name__ != "DatedTokenizer"


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


def test_two_process_run_with_the_packing_pipe_already_in_the_pipeline() -> None:
    extractor = Extractor("blank")
    extractor.nlp.add_pipe(NAME, last=True)
    text = "Cencosud compró ayer Carrefour Argentina."
    articles = [Article(text=text, id=d, published=d) for d in ("2025-03-04", "2024-01-10")]
    dates = [r.deals[0].date for r in extractor.extract_many(articles, n_process=2)]
    assert dates == ["2025-03-03", "2024-01-09"]
    assert NAME in extractor.nlp.pipe_names  # the user's pipe stays
