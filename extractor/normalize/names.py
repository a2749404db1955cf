"""Company names: comparison keys and which forms name the same company."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

_PUNCT = re.compile(r"[^\w\s&]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)  # names repeat across an article and an archive
def fold(text: str) -> str:
    """Lower case without accents or punctuation, single-spaced.

    >>> fold("Telefónica Móviles, S.A.")
    'telefonica moviles sa'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _SPACES.sub(" ", _PUNCT.sub("", plain.replace(".com", ""))).strip()


def strip_legal_suffix(name: str, suffixes: Iterable[str]) -> str:
    """The name without a trailing legal form ("Grupo Bimbo, S.A.B. de C.V." -> "Grupo Bimbo").

    >>> strip_legal_suffix("Grupo Bimbo, S.A.B. de C.V.", ["S.A.", "S.A.B. de C.V."])
    'Grupo Bimbo'
    """
    for suffix in sorted(suffixes, key=len, reverse=True):
        if name.endswith(" " + suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix) - 1].rstrip(" ,")
    return name


def core_words(words: Sequence[str], folded_generic: frozenset[str]) -> tuple[str, ...]:
    """The folded words of a name without the generic ones ("Banco Sabadell" -> ("sabadell",)).

    `folded_generic` holds generic words already passed through `fold`.

    >>> core_words(["Logitravel", "Group"], frozenset({"group"}))
    ('logitravel',)
    """
    folded = [fold(w) for w in words]
    kept = tuple(f for f in folded if f and f not in folded_generic)
    return kept or tuple(f for f in folded if f)
