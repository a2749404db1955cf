"""Name normalisation, value comparison and one-to-one alignment (ANNOTATION.md §3).

Everything here is pure: no spaCy, no I/O. The alignment is a maximum-weight
bipartite matching whose integer weights encode a lexicographic preference
(see `align`), so a single exact Hungarian run gives the most matches first
and a documented, deterministic tie-break after that.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from extractor.records import (
    AmountBase,
    Company,
    DateBase,
    DealBase,
    Money,
    PercentageBase,
)

# Legal forms stripped from the end of a name. §3 lists the first nine; the rest
# are the Latin American and European forms that appear in Spanish-language news.
LEGAL_SUFFIXES: tuple[str, ...] = (
    "S.A.",
    "S.L.",
    "Inc.",
    "Corp.",
    "Ltd.",
    "LLC",
    "SE",
    "AG",
    "plc",
    "S.A.B. de C.V.",
    "S.A. de C.V.",
    "S.A.P.I. de C.V.",
    "S.A.A.",
    "S.A.C.",
    "S.A.S.",
    "Ltda.",
    "N.V.",
    "B.V.",
    "GmbH",
    "S.p.A.",
    "Co.",
)

# Relative tolerance of money values, relative to the gold value.
MONEY_TOLERANCE = Decimal("0.005")
# Absolute tolerance of percentage mentions and of a deal's stake.
PERCENT_TOLERANCE = Decimal("0.000001")
STAKE_TOLERANCE = Decimal("0.01")

DEAL_ATTRIBUTES: tuple[str, ...] = (
    "amount",
    "stake",
    "valuation",
    "date",
    "status",
    "seller",
    "buyers",
)


def _tokens(name: str) -> list[str]:
    # Accents go first (NFKD splits "ó" into "o" + a combining mark), then every
    # character that is not a letter or digit becomes a token boundary.
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    spaced = "".join(ch if ch.isalnum() else " " for ch in bare)
    return spaced.split()


# A suffix is compared by its letters only, so "S.A.B. de C.V.", "SAB de CV"
# and "S. A. B. de C. V." are all the same suffix.
_SUFFIX_KEYS: frozenset[str] = frozenset("".join(_tokens(s)) for s in LEGAL_SUFFIXES)


def _strip_one_suffix(tokens: list[str]) -> list[str]:
    # Only whole trailing tokens can form a suffix: "Nomsa" does not end in "S.A.".
    # The longest suffix wins, and a name is never stripped to nothing.
    for size in range(len(tokens) - 1, 0, -1):
        if "".join(tokens[-size:]) in _SUFFIX_KEYS:
            return tokens[:-size]
    return tokens


def normalize_name(name: str) -> str:
    """Reduce a company name to the key that §3 compares.

    Case, accents, punctuation and trailing legal forms are removed, and the
    remaining words are joined without spaces. Joining is applied to both sides,
    so "Takeaway.com" and "Takeaway com", or "J.P. Morgan" and "JP Morgan",
    give the same key; "Just Eat Takeaway.com" and "Just Eat Takeaway" stay
    different (the gold file lists the second as an alias).

    >>> normalize_name("Telefónica, S.A.")
    'telefonica'
    >>> normalize_name("Grupo Bimbo, S.A.B. de C.V.")
    'grupobimbo'
    >>> normalize_name("Just Eat Takeaway.com")
    'justeattakeawaycom'
    """
    tokens = _tokens(name)
    while True:
        stripped = _strip_one_suffix(tokens)
        if stripped == tokens:
            return "".join(tokens)
        tokens = stripped


def company_forms(company: Company) -> frozenset[str]:
    """The normalised name and aliases of a company; empty keys are dropped."""
    keys = (normalize_name(form) for form in [company.name, *company.aliases])
    return frozenset(key for key in keys if key)


@dataclass(frozen=True)
class NameMatcher:
    """Decides whether a predicted party name denotes a gold party in one article.

    A predicted name matches a gold name when the two share a normalised form.
    The gold name brings every form of the gold company it names; the
    predicted name brings every form of the predicted company record it names
    (so a prediction may name a party by an alias it listed itself).
    """

    gold_groups: tuple[frozenset[str], ...]
    pred_groups: tuple[frozenset[str], ...] = ()
    _cache: dict[tuple[str, str], bool] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def from_companies(
        cls, gold: Iterable[Company], predicted: Iterable[Company] = ()
    ) -> NameMatcher:
        """Build the matcher from the gold and predicted company lists."""
        return cls(
            gold_groups=tuple(company_forms(c) for c in gold),
            pred_groups=tuple(company_forms(c) for c in predicted),
        )

    @staticmethod
    def _expand(name: str, groups: tuple[frozenset[str], ...]) -> frozenset[str]:
        key = normalize_name(name)
        if not key:
            return frozenset()
        forms = {key}
        for group in groups:
            if key in group:
                forms |= group
        return frozenset(forms)

    def matches(self, predicted: str, gold: str) -> bool:
        """Whether a predicted name denotes the gold party `gold`."""
        cache_key = (predicted, gold)
        if cache_key not in self._cache:
            pred_forms = self._expand(predicted, self.pred_groups)
            gold_forms = self._expand(gold, self.gold_groups)
            self._cache[cache_key] = not pred_forms.isdisjoint(gold_forms)
        return self._cache[cache_key]

    def optional_matches(self, predicted: str | None, gold: str | None) -> bool:
        """Like `matches`, with two missing names matching each other."""
        if predicted is None or gold is None:
            return predicted is None and gold is None
        return self.matches(predicted, gold)

    def share_one(self, predicted: Sequence[str], gold: Sequence[str]) -> bool:
        """Whether two party lists share a company; two empty lists do."""
        if not predicted and not gold:
            return True
        return any(self.matches(p, g) for p in predicted for g in gold)

    def same_set(self, predicted: Sequence[str], gold: Sequence[str]) -> bool:
        """Set equality under name matching: every name on each side has a match."""
        return all(any(self.matches(p, g) for p in predicted) for g in gold) and all(
            any(self.matches(p, g) for g in gold) for p in predicted
        )


def value_close(gold: Decimal, predicted: Decimal) -> bool:
    """Whether a predicted money value is within 0.5% of the gold value.

    A gold value of 0 has no relative scale, so only 0 matches it.

    >>> value_close(Decimal(1000), Decimal(1005))
    True
    >>> value_close(Decimal(1000), Decimal(1006))
    False
    """
    if gold == 0:
        return predicted == 0
    return abs(predicted - gold) <= abs(gold) * MONEY_TOLERANCE


def _max_close(gold: Decimal | None, predicted: Decimal | None) -> bool:
    # The upper end of a range counts whenever either side states one.
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return value_close(gold, predicted)


def amount_matches(gold: AmountBase, predicted: AmountBase) -> bool:
    """Amount mentions match by value: same currency (None == None), value within 0.5%."""
    return (
        gold.currency == predicted.currency
        and value_close(gold.value, predicted.value)
        and _max_close(gold.value_max, predicted.value_max)
    )


def percentage_matches(gold: PercentageBase, predicted: PercentageBase) -> bool:
    """Percentage mentions match when numerically equal (to 1e-6)."""
    return abs(gold.value - predicted.value) < PERCENT_TOLERANCE


def date_matches(gold: DateBase, predicted: DateBase) -> bool:
    """Date mentions match when their ISO value strings are equal."""
    return gold.value == predicted.value


def money_equal(gold: Money | None, predicted: Money | None) -> bool:
    """A deal's amount or valuation is right: value, currency and qualifier agree."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return (
        gold.currency == predicted.currency
        and gold.qualifier == predicted.qualifier
        and value_close(gold.value, predicted.value)
        and _max_close(gold.value_max, predicted.value_max)
    )


def stake_equal(gold: Decimal | None, predicted: Decimal | None) -> bool:
    """A deal's stake is right: both missing, or within 0.01 percentage points."""
    if gold is None or predicted is None:
        return gold is None and predicted is None
    return abs(gold - predicted) < STAKE_TOLERANCE


def deal_compatible(matcher: NameMatcher, gold: DealBase, predicted: DealBase) -> bool:
    """§3: same type, matching target, and buyers sharing at least one company."""
    return gold.type == predicted.type and parties_compatible(matcher, gold, predicted)


def parties_compatible(matcher: NameMatcher, gold: DealBase, predicted: DealBase) -> bool:
    """The §3 deal match without the type: matching target and a shared buyer."""
    return matcher.optional_matches(predicted.target, gold.target) and matcher.share_one(
        predicted.buyers, gold.buyers
    )


def deal_attribute_checks(
    matcher: NameMatcher, gold: DealBase, predicted: DealBase
) -> dict[str, bool]:
    """Which scored attributes of a matched deal are right, by attribute name."""
    return {
        "amount": money_equal(gold.amount, predicted.amount),
        "stake": stake_equal(gold.stake, predicted.stake),
        "valuation": money_equal(gold.valuation, predicted.valuation),
        "date": gold.date == predicted.date,
        "status": gold.status == predicted.status,
        "seller": matcher.optional_matches(predicted.seller, gold.seller),
        "buyers": matcher.same_set(predicted.buyers, gold.buyers),
    }


# --- one-to-one alignment -------------------------------------------------------------


# A preference: scores a (gold index, predicted index) pair with a non-negative integer.
PairScore = Callable[[int, int], int]


def max_weight_matching(weights: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """Rows matched one-to-one to columns with the largest total weight.

    Exact Hungarian algorithm (potentials, O(n²m)) on Python integers, so the
    very large lexicographic weights of `align` lose no precision. A weight of
    0 or less means "no edge": such pairs are never returned.

    >>> max_weight_matching([[1, 5], [4, 0]])
    [(0, 1), (1, 0)]
    """
    if not weights or not weights[0]:
        return []
    rows, cols = len(weights), len(weights[0])
    transposed = rows > cols
    # The algorithm below needs rows <= columns; transpose and swap back at the end.
    grid = [list(col) for col in zip(*weights, strict=True)] if transposed else weights
    n, m = (cols, rows) if transposed else (rows, cols)
    assignment = _hungarian_min_cost([[-w for w in row] for row in grid], n, m)
    pairs = [(r, c) for r, c in assignment if grid[r][c] > 0]
    if transposed:
        pairs = [(c, r) for r, c in pairs]
    return sorted(pairs)


def _hungarian_min_cost(cost: list[list[int]], n: int, m: int) -> list[tuple[int, int]]:
    # Classic shortest-augmenting-path Hungarian with row/column potentials
    # (1-based, column 0 is the virtual start). Every row gets a column (n <= m).
    inf = sum(abs(v) for row in cost for v in row) * 2 + 1
    u = [0] * (n + 1)
    v = [0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: the row assigned to column j (0 = none)
    way = [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0] = row
        col0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[col0] = True
            row0, delta, col1 = owner[col0], inf, 0
            for col in range(1, m + 1):
                if used[col]:
                    continue
                reduced = cost[row0 - 1][col - 1] - u[row0] - v[col]
                if reduced < minv[col]:
                    minv[col], way[col] = reduced, col0
                if minv[col] < delta:
                    delta, col1 = minv[col], col
            for col in range(m + 1):
                if used[col]:
                    u[owner[col]] += delta
                    v[col] -= delta
                else:
                    minv[col] -= delta
            col0 = col1
            if owner[col0] == 0:
                break
        while col0:
            col1 = way[col0]
            owner[col0] = owner[col1]
            col0 = col1
    return [(owner[col] - 1, col - 1) for col in range(1, m + 1) if owner[col]]


@dataclass(frozen=True)
class Alignment:
    """A one-to-one alignment: matched (gold, predicted) index pairs and the leftovers."""

    pairs: tuple[tuple[int, int], ...]
    unmatched_gold: tuple[int, ...]
    unmatched_pred: tuple[int, ...]


def align(
    n_gold: int,
    n_pred: int,
    compatible: Callable[[int, int], bool],
    preferences: Sequence[tuple[PairScore, int]] = (),
) -> Alignment:
    """Align gold and predicted items one-to-one, maximising the number of pairs.

    Among the alignments with the most pairs, `preferences` decide in order:
    each is `(score, bound)` where `score(g, p)` is a non-negative integer that
    the alignment maximises in total and `bound` is the largest value it takes
    on one pair. Remaining ties go to order: the earliest gold item gets the
    earliest predicted item it can, then the next gold item, and so on.

    The preferences become digits of one integer weight per pair, each digit
    wide enough to dominate the sum of all lower ones, so one exact
    maximum-weight matching realises the whole lexicographic order.
    """
    if n_gold == 0 or n_pred == 0:
        return Alignment((), tuple(range(n_gold)), tuple(range(n_pred)))
    # Order digit: gold g matched with predicted p adds (n_pred - p) at place value
    # (n_pred + 1)**(n_gold - 1 - g); the digit vector is the lexicographic preference.
    # Powers by repeated multiplication: int ** int is typed as Any (negative exponents).
    order_places = [1] * n_gold
    for g in range(n_gold - 2, -1, -1):
        order_places[g] = order_places[g + 1] * (n_pred + 1)
    scale = order_places[0] * (n_pred + 1)
    levels: list[tuple[PairScore, int]] = []
    for score, bound in reversed(preferences):
        levels.append((score, scale))
        scale *= bound * min(n_gold, n_pred) + 1
    pair_weight = scale  # one more pair outweighs every preference together

    def weight(g: int, p: int) -> int:
        if not compatible(g, p):
            return 0
        total = pair_weight + (n_pred - p) * order_places[g]
        return total + sum(score(g, p) * place for score, place in levels)

    weights = [[weight(g, p) for p in range(n_pred)] for g in range(n_gold)]
    pairs = max_weight_matching(weights)
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    return Alignment(
        pairs=tuple(pairs),
        unmatched_gold=tuple(g for g in range(n_gold) if g not in matched_gold),
        unmatched_pred=tuple(p for p in range(n_pred) if p not in matched_pred),
    )
