"""From an article view to deal drafts: triggers, roles, attributes, status.

Sentence by sentence, each trigger word ("compró", "la venta", "una ronda")
opens a draft whose parties come from where companies stand around it: the
subject before it, the object after it, and prepositions ("a", "en", "con",
"por") that the trigger's frame maps to roles. Amounts, stakes, valuations and
dates come from the same clause; status from cue words, else from the verb's
tense. A sentence with no trigger that refers back to the deal ("La operación
...") adds what it says to the last draft. Drafts of one deal are merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache

from extractor.deals.anaphora import Descriptors
from extractor.deals.context import DealContext, deal_context
from extractor.deals.lexicon import DealLexicon, TriggerForm, deal_lexicon
from extractor.deals.parents import fill_parent_sellers
from extractor.deals.view import ArticleView, CompanyRef, DateRef, MoneyRef, PercentRef
from extractor.gazetteer import gazetteer
from extractor.normalize.dates import word_tense
from extractor.normalize.lexicons import qualifier_lexicon

ARTICLES = frozenset(
    {
        "el",
        "la",
        "los",
        "las",
        "un",
        "una",
        "unos",
        "unas",
        "su",
        "sus",
        "esta",
        "este",
        "dicha",
        "dicho",
        "aquella",
        "aquel",
        "esa",
        "ese",
        "nueva",
        "nuevo",
        "otra",
        "otro",
        "propia",
        "propio",
        "mismo",
        "misma",
    }
)
PREPOSITIONS = frozenset(
    {
        "a",
        "al",
        "de",
        "del",
        "en",
        "con",
        "por",
        "para",
        "sobre",
        "entre",
        "desde",
        "hacia",
        "tras",
        "frente",
        "ante",
        "y",
        "e",
    }
)
CLAUSE_BREAKS = frozenset({";", ":", "(", ")"})
STATUS_RANK = {"potential": 1, "agreed": 2, "completed": 3}
ACQUISITION_THRESHOLD = Decimal(50)
INVESTOR_VERBS = frozenset(
    {
        "encabezar",
        "liderar",
        "codirigir",
        "participar",
        "encabezará",
        "liderará",
        "participará",
        "entrar",
        "encabezaría",
        "lideraría",
        "participaría",
    }
)
MAX_ATTACH_GAP = 6

NOUN_OPENERS = frozenset(
    {
        "de",
        "del",
        "con",
        "tras",
        "por",
        "para",
        "en",
        "a",
        "al",
        "sobre",
        "cuya",
        "cuyo",
        "primera",
        "primer",
        "segunda",
        "nueva",
        "otra",
        "posible",
        "eventual",
        "mayor",
        "gran",
        "pequeña",
        "y",
        "o",
        "u",
        "e",
        "le",
        "les",
        "principal",
        "único",
        "única",
        "último",
        "última",
        "actual",
        "antiguo",
        "antigua",
        "segundo",
        "tercer",
        "nuevo",
        "mismo",
        "misma",
    }
)
DEFINITE = frozenset(
    {"la", "el", "esta", "este", "dicha", "dicho", "su", "aquella", "aquel", "esa", "ese", "tal"}
)
DEMONSTRATIVES = frozenset({"esta", "este", "estas", "estos", "dicha", "dicho", "esa", "ese"})
REFERENCE_TYPES = {
    "compra": {"acquisition", "stake"},
    "adquisición": {"acquisition", "stake"},
    "venta": {"acquisition", "stake"},
    "desinversión": {"acquisition", "stake"},
    "oferta": {"acquisition", "stake"},
    "opa": {"acquisition", "stake"},
    "ronda": {"investment"},
    "inyección": {"investment"},
    "inversión": {"investment", "stake"},
    "fusión": {"merger"},
    "integración": {"merger", "acquisition"},
    "contrato": {"contract"},
    "entrada": {"stake", "investment"},
}
OFFER_NOUNS = frozenset({"oferta", "opa", "propuesta", "contraoferta", "contraopa"})
DEAL_NOUNS = frozenset(
    {
        "operación",
        "compra",
        "adquisición",
        "transacción",
        "venta",
        "acuerdo",
        "contrato",
        "fusión",
        "oferta",
        "opa",
        "desinversión",
        "traspaso",
    }
)
CONTRACTED = {"del": "de", "al": "a"}
AUXILIARIES = frozenset({"ha", "han", "había", "habían", "habría", "hubo", "va", "iba"})
PARTY_NOUNS = frozenset({"comprador", "compradora", "vendedor", "vendedora", "inversor", "socio"})
RECEIVED_NOUNS = frozenset({"inyección", "ampliación", "aumento", "capitalización", "aportación"})
CUE_WINDOW = 20  # tokens before a trigger whose status cues count
# Nouns that, unqualified, name the company the article is about ("la compañía").
TOPIC_NOUNS = frozenset({"compañía", "empresa", "firma", "sociedad", "entidad"})
MAX_CLAUSE = 80  # tokens; real sentences are shorter, run-on text must stay linear
STAKE_NOUNS = frozenset(
    {
        "participación",
        "participaciones",
        "paquete",
        "accionista",
        "accionistas",
        "inversor",
        "socio",
    }
)
SHARE_WORDS = frozenset(
    {
        "ordinarias",
        "preferentes",
        "nuevas",
        "propias",
        "clase",
        "serie",
        "preferenciales",
        "comunes",
    }
)
STAKE_WORDS = frozenset(
    {
        "participación",
        "participaciones",
        "acciones",
        "capital",
        "totalidad",
        "control",
        "paquete",
        "restante",
        "mayoritaria",
        "minoritaria",
        "accionarial",
        "títulos",
        "filial",
        "negocio",
        "negocios",
        "unidad",
    }
)


@dataclass
class Trigger:
    """A trigger occurrence at tokens `[start, end)`."""

    start: int
    end: int
    form: TriggerForm
    absorbed: list[Trigger] = field(default_factory=list)
    companion_verb: Trigger | None = None

    @property
    def type(self) -> str:
        """The deal type the trigger names."""
        return self.form.rule.type

    @property
    def last(self) -> int:
        """End of the trigger and what it absorbed."""
        return max([self.end, *(a.end for a in self.absorbed)])


@dataclass
class Draft:
    """A deal being assembled."""

    type: str
    buyers: list[str]
    target: str | None
    seller: str | None
    status: str
    evidence: tuple[int, int]
    rule_ids: list[str]
    amount: MoneyRef | None = None
    stake: Decimal | None = None
    stake_ref: PercentRef | None = None
    valuation: MoneyRef | None = None
    date: str | None = None
    subject: str | None = None
    definite: bool = False  # opened by "la oferta", "esta inversión": may retell the last deal
    implicit_subject: bool = False  # the subject is the article's topic, not written
    stake_noun: bool = False  # "una participación de más de USD 1.500 millones"


@dataclass
class _Clause:
    """Tokens `[start, end)` of the clause around a trigger and its mentions."""

    start: int
    end: int
    companies: list[CompanyRef]
    money: list[MoneyRef]
    percents: list[PercentRef]
    dates: list[DateRef]


class Assembler:
    """Builds deal drafts from one article view."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self.words = [t.lower for t in view.tokens]
        self.lex: DealLexicon = deal_lexicon()
        self.ctx: DealContext = deal_context()
        self.topic: str | None = None
        self.demonyms = gazetteer().demonyms
        self.cue_nouns = frozenset(w.lower() for w in gazetteer().cues.cue_nouns)
        self.places = gazetteer().places
        self.descriptors = Descriptors(
            self.words, view.companies, _sector_of(), self.ctx.sector_nouns
        )
        self.last_draft: Draft | None = None
        self.trigger_tokens: set[int] = set()
        self.company_ends = {c.end for c in view.companies}
        self.subject_from_topic = False
        self.focus = self._focus_company()

    # -- driver -------------------------------------------------------------------
    def run(self) -> list[Draft]:
        """Every draft of the article, sentence by sentence, merged."""
        drafts: list[Draft] = []
        for start, end in self.view.sentences:
            self._named_party(start, end)
            new = []
            referring = bool(drafts) and self._opens_with_reference(start, end)
            for trigger in self._primary(self._triggers(start, end)):
                draft = self._build(trigger, start, end)
                if draft is None:
                    continue
                if referring and (draft.implicit_subject or not draft.target):
                    continue  # "La ronda ... valora ...": the sentence retells the last deal
                if _complete(draft):
                    new.append(draft)
                elif draft is not None and self.last_draft is not None:
                    _absorb_partial(self.last_draft, draft)
            if not new and drafts:
                target = self._referred_draft(drafts, start, end)
                if target is not None:
                    self._follow_up(target, start, end)
            drafts.extend(new)
            for draft in new:
                if draft.target is not None:
                    self.last_draft = draft
            self._update_topic(new, start, end)
        merged = merge_drafts(drafts)
        gaz = gazetteer()
        generic = self.cue_nouns | {h.lower() for h in gaz.cues.company_heads}
        names = [c.name for c in self.view.companies]
        fill_parent_sellers(merged, names, gaz.places, generic)
        return merged

    # -- triggers -----------------------------------------------------------------
    def _triggers(self, start: int, end: int) -> list[Trigger]:
        found: list[Trigger] = []
        i = start
        while i < end:
            if i > start and self.view.tokens[i].text[:1].isupper():
                i += 1  # "Participaciones" inside a name is not a trigger
                continue
            if self.words[i] == "acuerdo" and self.words[i - 1 : i] in (["de"], ["De"]):
                i += 1  # "de acuerdo con": according to
                continue
            if self.words[i] == "participación" and self.words[i - 2 : i] == ["con", "la"]:
                i += 1  # "con la participación de X": an investor in a round, not a stake
                continue
            for k in range(min(self.lex.form_reach.get(self.words[i], 0), end - i), 0, -1):
                phrase = " ".join(self.words[i : i + k])
                forms = self.lex.forms.get(phrase)
                form = self._pick_form(forms, i) if forms else None
                if form is not None:
                    found.append(Trigger(i, i + k, form))
                    if k > 1:
                        self.trigger_tokens.update(range(i, i + k))
                    i += k
                    break
            else:
                i += 1
        return found

    def _pick_form(self, forms: list[TriggerForm], i: int) -> TriggerForm | None:
        """A noun after a determiner or preposition, else the verb reading.

        A noun with no determiner is not read as a trigger: "el balance ronda
        el medio billón" is the verb rondar, not a funding round.
        """
        before = self.words[i - 1] if i > 0 else ""
        nouns = [f for f in forms if f.is_noun]
        verbs = [f for f in forms if not f.is_noun]
        determined = before in ARTICLES or before in NOUN_OPENERS
        if nouns and determined:
            return nouns[0]
        if verbs:
            return verbs[0]
        return None

    def _primary(self, triggers: list[Trigger]) -> list[Trigger]:
        """Fold nouns into the verb they complete; drop an agreement that is only a vehicle."""
        kept: list[Trigger] = []
        for trigger in triggers:
            host = kept[-1] if kept else None
            gap_ok = (
                host is not None
                and trigger.start - host.last <= 8
                and not self._break_between(host.last, trigger.start)
            )
            if host is not None and gap_ok and trigger.form.is_noun:
                if (
                    host.type == "contract"
                    and host.form.is_noun
                    and trigger.form.rule.id == "deal.joint_venture"
                ):
                    kept[-1] = trigger  # "el acuerdo ... que crea una empresa conjunta"
                    continue
                if host.type == "contract" and host.form.is_noun and trigger.type != "contract":
                    kept[-1] = trigger
                    trigger.companion_verb = None
                    continue
                if _completes(host, trigger):
                    host.absorbed.append(trigger)
                    continue
            if host is not None and gap_ok and host.form.is_noun and host.type == "contract":
                # "un acuerdo para comprar X" / "un contrato para suministrarle ...".
                trigger.companion_verb = host
                kept[-1] = trigger
                continue
            if host is not None and gap_ok and trigger.type == host.type and host.form.is_noun:
                host.absorbed.append(trigger)
                continue
            kept.append(trigger)
        return kept

    def _clause_break(self, i: int) -> bool:
        """Case: ";" or a comma opening a coordinated clause (", y la posible operación ...")."""
        word = self.words[i]
        if word == ";":
            return True
        if word != "," or i + 1 >= len(self.words):
            return False
        following = self.words[i + 1]
        if following in ("pero", "aunque", "mientras", "sino"):
            return True
        return (
            following in ("y", "e")
            and i + 2 < len(self.words)
            and (self.view.tokens[i + 2].text.islower())
        )

    def _break_between(self, a: int, b: int) -> bool:
        return any(w in CLAUSE_BREAKS or w == "." for w in self.words[a:b])

    # -- one draft ----------------------------------------------------------------
    def _clause(self, trigger: Trigger, s_start: int, s_end: int) -> _Clause:
        # A clause is never wider than MAX_CLAUSE tokens each side, whatever the text.
        start = max(s_start, trigger.start - MAX_CLAUSE)
        end = min(s_end, trigger.last + MAX_CLAUSE)
        s_start, s_end = start, end
        for i in range(trigger.start - 1, s_start - 1, -1):
            if self._clause_break(i):
                start = i + 1
                break
        for i in range(trigger.last, s_end):
            if self._clause_break(i):
                end = i
                break
        return self._span_clause(start, end)

    def _span_clause(self, start: int, end: int) -> _Clause:
        v = self.view
        return _Clause(
            start,
            end,
            v.companies_in(start, end),
            v.money_in(start, end),
            v.percents_in(start, end),
            v.dates_in(start, end),
        )

    def _build(self, trigger: Trigger, s_start: int, s_end: int) -> Draft | None:
        clause = self._clause(trigger, s_start, s_end)
        rule = trigger.form.rule
        if (
            rule.raise_
            and not trigger.form.is_noun
            and not trigger.absorbed
            and not any(0 <= m.start - trigger.end <= 3 for m in clause.money)
        ):
            return None  # "recibir la autorización": a raise verb needs the money it raised
        if trigger.form.is_noun and self._ranked(trigger.start):
            return None  # "fue la mayor compra de un banco mexicano": a deal told, ranked
        if self._pointed_back(trigger):
            return None  # "Con esta inyección, X suma 61 millones": the deal just told
        roles = self._roles(trigger, clause)
        if roles is None:
            return None
        buyers, target, seller, subject, as_contract = roles
        draft = Draft(
            type="contract" if as_contract else rule.type,
            buyers=buyers,
            target=target,
            seller=seller,
            status="agreed",
            evidence=(clause.start, clause.end),
            rule_ids=[rule.id, *(a.form.rule.id for a in trigger.absorbed)],
            subject=subject,
            definite=trigger.form.is_noun
            and trigger.start > 0
            and self.words[trigger.start - 1] in DEFINITE,
            implicit_subject=self.subject_from_topic,
            stake_noun=any(
                t.form.is_noun and t.form.rule.type == "stake" for t in [trigger, *trigger.absorbed]
            ),
        )
        self._attributes(draft, trigger, clause)
        draft.status = self._status(trigger, clause, s_end)
        round_named = trigger.form.is_noun or any(a.form.rule.raise_ for a in trigger.absorbed)
        if rule.raise_ and not round_named and not draft.buyers:
            return None  # "recaudó R$ 1.000 millones en multas": money raised, no investor
        previous = self.last_draft
        if (
            draft.stake is None
            and previous is not None
            and draft.target == previous.target
            and self._refers_back(trigger)
            and self._mentions_stake(trigger)
        ):
            draft.stake = previous.stake  # "esa misma participación", not "la misma compañía"
        _settle_type(draft, trigger)
        if draft.type == "acquisition" and draft.stake is None and self._buys_shares(trigger):
            draft.type = "stake"  # "comprará acciones ordinarias de Intel": shares, not control
        return draft

    # -- roles --------------------------------------------------------------------
    def _roles(
        self, trigger: Trigger, clause: _Clause
    ) -> tuple[list[str], str | None, str | None, str | None, bool] | None:
        rule = trigger.form.rule
        self.subject_from_topic = False
        frame = rule.frame
        passive = self._is_passive(trigger)
        if passive and rule.passive is not None:
            frame = rule.passive
        companion = trigger.companion_verb
        as_contract = False
        if (
            companion is not None
            and rule.type in ("acquisition", "contract")
            and not self._object(trigger, clause)
            and not self._stake_object(trigger)
        ):
            as_contract = True  # "un contrato para comprarle capacidad": goods, not a company
        roles: dict[str, list[str]] = {"buyer": [], "target": [], "seller": [], "party": []}
        used: set[int] = set()
        raise_lead = rule.raise_ and self._investor_verb_before(trigger)

        # Object: the bare company right after the trigger.
        obj = self._object(trigger, clause)
        if obj is not None and obj.start not in used and frame.object != "none":
            role = frame.object
            roles[role].append(obj.name)
            used.add(obj.start)
            for other in self._coordinated(obj, clause):
                if other.start not in used:
                    roles[role].append(other.name)
                    used.add(other.start)

        # Prepositional roles, also of companies named by a noun ("con el fideicomiso").
        for c in [*clause.companies, *self._noun_refs(clause, trigger)]:
            if self._is_source(c):
                used.add(c.start)
                continue
            prep = self._prep_of(c)
            if prep is None:
                continue
            role = frame.preps.get(prep) or frame.preps.get(CONTRACTED.get(prep, prep))
            receives = self.words[trigger.start] in RECEIVED_NOUNS or rule.raise_
            investor = prep in ("de", "del") and receives and self._after_money(c, clause)
            if investor:
                role = "buyer"  # "una inyección de capital de USD 95 millones del fondo X"
            if as_contract and prep in ("con", "a", "para"):
                role = "target" if rule.id != "deal.supply" else "buyer"
            if role is None or role == "none":
                continue
            after = c.start >= trigger.start
            if prep in ("de", "del") and not investor and not self._attached(trigger, c):
                continue
            if not after and prep not in ("con",) and not (prep == "a" and trigger.absorbed):
                continue
            roles[role].append(c.name)
            used.add(c.start)
            for other in self._coordinated(c, clause):
                if other.start not in used:
                    roles[role].append(other.name)
                    used.add(other.start)

        # Relative clause: "X, que adquirió en 2020" (X the object) or
        # "X, que había comprado un 10% de Y" (X the subject).
        antecedent = self._relative_antecedent(trigger, clause)
        main_subject: list[CompanyRef] = []
        if antecedent is not None and antecedent.start not in used:
            following = self.words[trigger.last] if trigger.last < len(self.words) else "."
            in_date = any(d.start == trigger.last for d in clause.dates)
            # "que compró a Sempra en 2019", "que adquirió en 2020": nothing in the object slot.
            object_slot_empty = following in PREPOSITIONS or following in (",", ".") or in_date
            if (
                not roles["target"]
                and frame.object == "target"
                and not rule.raise_
                and not trigger.form.is_noun
                and object_slot_empty
            ):
                roles["target"].append(antecedent.name)
                used.add(antecedent.start)
                main_subject = [
                    c
                    for c in clause.companies
                    if c.end <= antecedent.start
                    and self._prep_of(c) is None
                    and not self._is_source(c)
                    and c.start not in used
                ][-1:]
            else:
                main_subject = [antecedent]

        if trigger.form.is_noun and not main_subject:
            # "el acuerdo de negocio conjunto que Latam había firmado con American Airlines"
            main_subject = self._relative_subject(trigger, clause, used)

        # Round investors: "liderada por X", "participaron X, Y y Z".
        if rule.raise_:
            for c in self._investors(clause):
                if c.start not in used:
                    roles["buyer"].append(c.name)
                    used.add(c.start)

        # Subject: the nearest bare company before the trigger, else the topic.
        subject_role = frame.subject
        if raise_lead:
            subject_role = "buyer"
        rejected = self._rejected_offer(trigger, clause)
        if rejected:
            subject_role = "target"  # "La start-up había rechazado una oferta de ... del comprador"
        if as_contract:
            subject_role = "target" if rule.id == "deal.supply" else "buyer"
        subjects = (
            main_subject
            or self._subjects(trigger, clause, used)
            or self._nearest_before(trigger, clause, used)
        )
        subject: str | None = None
        party = self._party_anaphor(clause.start, trigger.start) or self._noun_anaphor(
            clause.start, trigger.start, used
        )
        if rejected:
            bidder = self._party_anaphor(trigger.start, clause.end)
            if bidder is not None and bidder not in roles["buyer"]:
                roles["buyer"].append(bidder)
            party = None
        if subjects:
            subject = subjects[0].name
            names = [c.name for c in subjects]
        elif party is not None and subject_role != "none":
            subject = party
            names = [party]
        elif self._named_non_company_subject(clause, trigger):
            names = []  # "La Nación, que conserva el 88 %": a state, not a company
        elif self._relative_of_common_noun(trigger) or self._plural_holders(trigger):
            # "los accionistas minoristas, que controlan la mitad": people, not a company
            if rule.type == "stake" and not roles["buyer"]:
                return None
            names = []
        elif (
            (noun := self._generic_subject(clause.start, trigger.start))
            and subject_role != "none"
            and (subject := self._salient_company(trigger.start, set(_parties(roles)), noun))
        ):
            # "la eléctrica desembarcó ...": the eléctrica of the article
            names = [subject]
            self.subject_from_topic = True
        elif self.topic is not None and subject_role != "none":
            subject = self.topic
            names = [self.topic]
            self.subject_from_topic = True
        else:
            names = []
        explicit_parties = len(_unique([*roles["party"], *roles["buyer"]]))
        if subject_role == "party" and explicit_parties >= 2 and not subjects:
            names = []  # "la fusión de Petz y Cobasi": both named, no topic
        if subject_role != "none":
            fresh = [n for n in names if n not in roles[subject_role]]
            roles[subject_role][:0] = fresh  # the subject first, in text order
        if raise_lead and not roles["target"] and self.topic and self.topic not in roles["buyer"]:
            roles["target"].append(self.topic)

        possessive = any(
            w in ("su", "sus") for w in self.words[max(0, trigger.start - 3) : trigger.start]
        )
        if rule.type == "stake" and not roles["target"] and possessive and self.topic:
            if self.topic not in roles["buyer"]:
                roles["target"].append(self.topic)  # "su principal inversor": the topic's
        if (
            rule.type == "investment"
            and not trigger.form.is_noun
            and not roles["target"]
            and subject is not None
            and self._money_without_destination(trigger, clause)
        ):
            found = self._salient_company(trigger.start, {subject})
            if found is not None:
                roles["target"].append(found)  # "Amazon ... invirtió otros US$ 4.000 millones"
        if (
            rule.type == "investment"
            and trigger.form.is_noun
            and self.words[trigger.start] in RECEIVED_NOUNS
            and not roles["target"]
            and subject is not None
            and subject in roles["buyer"]
        ):
            # "Kavak negocia una inyección de capital (del fondo X)": the subject receives it.
            roles["target"] = [subject]
            roles["buyer"] = [b for b in roles["buyer"] if b != subject]
        if (
            not roles["target"]
            and rule.type in ("acquisition", "investment")
            and not as_contract
            and len(subjects) == 2
            and roles["buyer"] == [c.name for c in subjects]
        ):
            roles["target"] = [roles["buyer"].pop()]  # "Adobe y Figma ... iba a comprar"
        if (
            not roles["target"]
            and rule.type in ("acquisition", "stake")
            and self._target_by_noun(trigger)
        ):
            exclude = set(roles["buyer"]) | set(roles["seller"]) | set(names)
            last = self.last_draft
            if last is not None and last.target and set(roles["buyer"]) & set(last.buyers):
                found = last.target  # the same buyer goes on: "se ha quedado con ... la sociedad"
            else:
                found = self._salient_company(trigger.start, exclude)
            if found is not None and found not in exclude:
                roles["target"].append(found)  # "el 75% del banco portugués"
        last = self.last_draft
        if (
            not roles["target"]
            and last is not None
            and last.target is not None
            and rule.id in ("deal.buy", "deal.sell")
            and self._stake_object(trigger)
            and not self.subject_from_topic
            and set(roles["buyer"] + roles["seller"]) & set(last.buyers + [last.seller or ""])
        ):
            roles["target"].append(last.target)  # "vender a Ardian un 4,75% adicional"
        if not roles["target"] and self.last_draft and self._refers_back(trigger):
            roles["target"].append(self.last_draft.target)  # type: ignore[arg-type]
        return self._finish_roles(rule.type, roles, subject, as_contract)

    def _refers_back(self, trigger: Trigger) -> bool:
        """Whether the trigger refers back to the previous deal's target.

        "esa misma participación", "la misma compañía", "se la compró",
        "pagó por ella", "vendiéndola".
        """
        window = self.words[trigger.start : trigger.last + 4]
        before = self.words[max(0, trigger.start - 3) : trigger.start]
        words = [*before, *window]
        for k, w in enumerate(words[:-1]):
            if w in ("misma", "mismo", "dicha", "dicho") and words[k + 1] not in PARTY_NOUNS:
                return True
        if trigger.form.is_noun:
            return False
        text = self.words[trigger.start]
        clitic = before[-1:] in (["la"], ["lo"]) or " ".join(before[-2:]) in ("se la", "se lo")
        clitic = clitic or before[-2:-1] in (["la"], ["lo"]) and before[-1] in AUXILIARIES
        after = " ".join(self.words[trigger.last : trigger.last + 2])
        clitic = clitic or text.endswith(("rla", "rlo", "ndola", "ndolo"))
        return clitic or after in ("por ella", "por él")

    def _money_without_destination(self, trigger: Trigger, clause: _Clause) -> bool:
        """Money, and no "en su planta" after it ("invirtió US$ 4.000 millones en noviembre")."""
        after = [m for m in clause.money if 0 <= m.start - trigger.last <= 3]
        if not after:
            return False
        i = after[0].end
        if i < clause.end and self.words[i] in ("en", "a", "al", "para", "entre", "durante"):
            i += 1  # "en noviembre de 2024": a date may follow the amount
        date = next((d for d in clause.dates if d.start == i), None)
        if date is not None:
            i = date.end
        # Only a date or the end of the clause after the amount: no "en la planta", "en México",
        # "entre 2024 y 2026, cerca del 60 % en redes".
        return i >= clause.end or self.words[i] in (",", ".", ";")

    def _target_by_noun(self, trigger: Trigger) -> bool:
        """A stake of a company named by a noun ("comprarle el 75% del banco portugués")."""
        words = self.words[trigger.last : trigger.last + 8]
        for k, word in enumerate(words[:-1]):
            if word in ("de", "del") and any(
                w in self.ctx.company_anaphors or w in self.cue_nouns for w in words[k + 1 : k + 3]
            ):
                return self._percent_between(trigger.last, trigger.last + k + 1) or (
                    trigger.form.is_noun
                )
        return False

    def _noun_anaphor(self, start: int, end: int, used: set[int]) -> str | None:
        """The last company introduced with that noun ("El fondo tejano se hizo con ...")."""
        for i in range(start, min(end, start + 6)):
            word = self.words[i]
            if word not in self.ctx.company_anaphors or i == 0 or self.words[i - 1] not in ARTICLES:
                continue
            for c in self.view.companies_before(start):
                if c.start in used:
                    continue
                if word in self.words[self._np(c)[0] : c.start]:
                    return c.name  # "el fondo estadounidense Lone Star", not "fondo. BPCE"
            return None
        return None

    def _relative_subject(
        self, trigger: Trigger, clause: _Clause, used: set[int]
    ) -> list[CompanyRef]:
        """The subject of a relative clause after a noun trigger ("... que Latam había firmado")."""
        window = self.words[trigger.last : trigger.last + 4]
        if "que" not in window:
            return []
        que = trigger.last + window.index("que")
        for c in clause.companies:
            if que < c.start <= que + 2 and c.start not in used and self._prep_of(c) is None:
                return [c]
        return []

    def _named_non_company_subject(self, clause: _Clause, trigger: Trigger) -> bool:
        """A person or public body stands where the subject would be."""
        for start, end in self.view.others_in(clause.start, trigger.start):
            if clause.start <= start and end <= trigger.start:
                before = self.words[start - 1] if start > 0 else ""
                if before not in PREPOSITIONS or before in ("y", "e"):
                    return True
        return False

    def _plural_holders(self, trigger: Trigger) -> bool:
        """A class of holders is the subject ("los accionistas minoristas", "sus inversores")."""
        start = trigger.start
        return (
            trigger.form.is_noun
            and self.words[start] in ("accionistas", "inversores", "socios")
            and start > 0
            and self.words[start - 1] in ("los", "sus", "unos", "muchos", "pequeños")
        )

    def _relative_of_common_noun(self, trigger: Trigger) -> bool:
        """A relative clause on a common noun opens here ("los minoristas, que controlan")."""
        i = trigger.start - 1
        if i < 2 or self.words[i] != "que" or self.words[i - 1] != ",":
            return False
        token = self.view.tokens[i - 2]
        return (
            token.text.isalpha()
            and token.text.islower()
            and self.words[i - 2] not in self.ctx.company_anaphors
            and i - 1 not in self.company_ends
        )

    def _after_money(self, c: CompanyRef, clause: _Clause) -> bool:
        """A company right after an amount ("US$1.5 millones de la aceleradora Semilla Norte")."""
        np_start = self._np(c)[0]
        return any(0 <= np_start - m.end <= 2 for m in clause.money)

    def _buys_shares(self, trigger: Trigger) -> bool:
        return not trigger.form.is_noun and any(
            w in ("acciones", "títulos") for w in self.words[trigger.last : trigger.last + 3]
        )

    def _mentions_stake(self, trigger: Trigger) -> bool:
        window = self.words[max(0, trigger.start - 3) : trigger.last + 4]
        return any(w in STAKE_NOUNS or w in ("acciones", "títulos") for w in window)

    def _rejected_offer(self, trigger: Trigger, clause: _Clause) -> bool:
        """The subject was the target ("rechazó una oferta", "había rechazado la propuesta")."""
        if not trigger.form.is_noun or self.words[trigger.start] not in OFFER_NOUNS:
            return False
        before = self.words[max(clause.start, trigger.start - 5) : trigger.start]
        return any(w.startswith("rechaz") for w in before)

    def _generic_subject(self, start: int, end: int) -> str | None:
        """The company noun opening the clause: "La eléctrica", "el grupo", "la compañía"."""
        while start < end and not self.view.tokens[start].text.strip():
            start += 1  # a paragraph break opens the sentence
        for i in range(start, min(end, start + 4)):
            if (
                self.words[i] in self.ctx.company_anaphors
                and i > 0
                and self.words[i - 1] in ("el", "la", "los", "las")
            ):
                return self.words[i]
            if self.view.tokens[i].text.strip() and self.words[i] not in ARTICLES | {",", "y"}:
                if i > start + 1:
                    break
        return None

    def _noun_refs(self, clause: _Clause, trigger: Trigger) -> list[CompanyRef]:
        """Companies named by a noun ("firmó con el fideicomiso un contrato")."""
        refs = []
        for i in range(clause.start + 2, clause.end):
            word = self.words[i]
            if word not in self.ctx.company_anaphors or self.words[i - 1] not in ("el", "la"):
                continue
            if self.words[i - 2] not in ("con", "a", "al", "para", "en", "de") or i in range(
                trigger.start, trigger.last
            ):
                continue
            if any(i < c.start <= i + 3 for c in clause.companies):
                continue  # "con el fondo Ardian": the company is named
            named = self._introduced_with(word, clause.start)
            if named is None and word in TOPIC_NOUNS and i > trigger.start:
                named = self.focus  # "invirtió US$ 500 millones en la compañía": the article's
            if named is not None and not any(c.name == named for c in clause.companies):
                refs.append(CompanyRef(i - 1, i + 1, named))
        return refs

    def _introduced_with(self, noun: str, before: int) -> str | None:
        for c in self.view.companies_before(before):
            if noun in self.words[max(0, c.start - 4) : c.start]:
                return c.name
        return None

    def _party_anaphor(self, start: int, end: int) -> str | None:
        """A party of the previous deal named by its role ("El comprador ha pagado ...")."""
        last = self.last_draft
        if last is None:
            return None
        for word in self.words[start:end]:
            if word in ("comprador", "compradora", "adquirente") and last.buyers:
                return last.buyers[0]
            if word in ("vendedor", "vendedora") and last.seller:
                return last.seller
        return None

    def _named_party(self, start: int, end: int) -> None:
        """Fills the last deal ("El vendedor principal es la japonesa X", "el vendedor, X")."""
        last = self.last_draft
        if last is None:
            return
        for c in self.view.companies_in(start, end):
            before = self.words[max(start, c.start - 6) : c.start]
            if not any(w in ("vendedor", "vendedora") for w in before):
                continue
            if "," in before or any(w in ("es", "era", "fue", "será") for w in before):
                if last.seller is None and c.name not in last.buyers and c.name != last.target:
                    last.seller = c.name

    def _relative_antecedent(self, trigger: Trigger, clause: _Clause) -> CompanyRef | None:
        """The company a relative clause hangs on: "Luz del Sur, la distribuidora, que compró"."""
        que = None
        in_date = {i for d in clause.dates for i in range(d.start, d.end)}
        for i in range(trigger.start - 1, max(clause.start - 1, trigger.start - 10), -1):
            if self.words[i] == "que":
                que = i
                break
            if i in in_date:
                continue
            if self.words[i] in (",", ".", ";") or self.view.tokens[i].text[:1].isupper():
                return None
        if que is None or que == 0 or self.words[que - 1] != ",":
            return None
        before = [c for c in clause.companies if c.end <= que - 1 and que - 1 - c.end <= 10]
        return before[-1] if before else None

    def _finish_roles(
        self, deal_type: str, roles: dict[str, list[str]], subject: str | None, as_contract: bool
    ) -> tuple[list[str], str | None, str | None, str | None, bool] | None:
        if roles["party"] and deal_type == "contract":  # a joint venture: every partner buys
            return _unique(roles["party"]), None, None, subject, False
        if deal_type == "merger" and not as_contract:
            target = roles["target"][0] if roles["target"] else None  # "X absorbió a Y"
            parties = [p for p in _unique([*roles["party"], *roles["buyer"]]) if p != target]
            return parties, target, None, subject, False
        target = roles["target"][0] if roles["target"] else None
        buyers = [b for b in _unique(roles["buyer"]) if b != target]
        seller = next((s for s in roles["seller"] if s != target and s not in buyers), None)
        return buyers, target, seller, subject, as_contract

    def _is_passive(self, trigger: Trigger) -> bool:
        if trigger.form.tense != "participle":
            return False
        window = self.words[trigger.end : trigger.end + 2]
        return "por" in window

    def _prep_of(self, c: CompanyRef) -> str | None:
        """The preposition governing a company, looking back over its noun phrase.

        "a la francesa L'Oréal" -> "a"; "de la firma australiana de cosmética
        Aesop" -> "de"; "que OpenAI" -> None (a bare subject).
        """
        return self._np(c)[1]

    def _np(self, c: CompanyRef) -> tuple[int, str | None]:
        """Start of the company's noun phrase and the preposition before it.

        Articles, demonyms and a cue noun belong to the phrase ("al fondo
        alemán Aurelius"); lower-case modifiers count only when a cue noun
        heads them ("la firma australiana de cosmética Aesop").
        """
        start, modifier = c.start, False
        i = c.start - 1
        enclosed = c.end < len(self.words) and self.words[c.end] in (",", ".", ";")
        if i > 0 and self.words[i] == "," and enclosed:
            appositive = self._appositive_prep(i)
            if appositive is not None:
                return appositive
        for _ in range(10):
            if i < 0:
                break
            word = self.words[i]
            if word in PREPOSITIONS and word not in ("y", "e"):
                if not modifier:
                    if word == "de" and self.words[max(0, i - 2) : i] == ["por", "parte"]:
                        return i - 2, "por"  # "por parte de OpenAI": the agent
                    # "se hará con Banco Sabadell": the preposition belongs to the trigger.
                    return start, None if i in self.trigger_tokens else word
            elif word in self.ctx.company_anaphors or word in self.cue_nouns:
                start, modifier = i, False
            elif word in ARTICLES or word in self.demonyms:
                if not modifier:
                    start = i
            elif self.view.tokens[i].text.isalpha() and self.view.tokens[i].text.islower():
                if word_tense(word) is not None:
                    break
                modifier = True
            elif self.view.tokens[i].text in self.places and self.words[i - 1 : i] == ["de"]:
                modifier = True  # "el fondo soberano de Singapur GIC"
            else:
                break
            i -= 1
        return start, None

    def _appositive_prep(self, comma: int) -> tuple[int, str] | None:
        """Case: "una participación del 50% en su negocio asegurador, Seguros El Corte Inglés"."""
        for i in range(comma - 1, max(-1, comma - 6), -1):
            word = self.words[i]
            token = self.view.tokens[i].text
            if word in PREPOSITIONS and word not in ("y", "e", "de", "del"):
                return i, word
            if not (token.isalpha() and token.islower()) or word_tense(word) is not None:
                return None
        return None

    def _is_source(self, c: CompanyRef) -> bool:
        """A company that reports rather than deals.

        "según Reuters", "la agencia Bloomberg informó", "según un reporte enviado a
        la Bolsa Mexicana de Valores" (a "según" aside runs to the next comma).
        """
        np_start = self._np(c)[0]
        reported = "que" in self.words[max(0, np_start - 3) : np_start]  # "informó de que X ..."
        if not reported and self.ctx.source_before.ends_at(self.words, np_start, gap=3):
            return True
        if any(self.ctx.source_nouns.starts_at(self.words, i) for i in range(np_start, c.start)):
            return True
        for i in range(c.start - 1, max(-1, c.start - 12), -1):
            if self.words[i] in (",", ".", ";", ":") or i in self.trigger_tokens:
                return False
            if self.ctx.source_openers.starts_at(self.words, i):
                return True
        return False

    def _attached(self, trigger: Trigger, c: CompanyRef) -> bool:
        """Whether "de X" hangs on the trigger ("la compra de X", "el 20% de X")."""
        anchor = trigger.last if c.start >= trigger.last else trigger.end
        np_start = self._np(c)[0]
        if c.start < anchor or np_start - anchor > MAX_ATTACH_GAP + 3:
            return False
        return all(self._filler(i) for i in range(anchor, np_start))

    def _filler(self, i: int) -> bool:
        """Words that may sit between a trigger and its company ("del 89,68% de la")."""
        word = self.words[i]
        if word in ARTICLES or word in ("de", "del", "en", "a", "al") or word in STAKE_WORDS:
            return True
        if word in self.ctx.company_anaphors or word in self.demonyms or word in self.cue_nouns:
            return True
        if word in SHARE_WORDS:
            return True
        if word in _qualifier_words() and self._figure_within(i + 1, 4):
            return True
        return self.view.in_percent[i] or self.view.in_money[i]

    def _dated(self, i: int) -> bool:
        """A word of a date between a verb and its object ("compró en 2020 X")."""
        nxt = i + 1 < len(self.words) and self.view.in_date[i + 1]
        return self.view.in_date[i] or (self.words[i] in ("en", "el") and nxt)

    def _unit_appositive(self, gap: list[int], c: CompanyRef) -> bool:
        """Case: "su división mayorista, X," - a business of the subject named after a comma."""
        if len(gap) < 3 or len(gap) > 6 or self.words[gap[0]] not in ("su", "sus"):
            return False
        if self.words[gap[-1]] != "," or self.words[c.end : c.end + 1] not in ([","], ["."]):
            return False
        middle = [self.view.tokens[k].text for k in gap[1:-1]]
        return all(w.isalpha() and w.islower() for w in middle)

    def _relative_verb_between(self, start: int, end: int) -> bool:
        """Whether a relative clause with its own subject stands in `[start, end)`.

        "el plan que la compañía presentó el año pasado" (a subject of its own: the
        date is the plan's), not "la compra de Grubhub, que cerró en 2021" (the deal's).
        """
        words = self.words[start:end]
        if "que" not in words:
            return False
        que = start + words.index("que")
        subject = que + 1  # an article or a company right after "que" opens a subject
        if subject >= end or not (
            self.words[subject] in ARTICLES or subject in self.view.company_at
        ):
            return False
        return any(
            word_tense(self.words[i]) is not None and i not in self.trigger_tokens
            for i in range(subject + 1, end)
        )

    def _pointed_back(self, trigger: Trigger) -> bool:
        """A deal noun after a demonstrative ("esta inyección", "dicha operación")."""
        i = trigger.start
        return (
            trigger.form.is_noun
            and i > 0
            and self.words[i - 1] in DEMONSTRATIVES
            and self.last_draft is not None
        )

    def _ranked(self, noun: int) -> bool:
        """Whether a copula and a rank stand right before the noun ("fue la mayor")."""
        words = self.ctx.ranking_words
        for k in range(1, words.longest + 1):
            start = noun - k
            if start >= 0 and tuple(self.words[start:noun]) in words.items:
                if self.ctx.ranking_copulas.ends_at(self.words, start, gap=1):
                    return True  # gap: "fue entonces la mayor"
        return False

    def _figure_within(self, start: int, width: int) -> bool:
        """Whether a percentage or an amount begins within `width` words of `start`."""
        stop = min(start + width, len(self.words))
        return any(self.view.in_percent[k] or self.view.in_money[k] for k in range(start, stop))

    def _object(self, trigger: Trigger, clause: _Clause) -> CompanyRef | None:
        """The bare company right after a verb trigger ("compró la financiera X").

        Nouns take their objects with "de" (a prepositional role), so a noun
        trigger has none here.
        """
        if trigger.form.is_noun and not trigger.absorbed:
            return None
        i = trigger.last
        for c in clause.companies:
            if c.start < i:
                continue
            prep = self._prep_of(c)
            if prep in ("a", "al") and self.words[c.end : c.end + 1] != [","]:
                i = c.end  # "compró a Repsol un 20%": the seller comes first
                continue
            np_start = self._np(c)[0]
            gap = [
                k
                for k in range(i, np_start)
                if self.words[k] not in ("a", "al") and not self._dated(k)
            ]
            if self._unit_appositive(gap, c):
                return c  # "vendió su división mayorista, Smart Foodservice, a US Foods"
            if not all(self._filler(k) for k in gap):
                return None
            if prep is None and not self._is_source(c):
                return c
            if prep in ("de", "del") and self._percent_between(trigger.last, c.start):
                return c  # "se hizo con el 20% de Latam"
            return None
        return None

    def _stake_object(self, trigger: Trigger) -> bool:
        """Shares, not goods ("venderle el 5,25%", "comprar la totalidad")."""
        window = self.words[trigger.last : trigger.last + 4]
        return self._percent_between(trigger.last, trigger.last + 4) or "totalidad" in window

    def _focus_company(self) -> str | None:
        """The company the article is about: the most mentioned.

        On a tie, the one that opens more sentences, then the earliest.
        """
        starts = {s for s, _ in self.view.sentences}
        counts: dict[str, tuple[int, int]] = {}
        for c in self.view.companies:
            mentions, subjects = counts.get(c.name, (0, 0))
            counts[c.name] = (mentions + 1, subjects + (self._np(c)[0] in starts))
        if not counts:
            return None
        best = max(counts.values())
        return next(c.name for c in self.view.companies if counts[c.name] == best)

    def _salient_company(
        self, before: int, exclude: set[str], noun: str | None = None
    ) -> str | None:
        """The company a noun such as "la compañía" refers to.

        A noun that says what kind of company ("la eléctrica") takes a company
        of that kind (`Descriptors`); otherwise the one the article is about,
        else the current topic, else the most recent one; never one already a party.
        """
        if noun is not None and self.descriptors.is_specific(noun):
            found = self.descriptors.resolve(noun, before, exclude, (self.focus, self.topic))
            if found is not None:
                return found
        if self.focus is not None and self.focus not in exclude:
            return self.focus
        if self.topic is not None and self.topic not in exclude:
            return self.topic
        for c in self.view.companies_before(before):
            if c.name not in exclude:
                return c.name
        return None

    def _percent_between(self, a: int, b: int) -> bool:
        return bool(self.view.percents_in(a, b))

    def _subjects(self, trigger: Trigger, clause: _Clause, used: set[int]) -> list[CompanyRef]:
        before = [c for c in clause.companies if c.end <= trigger.start and c.start not in used]
        for c in reversed(before):
            if self._is_source(c) or self._prep_of(c) is not None or self._in_aside(c, clause):
                continue
            c = self._bracket_host(c, before)
            group = [c]
            for other in reversed(before):
                if other.start < c.start and self._coordinated_pair(other, group[-1]):
                    group.append(other)
            group.reverse()
            return group
        return []

    def _bracket_host(self, c: CompanyRef, before: Sequence[CompanyRef]) -> CompanyRef:
        """The full name an alias in brackets follows: "Sociedad Química y Minera (SQM)"."""
        if c.start == 0 or self.words[c.start - 1] != "(":
            return c
        host = next((b for b in before if b.end == c.start - 1 and b.name == c.name), None)
        return host or c

    def _nearest_before(
        self, trigger: Trigger, clause: _Clause, used: set[int]
    ) -> list[CompanyRef]:
        """The closest company before, whatever governs it ("la estrategia de Amazon ...")."""
        for c in reversed(clause.companies):
            if c.end <= trigger.start and c.start not in used and not self._is_source(c):
                prep = self._prep_of(c)
                topicalised = prep == "para" and self.words[c.end : c.end + 1] == [","]
                if prep not in ("con", "a", "al", "en", "por", "para", "sobre") or topicalised:
                    return [c]
        return []

    def _in_aside(self, c: CompanyRef, clause: _Clause) -> bool:
        """An aside ("Atlantic Gateway, del empresario X y el grupo Barraqueiro, se hizo con")."""
        for i in range(c.start - 1, clause.start - 1, -1):
            if self.words[i] == ",":
                opener = self.words[i + 1] if i + 1 < c.start else ""
                closed = "," in self.words[c.end : c.end + 2]
                return opener in PREPOSITIONS and opener not in ("y", "e") and closed
        return False

    def _coordinated(self, c: CompanyRef, clause: _Clause) -> list[CompanyRef]:
        """Companies listed right after c ("X, Y y Z")."""
        out: list[CompanyRef] = []
        last = c
        for other in clause.companies:
            if other.start < last.end:
                continue
            if self._coordinated_pair(last, other):
                out.append(other)
                last = other
            else:
                break
        return out

    def _coordinated_pair(self, a: CompanyRef, b: CompanyRef) -> bool:
        """Whether b continues a list that a is in.

        "X, Y", "X y la chilena Y", "de X y de Y" (the preposition repeated),
        "X, además de Y".
        """
        between = self.words[a.end : b.start]
        if not 0 < len(between) <= 6:
            return False
        linked, i = False, 0
        while i < len(between):
            word = between[i]
            if word in (",", "y", "e"):
                linked, i = True, i + 1
                continue
            link = self.ctx.list_links.length_at(between, i)
            if link:
                linked, i = True, i + link
                continue
            repeated = i > 0 and between[i - 1] in ("y", "e") and word == self._prep_of(a)
            if not (
                repeated
                or word in ARTICLES
                or word in self.ctx.company_anaphors
                or word in self.demonyms  # "X y la chilena NotCo"
                or word in self.cue_nouns  # "X y el fondo británico Y"
            ):
                return False
            i += 1
        return linked

    def _investors(self, clause: _Clause) -> list[CompanyRef]:
        out: list[CompanyRef] = []
        for c in clause.companies:
            if self.ctx.investor_cues.ends_at(self.words, self._np(c)[0], gap=4):
                out.append(c)
                out.extend(self._coordinated(c, clause))
        return out

    def _investor_verb_before(self, trigger: Trigger) -> bool:
        window = self.words[max(0, trigger.start - 3) : trigger.start]
        return any(w in INVESTOR_VERBS for w in window)

    # -- attributes ---------------------------------------------------------------
    def _attributes(self, draft: Draft, trigger: Trigger, clause: _Clause) -> None:
        draft.valuation = next((m for m in clause.money if self._is_valuation(m)), None)
        draft.amount = self._amount(trigger, clause)
        stake = self._stake(trigger, clause)
        if stake is not None:
            draft.stake, draft.stake_ref = stake.value, stake
        elif self._whole_company(trigger):
            draft.stake = Decimal(100)
        draft.date = self._date(trigger, clause)

    def _usable_amount(self, m: MoneyRef) -> bool:
        if self._is_valuation(m) or self.ctx.per_share_after.starts_at(self.words, m.end):
            return False
        if self.ctx.not_amount_before.ends_at(self.words, m.start, gap=4):
            return False
        return not self._is_conversion(m)

    def _is_conversion(self, m: MoneyRef) -> bool:
        """The second is the same money ("US$ 1.245 millones, unos 1.190 millones de euros")."""
        for other in self.view.money_in(max(0, m.start - 12), m.start):
            if other.end <= m.start and m.start - other.end <= 5:
                between = self.words[other.end : m.start]
                if between and between[0] in (",", "(") and other.currency != m.currency:
                    return True
        return self.ctx.conversion_after.starts_at(self.words, m.end)

    def _is_valuation(self, m: MoneyRef) -> bool:
        """A valuation of the target ("la valora en X"), not the price ("valorada en X")."""
        if not self.ctx.valuation_before.ends_at(self.words, m.start, gap=10):
            return False
        return not self._trigger_between(m) and not self._priced_deal(m)

    def _priced_deal(self, m: MoneyRef) -> bool:
        """The deal's own value ("La compra ..., valorada en unos USD 3.000 millones")."""
        window = self.words[max(0, m.start - 12) : m.start]
        cue = next(
            (k for k in range(len(window) - 1, -1, -1) if window[k].startswith("valorad")), None
        )
        if cue is None:
            return False
        return any(w in DEAL_NOUNS for w in window[max(0, cue - 8) : cue])

    def _trigger_between(self, m: MoneyRef) -> bool:
        window = self.words[max(0, m.start - 8) : m.start]
        return any(w in ("por", "pagar", "pagó") for w in window[-3:]) and not any(
            w.startswith("valor") for w in window[-3:]
        )

    def _amount(self, trigger: Trigger, clause: _Clause) -> MoneyRef | None:
        usable = [m for m in clause.money if self._usable_amount(m)]
        after = [m for m in usable if m.start >= trigger.start]
        if after:
            return after[0]
        before = [m for m in usable if m.end <= trigger.start]
        if not before:
            return None
        m = before[-1]
        if m.qualifier in ("more_than", "less_than") and self.words[m.start - 1] in ("los", "las"):
            # "muy por encima de los 12.500 millones que pagó": the figure is exact
            m = replace(m, qualifier="exact")
        return m

    def _stake(self, trigger: Trigger, clause: _Clause) -> PercentRef | None:
        """The percentage that is the deal's stake: tied to a company or to shares.

        "el 51% de X", "una participación del 10% en X", "con un 27% del capital";
        not "un 5 % de las ventas" or "subían un 4 %".
        """
        best: PercentRef | None = None
        best_distance = 10**9
        for p in clause.percents:
            if self.ctx.not_stake_before.ends_at(self.words, p.start, gap=2):
                continue
            if p.fraction and not (0 <= p.start - trigger.last <= 3):
                continue
            if not self._stake_like(p, trigger):
                continue
            distance = abs(p.start - trigger.start)
            if self.words[max(0, p.start - 3) : p.start].count("hasta"):
                distance -= 100  # "desde algo más del 5 % hasta cerca del 10 %": where it ends
            if distance < best_distance:
                best, best_distance = p, distance
        return best

    def _stake_like(self, p: PercentRef, trigger: Trigger | None = None) -> bool:
        """Whether a percentage is a stake in a company, not in an asset or a market."""
        owned = self._owned_by(p)
        if owned is False:
            return False  # "el 50% del bloque La Amarga Chica", "un 5 % de las ventas"
        if trigger is not None and 0 <= p.start - trigger.last <= 2 and not trigger.form.is_noun:
            return True  # "venderle el 5,25%": the object of a buy or sell verb
        before = self.words[max(0, p.start - 4) : p.start]
        if any(w in STAKE_NOUNS for w in before) or self.ctx.stake_before.ends_at(
            self.words, p.start
        ):
            return True
        after = self.words[p.end : p.end + 4]
        if after[:1] in (["restante"],):
            return True
        if not after or after[0] not in ("de", "del", "en"):
            return False
        rest = after[1:]
        if rest and (rest[0] in STAKE_WORDS or rest[0] in ("su", "sus")):
            return True
        if (
            rest[:1] in (["la"], ["el"], ["los"], ["las"])
            and len(rest) > 1
            and (
                rest[1] in self.ctx.company_anaphors
                or rest[1] in self.cue_nouns
                or rest[1] in STAKE_WORDS
            )
        ):
            return True
        start = p.end + 1
        return any(i in self.view.company_at for i in range(start, start + 3))

    def _owned_by(self, p: PercentRef) -> bool | None:
        """What "de ..." after a percentage names.

        A company or shares (True), something else (False), or nothing is said (None).
        """
        after = self.words[p.end : p.end + 4]
        if not after or after[0] not in ("de", "del"):
            return None
        rest = after[1:]
        head = (
            rest[1]
            if rest[:1] in (["la"], ["el"], ["los"], ["las"]) and len(rest) > 1
            else (rest[0] if rest else "")
        )
        if head in STAKE_WORDS or head in ("su", "sus") or head in self.ctx.company_anaphors:
            return True
        if head in self.cue_nouns or head in ("capital", "acciones", "títulos"):
            return True
        start = p.end + 1
        if any(i in self.view.company_at for i in range(start, start + 3)):
            return True
        head_index = p.end + 1 + (1 if rest[:1] in (["la"], ["el"], ["los"], ["las"]) else 0)
        head_text = self.view.tokens[min(head_index, len(self.words) - 1)].text
        return None if head_text[:1].isupper() else False

    def _whole_company(self, trigger: Trigger) -> bool:
        """100 %; "la totalidad de su 25%" is not ("por la totalidad de su rival")."""
        words = self.words[trigger.start : trigger.last + 8]
        for k in range(len(words) - 2):
            if words[k : k + 3] == ["la", "totalidad", "de"]:
                rest = trigger.start + k + 3
                return (
                    not self._percent_between(rest, rest + 3)
                    and "participación" not in words[k + 3 : k + 6]
                )
        return False

    def _date(self, trigger: Trigger, clause: _Clause) -> str | None:
        best: DateRef | None = None
        best_distance = 10**9
        for d in clause.dates:
            if self.ctx.not_deal_date_before.ends_at(self.words, d.start, gap=3):
                continue
            if d.start >= trigger.last and self._relative_verb_between(trigger.last, d.start):
                continue  # "el plan que la compañía presentó el año pasado": the plan's date
            distance = (
                trigger.start - d.end if d.end <= trigger.start else (d.start - trigger.last) * 2
            )
            if 0 <= distance < best_distance:
                best, best_distance = d, distance
        return best.value if best else None

    # -- status -------------------------------------------------------------------
    def _status(self, trigger: Trigger, clause: _Clause, sentence_end: int) -> str:
        before = max(clause.start, trigger.start - CUE_WINDOW)
        found = self._cues(before, trigger.last, skip_asides=True) | {
            status for status in self._cues(trigger.last, clause.end, skip_relatives=True)
        }
        if "cancelled" in found or "cancelled" in self._cues(
            trigger.start, min(sentence_end, trigger.last + MAX_CLAUSE), skip_company_relatives=True
        ):
            return "cancelled"  # "..., pero el acuerdo se cayó meses después"
        if "potential" in found:
            return "potential"
        if trigger.form.rule.status in ("completed", "potential") and not found:
            return trigger.form.rule.status
        tense = trigger.form.tense
        if trigger.form.is_noun or tense in ("infinitive", "present", "participle"):
            tense = self._nearest_tense(trigger, clause) or tense
        by_tense = {
            "past": "completed",
            "participle": "completed",
            "future": "agreed",
            "conditional": "potential",
        }
        if "agreed" in found and tense != "past":
            return "agreed"
        if "agreed" in found and "completed" not in found:
            return "agreed"
        if "completed" in found:
            return "completed"
        return by_tense.get(tense, "completed")

    def _cues(
        self,
        start: int,
        end: int,
        skip_relatives: bool = False,
        skip_company_relatives: bool = False,
        skip_asides: bool = False,
    ) -> set[str]:
        found: set[str] = set()
        i = start
        while i < end:
            if skip_asides and self.words[i] == "que" and i > 0 and self.words[i - 1] == ",":
                close = next((k for k in range(i + 1, end) if self.words[k] == ","), None)
                if close is not None:
                    i = close + 1  # "X, que ofrece adelantos de salario, cerró": about X
                    continue
            if (
                skip_company_relatives
                and self.words[i] == "que"
                and self.words[i - 1] == ","
                and i - 1 in self.company_ends
            ):
                break  # "..., al fondo Advent, que retiró la marca": about the company
            if (
                skip_relatives
                and self.words[i] == "que"
                and i > start
                and (
                    self.words[i - 1] not in (",", "la", "el", "los", "las")
                    or self.words[i - 1] == ","
                )
            ):
                break  # "..., una cifra que podría llegar": about the figure, not the deal
            for k in range(min(self.lex.cue_reach.get(self.words[i], 0), end - i), 0, -1):
                status = self.lex.cues.get(" ".join(self.words[i : i + k]))
                if status is not None:
                    found.add(status)
                    i += k
                    break
            else:
                i += 1
        return found

    def _nearest_tense(self, trigger: Trigger, clause: _Clause) -> str | None:
        for i in range(trigger.start - 1, clause.start - 1, -1):
            tense = self.view.tokens[i].tense or word_tense(self.words[i])
            if tense is not None:
                return tense
        for i in range(trigger.last, clause.end):
            tense = self.view.tokens[i].tense or word_tense(self.words[i])
            if tense is not None:
                return tense
        return None

    # -- across sentences ---------------------------------------------------------
    def _referred_draft(self, drafts: list[Draft], start: int, end: int) -> Draft | None:
        """The latest deal a sentence refers to ("la adquisición" -> the last acquisition)."""
        opening = self.words[start : min(end, start + 12)]
        for word in opening:
            if word in self.ctx.deal_references:
                types = REFERENCE_TYPES.get(word)
                for draft in reversed(drafts):
                    if types is None or draft.type in types:
                        return draft
                return None
        return None

    def _follow_up(self, draft: Draft, start: int, end: int) -> None:
        """What a later sentence adds to a deal just told ("La operación quedó cerrada ...")."""
        clause = self._span_clause(start, end)
        cues = self._cues(start, end)
        if "cancelled" in cues:
            draft.status = "cancelled"
        elif "completed" in cues and draft.status in ("agreed", "potential"):
            draft.status = "completed"
        if draft.valuation is None:
            draft.valuation = next((m for m in clause.money if self._is_valuation(m)), None)
        if draft.amount is None:
            draft.amount = next((m for m in clause.money if self._usable_amount(m)), None)
        if draft.date is None:
            dates = [
                d
                for d in clause.dates
                if not self.ctx.not_deal_date_before.ends_at(self.words, d.start, gap=3)
                and self._cues(max(start, d.start - 5), min(end, d.end + 3))
                and not self._relative_verb_between(start, d.start)
            ]
            draft.date = dates[-1].value if dates else None
        if draft.type == "investment":
            for c in self._investors(clause):
                if c.name not in draft.buyers and c.name != draft.target:
                    draft.buyers.append(c.name)

    def _update_topic(self, new: list[Draft], start: int, end: int) -> None:
        """The company the text is about: a new deal's subject, else the sentence's subject."""
        for draft in new:
            if draft.subject is not None:
                self.topic = draft.subject
                return
        first_verb = next(
            (
                i
                for i in range(start, end)
                if self.view.tokens[i].tense or word_tense(self.words[i]) is not None
            ),
            end,
        )
        for c in self.view.companies_in(start, first_verb):
            if self._prep_of(c) is None:
                if not self._is_source(c):
                    self.topic = c.name
                    return

    def _opens_with_reference(self, start: int, end: int) -> bool:
        """A sentence about the deal just told ("La ronda, equivalente a ..., valora ...")."""
        words = self.words[start : min(end, start + 4)]
        for k, word in enumerate(words[:-1]):
            if word in ("la", "el", "esta", "este", "dicha", "dicho", "aquella", "aquel") and (
                words[k + 1] in self.ctx.deal_references
            ):
                subject_company = any(
                    self._prep_of(c) is None for c in self.view.companies_in(start, start + 8)
                )
                return not subject_company
            if self.view.tokens[start + k].text.strip() and word not in ("y", "pero", "además"):
                if k > 0:
                    break
        return False


def _settle_type(draft: Draft, trigger: Trigger) -> None:
    """Stakes above half are acquisitions; a minority bought is a stake."""
    if draft.stake is None:
        return
    if draft.type == "acquisition" and draft.stake <= ACQUISITION_THRESHOLD:
        draft.type = "stake"
    elif draft.type == "stake" and draft.stake > ACQUISITION_THRESHOLD:
        draft.type = "acquisition"


def _complete(d: Draft) -> bool:
    """Enough parties and facts to be a deal."""
    if d.type == "merger":
        return len(d.buyers) + (d.target is not None) >= 2
    if d.type == "contract":
        return d.target is not None and bool(d.buyers) or len(d.buyers) >= 2
    if d.target is None:
        return False
    if d.type == "stake":
        return d.stake is not None or d.amount is not None and d.stake_noun
    if d.type == "investment":
        return d.amount is not None or bool(d.buyers) and "deal.raise" in d.rule_ids
    return bool(d.buyers) or d.seller is not None or d.amount is not None


def _completes(host: Trigger, noun: Trigger) -> bool:
    """Whether a noun completes the trigger before it rather than opening a deal.

    "comprar ... la participación", "levantó ... en una serie E".
    """
    if noun.form.rule.id == host.form.rule.id:
        return True
    if noun.type == "stake":
        return host.type == "acquisition" or (host.type == "investment" and not host.form.is_noun)
    return noun.form.rule.raise_ and host.type == "investment" and not host.form.is_noun


def _parties(roles: dict[str, list[str]]) -> list[str]:
    return [*roles["buyer"], *roles["seller"], *roles["target"]]


@cache
def _sector_of() -> dict[str, str]:
    return gazetteer().sector_of()


@cache
def _qualifier_words() -> frozenset[str]:
    """Words of "alrededor del 14%", "más de US$ 10 millones": fillers before a figure."""
    return frozenset(w for phrase in qualifier_lexicon() for w in phrase.split())


def _absorb_partial(host: Draft, part: Draft) -> None:
    """A retelling without its target ("Telecom se ha quedado con el 99,99% del capital")."""
    same_family = {host.type, part.type} <= {"acquisition", "stake"} or host.type == part.type
    if part.target is not None or not same_family:
        return
    if part.buyers and not set(part.buyers) & set(host.buyers):
        return
    if (not part.buyers or part.implicit_subject) and not part.definite:
        return  # "las empresas no solo inyectan capital": not a retelling
    if host.stake is None and part.stake is not None:
        host.stake, host.stake_ref = part.stake, part.stake_ref
    host.amount = host.amount or part.amount
    host.date = host.date or part.date
    host.status = _combine_status(host.status, part.status)


def _unique(names: list[str]) -> list[str]:
    out: list[str] = []
    for n in names:
        if n not in out:
            out.append(n)
    return out


def _same_deal(a: Draft, b: Draft) -> bool:
    if a.type != b.type:
        return False
    if a.date and b.date and a.date[:4] != b.date[:4] and "X" not in a.date + b.date:
        return False  # told with different years: two deals
    if a.stake is not None and b.stake is not None and a.stake != b.stake:
        return False  # "el 5,25%" and "un 19,75%": two sales of one company
    if a.amount and b.amount and a.amount.currency == b.amount.currency:
        if abs(a.amount.value - b.amount.value) > a.amount.value / 100:
            return False
    if a.type == "merger":
        return bool(set(a.buyers) & set(b.buyers))
    if a.target != b.target:
        return False
    return not a.buyers or not b.buyers or bool(set(a.buyers) & set(b.buyers))


def _stake_of_investment(a: Draft, b: Draft) -> bool:
    """One deal ("invertirá USD 5.000 millones en Intel ... una participación del 4 %")."""
    if {a.type, b.type} != {"investment", "stake"} or a.target != b.target:
        return False
    stake = a if a.type == "stake" else b
    return stake.amount is None and bool(set(a.buyers) & set(b.buyers))


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    """One draft per deal: later tellings fill what earlier ones left empty."""
    merged: list[Draft] = []
    by_target: dict[str | None, list[Draft]] = {}  # both tests need the same target
    for d in drafts:
        same = by_target.setdefault(d.target, [])
        host = next((m for m in same if _same_deal(m, d) or _stake_of_investment(m, d)), None)
        if host is not None and host.type == "stake" and d.type == "investment":
            host.type = "investment"
        if host is None:
            merged.append(d)
            same.append(d)
            continue
        host.buyers = _unique([*host.buyers, *d.buyers])
        host.seller = host.seller or d.seller
        host.amount = host.amount or d.amount
        if host.stake is None:
            host.stake, host.stake_ref = d.stake, d.stake_ref
        host.valuation = host.valuation or d.valuation
        host.date = host.date or d.date
        host.status = _combine_status(host.status, d.status)
        host.rule_ids = _unique([*host.rule_ids, *d.rule_ids])
    return merged


def _combine_status(a: str, b: str) -> str:
    if "cancelled" in (a, b):
        return "cancelled"
    return a if STATUS_RANK[a] >= STATUS_RANK[b] else b


def assemble(view: ArticleView) -> list[Draft]:
    """Every deal draft of the article, merged."""
    return Assembler(view).run()
