"""Rule and lexicon data: packaged files under `rules/<lang>/`, validated on load.

Every file is read once per process (cached) and validated with pydantic
models that reject unknown keys; an error names the file and the field.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from extractor.errors import RuleFileError

LANG = "es"
M = TypeVar("M", bound=BaseModel)


class RuleModel(BaseModel):
    """Base of every rule-file model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def read_rule_text(name: str, lang: str = LANG) -> str:
    """The text of a packaged rule file.

    Raises:
        RuleFileError: the file is missing from the package.
    """
    try:
        return resources.files(__name__).joinpath(lang, name).read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleFileError(f"rules/{lang}/{name}: cannot read: {exc}") from exc


def _problems(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}" for err in exc.errors()
    )


def load_yaml_model(name: str, model: type[M], lang: str = LANG) -> M:
    """Parse a YAML rule file into `model`.

    Raises:
        RuleFileError: bad YAML or a value the model rejects (file and field named).
    """
    try:
        raw = yaml.safe_load(read_rule_text(name, lang))
    except yaml.YAMLError as exc:
        raise RuleFileError(f"rules/{lang}/{name}: invalid YAML: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise RuleFileError(f"rules/{lang}/{name}: {_problems(exc)}") from exc


def load_jsonl_models(name: str, model: type[M], lang: str = LANG) -> list[M]:
    """Parse a JSON Lines rule file, one `model` per non-empty line.

    Raises:
        RuleFileError: a line that is not JSON or does not validate (line named).
    """
    items: list[M] = []
    for number, line in enumerate(read_rule_text(name, lang).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw: Any = json.loads(line)
            items.append(model.model_validate(raw))
        except json.JSONDecodeError as exc:
            raise RuleFileError(f"rules/{lang}/{name}:{number}: invalid JSON: {exc}") from exc
        except ValidationError as exc:
            raise RuleFileError(f"rules/{lang}/{name}:{number}: {_problems(exc)}") from exc
    return items


def invert(table: dict[Any, list[str]], lower: bool = True) -> dict[str, Any]:
    """Turn `{canonical: [surface, ...]}` into `{surface: canonical}`.

    >>> invert({"up_to": ["hasta", "Hasta los"]})
    {'hasta': 'up_to', 'hasta los': 'up_to'}
    """
    out: dict[str, Any] = {}
    for key, forms in table.items():
        for form in forms:
            out[form.lower() if lower else form] = key
    return out


__all__ = [
    "LANG",
    "RuleModel",
    "invert",
    "load_jsonl_models",
    "load_yaml_model",
    "read_rule_text",
]
