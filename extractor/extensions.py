"""Every `._` attribute this package adds to spaCy objects, registered once.

Values stay JSON-friendly (strings for exact decimals, dicts for records) so
that docs cross process boundaries in `nlp.pipe(n_process=...)` unchanged.

| object | attribute     | what                                                        |
|--------|---------------|-------------------------------------------------------------|
| Doc    | published     | ISO publication date (set before the pipeline runs), or None |
| Doc    | companies     | list of company dicts (name, aliases, mentions, evidence)   |
| Doc    | deals         | list of deal dicts, shaped like `records.Deal`             |
| Span   | rule_id       | the rule that produced the span                             |
| Span   | value         | normalised value: decimal string, or ISO date value         |
| Span   | value_max     | upper end of a range, decimal string                        |
| Span   | currency      | ISO 4217 code of a money span, or None                      |
| Span   | qualifier     | exact, up_to, more_than, ... (ANNOTATION.md)                |
| Span   | granularity   | day, month, quarter, half or year for a date span           |
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_ATTRIBUTES = ("published", "companies", "deals")
SPAN_ATTRIBUTES = ("rule_id", "value", "value_max", "currency", "qualifier", "granularity")

# Span-group keys and labels written by our components.
MONEY, PERCENT, DATE, COMPANY = "money", "percent", "date", "companies"
FRACTIONS = "deals_fractions"  # stake fractions kept until the deals component decides
NOT_COMPANIES = "deals_not_companies"  # names judged people, places or public bodies (label = why)


def register_extensions() -> None:
    """Register our attributes once (no `force`: an existing one is left as it is)."""
    for name in DOC_ATTRIBUTES:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in SPAN_ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register_extensions()
