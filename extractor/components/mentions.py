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

from spacy.attrs import SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extractor.components.doc_utils import sentence_starts, token_texts
from extractor.extensions import DATE, FRACTIONS, MONEY, PERCENT
from extractor.normalize.amounts import AmountMatch, scan_amounts
from extractor.normalize.dates import DateContext, resolve, scan_dates, word_tense
from extractor.normalize.lexicons import currency_lexicon

TENSE_WINDOW = 12  # tokens before a date that decide its tense
VERB_AFTER_WINDOW = 2  # tokens after a date where a verb decides it first
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
        """Find the mentions of `doc` and write them to its span groups."""
        tokens = token_texts(doc)
        spaces = [bool(s) for s in doc.to_array(SPACY).tolist()]  # Token.whitespace_ is slow
        amounts = scan_amounts(tokens, spaces)
        self.set_annotations(doc, amounts, tokens)
        return doc

    def set_annotations(
        self, doc: Doc, amounts: Sequence[AmountMatch], tokens: Sequence[str] | None = None
    ) -> None:
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
        doc.spans[DATE] = find_dates(doc, blocked, starts, tokens)


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


def article_currency(doc: Doc, pseudo: str) -> str | None:
    """The ISO code a pseudo-code (PESO, DOLLAR_SIGN, ...) means in this article.

    The countries the article mentions vote among the pseudo-code's candidates
    (`currencies.yaml`); with no clear winner it falls back to its default
    (US dollars for "$", euros for "céntimos", none for "pesos").
    """
    lexicon = currency_lexicon()
    ambiguity = lexicon.ambiguous.get(pseudo)
    if ambiguity is None:
        return pseudo
    words = lexicon.country_words
    votes: Counter[str] = Counter()
    lower = token_texts(doc, lower=True)
    for i, word in enumerate(lower):
        for key in (word, f"{word} {lower[i + 1]}" if i + 1 < len(lower) else ""):
            if words.get(key) in ambiguity.candidates:
                votes[words[key]] += 1
    if not votes:
        return ambiguity.default
    (best, count), *rest = votes.most_common(2) + [("", 0)]
    if count >= MIN_COUNTRY_VOTES and count > rest[0][1]:
        return best
    return ambiguity.default


def resolve_currencies(
    doc: Doc, money: Sequence[AmountMatch], starts: Sequence[int]
) -> list[AmountMatch]:
    """Turn pseudo-codes into ISO codes; give bare amounts the currency in context.

    A bare scaled number ("531 millones") is money only when an amount with a
    currency precedes it in the same or the previous sentence.
    """
    pseudo = currency_lexicon().ambiguous
    resolved: dict[str, str | None] = {}
    kept: list[AmountMatch] = []
    for m in money:
        currency = m.currency
        if currency in pseudo:
            if currency not in resolved:
                resolved[currency] = article_currency(doc, currency)
            currency = resolved[currency]
        elif currency is None:
            previous = kept[-1] if kept else None
            if previous is None or previous.currency is None:
                continue
            if starts[previous.start] not in (starts[m.start], _previous_sentence(starts, m.start)):
                continue
            if _counts_things(doc, m.start, max(starts[m.start], previous.end)):
                continue
            currency = previous.currency
        kept.append(_with_currency(m, currency))
    return kept


def _counts_things(doc: Doc, start: int, limit: int) -> bool:
    """Whether the clause before token `start` (back to `limit`) counts things, not money."""
    cues = currency_lexicon().count_cues
    for token in reversed(doc[limit:start]):
        if token.is_punct:
            return False
        if token.lower_ in cues:
            return True
    return False


def _previous_sentence(starts: Sequence[int], token: int) -> int:
    first = starts[token]
    return starts[first - 1] if first > 0 else first


def _with_currency(m: AmountMatch, currency: str | None) -> AmountMatch:
    from dataclasses import replace

    return replace(m, currency=currency)


def _tense(window: Sequence[Token]) -> str | None:
    """Tense of the nearest verb in `window`: the parser's morphology, else surface cues."""
    for token in window:
        if "Fut" in token.morph.get("Tense", []) or "Cnd" in token.morph.get("Mood", []):
            return "future"
        if token.pos_ in ("VERB", "AUX") and "Past" in token.morph.get("Tense", []):
            return "past"
        tense = word_tense(token.text)
        if tense is not None:
            return tense
    return None


def date_tense(doc: Doc, start: int, end: int, sentence_start: int) -> str | None:
    """The tense of the clause of the date at tokens `[start, end)`.

    A verb right after the date wins ("el martes anunció", "en marzo
    cerrará"); otherwise the nearest verb before it in its sentence.
    """
    following = []
    for token in doc[end : end + VERB_AFTER_WINDOW]:
        if token.is_punct:
            break
        following.append(token)
    tense = _tense(following)
    if tense is not None:
        return tense
    window_start = max(sentence_start, start - TENSE_WINDOW)
    return _tense(list(reversed(doc[window_start:start])))


def find_dates(
    doc: Doc,
    blocked: Sequence[bool],
    starts: Sequence[int],
    tokens: Sequence[str] | None = None,
) -> list[Span]:
    """Date spans with values resolved in text order (anaphora, nearest year)."""
    published = doc._.published
    context = DateContext(published=dt.date.fromisoformat(published) if published else None)
    tokens = tokens if tokens is not None else token_texts(doc)
    spans = []
    for match in scan_dates(tokens, blocked):
        future = date_tense(doc, match.start, match.end, starts[match.start]) == "future"
        value = resolve(match, context, future)
        if value is None:
            continue
        span = Span(doc, match.start, match.end, label="DATE")
        span._.rule_id = match.rule_id
        span._.value = value.value
        span._.granularity = value.granularity
        spans.append(span)
    return spans
