"""`deal_context.yaml`: the words around a deal, as sets of token tuples."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from extractor.rules import RuleModel, load_yaml_model

_SENTENCE_ENDS = frozenset({".", ";", "!", "?"})


class DealContextFile(RuleModel):
    """`deal_context.yaml`."""

    per_share_after: list[str]
    valuation_before: list[str]
    not_amount_before: list[str]
    conversion_after: list[str]
    not_stake_before: list[str]
    stake_after: list[str]
    stake_before: list[str]
    not_deal_date_before: list[str]
    investor_cues: list[str]
    deal_references: list[str]
    company_anaphors: list[str]
    source_before: list[str]
    list_links: list[str]
    sector_nouns: dict[str, list[str]]
    source_nouns: list[str]
    source_openers: list[str]
    ranking_copulas: list[str]
    ranking_words: list[str]


@dataclass(frozen=True)
class Phrases:
    """Lower-case phrases, matched as token sequences."""

    items: frozenset[tuple[str, ...]]
    longest: int

    @classmethod
    def of(cls, phrases: list[str]) -> Phrases:
        """Phrases from their written forms."""
        items = frozenset(tuple(p.lower().split()) for p in phrases)
        return cls(items, max((len(i) for i in items), default=0))

    def ends_at(self, words: list[str], end: int, gap: int = 0) -> bool:
        """Whether a phrase ends at `end` (exclusive), allowing `gap` words after it.

        The gap never spans a sentence end: "ventas récord. X invirtió 500 millones".
        """
        for skip in range(gap + 1):
            stop = end - skip
            if skip and (stop < 0 or words[stop] in _SENTENCE_ENDS):
                break
            for k in range(1, self.longest + 1):
                if stop - k >= 0 and tuple(words[stop - k : stop]) in self.items:
                    return True
        return False

    def starts_at(self, words: list[str], start: int) -> bool:
        """Whether a phrase starts at `start`."""
        return self.length_at(words, start) > 0

    def length_at(self, words: list[str], start: int) -> int:
        """The words of the longest phrase starting at `start` (0: none)."""
        for k in range(min(self.longest, len(words) - start), 0, -1):
            if tuple(words[start : start + k]) in self.items:
                return k
        return 0


@dataclass(frozen=True)
class DealContext:
    """Every list of `deal_context.yaml`, ready for matching."""

    per_share_after: Phrases
    valuation_before: Phrases
    not_amount_before: Phrases
    conversion_after: Phrases
    not_stake_before: Phrases
    stake_after: Phrases
    stake_before: Phrases
    not_deal_date_before: Phrases
    investor_cues: Phrases
    deal_references: frozenset[str]
    company_anaphors: frozenset[str]
    source_before: Phrases
    list_links: Phrases
    sector_nouns: dict[str, frozenset[str]]
    source_nouns: Phrases
    source_openers: Phrases
    ranking_copulas: Phrases
    ranking_words: Phrases


@cache
def deal_context() -> DealContext:
    """Load `deal_context.yaml` once."""
    data = load_yaml_model("deal_context.yaml", DealContextFile)
    raw = data.model_dump()
    return DealContext(
        **{
            k: Phrases.of(v)
            for k, v in raw.items()
            if k not in ("deal_references", "company_anaphors", "sector_nouns")
        },
        sector_nouns={k: frozenset(v) for k, v in data.sector_nouns.items()},
        deal_references=frozenset(data.deal_references),
        company_anaphors=frozenset(data.company_anaphors),
    )
