"""Every packaged rule and lexicon file loads, validates and is consistent."""

import pytest

from extractor.deals.context import deal_context
from extractor.deals.lexicon import deal_lexicon
from extractor.errors import RuleFileError
from extractor.gazetteer import gazetteer
from extractor.rules import RuleModel, load_yaml_model

FUNCTION_WORDS = {
    "de",
    "del",
    "a",
    "al",
    "en",
    "y",
    "e",
    "con",
    "el",
    "la",
    "los",
    "las",
    "un",
    "una",
    "por",
}


def test_gazetteer_holds_real_companies_from_every_region() -> None:
    gaz = gazetteer()
    assert len(gaz.companies) >= 1500
    countries = {c.country for c in gaz.companies}
    assert {"ES", "MX", "BR", "AR", "CO", "CL", "PE", "US"} <= countries


def test_gazetteer_ambiguous_forms_are_names_or_aliases() -> None:
    for entry in gazetteer().companies:
        assert set(entry.ambiguous) <= {entry.name, *entry.aliases}, entry.name


def test_gazetteer_no_form_names_two_companies() -> None:
    seen: dict[str, str] = {}
    for entry in gazetteer().companies:
        for form in (entry.name, *entry.aliases):
            assert seen.setdefault(form, entry.name) == entry.name, form


def test_gazetteer_public_bodies_are_not_companies() -> None:
    forms = {f for c in gazetteer().companies for f in (c.name, *c.aliases)}
    for name in ("CNMV", "Banco de España", "Comisión Europea", "Banxico", "Cofece"):
        assert name not in forms


def test_deal_triggers_each_phrase_belongs_to_one_family() -> None:
    for phrase, forms in deal_lexicon().forms.items():
        assert len({f.rule.id for f in forms}) == 1, phrase


@pytest.mark.parametrize(
    "field",
    ["investor_cues", "valuation_before", "not_amount_before", "stake_before", "source_before"],
)
def test_deal_context_phrases_are_not_lone_function_words(field: str) -> None:
    phrases = getattr(deal_context(), field).items
    assert not [p for p in phrases if len(p) == 1 and p[0] in FUNCTION_WORDS]


def test_rule_loader_names_file_and_field_on_bad_data() -> None:
    class Strict(RuleModel):
        nothing: int

    with pytest.raises(RuleFileError, match=r"rules/es/scales.yaml: .*"):
        load_yaml_model("scales.yaml", Strict)
