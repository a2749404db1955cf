"""`deals_companies`: which capitalised names in an article are companies.

Candidates are proper-name chunks (runs of capitalised words with "de", "of",
"&" inside) and gazetteer matches. A candidate becomes a company on evidence:
the gazetteer, a legal suffix, company words in the name ("Group",
"Banco"), a cue before it ("la startup X", "el fondo alemán X"), an
apposition after it ("X, la fintech ..."), the statistical NER calling it
ORG, a list it shares with companies, or an acronym in brackets. People,
places, products, public bodies and sentence-initial common words are vetoed.
Every other occurrence of an accepted form is then a mention too, and forms
of one company (aliases, acronyms, short forms) are grouped under its
fullest name.

Writes `doc.spans["companies"]` (label ORG, `span._.value` = company name,
`span._.rule_id` = the evidence) and `doc._.companies`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractor.components.doc_utils import sentence_starts, token_texts
from extractor.deals.lexicon import deal_lexicon
from extractor.extensions import COMPANY, DATE, MONEY, NOT_COMPANIES, PERCENT
from extractor.gazetteer import Gazetteer, gazetteer
from extractor.normalize.dates import word_tense
from extractor.normalize.names import core_words, fold

CONNECTORS = frozenset(
    {
        "de",
        "del",
        "la",
        "las",
        "los",
        "of",
        "the",
        "do",
        "da",
        "dos",
        "das",
        "di",
        "van",
        "von",
        "der",
        "&",
        "and",
        "e",
    }
)
ARTICLES = frozenset({"el", "la", "los", "las", "al", "del", "un", "una", "a", "de"})
MAX_CUE_GAP = 6  # lower-case words allowed between a cue noun and the name
STRONG = frozenset({"gazetteer", "legal_suffix"})
NAMED_NON_COMPANIES = frozenset({"person", "public_body", "non_company"})
PLACE_PREPOSITIONS = frozenset({"en", "desde", "hacia", "hasta", "por"})
INVESTOR_CUES = [
    p.split()
    for p in (
        "liderada por",
        "liderado por",
        "encabezada por",
        "encabezado por",
        "codirigida por",
        "coliderada por",
        "con la participación de",
        "participaron",
        "respaldada por",
    )
]
WEAK_ALONE = frozenset({"ner_org", "apposition", "cue_before", "coordination", "deal_role"})


@dataclass
class Candidate:
    """A proper-name chunk `[start, end)` and what we know about it."""

    start: int
    end: int
    gaz_index: int | None = None
    evidence: list[str] = field(default_factory=list)
    veto: str | None = None
    sentence_initial: bool = False
    verb_after: bool = False
    local_unit: bool = False  # a known company plus a place: "HSBC Argentina", not HSBC

    def key(self, doc: Doc) -> str:
        """The candidate's text."""
        return doc[self.start : self.end].text


@Language.factory("deals_companies", assigns=["doc.spans", "doc._.companies"], default_config={})
def make_companies(nlp: Language, name: str) -> CompanyFinder:
    """Build the company finder (reads the gazetteer once)."""
    return CompanyFinder(nlp, name=name)


class CompanyFinder:
    """Finds companies and groups their names."""

    def __init__(self, nlp: Language, name: str = "deals_companies") -> None:
        self.name = name
        self.gaz: Gazetteer = gazetteer()
        cues = self.gaz.cues
        self.forms = self.gaz.company_forms()
        self.ambiguous = self.gaz.ambiguous_forms()
        self.non_companies = self.gaz.non_company_forms()
        self.cue_nouns = _phrases(cues.cue_nouns)
        self.not_before = frozenset(w.lower() for w in cues.not_company_before)
        self.heads = _phrases(cues.company_heads, lower=False)
        self.tails = frozenset(cues.company_tails)
        self.generic = frozenset([*cues.generic_words, *(p.lower() for p in self.gaz.places)])
        self.legal = _phrases(cues.legal_suffixes, lower=False)
        self.legal_longest_first = sorted(self.legal, key=len, reverse=True)
        self.legal_last_words = frozenset(s.split()[-1] for s in self.legal if s.split())
        self.public_heads = _phrases(cues.public_heads, lower=False)
        self.never_alone = frozenset(cues.never_alone)
        self.stop_words = nlp.Defaults.stop_words
        self.deal_words = frozenset(
            form
            for form, found in deal_lexicon().forms.items()
            if " " not in form and any(f.rule.type != "stake" for f in found)
        )
        self._ent_of: list[tuple[int, int, str] | None] = []
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        forms = list(self.forms)
        self.matcher.add("COMPANY", list(nlp.tokenizer.pipe(forms)))
        self.matcher.add("NON_COMPANY", list(nlp.tokenizer.pipe(sorted(self.non_companies))))

    # -- spaCy contract ---------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        """Find the companies of a doc."""
        candidates = self.match(doc)
        self.set_annotations(doc, candidates)
        return doc

    def match(self, doc: Doc) -> list[Candidate]:
        """Proper-name chunks with their evidence and vetoes."""
        blocked = _blocked_tokens(doc)
        self._ent_of: list[tuple[int, int, str] | None] = [None] * len(doc)
        for e in doc.ents:
            for i in range(e.start, e.end):
                self._ent_of[i] = (e.start, e.end, e.label_)
        known = self._gazetteer_spans(doc, blocked)
        starts = sentence_starts(doc)
        candidates = [self._judge(doc, c, starts) for c in self._chunks(doc, blocked, known)]
        _link_brackets(doc, candidates)
        _link_coordination(doc, candidates, self.cue_nouns, self.gaz.demonyms)
        return candidates

    def set_annotations(self, doc: Doc, candidates: Sequence[Candidate]) -> None:
        """Group accepted forms into companies and mark every occurrence."""
        accepted = [c for c in candidates if _accepted(c)]
        accepted += self._short_forms(doc, candidates, accepted)
        accepted.sort(key=lambda c: c.start)
        entities = self._entities(doc, accepted)
        spans = self._occurrences(doc, entities)
        doc.spans[COMPANY] = spans
        doc._.companies = [entity.to_dict(spans) for entity in entities if entity.forms]
        taken = {i for s in spans for i in range(s.start, s.end)}
        doc.spans[NOT_COMPANIES] = [
            Span(doc, c.start, c.end, label=c.veto)
            for c in candidates
            if c.veto in NAMED_NON_COMPANIES and not any(i in taken for i in range(c.start, c.end))
        ]

    # -- candidates ---------------------------------------------------------------
    def _gazetteer_spans(
        self, doc: Doc, blocked: Sequence[bool]
    ) -> dict[int, tuple[int, int | None]]:
        """Longest gazetteer matches: start -> (end, company index or None for non-companies)."""
        found = []
        company_label = doc.vocab.strings["COMPANY"]
        for match_id, start, end in self.matcher(doc):
            if not any(blocked[start:end]):
                found.append(Span(doc, start, end, label=match_id))
        spans: dict[int, tuple[int, int | None]] = {}
        for span in filter_spans(found):
            index = self.forms.get(span.text) if span.label == company_label else None
            spans[span.start] = (span.end, index)
        return spans

    def _chunks(
        self, doc: Doc, blocked: Sequence[bool], known: dict[int, tuple[int, int | None]]
    ) -> list[Candidate]:
        chunks: list[Candidate] = []
        namey = [_namey(text) for text in token_texts(doc)]  # read once, not a Token each time
        lower = token_texts(doc, lower=True)
        i = 0
        while i < len(doc):
            if blocked[i] or not (i in known or namey[i]):
                i += 1
                continue
            start, j = i, i
            pieces: list[int | None] = []
            while j < len(doc) and not blocked[j]:
                if j in known:
                    end, index = known[j]
                    pieces.append(index)
                    j = end
                elif namey[j]:
                    pieces.append(None)
                    j += 1
                elif lower[j] in CONNECTORS and j > start and self._continues(doc, j, known):
                    j += 1
                else:
                    break
            chunks.extend(self._split(doc, start, j, known))
            i = max(j, i + 1)
        extended = [self._with_number(doc, self._with_legal_suffix(doc, c)) for c in chunks]
        kept: list[Candidate] = []
        for c in extended:  # a legal suffix taken by the name before is not a name of its own
            if not kept or c.start >= kept[-1].end:
                kept.append(c)
        return kept

    def _with_number(self, doc: Doc, candidate: Candidate) -> Candidate:
        """A fund's number is its name ("SoftBank Vision Fund 2", "Fondo Infraestructura III")."""
        j = candidate.end
        if (
            j < len(doc)
            and doc[j - 1].text in self.tails
            and (
                (doc[j].is_digit and len(doc[j].text) <= 2)
                or doc[j].text in ("II", "III", "IV", "V")
            )
        ):
            candidate.end = j + 1
            if candidate.gaz_index is not None:
                candidate.evidence.append("gazetteer")
                candidate.evidence.append("contains_company")
                candidate.gaz_index = None
        return candidate

    def _continues(self, doc: Doc, j: int, known: dict[int, tuple[int, int | None]]) -> bool:
        """A connector stays inside a name only when a name word follows it.

        It does not join a known name after it ("Avangrid de la Bolsa de Nueva York").
        """
        k = j + 1
        if k < len(doc) and doc[k].lower_ in ("la", "las", "los") and doc[j].lower_ == "de":
            k += 1
        if k in known or (k - 1 in known and k - 1 != j):
            return False
        return k < len(doc) and _namey(doc[k].text) and doc[k].lower_ not in ARTICLES

    def _split(
        self, doc: Doc, start: int, end: int, known: dict[int, tuple[int, int | None]]
    ) -> list[Candidate]:
        """Trim articles and stop words at the edges; a lone gazetteer hit keeps its index."""
        while (
            start < end
            and start not in known
            and doc[start].text != "The"
            and (doc[start].lower_ in self.stop_words or doc[start].lower_ in CONNECTORS)
            and (_opens_sentence(doc, start) or doc[start].is_lower)
        ):
            start += 1  # "Según CNBC", but not "Buenos Aires" or "La Caixa" mid-sentence
        while end > start and doc[end - 1].lower_ in CONNECTORS:
            end -= 1
        if start >= end:
            return []
        candidate = Candidate(start, end)
        if start in known and known[start][0] == end:
            candidate.gaz_index = known[start][1]
            if candidate.gaz_index is None:
                candidate.veto = "non_company"
        else:
            inner = [
                (s, known[s][0], known[s][1])
                for s in range(start, end)
                if s in known and known[s][0] <= end
            ]
            candidate = self._around_known(doc, candidate, inner)
        return [candidate]

    def _around_known(
        self, doc: Doc, candidate: Candidate, inner: list[tuple[int, int, int | None]]
    ) -> Candidate:
        """A chunk holding a gazetteer name plus other words ("Viajes El Corte Inglés")."""
        companies = [(s, e, idx) for s, e, idx in inner if idx is not None]
        if any(idx is None for _, _, idx in inner) and not companies:
            candidate.veto = "non_company"
            return candidate
        if len(companies) != 1:
            return candidate
        s, e, idx = companies[0]
        leading = doc[candidate.start : s].text
        if s > candidate.start and e == candidate.end and leading in self.gaz.places:
            return Candidate(s, e, gaz_index=idx)  # "de Singapur GIC": the place is not the name
        extra = [t.text for t in doc[candidate.start : s]] + [
            t.text for t in doc[e : candidate.end]
        ]
        trailing = doc[e : candidate.end].text
        if s == candidate.start and _place_suffix(trailing, self.gaz.places):
            # "HSBC Argentina", "Telefónica de Costa Rica": the parent's local company
            candidate.evidence.append("contains_company")
            candidate.local_unit = True
        elif all(fold(w) in self._generic_folded() for w in extra):
            candidate.gaz_index = idx
            candidate.evidence.append("gazetteer")
        elif all(any(c.isdigit() for c in w) for w in doc[e : candidate.end].text.split()) and (
            s == candidate.start
        ):
            # "Airbus A350": the company is the known name, the rest a model.
            return Candidate(s, e, gaz_index=idx)
        else:
            candidate.evidence.append("contains_company")
        return candidate

    def _short_generic(self) -> frozenset[str]:
        if not hasattr(self, "_short_generic_cache"):
            self._short_generic_cache = frozenset(self.tails | self._generic_folded())
        return self._short_generic_cache

    def _generic_folded(self) -> frozenset[str]:
        if not hasattr(self, "_generic_cache"):
            self._generic_cache = frozenset(fold(g) for g in self.generic)
        return self._generic_cache

    def _with_legal_suffix(self, doc: Doc, candidate: Candidate) -> Candidate:
        """Extend over ", S.A. de C.V." or " Inc." right after the name."""
        j = candidate.end
        if j < len(doc) and doc[j].text == ",":
            j += 1
        found = _phrase_at(doc, j, self.legal, lower=False)
        if found:
            candidate.end = j + found
            candidate.evidence.append("legal_suffix")
        else:
            inside = _phrase_ending(doc, candidate.start, candidate.end, self.legal)
            if inside and inside < candidate.end - candidate.start:
                candidate.evidence.append("legal_suffix")
        return candidate

    # -- evidence -----------------------------------------------------------------
    def _judge(self, doc: Doc, c: Candidate, starts: Sequence[int]) -> Candidate:
        span = doc[c.start : c.end]
        text = span.text
        c.sentence_initial = all(
            t.is_space or t.text in ('"', "«", "“", "—", "-", ":", "(")
            for t in doc[starts[c.start] : c.start]
        )
        if c.gaz_index is not None and "gazetteer" not in c.evidence:
            ambiguous = text in self.ambiguous
            c.evidence.append("gazetteer_ambiguous" if ambiguous else "gazetteer")
            c.verb_after = c.end < len(doc) and word_tense(doc[c.end].text) is not None
        if _phrase_at(doc, c.start, self.heads, lower=False) and c.end - c.start > 1:
            c.evidence.append("company_head")
        if any(t.text in self.tails for t in span[1:]):
            c.evidence.append("company_tail")
        if self._cue_before(doc, c.start):
            c.evidence.append("cue_before")
        if self._apposition_after(doc, c.end):
            c.evidence.append("apposition")
        if self._inside_ent(c, "ORG"):
            c.evidence.append("ner_org")
        if self._deal_word_before(doc, c.start) or self._investor_cue_before(doc, c.start):
            c.evidence.append("deal_role")
        if c.veto is None:
            c.veto = self._veto(doc, c, text)
        return c

    def _inside_ent(self, c: Candidate, label: str) -> bool:
        """Whether the NER put the whole candidate inside one entity with `label`."""
        ent = self._ent_of[c.start] if c.start < len(self._ent_of) else None
        return ent is not None and ent[2] == label and c.end <= ent[1]

    def _veto(self, doc: Doc, c: Candidate, text: str) -> str | None:
        strong = any(e in STRONG for e in c.evidence)
        if text in self.non_companies:
            return "non_company"
        if strong:
            return None
        if _phrase_at(doc, c.start, self.public_heads, lower=False) or (
            doc[c.start].lower_ in ("la", "el")
            and _phrase_at(doc, c.start + 1, self.public_heads, lower=False)
            and "gazetteer" not in c.evidence
        ):
            return "public_body"
        if text in self.never_alone or text in self.gaz.products:
            return "not_a_company"
        if c.end - c.start == 1 and text in self.tails:
            return "tail_alone"  # "International", "Group" alone; "Telecom" may be a short form
        if text in self.gaz.places or text.lower() in self.gaz.demonyms:
            before = doc[c.start - 1].lower_ if c.start > 0 else ""
            if "gazetteer_ambiguous" not in c.evidence or before in PLACE_PREPOSITIONS:
                return "place"
        first = doc[c.start].text
        if (
            first in self.gaz.first_names
            and c.end - c.start >= 2
            and "company_tail" not in c.evidence
        ):
            return "person"
        if c.start > 0 and doc[c.start - 1].lower_ in self.not_before:
            return "context"
        if self._inside_ent(c, "PER") and (c.end - c.start >= 2 and not c.evidence):
            return "person"
        if c.sentence_initial and c.end - c.start == 1 and not c.evidence:
            return "sentence_initial"
        return None

    def _cue_before(self, doc: Doc, start: int) -> bool:
        """A cue noun before the name: "la startup X", "el fondo británico X"."""
        first = max(0, start - MAX_CUE_GAP - 5)
        lowers = token_texts(doc, lower=True)[first:start]  # words before the name

        def lower(index: int) -> str:
            return lowers[index - first] if index >= first else doc[index].lower_

        j = start - 1
        gap = 0
        while j >= 0 and gap <= MAX_CUE_GAP:
            word = lower(j)
            for k in (3, 2, 1):
                if (
                    j - k + 1 >= first
                    and " ".join(lowers[j - k + 1 - first : j + 1 - first]) in self.cue_nouns
                ):
                    before = lower(j - k) if j - k >= 0 else ""
                    return before in ARTICLES or before in (
                        "su",
                        "sus",
                        "otra",
                        "otro",
                        "gran",
                        "nueva",
                    )
            if word in self.gaz.demonyms:
                before = lower(j - 1) if j > 0 else ""
                if before in ARTICLES and gap == 0:
                    return True
            if (
                not doc[j].is_alpha
                or doc[j].is_upper
                or word in ("que", "por", "con", "y", "a")
                or (word == "en" and gap == 0)
            ):
                return False
            j -= 1
            gap += 1
        return False

    def _deal_word_before(self, doc: Doc, start: int) -> bool:
        """The name is a deal's party ("la compra de Rutas Serranas", "adquirió Wilobank")."""
        j, steps = start - 1, 0
        while j >= 0 and steps < 5:
            word = doc[j].lower_
            if word in self.deal_words:
                return True
            if (
                word in ARTICLES
                or word in self.cue_nouns
                or word in self.gaz.demonyms
                or word in ("con", "en", "a", "al", "de", "del")
            ):
                j -= 1
                steps += 1
                continue
            return False
        return False

    def _investor_cue_before(self, doc: Doc, start: int) -> bool:
        """An investor ("liderada por ICONIQ", "con la participación de X")."""
        words = token_texts(doc, lower=True)[max(0, start - 5) : start]
        return any(words[k:] in INVESTOR_CUES for k in range(len(words)))

    def _apposition_after(self, doc: Doc, end: int) -> bool:
        """Case: "X, la fintech argentina", "X, una startup especializada"."""
        if end + 2 >= len(doc) or doc[end].text != ",":
            return False
        j = end + 1
        if doc[j].lower_ not in ("el", "la", "un", "una", "otra", "otro"):
            return False
        j += 1
        for _ in range(3):
            if j >= len(doc):
                return False
            for k in (2, 1):
                if " ".join(t.lower_ for t in doc[j : j + k]) in self.cue_nouns:
                    return True
            if (
                doc[j].lower_ in ("de", "las", "los")
                or doc[j].lower_ in self.gaz.demonyms
                or (doc[j].is_alpha and doc[j].is_lower)
            ):
                j += 1
                continue
            return False
        return False

    # -- grouping -----------------------------------------------------------------
    def _entities(self, doc: Doc, accepted: Sequence[Candidate]) -> list[_Entity]:
        entities: list[_Entity] = []
        by_gaz: dict[int, _Entity] = {}
        by_core: dict[tuple[str, ...], _Entity] = {}
        self._by_form: dict[str, _Entity] = {}
        self._by_opener: dict[str, list[_Entity]] = {}
        for c in accepted:
            form = c.key(doc)
            entity = self._find_entity(doc, c, form, by_gaz, by_core, entities)
            if entity is None:
                entity = _Entity()
                entities.append(entity)
            entity.add(form, tuple(t.text for t in doc[c.start : c.end]), c.evidence)
            self._by_form.setdefault(form, entity)
            if " " in form:
                openers = self._by_opener.setdefault(form.split()[0], [])
                if entity not in openers:
                    openers.append(entity)
            if c.gaz_index is not None:
                by_gaz.setdefault(c.gaz_index, entity)
                entity.gaz_index = entity.gaz_index if entity.gaz_index is not None else c.gaz_index
            by_core.setdefault(self._core(doc, c), entity)
            by_core.setdefault(self._core(doc, c, drop_head=True), entity)
        return _merge_brackets(doc, entities, accepted)

    def _find_entity(
        self,
        doc: Doc,
        c: Candidate,
        form: str,
        by_gaz: dict[int, _Entity],
        by_core: dict[tuple[str, ...], _Entity],
        entities: Sequence[_Entity],
    ) -> _Entity | None:
        if c.gaz_index is not None and c.gaz_index in by_gaz:
            return by_gaz[c.gaz_index]
        if form in self._by_form:
            return self._by_form[form]
        core = self._core(doc, c)
        if core in by_core:
            other = by_core[core]
            if c.gaz_index is None or other.gaz_index in (None, c.gaz_index):
                return other
        if c.end - c.start == 1 and c.gaz_index is None:
            opened = self._by_opener.get(form, [])
            for entity in opened:
                if entity.short_form_of(form, self._short_generic()):
                    return entity
            if len(opened) == 1:
                return opened[0]  # "Berkshire" after "Berkshire Hathaway"
        return None

    def _short_forms(
        self, doc: Doc, candidates: Sequence[Candidate], accepted: Sequence[Candidate]
    ) -> list[Candidate]:
        """Other forms of accepted names.

        "Telecom" for "Telecom Argentina" (the rest
        generic), "Nómina Viva" for "Nómina Viva, S.A.P.I. de C.V." (the same core),
        "Estrella del Bajío" for "Autobuses Estrella del Bajío" (a company-word head),
        "Berkshire" for "Berkshire Hathaway" (the only accepted name it opens).
        """
        full = [c.key(doc).replace(",", " ").split() for c in accepted if c.end - c.start > 1]
        cores = {self._core(doc, c) for c in accepted}
        cores |= {self._core(doc, c, drop_head=True) for c in accepted}
        generic = self._short_generic() | frozenset(fold(t) for t in self.tails)
        openers: dict[str, list[list[str]]] = {}
        for words in full:
            openers.setdefault(words[0], []).append(words)
        found = []
        for c in candidates:
            if _accepted(c) or c.veto not in (None, "sentence_initial", "tail_alone"):
                continue
            form = c.key(doc)
            single = c.end - c.start == 1
            same_core = self._core(doc, c) in cores
            parts = form.split()
            first_word = any(
                len(words) > len(parts)
                and words[: len(parts)] == parts
                and all(fold(w) in generic or w.endswith(".") for w in words[len(parts) :])
                for words in openers.get(parts[0], ())
            )
            unique_opener = (
                single
                and len(openers.get(form, ())) == 1
                and fold(form) not in generic
                and not c.sentence_initial
                and form not in self.gaz.first_names
            )
            if same_core or first_word or unique_opener:
                c.veto = None
                c.evidence.append("short_form")
                found.append(c)
        return found

    def _core(self, doc: Doc, c: Candidate, drop_head: bool = False) -> tuple[str, ...]:
        words = [t.text for t in doc[c.start : c.end] if not t.is_punct or t.text == "&"]
        if drop_head and len(words) > 1 and words[0] in self.heads and c.gaz_index is None:
            rest = " ".join(words[1:])
            if rest not in self.forms:  # "Seguros El Corte Inglés" is a subsidiary
                words = words[1:]
        name = " ".join(words)
        last = words[-1] if words else ""
        suffixes = self.legal_longest_first if last in self.legal_last_words else ()
        for suffix in suffixes:
            if name.endswith(" " + suffix):
                name = name[: -len(suffix) - 1]
                break
        if c.local_unit:  # the place tells it from its parent
            return tuple(fold(w) for w in name.split())
        return core_words(name.split(), self._generic_folded())

    def _occurrences(self, doc: Doc, entities: Sequence[_Entity]) -> list[Span]:
        """Every occurrence of every accepted form (longest first)."""
        by_first: dict[str, list[tuple[tuple[str, ...], _Entity]]] = {}
        for entity in entities:
            for tokens in entity.token_forms.values():
                by_first.setdefault(tokens[0], []).append((tokens, entity))
        for forms in by_first.values():
            forms.sort(key=lambda f: -len(f[0]))
        texts = token_texts(doc)
        blocked = _blocked_tokens(doc)
        spans: list[Span] = []
        i = 0
        while i < len(texts):
            for tokens, entity in by_first.get(texts[i], ()):
                k = len(tokens)
                if tuple(texts[i : i + k]) == tokens and not any(blocked[i : i + k]):
                    span = Span(doc, i, i + k, label="ORG")
                    span._.rule_id = entity.rule_id
                    spans.append(span)
                    entity.spans.append(span)
                    i += k
                    break
            else:
                i += 1
        return spans


@dataclass
class _Entity:
    """One company: its surface forms in text order and their evidence."""

    forms: list[str] = field(default_factory=list)
    token_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    evidence: list[str] = field(default_factory=list)
    gaz_index: int | None = None
    spans: list[Span] = field(default_factory=list)

    def add(self, form: str, tokens: tuple[str, ...], evidence: Iterable[str]) -> None:
        if form not in self.forms:
            self.forms.append(form)
            self.token_forms[form] = tokens
        for e in evidence:
            if e not in self.evidence:
                self.evidence.append(e)

    @property
    def rule_id(self) -> str:
        return "company." + (self.evidence[0] if self.evidence else "consistency")

    @property
    def name(self) -> str:
        return max(self.forms, key=lambda f: (len(f), -self.forms.index(f)))

    def short_form_of(self, form: str, generic: frozenset[str]) -> bool:
        """The first word, the rest generic ("Ondalia" for "Ondalia Robotics, S.L.")."""
        for full in self.forms:
            words = full.replace(",", " ").split()
            if (
                len(words) > 1
                and words[0] == form
                and all(w in generic or fold(w) in generic or w.endswith(".") for w in words[1:])
            ):
                return True
        return False

    def to_dict(self, spans: Sequence[Span]) -> dict[str, object]:
        name = self.name
        return {
            "name": name,
            "aliases": [f for f in self.forms if f != name],
            "mentions": [
                {"text": s.text, "start": s.start_char, "end": s.end_char, "rule_id": s._.rule_id}
                for s in self.spans
            ],
            "evidence": list(self.evidence),
        }


def _merge_brackets(
    doc: Doc, entities: list[_Entity], accepted: Sequence[Candidate]
) -> list[_Entity]:
    """The bracketed form is an alias ("Banco Bilbao Vizcaya Argentaria (BBVA)")."""
    by_start = {c.start: c for c in accepted}
    owner = {form: e for e in entities for form in e.forms}
    for c in accepted:
        j = c.end
        if j + 2 < len(doc) and doc[j].text == "(" and j + 1 in by_start:
            inner = by_start[j + 1]
            if inner.end < len(doc) and doc[inner.end].text == ")":
                outer_entity, inner_entity = owner[c.key(doc)], owner[inner.key(doc)]
                if outer_entity is not inner_entity:
                    for form in inner_entity.forms:
                        outer_entity.add(
                            form, inner_entity.token_forms[form], inner_entity.evidence
                        )
                        owner[form] = outer_entity
                    inner_entity.forms.clear()
                    inner_entity.token_forms.clear()
    return [e for e in entities if e.forms]


def _link_brackets(doc: Doc, candidates: Sequence[Candidate]) -> None:
    """Case: "Electricity North West (ENW)": a name and its acronym share their evidence.

    An acronym made of the name's initials is evidence on its own.
    """
    by_start = {c.start: c for c in candidates}
    for c in candidates:
        j = c.end
        inner = by_start.get(j + 1) if j + 1 < len(doc) and doc[j].text == "(" else None
        if inner is None or inner.end >= len(doc) or doc[inner.end].text != ")":
            continue
        if c.veto is not None or inner.veto is not None:
            continue
        if _is_acronym_of(inner.key(doc), c.key(doc)):
            c.evidence.append("acronym")
        for a, b in ((c, inner), (inner, c)):
            if _accepted(a) and not b.evidence:
                b.evidence.append("bracket_pair")


def _is_acronym_of(short: str, name: str) -> bool:
    """Case: "ENW" for "Electricity North West", "GIP" for "Global Infrastructure Partners"."""
    if not short.isupper() or len(short) < 2:
        return False
    initials = "".join(w[0] for w in name.split() if w[:1].isupper())
    return short.replace("&", "") == initials.replace("&", "")


def _link_coordination(
    doc: Doc, candidates: Sequence[Candidate], self_cues: frozenset[str], demonyms: frozenset[str]
) -> None:
    """Names listed with companies are companies ("Tencent, SoftBank y la gestora BlackRock")."""
    ordered = sorted(candidates, key=lambda c: c.start)
    groups: list[list[Candidate]] = []
    for c in ordered:
        if groups:
            prev = groups[-1][-1]
            between = token_texts(doc, lower=True)[prev.end : c.start]
            joined = any(w in (",", "y", "e") for w in between)
            fillers = all(
                w in (",", "y", "e") or w in ARTICLES or w in self_cues or w in demonyms
                for w in between
            )
            if between and joined and fillers and len(between) <= 4:
                groups[-1].append(c)
                continue
        groups.append([c])
    for group in groups:
        if len(group) > 1 and any(_accepted(c) for c in group):
            for c in group:
                if c.veto is None and not c.evidence:
                    c.evidence.append("coordination")


def _accepted(c: Candidate) -> bool:
    if c.veto is not None:
        return False
    evidence = set(c.evidence)
    if evidence & STRONG:
        return True
    if evidence == {"gazetteer_ambiguous"}:
        # "Indra", "Santander": a company unless it opens a sentence on its own
        # with nothing company-like after it (the consistency pass finds it
        # there when it is a company elsewhere in the article).
        return not (c.sentence_initial and c.end - c.start == 1 and not c.verb_after)
    if c.sentence_initial and c.end - c.start == 1 and evidence <= WEAK_ALONE:
        return False  # "Precisamente, la eléctrica ...": a capitalised adverb, not a name
    return bool(evidence)


@lru_cache(maxsize=65536)
def _namey(text: str) -> bool:
    """Could this token be part of a proper name? ("Banco", "iFood", "T.", "&Co", "EM&E")."""
    if not text or len(text) > 40:
        return False
    first = text[0]
    if first.isupper() and any(c.isalpha() for c in text) and "$" not in text and "€" not in text:
        return True
    if first.islower() and any(c.isupper() for c in text[1:3]) and text.isalnum():
        return True  # iFood, eBay, eDreams
    return text in ("&Co", "&")


def _place_suffix(words: str, places: frozenset[str]) -> bool:
    """Whether `words` name a place, maybe after "de" ("Argentina", "de Costa Rica")."""
    for joiner in ("de ", "del "):
        words = words.removeprefix(joiner)
    return words in places


def _opens_sentence(doc: Doc, i: int) -> bool:
    if i == 0 or doc[i].is_sent_start:
        return True
    before = doc[i - 1]
    return before.is_space or before.text in ('"', "«", "“", "(", "—", "-", ":")


def _blocked_tokens(doc: Doc) -> list[bool]:
    blocked = [False] * len(doc)
    for key in (MONEY, PERCENT, DATE):
        for span in doc.spans.get(key, []):
            for i in range(span.start, span.end):
                blocked[i] = True
    return blocked


def _phrases(items: Iterable[str], lower: bool = True) -> frozenset[str]:
    return frozenset(i.lower() if lower else i for i in items)


def _phrase_at(doc: Doc, i: int, table: frozenset[str], lower: bool) -> int:
    """Length in tokens of the longest phrase of `table` starting at token i (0 if none)."""
    window = token_texts(doc, lower)[i : i + 6]
    for k in range(len(window), 0, -1):
        words = window[:k]
        if " ".join(words) in table or "".join(words) in table:
            return k
    return 0


def _phrase_ending(doc: Doc, start: int, end: int, table: frozenset[str]) -> int:
    texts = token_texts(doc)
    for k in range(min(6, end - start), 0, -1):
        words = texts[end - k : end]
        if " ".join(words) in table or "".join(words) in table:
            return k
    return 0
