"""World knowledge as data: companies, non-companies, places, names, products.

Files live in `rules/es/`; each is validated on first use and cached.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from extractor.rules import RuleModel, load_jsonl_models, load_yaml_model


class CompanyEntry(RuleModel):
    """A real company with the forms the Spanish-language press uses for it."""

    name: str
    aliases: list[str] = []
    country: str
    sector: str
    ambiguous: list[str] = []


class NonCompanyEntry(RuleModel):
    """An organisation that is not a company (regulator, ministry, central bank, ...)."""

    name: str
    aliases: list[str] = []
    country: str
    kind: str


class _Places(RuleModel):
    places: list[str]


class _Demonyms(RuleModel):
    demonyms: list[str]


class _FirstNames(RuleModel):
    first_names: list[str]


class _Products(RuleModel):
    products: list[str]


class CompanyCues(RuleModel):
    """`company_cues.yaml`: evidence for and against a name being a company."""

    cue_nouns: list[str]
    not_company_before: list[str]
    company_heads: list[str]
    company_tails: list[str]
    generic_words: list[str]
    legal_suffixes: list[str]
    public_heads: list[str]
    never_alone: list[str]


@dataclass(frozen=True)
class Gazetteer:
    """Everything the company finder looks names up in."""

    companies: tuple[CompanyEntry, ...]
    non_companies: tuple[NonCompanyEntry, ...]
    places: frozenset[str]
    demonyms: frozenset[str]
    first_names: frozenset[str]
    products: frozenset[str]
    cues: CompanyCues

    def company_forms(self) -> dict[str, int]:
        """Surface form -> index of its company (names first, then aliases)."""
        forms: dict[str, int] = {}
        for index, entry in enumerate(self.companies):
            forms.setdefault(entry.name, index)
        for index, entry in enumerate(self.companies):
            for alias in entry.aliases:
                forms.setdefault(alias, index)
        return forms

    def sector_of(self) -> dict[str, str]:
        """Surface form (name or alias) -> the company's sector."""
        return {
            form: entry.sector
            for entry in reversed(self.companies)  # the first entry wins a shared form
            for form in (*entry.aliases, entry.name)
        }

    def ambiguous_forms(self) -> frozenset[str]:
        """Forms that need context before they count as the company."""
        return frozenset(form for entry in self.companies for form in entry.ambiguous)

    def non_company_forms(self) -> frozenset[str]:
        """Surface forms of organisations that are not companies."""
        return frozenset(
            form for entry in self.non_companies for form in (entry.name, *entry.aliases)
        )


@cache
def gazetteer() -> Gazetteer:
    """Load every world-knowledge file once."""
    return Gazetteer(
        companies=tuple(load_jsonl_models("companies.jsonl", CompanyEntry)),
        non_companies=tuple(load_jsonl_models("non_companies.jsonl", NonCompanyEntry)),
        places=frozenset(load_yaml_model("places.yaml", _Places).places),
        demonyms=frozenset(d.lower() for d in load_yaml_model("demonyms.yaml", _Demonyms).demonyms),
        first_names=frozenset(load_yaml_model("first_names.yaml", _FirstNames).first_names),
        products=frozenset(load_yaml_model("products.yaml", _Products).products),
        cues=load_yaml_model("company_cues.yaml", CompanyCues),
    )
