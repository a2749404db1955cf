"""The deal lexicon (`deal_triggers.yaml`): triggers with their role frames, status cues.

Verbs are listed as infinitives and conjugated here (regular endings); the
irregular forms a verb needs are listed in the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from pydantic import Field

from extractor.rules import RuleModel, load_yaml_model

Role = Literal["buyer", "target", "seller", "party", "none"]
DealType = Literal["investment", "acquisition", "stake", "merger", "contract"]
Status = Literal["potential", "agreed", "completed", "cancelled"]
Tense = Literal["past", "future", "conditional", "present", "infinitive", "participle", "noun"]


class FrameRule(RuleModel):
    """Who is who around a trigger."""

    subject: Role = "none"
    object: Role = "none"
    preps: dict[str, Role] = {}


class TriggerRule(RuleModel):
    """One family of trigger words."""

    id: str
    type: DealType
    verbs: list[str] = []
    forms: list[str] = []
    nouns: list[str] = []
    frame: FrameRule
    passive: FrameRule | None = None
    raise_: bool = Field(default=False, alias="raise")
    status: Literal["tense", "completed", "agreed", "potential"] = "tense"


class StatusCues(RuleModel):
    """Phrases per status."""

    cancelled: list[str]
    potential: list[str]
    agreed: list[str]
    completed: list[str]


class DealTriggersFile(RuleModel):
    """`deal_triggers.yaml`."""

    triggers: list[TriggerRule]
    status_cues: StatusCues


@dataclass(frozen=True)
class TriggerForm:
    """A surface form of a trigger and what it says."""

    rule: TriggerRule
    tense: Tense
    is_noun: bool


@dataclass(frozen=True)
class DealLexicon:
    """Trigger forms (lower-case phrases) and status cues, ready for look-up."""

    forms: dict[str, list[TriggerForm]]
    cues: dict[str, Status]
    longest: int
    # Longest phrase (in words) starting with a given word: most words start none.
    form_reach: dict[str, int]
    cue_reach: dict[str, int]


_AR = {
    "a": "present",
    "an": "present",
    "ó": "past",
    "aron": "past",
    "aba": "past",
    "aban": "past",
    "ará": "future",
    "arán": "future",
    "aría": "conditional",
    "arían": "conditional",
    "e": "present",
    "en": "present",
    "ara": "past",
    "aran": "past",
    "ado": "participle",
    "ada": "participle",
    "ados": "participle",
    "adas": "participle",
    "ando": "present",
    "ar": "infinitive",
    "arle": "infinitive",
    "arla": "infinitive",
    "arlo": "infinitive",
    "arse": "infinitive",
    "arlas": "infinitive",
    "arlos": "infinitive",
}
_ER = {
    "e": "present",
    "en": "present",
    "ió": "past",
    "ieron": "past",
    "ía": "past",
    "ían": "past",
    "erá": "future",
    "erán": "future",
    "ería": "conditional",
    "erían": "conditional",
    "a": "present",
    "an": "present",
    "iera": "past",
    "ieran": "past",
    "ido": "participle",
    "ida": "participle",
    "idos": "participle",
    "idas": "participle",
    "iendo": "present",
    "er": "infinitive",
    "erle": "infinitive",
    "erla": "infinitive",
    "erlo": "infinitive",
    "erse": "infinitive",
}
_IR = {k.replace("er", "ir", 1) if k.startswith("er") else k: v for k, v in _ER.items()}


def conjugate(infinitive: str) -> dict[str, Tense]:
    """Regular forms of a Spanish verb with their tense.

    >>> forms = conjugate("comprar")
    >>> forms["compró"], forms["comprará"], forms["comprado"]
    ('past', 'future', 'participle')
    """
    verb = infinitive.removesuffix("se")
    stem, ending = verb[:-2], verb[-2:]
    table = {"ar": _AR, "er": _ER, "ir": _IR}.get(ending)
    if table is None:
        return {infinitive: "infinitive"}
    return {stem + suffix: tense for suffix, tense in table.items()}  # type: ignore[misc]


def form_tense(form: str) -> Tense:
    """Tense of an irregular form listed in the file, from its ending."""
    low = form.split()[-1]
    if low.endswith(("ó", "aron", "ieron", "ió", "hizo", "quedó", "tomó")):
        return "past"
    if low.endswith(("rá", "rán")):
        return "future"
    if low.endswith(("ría", "rían")):
        return "conditional"
    if low.endswith(("ado", "ada", "ido", "ida", "idos", "idas", "ados", "adas")):
        return "participle"
    if low.endswith(("ar", "er", "ir", "arle", "erle", "irle", "arla", "arlo")):
        return "infinitive"
    return "present"


@cache
def deal_lexicon() -> DealLexicon:
    """Load `deal_triggers.yaml` once."""
    data = load_yaml_model("deal_triggers.yaml", DealTriggersFile)
    forms: dict[str, list[TriggerForm]] = {}

    def add(phrase: str, form: TriggerForm) -> None:
        bucket = forms.setdefault(phrase.lower(), [])
        if all(f.rule.id != form.rule.id for f in bucket):
            bucket.append(form)

    for rule in data.triggers:
        for noun in rule.nouns:
            add(noun, TriggerForm(rule, "noun", True))
        for form in rule.forms:
            add(form, TriggerForm(rule, form_tense(form), False))
        for verb in rule.verbs:
            for form, tense in conjugate(verb).items():
                add(form, TriggerForm(rule, tense, False))
    cues: dict[str, Status] = {}
    for status in ("completed", "agreed", "potential", "cancelled"):
        for phrase in getattr(data.status_cues, status):
            cues[phrase.lower()] = status  # type: ignore[assignment]
    longest = max(len(p.split()) for p in [*forms, *cues])
    return DealLexicon(
        forms=forms, cues=cues, longest=longest, form_reach=_reach(forms), cue_reach=_reach(cues)
    )


def _reach(phrases: Iterable[str]) -> dict[str, int]:
    reach: dict[str, int] = {}
    for phrase in phrases:
        words = phrase.split(" ")
        reach[words[0]] = max(reach.get(words[0], 0), len(words))
    return reach
