"""Which company a specific noun refers back to: "la eléctrica", "el fondo tejano".

A company is what the article calls it ("la eléctrica Iberdrola", "Lone Star,
el fondo tejano,") and what its gazetteer sector says (a `utility` is an
"eléctrica", `deal_context.yaml` `sector_nouns`). Generic nouns that any
company takes (compañía, empresa, grupo) are not resolved here: they refer to
the company the article is about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from extractor.deals.view import CompanyRef

_LOOK_BACK = 4  # "la gestora española Alcántara Capital": article, noun, demonym
_LOOK_AHEAD = 4  # "Lone Star, el fondo tejano,"


class Descriptors:
    """The nouns each company of one article is described by."""

    def __init__(
        self,
        words: Sequence[str],
        companies: Iterable[CompanyRef],
        sector_of: dict[str, str],
        sector_nouns: dict[str, frozenset[str]],
    ) -> None:
        self.specific = frozenset(n for nouns in sector_nouns.values() for n in nouns)
        self.nouns: dict[str, set[str]] = {}
        self.mentions: list[CompanyRef] = []
        for c in companies:
            self.mentions.append(c)
            found = self.nouns.setdefault(c.name, set())
            found |= sector_nouns.get(sector_of.get(c.name, ""), frozenset())
            before = words[max(0, c.start - _LOOK_BACK) : c.start]
            found.update(w for w in before if w in self.specific)
            if list(words[c.end : c.end + 1]) == [","]:
                after = words[c.end + 1 : c.end + 1 + _LOOK_AHEAD]
                found.update(w for w in after if w in self.specific)

    def is_specific(self, noun: str) -> bool:
        """Whether `noun` says what kind of company it is (not "la compañía")."""
        return noun in self.specific

    def resolve(
        self, noun: str, before: int, exclude: set[str], preferred: Sequence[str | None]
    ) -> str | None:
        """The company `noun` (at token `before`) refers to, or None.

        A preferred company (the article's focus, then its topic) that fits the
        noun wins; else the latest company before that fits it.
        """
        fits = [n for n, nouns in self.nouns.items() if noun in nouns and n not in exclude]
        if not fits:
            return None
        for name in preferred:
            if name in fits:
                return name
        for c in reversed(self.mentions):
            if c.end <= before and c.name in fits:
                return c.name
        return None
