"""The seller a subsidiary's name implies: "Walmart Brasil" is sold by Walmart.

A business named after its parent and a country ("HSBC Argentina", "Telefónica
de Costa Rica") changes hands from that parent, when the article names the
parent as a company of its own and the parent is not the buyer. Only
acquisitions and stakes: an investment is new money, sold by no one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

SELLING_TYPES = frozenset({"acquisition", "stake"})
_JOINERS = ("de", "del", "en")  # "Telefónica de Costa Rica", "Santander en México"


class _Deal(Protocol):
    type: str
    buyers: list[str]
    target: str | None
    seller: str | None


def parent_name(name: str, places: frozenset[str], generic: frozenset[str]) -> str | None:
    """The parent a "<parent> [de] <place>" name refers to, or None.

    >>> parent_name("Telefónica de Costa Rica", frozenset({"Costa Rica"}), frozenset())
    'Telefónica'
    >>> parent_name("Banco de Chile", frozenset({"Chile"}), frozenset({"banco"})) is None
    True
    """
    words = name.split()
    for cut in range(len(words) - 1, 0, -1):
        if " ".join(words[cut:]) not in places:
            continue
        head = words[:cut]
        while head and head[-1].lower() in _JOINERS:
            head = head[:-1]
        parent = " ".join(head)
        if head and head[0][:1].isupper() and parent.lower() not in generic:
            return parent
    return None


def fill_parent_sellers(
    deals: Iterable[_Deal],
    companies: Sequence[str],
    places: frozenset[str],
    generic: frozenset[str],
) -> None:
    """Set the seller of each acquisition or stake whose target names its parent."""
    for deal in deals:
        if deal.seller is not None or deal.type not in SELLING_TYPES or not deal.target:
            continue
        parent = parent_name(deal.target, places, generic)
        if parent is None:
            continue
        found = _parent_company(parent, deal.target, companies)
        if found is not None and found not in deal.buyers:
            deal.seller = found


def _parent_company(parent: str, target: str, companies: Sequence[str]) -> str | None:
    """The article's company that `parent` names: itself, or the one name it opens."""
    others = [c for c in dict.fromkeys(companies) if c != target]
    if parent in others:
        return parent
    longer = [c for c in others if c.startswith(parent + " ")]  # "Itaú" -> "Itaú Unibanco"
    return longer[0] if len(longer) == 1 else None
