"""Typed views of the lexicon files in `extractor/rules/es/`, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from extractor.rules import RuleModel, invert, load_yaml_model


class _NumbersFile(RuleModel):
    words: dict[Decimal, list[str]]
    joiners: list[str]
    fractions: dict[Decimal, list[str]]


class _ScalesFile(RuleModel):
    words: dict[Decimal, list[str]]
    abbreviations: dict[Decimal, list[str]]


class _Abbreviation(RuleModel):
    form: str
    currency: str
    scale: Decimal


class _Currency(RuleModel):
    symbols: list[str]
    names: list[str]


class _CurrenciesFile(RuleModel):
    currencies: dict[str, _Currency]
    abbreviations: list[_Abbreviation]
    countries: dict[str, list[str]]


class _QualifiersFile(RuleModel):
    up_to: list[str]
    more_than: list[str]
    less_than: list[str]
    at_least: list[str]
    approximately: list[str]


@dataclass(frozen=True)
class NumberLexicon:
    """Number words and stake fractions, keyed by lower-case surface form."""

    words: dict[str, Decimal]
    joiners: frozenset[str]
    fractions: dict[str, Decimal]


@dataclass(frozen=True)
class ScaleLexicon:
    """Multipliers: words (lower case) and abbreviations (exact case)."""

    words: dict[str, Decimal]
    abbreviations: dict[str, Decimal]


@dataclass(frozen=True)
class CurrencyLexicon:
    """Currency surface forms resolved to ISO codes (or PESO / DOLLAR_SIGN)."""

    symbols: dict[str, str]
    names: dict[str, str]
    abbreviations: dict[str, tuple[str, Decimal]]
    country_words: dict[str, str]


@cache
def number_lexicon() -> NumberLexicon:
    """Spanish number words from `numbers.yaml`."""
    data = load_yaml_model("numbers.yaml", _NumbersFile)
    return NumberLexicon(
        words=invert(data.words),
        joiners=frozenset(data.joiners),
        fractions=invert(data.fractions),
    )


@cache
def scale_lexicon() -> ScaleLexicon:
    """Multipliers from `scales.yaml`."""
    data = load_yaml_model("scales.yaml", _ScalesFile)
    return ScaleLexicon(
        words=invert(data.words), abbreviations=invert(data.abbreviations, lower=False)
    )


@cache
def currency_lexicon() -> CurrencyLexicon:
    """Currencies from `currencies.yaml`."""
    data = load_yaml_model("currencies.yaml", _CurrenciesFile)
    symbols = {form: iso for iso, cur in data.currencies.items() for form in cur.symbols}
    names = {form.lower(): iso for iso, cur in data.currencies.items() for form in cur.names}
    return CurrencyLexicon(
        symbols=symbols,
        names=names,
        abbreviations={a.form: (a.currency, a.scale) for a in data.abbreviations},
        country_words=invert(data.countries),
    )


@cache
def qualifier_lexicon() -> dict[str, str]:
    """Lower-case phrase before an amount -> canonical qualifier."""
    data = load_yaml_model("qualifiers.yaml", _QualifiersFile)
    return invert(data.model_dump())
