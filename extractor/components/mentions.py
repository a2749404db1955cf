"""`deals_mentions`: money amounts, percentages and dates, normalised.

Money and percentages are found first, so that "un 27% de" is never a date.
Writes span groups `money`, `percent` and `date` (labels MONEY, PERCENT,
DATE) with `span._.value` and friends (see `extractor.extensions`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.components.doc_utils import sentence_starts
from extractor.extensions import DATE, FRACTIONS, MONEY, PERCENT
from extractor.normalize.amounts import AmountMatch, scan_amounts
from extractor.normalize.dates import DateContext, resolve, scan_dates, word_tense
from extractor.normalize.lexicons import currency_lexicon

TENSE_WINDOW = 12  # tokens before a date that decide its tense
MIN_COUNTRY_VOTES = 1


@Language.factory("deals_mentions", assigns=["doc.spans"], default_config={})
def make_mentions(nlp: Language, name: str) -> MentionFinder:
    """Build the mentions component."""
    return MentionFinder(name=name)


class MentionFinder:
    """Finds and normalises money, percentages and dates."""

    def __init__(self, name: str = "deals_mentions") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        tokens = [t.text for t in doc]
        amounts = scan_amounts(tokens)
        self.set_annotations(doc, amounts)
        return doc

    def set_annotations(self, doc: Doc, amounts: Sequence[AmountMatch]) -> None:
        """Write the span groups, resolving currencies and dates in text order."""
        starts = sentence_starts(doc)
        money = resolve_currencies(doc, [a for a in amounts if a.kind == "money"], starts)
        doc.spans[MONEY] = [_amount_span(doc, a, "MONEY") for a in money]
        doc.spans[PERCENT] = [
            _amount_span(doc, a, "PERCENT") for a in amounts if a.kind == "percent"
        ]
        doc.spans[FRACTIONS] = [
            _amount_span(doc, a, "PERCENT") for a in amounts if a.kind == "fraction"
        ]
        blocked = [False] * len(doc)
        for a in amounts:
            if a.kind != "fraction":
                for k in range(a.start, a.end):
                    blocked[k] = True
        doc.spans[DATE] = find_dates(doc, blocked, starts)


def _amount_span(doc: Doc, match: AmountMatch, label: str) -> Span:
    span = Span(doc, match.start, match.end, label=label)
    span._.rule_id = match.rule_id
    span._.value = _plain(match.value)
    span._.value_max = _plain(match.value_max) if match.value_max is not None else None
    span._.currency = match.currency
    span._.qualifier = match.qualifier
    return span


def _plain(value: Decimal) -> str:
    """A decimal as a plain string without exponent ("1.3E+12" -> "1300000000000")."""
    text = format(value.normalize(), "f")
    return text


def article_peso(doc: Doc) -> str | None:
    """The peso the article means, from the countries it talks about."""
    words = currency_lexicon().country_words
    votes: Counter[str] = Counter()
    lower = [t.lower_ for t in doc]
    for i, word in enumerate(lower):
        for key in (word, f"{word} {lower[i + 1]}" if i + 1 < len(lower) else ""):
            if key in words:
                votes[words[key]] += 1
    if not votes:
        return None
    (best, count), *rest = votes.most_common(2) + [("", 0)]
    return best if count >= MIN_COUNTRY_VOTES and count > rest[0][1] else None


def resolve_currencies(
    doc: Doc, money: Sequence[AmountMatch], starts: Sequence[int]
) -> list[AmountMatch]:
    """Turn PESO/DOLLAR_SIGN into ISO codes; give bare amounts the currency in context.

    A bare scaled number ("531 millones") is money only when an amount with a
    currency precedes it in the same or the previous sentence.
    """
    peso = article_peso(doc) if any(m.currency in ("PESO", "DOLLAR_SIGN") for m in money) else None
    kept: list[AmountMatch] = []
    for m in money:
        currency = m.currency
        if currency == "PESO":
            currency = peso
        elif currency == "DOLLAR_SIGN":
            currency = peso or "USD"
        elif currency is None:
            previous = kept[-1] if kept else None
            if previous is None or previous.currency is None:
                continue
            if starts[previous.start] not in (starts[m.start], _previous_sentence(starts, m.start)):
                continue
            currency = previous.currency
        kept.append(_with_currency(m, currency))
    return kept


def _previous_sentence(starts: Sequence[int], token: int) -> int:
    first = starts[token]
    return starts[first - 1] if first > 0 else first


def _with_currency(m: AmountMatch, currency: str | None) -> AmountMatch:
    from dataclasses import replace

    return replace(m, currency=currency)


def _tense(window: Span) -> str | None:
    """Tense of the nearest verb before a date: the parser's morphology, else surface cues."""
    for token in reversed(window):
        if "Fut" in token.morph.get("Tense") or "Cnd" in token.morph.get("Mood"):
            return "future"
        if token.pos_ in ("VERB", "AUX") and "Past" in token.morph.get("Tense"):
            return "past"
        tense = word_tense(token.text)
        if tense is not None:
            return tense
    return None


def find_dates(doc: Doc, blocked: Sequence[bool], starts: Sequence[int]) -> list[Span]:
    """Date spans with values resolved in text order (anaphora, nearest year)."""
    published = doc._.published
    context = DateContext(published=dt.date.fromisoformat(published) if published else None)
    tokens = [t.text for t in doc]
    spans = []
    for match in scan_dates(tokens, blocked):
        window_start = max(starts[match.start], match.start - TENSE_WINDOW)
        window = doc[window_start : match.start]
        future = _tense(window) == "future"
        value = resolve(match, context, future)
        if value is None:
            continue
        span = Span(doc, match.start, match.end, label="DATE")
        span._.rule_id = match.rule_id
        span._.value = value.value
        span._.granularity = value.granularity
        spans.append(span)
    return spans
