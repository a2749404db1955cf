"""Article-by-article scoring summed over a corpus (ANNOTATION.md §3).

`score_article` aligns one gold article with one prediction and keeps every
decision (pairs, misses, spurious items, errors); `evaluate_pairs` sums the
counts over articles and turns them into an `EvaluationReport`; `evaluate`
reads a gold folder and predictions first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from extractor.errors import ExtractorError, GoldFileError
from extractor.gold import GoldArticle, iter_gold_files, load_gold
from extractor.records import (
    AmountBase,
    ArticleResult,
    Company,
    DateBase,
    DealBase,
    Money,
    PercentageBase,
)
from extractor.scoring.align import (
    DEAL_ATTRIBUTES,
    Alignment,
    NameMatcher,
    align,
    amount_matches,
    company_forms,
    date_matches,
    deal_attribute_checks,
    deal_compatible,
    normalize_name,
    parties_compatible,
    percentage_matches,
)
from extractor.scoring.report import (
    DEAL_STATUSES,
    DEAL_TYPES,
    NONE_LABEL,
    AttributeCount,
    ErrorRecord,
    EvaluationReport,
    FieldScore,
    TypeScore,
)

logger = logging.getLogger(__name__)

Predictions = Mapping[str, ArticleResult] | Iterable[ArticleResult] | str | Path
_Mention = TypeVar("_Mention", AmountBase, PercentageBase, DateBase)

# --- counting ---------------------------------------------------------------------------


@dataclass
class Tally:
    """True positives, false positives and false negatives of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def empty(self) -> bool:
        """Whether gold and prediction were both empty."""
        return self.tp == self.fp == self.fn == 0


def ratio(numerator: int, denominator: int, nothing_at_all: bool) -> float:
    """A share; 0/0 is 1.0 when there was nothing to find and nothing claimed, else 0.0.

    >>> ratio(1, 4, False), ratio(0, 0, True), ratio(0, 0, False)
    (0.25, 1.0, 0.0)
    """
    if denominator == 0:
        return 1.0 if nothing_at_all else 0.0
    return numerator / denominator


def prf(tally: Tally) -> FieldScore:
    """Precision, recall and F1 (= 2tp / (2tp + fp + fn)) of a tally."""
    return FieldScore(
        precision=ratio(tally.tp, tally.tp + tally.fp, tally.empty),
        recall=ratio(tally.tp, tally.tp + tally.fn, tally.empty),
        f1=ratio(2 * tally.tp, 2 * tally.tp + tally.fp + tally.fn, tally.empty),
        tp=tally.tp,
        fp=tally.fp,
        fn=tally.fn,
    )


@dataclass
class DealTally:
    """Deal counts, attribute accuracy counts and exact deals of one slice of deals."""

    counts: Tally = field(default_factory=Tally)
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DEAL_ATTRIBUTES, 0))
    exact: int = 0

    def to_score(self) -> TypeScore:
        """The slice's P/R/F1, attribute accuracies and exact-deal share."""
        pairs = self.counts.tp
        return TypeScore(
            **prf(self.counts).model_dump(),
            exact_deals=ratio(self.exact, pairs + self.counts.fn, self.counts.empty),
            exact_deal_count=self.exact,
            deal_attributes={
                name: ratio(hits, pairs, self.counts.empty) for name, hits in self.correct.items()
            },
        )


# --- one article ------------------------------------------------------------------------


@dataclass(frozen=True)
class DealPair:
    """A gold deal matched with a predicted deal, and which attributes agree."""

    gold_index: int
    pred_index: int
    optional: bool
    checks: dict[str, bool]

    @property
    def exact(self) -> bool:
        """Every scored attribute is right."""
        return all(self.checks.values())


@dataclass
class ArticleScore:
    """Every scoring decision about one article; summed by `evaluate_pairs`."""

    gold: GoldArticle
    predicted: ArticleResult
    tallies: dict[str, Tally]
    company_alignment: Alignment
    mention_alignments: dict[str, Alignment]
    deal_pairs: list[DealPair]
    missed_deals: list[int]
    missed_optional_deals: list[int]
    spurious_deals: list[int]
    type_confusion: list[tuple[str, str]]
    errors: list[ErrorRecord]

    @property
    def article_id(self) -> str:
        """The gold article's id."""
        return self.gold.id


def score_article(gold: GoldArticle, predicted: ArticleResult) -> ArticleScore:
    """Align one prediction with its gold article and record every decision."""
    errors: list[ErrorRecord] = []
    tallies: dict[str, Tally] = {}
    company_alignment = _align_companies(gold.companies, predicted.companies)
    tallies["companies"] = _tally(company_alignment)
    errors += _company_errors(gold, predicted, company_alignment)
    mention_alignments = _score_all_mentions(gold, predicted, tallies, errors)

    matcher = NameMatcher.from_companies(gold.companies, predicted.companies)
    pairs, missed, missed_optional, spurious = _pair_deals(matcher, gold, predicted)
    scored_pairs = [pair for pair in pairs if not pair.optional]
    tallies["deals"] = Tally(tp=len(scored_pairs), fp=len(spurious), fn=len(missed))
    errors += _deal_errors(gold, predicted, scored_pairs, missed, spurious)
    return ArticleScore(
        gold=gold,
        predicted=predicted,
        tallies=tallies,
        company_alignment=company_alignment,
        mention_alignments=mention_alignments,
        deal_pairs=pairs,
        missed_deals=missed,
        missed_optional_deals=missed_optional,
        spurious_deals=spurious,
        type_confusion=_type_confusion(matcher, gold.deals, predicted.deals),
        errors=errors,
    )


def _score_all_mentions(
    gold: GoldArticle,
    predicted: ArticleResult,
    tallies: dict[str, Tally],
    errors: list[ErrorRecord],
) -> dict[str, Alignment]:
    # Spelled out per field so each call keeps its precise mention type.
    return {
        "amounts": _score_mentions(
            gold.id, "amounts", gold.amounts, predicted.amounts, amount_matches, tallies, errors
        ),
        "percentages": _score_mentions(
            gold.id,
            "percentages",
            gold.percentages,
            predicted.percentages,
            percentage_matches,
            tallies,
            errors,
        ),
        "dates": _score_mentions(
            gold.id, "dates", gold.dates, predicted.dates, date_matches, tallies, errors
        ),
    }


def _pair_deals(
    matcher: NameMatcher, gold: GoldArticle, predicted: ArticleResult
) -> tuple[list[DealPair], list[int], list[int], list[int]]:
    """Deal pairs (optional ones flagged), missed required, missed optional, spurious."""
    alignment = _align_deals(matcher, gold.deals, predicted.deals)
    pairs = [
        DealPair(
            gold_index=g,
            pred_index=p,
            optional=gold.deals[g].optional,
            checks=deal_attribute_checks(matcher, gold.deals[g], predicted.deals[p]),
        )
        for g, p in alignment.pairs
    ]
    missed = [g for g in alignment.unmatched_gold if not gold.deals[g].optional]
    missed_optional = [g for g in alignment.unmatched_gold if gold.deals[g].optional]
    return pairs, missed, missed_optional, list(alignment.unmatched_pred)


def _tally(alignment: Alignment) -> Tally:
    return Tally(
        tp=len(alignment.pairs),
        fp=len(alignment.unmatched_pred),
        fn=len(alignment.unmatched_gold),
    )


def _align_companies(gold: Sequence[Company], predicted: Sequence[Company]) -> Alignment:
    gold_forms = [company_forms(c) for c in gold]
    pred_forms = [company_forms(c) for c in predicted]
    gold_names = [normalize_name(c.name) for c in gold]
    pred_names = [normalize_name(c.name) for c in predicted]
    # Ties prefer pairing names with names over pairs that only meet via an alias.
    return align(
        len(gold),
        len(predicted),
        lambda g, p: not gold_forms[g].isdisjoint(pred_forms[p]),
        [(lambda g, p: int(gold_names[g] == pred_names[p]), 1)],
    )


def _score_mentions(
    article_id: str,
    name: str,
    gold: Sequence[_Mention],
    predicted: Sequence[_Mention],
    matches: Callable[[_Mention, _Mention], bool],
    tallies: dict[str, Tally],
    errors: list[ErrorRecord],
) -> Alignment:
    """Tally one mention field by value and strictly; add its errors; return the alignment."""
    by_value = _align_mentions(gold, predicted, matches, strict=False)
    tallies[name] = _tally(by_value)
    tallies[f"{name}_strict"] = _tally(_align_mentions(gold, predicted, matches, strict=True))
    errors += _mention_errors(article_id, name, gold, predicted, by_value)
    return by_value


def _align_mentions(
    gold: Sequence[_Mention],
    predicted: Sequence[_Mention],
    matches: Callable[[_Mention, _Mention], bool],
    strict: bool,
) -> Alignment:
    def same_text(g: int, p: int) -> bool:
        return gold[g].text == predicted[p].text

    def compatible(g: int, p: int) -> bool:
        return matches(gold[g], predicted[p]) and (not strict or same_text(g, p))

    # By value, ties prefer same-text pairs, so a text error is reported only
    # where no same-text partner was available.
    return align(len(gold), len(predicted), compatible, [(lambda g, p: int(same_text(g, p)), 1)])


def _align_deals(
    matcher: NameMatcher, gold: Sequence[DealBase], predicted: Sequence[DealBase]
) -> Alignment:
    checks: dict[tuple[int, int], dict[str, bool]] = {}

    def scored_checks(g: int, p: int) -> dict[str, bool]:
        # Optional gold deals are not scored, so their attributes never break ties.
        if gold[g].optional:
            return {}
        if (g, p) not in checks:
            checks[g, p] = deal_attribute_checks(matcher, gold[g], predicted[p])
        return checks[g, p]

    def required(g: int, p: int) -> int:
        return int(not gold[g].optional)

    def exact(g: int, p: int) -> int:
        found = scored_checks(g, p)
        return int(bool(found) and all(found.values()))

    def agreement(g: int, p: int) -> int:
        return sum(scored_checks(g, p).values())

    # Most pairs; then most non-optional gold deals matched (possible together:
    # coverable gold sets form a matroid); then most exact pairs; then most
    # attributes right; then order.
    return align(
        len(gold),
        len(predicted),
        lambda g, p: deal_compatible(matcher, gold[g], predicted[p]),
        [(required, 1), (exact, 1), (agreement, len(DEAL_ATTRIBUTES))],
    )


def _type_confusion(
    matcher: NameMatcher, gold: Sequence[DealBase], predicted: Sequence[DealBase]
) -> list[tuple[str, str]]:
    """(gold type, predicted type) cells of deals aligned on target and buyers alone.

    The alignment ignores the type, prefers non-optional gold deals, then
    same-type pairs, then order. Optional gold deals follow the §3 rule: when
    aligned they are dropped with their partner, when missed they are not
    counted.
    """

    def required(g: int, p: int) -> int:
        return int(not gold[g].optional)

    def same_type(g: int, p: int) -> int:
        return int(gold[g].type == predicted[p].type)

    alignment = align(
        len(gold),
        len(predicted),
        lambda g, p: parties_compatible(matcher, gold[g], predicted[p]),
        [(required, 1), (same_type, 1)],
    )
    cells: list[tuple[str, str]] = [
        (gold[g].type, predicted[p].type) for g, p in alignment.pairs if not gold[g].optional
    ]
    cells += [(gold[g].type, NONE_LABEL) for g in alignment.unmatched_gold if not gold[g].optional]
    cells += [(NONE_LABEL, predicted[p].type) for p in alignment.unmatched_pred]
    return cells


# --- errors -------------------------------------------------------------------------------


def _number(value: Decimal) -> str:
    # normalize() drops trailing zeros; "f" keeps 1E+10 from showing as an exponent.
    return format(value.normalize(), "f")


def describe_money(money: Money | None) -> str:
    """A money object as one line: "up_to 10000000000 USD"."""
    if money is None:
        return "null"
    value = _number(money.value)
    if money.value_max is not None:
        value += f"-{_number(money.value_max)}"
    return f"{money.qualifier} {value} {money.currency or '?'}"


def describe_mention(mention: AmountBase | PercentageBase | DateBase) -> str:
    """A mention as its text and normalised value: "27% = 27"."""
    if isinstance(mention, AmountBase):
        value = _number(mention.value)
        if mention.value_max is not None:
            value += f"-{_number(mention.value_max)}"
        return f"{mention.text} = {value} {mention.currency or '?'}"
    if isinstance(mention, PercentageBase):
        return f"{mention.text} = {_number(mention.value)}"
    return f"{mention.text} = {mention.value}"


def describe_deal(deal: DealBase) -> str:
    """A deal as one line: "acquisition (agreed): Prosus -> Just Eat Takeaway.com"."""
    buyers = ", ".join(deal.buyers) or "?"
    return f"{deal.type} ({deal.status}): {buyers} -> {deal.target or '?'}"


def describe_attribute(deal: DealBase, attribute: str) -> str:
    """One scored attribute of a deal as text."""
    if attribute in ("amount", "valuation"):
        money: Money | None = getattr(deal, attribute)
        return describe_money(money)
    if attribute == "stake":
        return "null" if deal.stake is None else _number(deal.stake)
    if attribute == "buyers":
        return ", ".join(deal.buyers) or "[]"
    value: str | None = getattr(deal, attribute)
    return "null" if value is None else value


def _describe_company(company: Company) -> str:
    if not company.aliases:
        return company.name
    return f"{company.name} (aliases: {', '.join(company.aliases)})"


def _company_errors(
    gold: GoldArticle, predicted: ArticleResult, alignment: Alignment
) -> list[ErrorRecord]:
    errors = [
        ErrorRecord(
            kind="FN",
            article_id=gold.id,
            field="companies",
            expected=_describe_company(gold.companies[g]),
            gold_index=g,
        )
        for g in alignment.unmatched_gold
    ]
    for p in alignment.unmatched_pred:
        company = predicted.companies[p]
        errors.append(
            ErrorRecord(
                kind="FP",
                article_id=gold.id,
                field="companies",
                got=company.name,
                evidence=company.evidence[0] if company.evidence else "",
                pred_index=p,
            )
        )
    return errors


def _mention_errors(
    article_id: str,
    name: str,
    gold: Sequence[AmountBase | PercentageBase | DateBase],
    predicted: Sequence[AmountBase | PercentageBase | DateBase],
    alignment: Alignment,
) -> list[ErrorRecord]:
    errors = [
        ErrorRecord(
            kind="FN",
            article_id=article_id,
            field=name,
            expected=describe_mention(gold[g]),
            evidence=gold[g].text,
            gold_index=g,
        )
        for g in alignment.unmatched_gold
    ]
    errors += [
        ErrorRecord(
            kind="FP",
            article_id=article_id,
            field=name,
            got=describe_mention(predicted[p]),
            evidence=predicted[p].text,
            pred_index=p,
        )
        for p in alignment.unmatched_pred
    ]
    # A value match with another text counts by value but fails the strict figure.
    errors += [
        ErrorRecord(
            kind="WRONG_ATTR",
            article_id=article_id,
            field=f"{name}.text",
            expected=gold[g].text,
            got=predicted[p].text,
            evidence=gold[g].text,
            gold_index=g,
            pred_index=p,
        )
        for g, p in alignment.pairs
        if gold[g].text != predicted[p].text
    ]
    return sorted(errors, key=_error_order)


def _error_order(error: ErrorRecord) -> tuple[int, int]:
    index = error.gold_index if error.gold_index is not None else error.pred_index
    return (index if index is not None else -1, 0 if error.gold_index is not None else 1)


def _deal_errors(
    gold: GoldArticle,
    predicted: ArticleResult,
    pairs: Sequence[DealPair],
    missed: Sequence[int],
    spurious: Sequence[int],
) -> list[ErrorRecord]:
    errors: list[ErrorRecord] = []
    for g in missed:
        errors.append(
            ErrorRecord(
                kind="FN",
                article_id=gold.id,
                field="deals",
                expected=describe_deal(gold.deals[g]),
                evidence=gold.deals[g].evidence,
                gold_index=g,
            )
        )
    for pair in pairs:
        gold_deal, pred_deal = gold.deals[pair.gold_index], predicted.deals[pair.pred_index]
        errors += [
            ErrorRecord(
                kind="WRONG_ATTR",
                article_id=gold.id,
                field=f"deals.{attribute}",
                expected=describe_attribute(gold_deal, attribute),
                got=describe_attribute(pred_deal, attribute),
                evidence=gold_deal.evidence,
                gold_index=pair.gold_index,
                pred_index=pair.pred_index,
            )
            for attribute, right in pair.checks.items()
            if not right
        ]
    for p in spurious:
        errors.append(
            ErrorRecord(
                kind="FP",
                article_id=gold.id,
                field="deals",
                got=describe_deal(predicted.deals[p]),
                evidence=predicted.deals[p].evidence,
                pred_index=p,
            )
        )
    return errors


# --- the corpus ---------------------------------------------------------------------------


@dataclass
class _Totals:
    """Counts summed over articles."""

    fields: dict[str, Tally] = field(default_factory=dict)
    deals: DealTally = field(default_factory=DealTally)
    per_type: dict[str, DealTally] = field(
        default_factory=lambda: {t: DealTally() for t in DEAL_TYPES}
    )
    confusion_type: dict[str, dict[str, int]] = field(
        default_factory=lambda: _square((*DEAL_TYPES, NONE_LABEL))
    )
    confusion_status: dict[str, dict[str, int]] = field(
        default_factory=lambda: _square(DEAL_STATUSES)
    )
    errors: list[ErrorRecord] = field(default_factory=list)
    articles: int = 0

    def add(self, score: ArticleScore) -> None:
        """Add one article's counts."""
        self.articles += 1
        for name, tally in score.tallies.items():
            self.fields.setdefault(name, Tally()).add(tally)
        self._add_deals(score)
        for gold_type, pred_type in score.type_confusion:
            self.confusion_type[gold_type][pred_type] += 1
        self.errors += score.errors

    def _add_deals(self, score: ArticleScore) -> None:
        gold, predicted = score.gold.deals, score.predicted.deals
        for pair in score.deal_pairs:
            if pair.optional:
                continue
            deal_type = gold[pair.gold_index].type
            for tally in (self.deals, self.per_type[deal_type]):
                tally.counts.tp += 1
                tally.exact += pair.exact
                for attribute, right in pair.checks.items():
                    tally.correct[attribute] += right
            status = (gold[pair.gold_index].status, predicted[pair.pred_index].status)
            self.confusion_status[status[0]][status[1]] += 1
        for g in score.missed_deals:
            self.deals.counts.fn += 1
            self.per_type[gold[g].type].counts.fn += 1
        for p in score.spurious_deals:
            self.deals.counts.fp += 1
            self.per_type[predicted[p].type].counts.fp += 1


def _square(labels: Sequence[str]) -> dict[str, dict[str, int]]:
    return {row: dict.fromkeys(labels, 0) for row in labels}


def evaluate_pairs(pairs: Iterable[tuple[GoldArticle, ArticleResult]]) -> EvaluationReport:
    """Score (gold, prediction) pairs and sum the counts into one report.

    This is the scorer's core: no I/O, and the prediction's own `id` is not
    consulted (errors carry the gold id).
    """
    totals = _Totals()
    for gold, predicted in pairs:
        totals.add(score_article(gold, predicted))
    return _to_report(totals)


def _to_report(totals: _Totals) -> EvaluationReport:
    def field_score(name: str) -> FieldScore:
        return prf(totals.fields.get(name, Tally()))

    deals = totals.deals.to_score()
    return EvaluationReport(
        articles=totals.articles,
        companies=field_score("companies"),
        amounts=field_score("amounts"),
        percentages=field_score("percentages"),
        dates=field_score("dates"),
        deals=prf(totals.deals.counts),
        amounts_strict=field_score("amounts_strict"),
        percentages_strict=field_score("percentages_strict"),
        dates_strict=field_score("dates_strict"),
        exact_deals=deals.exact_deals,
        exact_deal_count=deals.exact_deal_count,
        deal_attributes=deals.deal_attributes,
        deal_attribute_counts={
            name: AttributeCount(correct=hits, total=totals.deals.counts.tp)
            for name, hits in totals.deals.correct.items()
        },
        per_type={name: tally.to_score() for name, tally in totals.per_type.items()},
        confusion_type=totals.confusion_type,
        confusion_status=totals.confusion_status,
        errors=totals.errors,
    )


# --- input ---------------------------------------------------------------------------------


def read_predictions(path: str | Path) -> dict[str, ArticleResult]:
    """Read a JSONL file of `ArticleResult` lines (what `extractor run` writes), by id.

    Raises:
        ExtractorError: unreadable file, a line that is not an ArticleResult,
            a result without `id`, or two results with the same id.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ExtractorError(f"{path}: cannot read predictions: {exc}") from exc
    results: list[ArticleResult] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            results.append(ArticleResult.model_validate_json(line))
        except ValidationError as exc:
            raise ExtractorError(f"{path}:{number}: not an ArticleResult: {exc}") from exc
    return _by_id(results, str(path))


def _by_id(results: Iterable[ArticleResult], source: str) -> dict[str, ArticleResult]:
    by_id: dict[str, ArticleResult] = {}
    for number, result in enumerate(results, start=1):
        if result.id is None:
            raise ExtractorError(f"{source}: prediction {number} has no id to pair with gold")
        if result.id in by_id:
            raise ExtractorError(f"{source}: two predictions with id {result.id!r}")
        by_id[result.id] = result
    return by_id


def _as_mapping(predictions: Predictions) -> dict[str, ArticleResult]:
    if isinstance(predictions, str | Path):
        return read_predictions(predictions)
    if isinstance(predictions, Mapping):
        return dict(predictions)
    return _by_id(predictions, "predictions")


def _read_gold_dir(gold_dir: str | Path) -> list[GoldArticle]:
    golds: dict[str, GoldArticle] = {}
    for path in iter_gold_files(gold_dir):
        gold = load_gold(path)
        if gold.id in golds:
            raise GoldFileError(f"{path}: id {gold.id!r} is used by another gold file")
        golds[gold.id] = gold
    if not golds:
        logger.warning("no *.gold.json files under %s", gold_dir)
    return list(golds.values())


def evaluate(gold_dir: str | Path, predictions: Predictions) -> EvaluationReport:
    """Score predictions against every gold file under `gold_dir`.

    Args:
        gold_dir: folder searched recursively for `*.gold.json`.
        predictions: results by id, an iterable of results (keyed by `.id`), or
            the path of a JSONL file of results.

    Returns:
        The report; an article with gold but no prediction counts as an empty
        prediction and is listed in `missing_predictions`, and a prediction
        without gold is left out and listed in `ignored_predictions`.

    Raises:
        GoldFileError: a malformed gold file, or two gold files with one id.
        ExtractorError: unreadable predictions, or predictions without ids.
    """
    golds = _read_gold_dir(gold_dir)
    by_id = _as_mapping(predictions)
    missing = [gold.id for gold in golds if gold.id not in by_id]
    pairs = [(gold, by_id.get(gold.id) or _empty_result(gold.id)) for gold in golds]
    report = evaluate_pairs(pairs)
    gold_ids = {gold.id for gold in golds}
    return report.model_copy(
        update={
            "missing_predictions": missing,
            "ignored_predictions": sorted(set(by_id) - gold_ids),
        }
    )


def _empty_result(article_id: str) -> ArticleResult:
    return ArticleResult(id=article_id, model="", extractor_version="")
