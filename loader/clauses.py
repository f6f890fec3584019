"""Clauses of use on a dependency parse: which words are verbs of use, whether each one states a use (not
negated, not future or conditional, not planned, not compared), and which arguments of the verb hold the
component and the users. The names themselves come from the gazetteer (reuse.py); this module only reads the
tree of loader/grammar.py with the vocabulary of loader/data/statements_of_use.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .grammar import Parse, Tok, lexicon

__all__ = ["Argument", "Cue", "arguments", "cues", "excluded_user", "user_anaphor"]

# an argument of a verb never reaches into another clause
_CLAUSE = frozenset({"acl", "acl:relcl", "advcl", "ccomp", "parataxis", "csubj", "xcomp"})
_NOT_ARG = _CLAUSE | {"punct", "cc", "mark", "aux", "aux:tense", "aux:pass", "aux:caus", "cop", "advmod", "case",
                      "det", "expl:comp", "expl:pass", "expl:subj", "expl", "fixed"}
_NP_INSIDE = frozenset({"conj", "appos", "flat", "flat:name", "flat:foreign", "fixed", "det", "case", "amod", "dep",
                        "compound", "nummod", "punct", "cc", "nmod", "advmod", "obl:mod"})


_PREDICATIVE = frozenset({"être", "devenir", "rester", "demeurer"})  # "l'INASTI devient la 3e institution à ..."
_RELATIVE_PRONOUNS = frozenset({"qui", "que", "dont", "lequel", "laquelle", "lesquels", "lesquelles", "où"})


@dataclass
class Cue:
    tok: Tok  # the verb, adjective or noun of use
    kind: str  # use, locative, joint, link
    passive: bool
    refused: str = ""  # why it states no use ("", or a reason)

    @property
    def start(self) -> int:
        return self.tok.start

    @property
    def end(self) -> int:
        return self.tok.end

    @property
    def text(self) -> str:
        return self.tok.text

    @property
    def verb(self) -> bool:
        """A verb, or a rare form of a verb the tagger took for a noun."""
        return self.tok.pos in ("VERB", "AUX") or self.tok.verb_lemma in lexicon()["verbs_of_use"]


@dataclass
class Argument:
    role: str  # subject, patient, object, agent, obl:<preposition>, antecedent, apposition, modified
    tokens: set[int] = field(default_factory=set)
    head: int = -1


def _case(p: Parse, i: int) -> str:
    return next((c.lemma for c in p.children(i) if c.dep in ("case", "mark") and c.pos == "ADP"), "")


def cues(p: Parse, named: set[int]) -> list[Cue]:
    """The words of use of the sentence, with the reason each one states no use (if it does not).
    `named`: tokens inside a gazetteer name (a name is never a verb, whatever its tag)."""
    lx = lexicon()
    out: list[Cue] = []
    for t in p.toks:
        if t.i in named:
            continue
        kind = ""
        kids = p.children(t.i)
        kid_lemmas = {c.lemma for c in kids}
        if t.pos == "ADP" and t.lemma in lx["link_prepositions"]:
            kind = "link"
        elif t.pos == "NOUN" and any((c.lemma, t.lemma) in lx["in_service_phrases"] for c in kids if c.dep == "case"):
            kind = "locative"  # "en service chez l'ONEM"
        elif t.pos in ("VERB", "AUX", "ADJ", "NOUN") and t.lemma in lx["joint_verbs"] and kid_lemmas & lx["joint_adverbs"]:
            kind = "joint"
        elif (t.pos in ("VERB", "ADJ") and t.lemma in lx["verbs_of_use"]
              or t.pos in ("NOUN", "ADJ", "X") and t.verb_lemma in lx["verbs_of_use"] and t.dep != "nsubj"
              and (p.toks[t.head].lemma, t.lemma) not in lx["phrases_of_use"]) \
                and _has_preposition(p, t, lx):  # a rare form of a verb, tagged as a noun: by its verb lemma
            kind = "locative" if lx["locative_verbs"] & {t.lemma, t.verb_lemma} else "use"
        elif t.pos in ("ADJ", "NOUN", "VERB") and t.lemma in lx["adjectives_of_use"]:
            kind = "use"
        elif t.pos in ("VERB", "AUX", "NOUN") and not t.dep.startswith("aux") and any(
                first == t.lemma or t.text.lower().startswith(first[:-2]) and len(first) > 4
                for c in _near(p, t) for first, second in lx["phrases_of_use"] if second in (c.lemma, c.text.lower())):
            kind = "use"
        if not kind:
            continue
        passive = any(c.dep == "aux:pass" for c in kids) or (
            t.verb_form == "Part" and t.dep in ("acl", "amod", "appos") and not any(c.dep == "aux:tense" for c in kids))
        out.append(Cue(t, kind, passive, _refusal(p, t, lx)))
    return out


def _near(p: Parse, t: Tok) -> list[Tok]:
    """The object nouns of a verb phrase ("tire parti de", "fait appel à", "fait le pas")."""
    return [c for c in p.toks[t.i + 1: t.i + 4] if c.pos in ("NOUN", "VERB", "ADV", "ADJ")]


def _has_preposition(p: Parse, t: Tok, lx: dict) -> bool:
    wanted = lx["needs_preposition"].get(t.lemma)
    if not wanted:
        return True
    if any(c.lemma in ("en", "y") and c.pos == "PRON" for c in p.children(t.i)):
        return True  # "s'en sert", "y recourt": the clitic stands for the prepositional object
    after = {c.lemma for c in p.toks[t.i + 1: t.i + 6]}
    cases = {_case(p, c.i) for c in p.children(t.i)}
    return bool((after | cases) & wanted)


def _chain(p: Parse, t: Tok) -> list[Tok]:
    """The verb and the verbs that govern it as their complement ("pourrait utiliser", "prévoit d'adopter")."""
    chain = [t]
    while chain[-1].dep in ("xcomp", "ccomp", "conj") and chain[-1].head != chain[-1].i and len(chain) < 5:
        head = p.toks[chain[-1].head]
        if chain[-1].dep == "conj" and head.pos not in ("VERB", "AUX"):
            break
        chain.append(head)
    return chain


_FUTURE_ENDINGS = ("aient", "ions", "iez", "ais", "ait", "ons", "ont", "ez", "ai", "as", "a")


def _future_form(w: Tok) -> bool:
    """A verb in the future or conditional whatever the tagger's morphology says ("recourrait" tagged as an
    imperfect): its future stem (the infinitive; "recourr" for "recourir") and a future or conditional ending."""
    if not w.verb_lemma or len(w.verb_lemma) < 4:
        return False
    lemma, text = w.verb_lemma, w.text.lower()
    stems = {lemma, lemma[:-1], lemma[:-2] + "r"}
    return any(text.endswith(e) and text[: -len(e)] in stems for e in _FUTURE_ENDINGS)


def _refusal(p: Parse, t: Tok, lx: dict) -> str:
    if t.verb_form == "Inf":  # "compte se doter de": a plan verb the tagger took for a noun, right before
        before = [b for b in p.toks[max(0, t.i - 3): t.i] if b.pos != "PRON"][-1:]
        if before and {before[0].lemma, before[0].lemma + "r"} & lx["modal_plan_verbs"]:
            return f'"{before[0].text}" before "{t.text}": planned or possible, not a use'
    for v in _chain(p, t):
        kids = p.children(v.i)
        if v is not t and {v.lemma, v.lemma + "r"} & lx["modal_plan_verbs"]:  # "compte" read as its own lemma
            return f'"{v.text}" before "{t.text}": planned or possible, not a use'
        for w in [v, *(c for c in kids if c.dep.startswith("aux"))]:
            if w.tense == "Fut" or w.mood == "Cnd" or _future_form(w):
                return f'"{w.text}" before "{t.text}": future or conditional, not a use'
            if w is not v and w.lemma in lx["modal_plan_verbs"]:
                return f'"{w.text}" before "{t.text}": planned or possible, not a use'
        lemmas = {c.lemma for c in kids}
        if "ne" in lemmas and (lemmas & lx["negation"] or not any(
                c.lemma in lx["restrictive"] for c in p.toks[v.i + 1:])):
            return f'"{v.text}" is negated, not a use'
        if any(c.lemma in lx["without"] for c in kids if c.dep in ("mark", "case")):
            return f'"sans {v.text}": not a use'
        subjects = [c for c in kids if c.dep.startswith("nsubj")]
        if any(d.lemma == "aucun" for s in subjects for d in p.children(s.i)):
            return f'"aucun ... {v.text}": not a use'
        near = p.subtree(v.i, _CLAUSE)
        if any(p.toks[j].lemma in lx["future_words"] for j in near):
            return f'"{next(p.toks[j].text for j in sorted(near) if p.toks[j].lemma in lx["future_words"])}": ' \
                   "future, not a use"
        if v.dep in ("acl", "xcomp", "nmod") and p.toks[v.head].lemma in lx["plan_nouns"]:
            return f'"{p.toks[v.head].text}": planned, not a use'
    return ""


def _group(p: Parse, i: int) -> set[int]:
    """A noun phrase with its coordinated and apposed members, not entering clauses."""
    return p.subtree(i, _CLAUSE)


def arguments(p: Parse, cue: Cue) -> list[Argument]:
    """The arguments of a word of use: its own dependents, the noun it qualifies (a relative clause, a
    participle, an apposition), and the subject it shares with the verb it is coordinated with or governed by."""
    t = cue.tok
    out: list[Argument] = []
    if cue.kind == "link":  # "via X": X is the component; the users are around the governing verb
        out.append(Argument("obl:via", _group(p, t.head), t.head))
        gov = p.toks[p.toks[t.head].head]
        for c in p.children(gov.i):
            if c.dep in ("nsubj", "nsubj:pass", "obj") and c.i != t.head:
                out.append(Argument("subject", _group(p, c.i), c.i))
        return out
    own_subject = False
    for c in p.children(t.i):
        if c.dep in _NOT_ARG and not (c.dep == "xcomp" and c.pos in ("NOUN", "PROPN")):
            continue
        if c.dep == "conj" and c.pos in ("VERB", "AUX"):
            continue
        if c.dep.startswith("nsubj"):
            own_subject = True
            if c.lemma in ("qui", "que", "dont", "lequel") and t.dep == "acl:relcl":
                continue  # the antecedent stands for it, below
            role = "patient" if cue.passive or c.dep == "nsubj:pass" else "subject"
        elif c.dep == "obj":
            role = "object"
        elif c.dep == "obl:agent":
            role = "agent"
        elif c.dep.startswith("obl") or c.dep in ("iobj", "nmod", "xcomp", "dep"):
            role = "obl:" + (_case(p, c.i) or "-")
        else:
            continue
        out.append(Argument(role, _group(p, c.i), c.i))
    pronoun = next((c for c in p.children(t.i) if c.lemma in _RELATIVE_PRONOUNS and c.pos == "PRON"), None)
    # "Document Repository, que le SPF BOSA emploie, ...": "que" tagged as a conjunction, or the clause taken for a
    # complement
    relative_que = pronoun is None and t.dep in ("ccomp", "acl:relcl") and p.toks[t.head].pos in ("NOUN", "PROPN") and any(
        c.lemma == "que" and c.dep == "mark" and c.i < t.i for c in p.children(t.i))
    if t.dep in ("acl", "appos", "amod") or t.dep == "acl:relcl" and pronoun is not None and t.head != t.i \
            or relative_que:
        h = p.toks[t.head]
        if relative_que:
            role = "antecedent-object"
        elif t.dep == "acl:relcl":  # "l'ONSS, qui s'appuie sur X"; "X, que l'ONSS utilise": the other slot
            assert pronoun is not None  # the condition above: a relative clause comes with its pronoun
            case = _case(p, pronoun.i) if pronoun is not None else ""
            role = ("antecedent" if pronoun is not None and pronoun.lemma == "qui" and not case
                    else f"obl:{case or pronoun.lemma}" if case or pronoun.lemma in ("où", "dont")
                    else "antecedent-object")  # "dans lequel", "où": the antecedent is an oblique
        else:
            role = ("apposition" if t.dep == "appos" or t.pos in ("NOUN", "ADJ")
                    else "subject" if t.verb_form == "Inf" else "modified")  # "la 3e institution à utiliser"
        if role.startswith("obl:"):  # "un groupe ..., dans lequel": the antecedent noun alone, not its coordination
            tokens = {h.i} | {c.i for c in p.children(h.i) if c.dep in ("flat", "flat:name", "fixed")}
        else:
            tokens = _group(p, h.i) - p.subtree(t.i)
        out.append(Argument(role, tokens, h.i))
        # "l'INASTI est la troisième institution à utiliser": the subject of the copula; "l'INASTI devient la
        # troisième institution à recourir": the subject of the verb the noun is the attribute of
        for c in p.children(h.i):
            if c.dep == "nsubj" and any(k.dep == "cop" for k in p.children(h.i)):
                out.append(Argument("subject", _group(p, c.i), c.i))
        top = h
        while top.dep == "conj" and top.head != top.i:  # a coordination the parser made of the attribute
            top = p.toks[top.head]
        verb = p.toks[top.head]
        if top.head != top.i and (top.dep == "xcomp" or verb.lemma in _PREDICATIVE):
            for c in p.children(verb.i):
                if c.dep == "nsubj":
                    out.append(Argument("subject", _group(p, c.i), c.i))
    if t.pos in ("NOUN", "ADJ") and t.dep.split(":")[0] in ("obl", "obj", "nmod", "nsubj", "xcomp") \
            and p.toks[t.head].pos in ("VERB", "AUX"):
        # "X figurent parmi les utilisateurs de C", "C compte X parmi ses utilisateurs": the verb's arguments
        for c in p.children(t.head):
            if c.i != t.i and (c.dep.startswith("nsubj") or c.dep in ("obj", "iobj")):
                out.append(Argument("subject", _group(p, c.i), c.i))
    if not own_subject:
        for v in _chain(p, t)[1:2]:
            for c in p.children(v.i):
                if c.dep == "nsubj":
                    out.append(Argument("subject", _group(p, c.i), c.i))
    if t.pos in ("NOUN", "ADJ") and any(c.dep == "cop" for c in p.children(t.i)):
        pass  # "l'ONSS est utilisatrice de X": the nsubj child is already an argument
    return out


def user_anaphor(p: Parse, arg: Argument) -> bool:
    """"Elle recourt à eBox", "L'institution exploite Wave": a user named in an earlier sentence."""
    lx = lexicon()
    h = p.toks[arg.head]
    if h.pos == "PRON" and (h.text.lower() in lx["anaphor_pronouns"] or h.lemma in lx["anaphor_pronouns"]):
        return True
    if h.pos in ("NOUN", "PROPN") and h.lemma in lx["anaphor_nouns"]:
        return any(c.dep == "det" and c.lemma in ("le", "ce", "cette") for c in p.children(h.i))
    return False


def excluded_user(p: Parse, first: int, cue: Cue) -> str:
    """Why a user named from token `first` is not a user of this cue: compared with it ("comme l'ONSS"), a
    beneficiary ("pour l'INAMI", "à la demande de l'ONSS") or a provider ("développé par Smals")."""
    lx = lexicon()
    before = [t for t in p.toks[max(0, first - 6): first]]
    lemmas = [t.lemma for t in before]
    for k in range(max(0, len(before) - 4), len(before)):
        # "comme l'ONSS, l'INAMI ..." compares; "des applications comme X" lists examples
        if lemmas[k] in lx["comparison_markers"] and not (k > 0 and before[k - 1].pos == "NOUN"):
            return "compared"
    preps = [t for t in before[-3:] if t.pos == "ADP" or t.dep == "case"]
    if any(t.lemma in lx["beneficiary_prepositions"] for t in preps):
        return "beneficiary"
    for k, t in enumerate(before):
        if t.lemma in ("de", "du", "des") and k > 0 and before[k - 1].lemma in lx["beneficiary_nouns"] \
                and k >= len(before) - 3:
            return "beneficiary"
    if "par" in lemmas[-3:]:
        by = len(lemmas) - 1 - lemmas[::-1].index("par")
        verb = next((t for t in reversed(before[:by]) if t.pos in ("VERB", "ADJ")), None)
        if verb is not None and verb.i != cue.tok.i and verb.lemma in lx["provider_verbs"]:
            return "provider"
    return ""
