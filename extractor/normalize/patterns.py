"""A small token-pattern engine for rule files.

A pattern is a readable string of space-separated elements, matched one token
each: a lower-case literal (`de`), a class name in capitals (`MONTH`, defined
by words or a regex in the rule file), an alternation (`(de|del)`), any of
them made optional with a trailing `?`. Patterns are indexed by the tokens
they can start with, so a scan costs a few dictionary look-ups per token.

A pattern may also require or forbid what stands right before or after the
match (`Context`): phrases of literal tokens, or the markers `<start>`,
`<end>` (no token there), `<punct>` (a token without letters or digits) and
`<cap>` (a capitalised word). A token glued to a layout bar ("|viernes")
matches as the word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from extractor.errors import RuleFileError

_ELEMENT = re.compile(r"^\(([^()]+)\)(\?)?$|^([^\s()?]+)(\?)?$")
_CLASS_NAME = re.compile(r"^[A-Z][A-Z_0-9]*$")
_LAYOUT = "|¦"
MAX_REGEX_TOKEN = 16  # longer tokens never match a class regex ("22-septiembre.")
MARKERS = frozenset({"<start>", "<end>", "<punct>", "<cap>"})
CACHE_SIZE = 50_000  # distinct tokens whose candidate patterns are remembered


def clean_token(token: str) -> str:
    """A token without a glued layout bar ("|viernes" -> "viernes").

    >>> clean_token("|Viernes"), clean_token("|")
    ('Viernes', '|')
    """
    return token.strip(_LAYOUT) or token


@dataclass(frozen=True)
class TokenClass:
    """A named set of tokens: lower-case words with canonical values, or a regex."""

    name: str
    words: Mapping[str, str] = field(default_factory=dict)
    regex: re.Pattern[str] | None = None

    exclude: frozenset[str] = frozenset()
    _memo: dict[str, str | None] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def value(self, token: str) -> str | None:
        """The canonical value of `token` in this class, or None (memoised per token)."""
        memo = self._memo
        if token in memo:
            return memo[token]
        if len(memo) > CACHE_SIZE:
            memo.clear()
        found = memo[token] = self._value(token)
        return found

    def _value(self, token: str) -> str | None:
        token = clean_token(token)
        if token.lower() in self.exclude:
            return None
        found = self.words.get(token.lower())
        if found is not None:
            return found
        if self.regex is not None and len(token) <= MAX_REGEX_TOKEN and self.regex.match(token):
            return token
        return None


@dataclass(frozen=True)
class _Element:
    literals: frozenset[str]
    classes: tuple[TokenClass, ...]
    optional: bool
    _memo: dict[str, tuple[bool, str | None, str | None]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def capture(self, token: str) -> tuple[bool, str | None, str | None]:
        memo = self._memo
        found = memo.get(token)
        if found is None:
            if len(memo) > CACHE_SIZE:
                memo.clear()
            found = memo[token] = self._capture(token)
        return found

    def _capture(self, token: str) -> tuple[bool, str | None, str | None]:
        if clean_token(token).lower() in self.literals:
            return True, None, None
        for cls in self.classes:
            value = cls.value(token)
            if value is not None:
                return True, cls.name, value
        return False, None, None


Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Context:
    """What must (or must not) stand right before and after a match.

    Each entry is a phrase of lower-case tokens or one marker (see the module
    docstring); `after`/`before` need one of theirs, `not_after`/`not_before`
    none of theirs. Empty means no condition.
    """

    after: tuple[Phrase, ...] = ()
    not_after: tuple[Phrase, ...] = ()
    before: tuple[Phrase, ...] = ()
    not_before: tuple[Phrase, ...] = ()

    def allows(self, tokens: Sequence[str], start: int, end: int) -> bool:
        """Whether the match `tokens[start:end]` stands in an allowed context."""
        if self.after and not any(_precedes(p, tokens, start) for p in self.after):
            return False
        if any(_precedes(p, tokens, start) for p in self.not_after):
            return False
        if self.before and not any(_follows(p, tokens, end) for p in self.before):
            return False
        return not any(_follows(p, tokens, end) for p in self.not_before)


def make_context(**phrases: Sequence[str]) -> Context | None:
    """A Context from space-separated phrases per side; None when all are empty."""
    parsed = {
        side: tuple(tuple(p.lower().split()) for p in items) for side, items in phrases.items()
    }
    return Context(**parsed) if any(parsed.values()) else None


def _marker(marker: str, tokens: Sequence[str], index: int) -> bool:
    if marker in ("<start>", "<end>"):
        return not 0 <= index < len(tokens)
    if not 0 <= index < len(tokens):
        return False
    token = tokens[index]
    if marker == "<punct>":
        return not any(c.isalnum() for c in token)
    return token[:1].isupper() and token.isalpha()  # <cap>


def _precedes(phrase: Phrase, tokens: Sequence[str], start: int) -> bool:
    if len(phrase) == 1 and phrase[0] in MARKERS:
        return _marker(phrase[0], tokens, start - 1)
    begin = start - len(phrase)
    return begin >= 0 and all(
        clean_token(t).lower() == w for t, w in zip(tokens[begin:start], phrase, strict=True)
    )


def _follows(phrase: Phrase, tokens: Sequence[str], end: int) -> bool:
    if len(phrase) == 1 and phrase[0] in MARKERS:
        return _marker(phrase[0], tokens, end)
    stop = end + len(phrase)
    return stop <= len(tokens) and all(
        clean_token(t).lower() == w for t, w in zip(tokens[end:stop], phrase, strict=True)
    )


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern with the rule id it came from."""

    rule_id: str
    source: str
    elements: tuple[_Element, ...]
    context: Context | None = None


@dataclass(frozen=True)
class PatternMatch:
    """Tokens `[start, end)` matched by `rule_id`, with class captures."""

    start: int
    end: int
    rule_id: str
    captures: dict[str, str]


def compile_pattern(
    rule_id: str,
    source: str,
    classes: Mapping[str, TokenClass],
    context: Context | None = None,
) -> Pattern:
    """Compile a pattern string, with an optional context condition.

    Raises:
        RuleFileError: an unknown class or a malformed element (rule id named).
    """
    elements = []
    for raw in source.split():
        match = _ELEMENT.match(raw)
        if not match:
            raise RuleFileError(f"rule {rule_id}: bad pattern element {raw!r}")
        options = (match.group(1) or match.group(3)).split("|")
        optional = bool(match.group(2) or match.group(4))
        literals, found = set(), []
        for option in options:
            if _CLASS_NAME.match(option):
                if option not in classes:
                    raise RuleFileError(f"rule {rule_id}: unknown token class {option!r}")
                found.append(classes[option])
            else:
                literals.add(option.lower())
        elements.append(_Element(frozenset(literals), tuple(found), optional))
    if not elements or all(e.optional for e in elements):
        raise RuleFileError(f"rule {rule_id}: pattern {source!r} matches nothing")
    return Pattern(rule_id, source, tuple(elements), context)


class PatternSet:
    """Patterns indexed by their possible first tokens."""

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.patterns = list(patterns)
        self._cache: dict[str, list[Pattern]] = {}
        self._by_word: dict[str, list[Pattern]] = {}
        self._by_class: dict[str, tuple[TokenClass, list[Pattern]]] = {}
        for pattern in self.patterns:
            for element in pattern.elements:
                for literal in element.literals:
                    self._by_word.setdefault(literal, []).append(pattern)
                for cls in element.classes:
                    for word in cls.words:
                        self._by_word.setdefault(word, []).append(pattern)
                    if cls.regex is not None:
                        self._by_class.setdefault(cls.name, (cls, []))[1].append(pattern)
                if not element.optional:
                    break

    def candidates(self, token: str) -> list[Pattern]:
        """Patterns that may start at `token` (deduplicated, in file order); cached per token."""
        cached = self._cache.get(token)
        if cached is None:
            if len(self._cache) > CACHE_SIZE:
                self._cache.clear()
            cached = self._cache[token] = self._candidates(token)
        return cached

    def _candidates(self, token: str) -> list[Pattern]:
        found = list(self._by_word.get(clean_token(token).lower(), ()))
        for cls, patterns in self._by_class.values():
            if cls.value(token) is not None:
                found.extend(patterns)
        unique: dict[str, Pattern] = {}
        for pattern in found:
            unique.setdefault(pattern.rule_id, pattern)
        return list(unique.values())

    def match_at(self, tokens: Sequence[str], i: int) -> list[PatternMatch]:
        """Every pattern matching from token i (the longest way each)."""
        out = []
        for pattern in self.candidates(tokens[i]):
            found = _match(pattern.elements, tokens, i, {})
            if found is None or found[0] <= i:
                continue
            if pattern.context is None or pattern.context.allows(tokens, i, found[0]):
                out.append(PatternMatch(i, found[0], pattern.rule_id, found[1]))
        return out

    def scan(self, tokens: Sequence[str], blocked: Sequence[bool] = ()) -> list[PatternMatch]:
        """Non-overlapping matches, longest first, then leftmost.

        `blocked[i]` true keeps token i out of every match (e.g. already money).
        """
        found: list[PatternMatch] = []
        for i in range(len(tokens)):
            if blocked and blocked[i]:
                continue
            for m in self.match_at(tokens, i):
                if not blocked or not any(blocked[m.start : m.end]):
                    found.append(m)
        found.sort(key=lambda m: (m.start - m.end, m.start))
        taken = [False] * len(tokens)
        kept = []
        for m in found:
            if not any(taken[m.start : m.end]):
                kept.append(m)
                for k in range(m.start, m.end):
                    taken[k] = True
        return sorted(kept, key=lambda m: m.start)


def _match(
    elements: Sequence[_Element], tokens: Sequence[str], i: int, captures: dict[str, str]
) -> tuple[int, dict[str, str]] | None:
    """Longest match of `elements` from token i, backtracking over optional ones."""
    if not elements:
        return i, captures
    head, rest = elements[0], elements[1:]
    best = None
    if i < len(tokens):
        ok, name, value = head.capture(tokens[i])
        if ok:
            taken = dict(captures)
            if name is not None and value is not None:
                taken.setdefault(name, value)
            best = _match(rest, tokens, i + 1, taken)
    if head.optional:
        skipped = _match(rest, tokens, i, captures)
        if skipped is not None and (best is None or skipped[0] > best[0]):
            best = skipped
    return best
