"""Typed errors. Bad text never raises; bad configuration, rules or gold do."""


class ExtractorError(ValueError):
    """Base class of every error this package raises on purpose."""


class ConfigError(ExtractorError):
    """A setting or a model name that cannot be used."""


class RuleFileError(ExtractorError):
    """A packaged rule or lexicon file that does not validate."""


class ArticleReadError(ExtractorError):
    """An article file that cannot be read; names the file and the reason."""


class GoldFileError(ExtractorError):
    """A gold annotation file that does not follow ANNOTATION.md."""
