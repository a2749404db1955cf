"""`deals_relations`: deal records from the mentions and companies of a Doc.

Builds the plain view of `extractor.deals.view` from the Doc, assembles the
deals and writes them to `doc._.deals` as dicts shaped like `records.Deal`.
Stake fractions ("la mitad") that became a deal's stake join `doc.spans["percent"]`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from spacy.attrs import MORPH, POS
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.components.doc_utils import sentence_spans, token_offsets, token_texts
from extractor.deals.assemble import Draft, assemble
from extractor.deals.view import ArticleView, CompanyRef, DateRef, MoneyRef, PercentRef, Token
from extractor.extensions import COMPANY, DATE, FRACTIONS, MONEY, NOT_COMPANIES, PERCENT


@Language.factory(
    "deals_relations",
    assigns=["doc._.deals"],
    requires=["doc.spans"],
    default_config={},
)
def make_relations(nlp: Language, name: str) -> DealFinder:
    """Build the deal assembler component."""
    return DealFinder(name=name)


class DealFinder:
    """Assembles deals from what the earlier components found."""

    def __init__(self, name: str = "deals_relations") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Assemble the deals of a doc."""
        view = to_view(doc)
        drafts = assemble(view)
        self.set_annotations(doc, view, drafts)
        return doc

    def set_annotations(self, doc: Doc, view: ArticleView, drafts: list[Draft]) -> None:
        """Write deals as dicts; keep the fractions that are stakes."""
        doc._.deals = [to_record(view, d) for d in drafts]
        fractions = {
            (d.stake_ref.start, d.stake_ref.end)
            for d in drafts
            if d.stake_ref and d.stake_ref.fraction
        }
        kept = [s for s in doc.spans.get(FRACTIONS, []) if (s.start, s.end) in fractions]
        if kept:
            percents = sorted([*doc.spans.get(PERCENT, []), *kept], key=lambda s: s.start)
            doc.spans[PERCENT] = percents
        if FRACTIONS in doc.spans:
            del doc.spans[FRACTIONS]


def to_view(doc: Doc) -> ArticleView:
    """The plain view of a Doc that deal assembly reads."""
    tenses = _tenses(doc)
    texts, offsets = token_texts(doc), token_offsets(doc)
    tokens = [Token(*token) for token in zip(texts, offsets, tenses, strict=True)]
    names = _company_names(doc)
    return ArticleView(
        text=doc.text,
        tokens=tokens,
        sentences=sentence_spans(doc),
        companies=[
            CompanyRef(s.start, s.end, names.get((s.start, s.end), s.text))
            for s in doc.spans.get(COMPANY, [])
        ],
        money=[_money(s) for s in doc.spans.get(MONEY, [])],
        percents=sorted(
            [_percent(s, False) for s in doc.spans.get(PERCENT, [])]
            + [_percent(s, True) for s in doc.spans.get(FRACTIONS, [])],
            key=lambda p: p.start,
        ),
        dates=[DateRef(s.start, s.end, s._.value) for s in doc.spans.get(DATE, [])],
        others=[(s.start, s.end) for s in doc.spans.get(NOT_COMPANIES, [])],
    )


def _tenses(doc: Doc) -> list[str | None]:
    """Each token's tense from its morphology, read as one array (token.morph is slow)."""
    strings = doc.vocab.strings
    found = []
    for morph, pos in doc.to_array([MORPH, POS]).tolist():
        key = (morph, pos)
        if key not in _TENSES:
            _TENSES[key] = _tense(strings[morph] if morph else "", strings[pos] if pos else "")
        found.append(_TENSES[key])
    return found


_TENSES: dict[tuple[int, int], str | None] = {}  # (morph hash, POS id) -> tense; few distinct


def _tense(morph: str, pos: str) -> str | None:
    """The tense a morphology string ("Mood=Ind|Tense=Past|...") and POS give a token."""
    features = dict(f.split("=", 1) for f in morph.split("|") if "=" in f)
    if "Fut" in features.get("Tense", "").split(","):
        return "future"
    if "Cnd" in features.get("Mood", "").split(","):
        return "conditional"
    if pos in ("VERB", "AUX") and "Past" in features.get("Tense", "").split(","):
        return "past"
    return None


def _company_names(doc: Doc) -> dict[tuple[int, int], str]:
    names: dict[tuple[int, int], str] = {}
    by_char = {(s.start_char, s.end_char): (s.start, s.end) for s in doc.spans.get(COMPANY, [])}
    for company in doc._.companies or []:
        for m in company["mentions"]:
            key = by_char.get((m["start"], m["end"]))
            if key is not None:
                names[key] = company["name"]
    return names


def _money(span: Span) -> MoneyRef:
    return MoneyRef(
        span.start,
        span.end,
        Decimal(span._.value),
        span._.currency,
        span._.qualifier or "exact",
        Decimal(span._.value_max) if span._.value_max else None,
    )


def _percent(span: Span, fraction: bool) -> PercentRef:
    return PercentRef(span.start, span.end, Decimal(span._.value), fraction)


def _money_dict(m: MoneyRef | None) -> dict[str, Any] | None:
    if m is None:
        return None
    out: dict[str, Any] = {
        "value": _plain(m.value),
        "currency": m.currency,
        "qualifier": m.qualifier,
    }
    if m.value_max is not None:
        out["value_max"] = _plain(m.value_max)
    return out


def _plain(value: Decimal) -> str:
    # Strings keep decimals exact and Docs serialisable across processes.
    return format(value.normalize(), "f")


def to_record(view: ArticleView, d: Draft) -> dict[str, Any]:
    """A draft as a dict with `records.Deal` fields; evidence is its clause."""
    start, end = view.char_span(*d.evidence)
    return {
        "type": d.type,
        "buyers": d.buyers,
        "target": d.target,
        "seller": d.seller,
        "amount": _money_dict(d.amount),
        "stake": _plain(d.stake) if d.stake is not None else None,
        "valuation": _money_dict(d.valuation),
        "date": d.date,
        "status": d.status,
        "optional": False,
        "evidence": view.text[start:end],
        "evidence_start": start,
        "evidence_end": end,
        "rule_ids": d.rule_ids,
    }
