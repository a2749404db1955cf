"""Typed errors. Bad text never raises; bad configuration, rules or gold do."""

from __future__ import annotations


class ExtractorError(ValueError):
    """Base class of every error this package raises on purpose."""


class ConfigError(ExtractorError):
    """A setting or a model name that cannot be used."""


class RuleFileError(ExtractorError):
    """A packaged rule or lexicon file that does not validate."""


class ArticleReadError(ExtractorError):
    """An article file that cannot be read; names the file and the reason.

    Attributes:
        reason: what is wrong, without the file name.
        source: the file, when the error was raised with it.
        line: the line of a JSONL file, when the error concerns one line.
    """

    def __init__(self, reason: str, *, source: str | None = None, line: int | None = None) -> None:
        where = source if line is None else f"{source}:{line}"
        super().__init__(f"{where}: {reason}" if source else reason)
        self.reason = reason
        self.source = source
        self.line = line


class GoldFileError(ExtractorError):
    """A gold annotation file that does not follow ANNOTATION.md."""


class BatchError(ExtractorError):
    """A batch run that cannot start: its output exists, or cannot be resumed."""
