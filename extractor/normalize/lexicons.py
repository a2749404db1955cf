"""Typed views of the lexicon files in `extractor/rules/es/`, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from extractor.rules import RuleModel, invert, load_yaml_model


class _NumbersFile(RuleModel):
    words: dict[Decimal, list[str]]
    joiners: list[str]
    decimal_marks: list[str]
    decimal_joiners: list[str]
    ratio_words: list[str]
    denominators: dict[Decimal, list[str]]
    denominator_suffixes: dict[str, list[str]]
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


class _Ambiguous(RuleModel):
    candidates: list[str]
    default: str | None = None


class _CurrenciesFile(RuleModel):
    currencies: dict[str, _Currency]
    code_dollar_sign: list[str]
    subunits: dict[str, list[str]]
    one_unit: list[str]
    one_unit_not_before: list[str]
    count_cues: list[str]
    abbreviations: list[_Abbreviation]
    ambiguous: dict[str, _Ambiguous]
    countries: dict[str, list[str]]


class _QualifiersFile(RuleModel):
    up_to: list[str]
    more_than: list[str]
    less_than: list[str]
    at_least: list[str]
    approximately: list[str]


@dataclass(frozen=True)
class NumberLexicon:
    """Number words, their connectors and fraction words, keyed by lower-case form."""

    words: dict[str, Decimal]
    joiners: frozenset[str]
    decimal_marks: frozenset[str]
    decimal_joiners: frozenset[str]
    ratio_words: frozenset[str]
    denominators: dict[str, Decimal]
    avo_suffixes: tuple[str, ...]
    esimo_suffixes: tuple[str, ...]
    fractions: dict[str, Decimal]


@dataclass(frozen=True)
class ScaleLexicon:
    """Multipliers: words (lower case) and abbreviations (exact case)."""

    words: dict[str, Decimal]
    abbreviations: dict[str, Decimal]


@dataclass(frozen=True)
class Ambiguity:
    """A pseudo-code (PESO, DOLLAR_SIGN, ...): the ISO codes it may mean, and the fallback."""

    candidates: frozenset[str]
    default: str | None


@dataclass(frozen=True)
class CurrencyLexicon:
    """Currency surface forms resolved to ISO codes or to pseudo-codes (see `ambiguous`).

    `symbols` are exact-case; `names`, `subunits` (hundredths: "centavos"),
    `one_unit` (names that "un"/"una" may count: "un dólar", unless a word of
    `one_unit_not_before` follows) and `count_cues` (words of a clause that
    counts things, not money) are lower case.
    """

    symbols: dict[str, str]
    names: dict[str, str]
    subunits: dict[str, str]
    one_unit: frozenset[str]
    one_unit_not_before: frozenset[str]
    count_cues: frozenset[str]
    abbreviations: dict[str, tuple[str, Decimal]]
    ambiguous: dict[str, Ambiguity]
    country_words: dict[str, str]


@cache
def number_lexicon() -> NumberLexicon:
    """Spanish number words from `numbers.yaml`."""
    data = load_yaml_model("numbers.yaml", _NumbersFile)
    suffixes = data.denominator_suffixes
    return NumberLexicon(
        words=invert(data.words),
        joiners=frozenset(data.joiners),
        decimal_marks=frozenset(data.decimal_marks),
        decimal_joiners=frozenset(data.decimal_joiners),
        ratio_words=frozenset(data.ratio_words),
        denominators=invert(data.denominators),
        avo_suffixes=tuple(sorted(suffixes.get("avo", []), key=len, reverse=True)),
        esimo_suffixes=tuple(sorted(suffixes.get("esimo", []), key=len, reverse=True)),
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
    for iso in data.code_dollar_sign:  # "MXN$", "usd$": an ISO code glued to "$"
        symbols.setdefault(f"{iso}$", iso)
        symbols.setdefault(f"{iso.lower()}$", iso)
    names = {form.lower(): iso for iso, cur in data.currencies.items() for form in cur.names}
    return CurrencyLexicon(
        symbols=symbols,
        names=names,
        subunits=invert(data.subunits),
        one_unit=frozenset(w.lower() for w in data.one_unit),
        one_unit_not_before=frozenset(w.lower() for w in data.one_unit_not_before),
        count_cues=frozenset(w.lower() for w in data.count_cues),
        abbreviations={a.form: (a.currency, a.scale) for a in data.abbreviations},
        ambiguous={
            code: Ambiguity(frozenset(a.candidates), a.default)
            for code, a in data.ambiguous.items()
        },
        country_words=invert(data.countries),
    )


@cache
def qualifier_lexicon() -> dict[str, str]:
    """Lower-case phrase before an amount -> canonical qualifier."""
    data = load_yaml_model("qualifiers.yaml", _QualifiersFile)
    return invert(data.model_dump())
