"""Event candidates of one sentence: trigger senses matched over the parse, light verbs, frame verbs, merges."""

from __future__ import annotations

from dataclasses import dataclass, field

from polemos.coding.arguments import MentionIndex
from polemos.coding.lexicon import Lexicon, Sense
from polemos.coding.ontology import Ontology
from polemos.coding.syntax import Tree
from polemos.nlp import Token
from polemos.words import word_class

__all__ = ["Candidate", "find_candidates"]

OBJECT_DEPS = ("dobj", "attr", "oprd")
COOPERATIVE_MATERIAL = frozenset({"COOPERATE", "AID", "RETREAT"})
HOSTILE_MATERIAL = frozenset({"ASSAULT", "PROTEST", "SANCTION", "COERCE", "MOBILIZE"})
EVENT_HEADS = frozenset({"mission", "campaign", "operation", "effort", "process", "drive", "attempt", "bid", "wave",
                         "spree", "incident", "action", "activity", "activities"})
PARTICLES = frozenset({"down", "up", "out", "off", "back", "over"})
PURPOSE_TYPES = frozenset({"REQUEST", "ACCUSE", "REJECT"})
CONTENT_FRAMES = frozenset({"SANCTION", "REJECT", "CONCEDE", "AGREE", "REQUEST", "THREATEN"})
OUTCOME_VERBS = frozenset({"kill", "wound", "injure", "leave", "destroy", "damage"})
SPEECH = word_class("speech_verbs")


@dataclass
class Candidate:
    """One matched trigger: the sense, the anchor (verb or noun) and what it consumed."""

    trigger: int  # token index whose clause is the evidence
    sense: Sense
    etype: str
    mode: str | None
    context: list[str] = field(default_factory=list)
    noun: int | None = None  # the nominal trigger a light verb took its type from
    embedded: int | None = None  # the embedded action of a frame verb
    extra: list[int] = field(default_factory=list)  # tokens added to the evidence ("..., killing 6 civilians")
    anchor: int | None = None  # the verb whose clause is the evidence, when not the trigger ("is willing to send")


class _Matcher:
    def __init__(self, tree: Tree, lex: Lexicon, places: MentionIndex) -> None:
        self.tree = tree
        self.lex = lex
        self.places = places

    def senses(self, t: Token) -> tuple[Sense, ...]:
        return self.lex.senses.get(t.lemma.lower()) or self.lex.senses.get(t.text.lower()) or ()

    def _words(self, i: int) -> set[str]:
        """The lemma of a phrase head and of its modifiers (for obj/mod constraints)."""
        t = self.tree.tok(i)
        words = {t.lemma.lower(), t.text.lower()}
        for c in self.tree.children(i, "compound", "amod", "nmod", "poss", "nummod", "prt"):
            words.update({c.lemma.lower(), c.text.lower()})
        if t.pos in ("NOUN", "PRON", "NUM"):  # "a number of outposts", "a state of emergency"
            for o in self.tree.prep_objects(i, frozenset({"of"})):
                words |= {o.lemma.lower(), o.text.lower()}
                words |= {c.lemma.lower() for c in self.tree.children(o.i, "compound", "amod")}
        return words

    def _fits(self, i: int, wanted: tuple[str, ...]) -> bool:
        t = self.tree.tok(i)
        words = self._words(i)
        for w in wanted:
            if w == "@place" and self.places.overlapping(t.start, t.end):
                return True
            if w == "@propn" and t.pos == "PROPN":
                return True
            if w == "@person" and (t.ent_type in ("PERSON", "NORP") or t.lemma.lower() in self.lex.persons):
                return True
            if w == "@weapon" and words & self.lex.weapons:
                return True
            if w == "@number" and (t.like_num or any(c.like_num for c in self.tree.children(i))):
                return True
            if w in words:
                return True
        return False

    def objects(self, i: int, nominal: bool) -> list[int]:
        tree = self.tree
        if nominal:
            objs = [p.i for p in tree.prep_objects(i, frozenset({"of", "for", "to", "on", "in"}))]
            return objs + [c.i for c in tree.children(i, "compound", "amod")]
        objs = [c.i for c in tree.children(i, *OBJECT_DEPS, "dative")]
        for c in tree.children(i, "nsubjpass"):
            objs.append(c.i)
        for p in tree.children(i, "prt"):  # "blew up power lines" is parsed with the object on the particle
            objs.extend(c.i for c in tree.children(p.i, "dobj", "pobj"))
        objs.extend(c.i for c in tree.children(i, "advmod") if c.text.lower() == "down")
        # conjuncts of the object: "provide humanitarian assistance and some military aid"
        for o in list(objs):
            objs.extend(c.i for c in tree.children(o, "conj"))
        return objs

    def match(self, i: int) -> Sense | None:
        t = self.tree.tok(i)
        senses = self.senses(t)
        if not senses or t.pos in ("ADJ", "ADV", "ADP", "DET", "PRON", "AUX", "PART", "PUNCT") or t.dep == "amod":
            return None  # adjectival participles ("occupying troops", "negotiating table") are no events
        nominal = self.tree.is_nominal(t)
        if not nominal and t.pos != "VERB":
            return None
        objs = self.objects(i, nominal)
        prts = {c.lemma.lower() for c in self.tree.children(i, "prt")}
        prts |= {c.lemma.lower() for c in self.tree.children(i, "advmod", "prep") if c.lemma.lower() in PARTICLES}
        preps = {c.lemma.lower() for c in self.tree.children(i, "prep", "agent", "prt")}
        mods = self._words(i)
        for s in senses:
            if s.pos == "verb" and nominal or s.pos == "noun" and not nominal:
                continue
            sobjs = objs + [o.i for o in self.tree.prep_objects(i, frozenset(s.prep))] if s.prep else objs
            if s.light:  # a mis-attached object noun: "give 'all assistance required' should ..."
                sobjs = sobjs + [k for o in objs for k in self.tree.kids[o] if self.tree.is_nominal(self.tree.tok(k))]
            if s.obj and not any(self._fits(o, s.obj) for o in sobjs):
                continue
            if s.not_obj and any(self._fits(o, s.not_obj) for o in objs):
                continue
            if s.mod and not (mods & set(s.mod)):
                continue
            if s.prt and not (prts & set(s.prt)):
                continue
            if s.prep and not (preps & set(s.prep)):
                continue
            if s.xcomp:
                xs = self.tree.children(i, "xcomp", "ccomp")
                if not xs or (isinstance(s.xcomp, tuple) and xs[0].lemma.lower() not in s.xcomp):
                    continue
            return s
        return None


def find_candidates(tree: Tree, lex: Lexicon, onto: Ontology, places: MentionIndex,
                    sent_range: range) -> list[Candidate]:
    """The event candidates of one sentence, after light-verb and frame-verb consumption."""
    m = _Matcher(tree, lex, places)
    matched: dict[int, Sense] = {}
    for i in sent_range:
        s = m.match(i)
        if s is not None:
            matched[i] = s
    consumed: set[int] = set()
    cands: list[Candidate] = []
    for i in sent_range:
        s = matched.get(i)
        if s is None or s.drop and not s.light:
            continue
        nominal = tree.is_nominal(tree.tok(i))
        tok = tree.tok(i)
        if nominal and tok.dep == "compound" and tree.tok(tok.head).lemma.lower() not in EVENT_HEADS:
            continue  # "patrol boats", "protest leaders": a modifier; but "mediation mission", "bombing campaign"
        if nominal and tree.governor(i) is None and not any(
            k.dep in ("acl", "relcl") for k in tree.children(i)
        ):
            continue  # a headline fragment without a verb ("More aid flights")
        if s.light:
            noun = _object_trigger(tree, m.objects(i, False), matched)
            if noun is not None:
                ns = matched[noun]
                if ns.drop:
                    continue
                consumed.add(noun)
                cands.append(Candidate(i, ns, ns.type or "", ns.mode, list(ns.context), noun=noun))
            elif s.default:
                cands.append(Candidate(i, s, s.default, None, list(s.context)))
            continue
        if s.type is None:
            continue
        cand = Candidate(i, s, s.type, s.mode, list(s.context))
        if not nominal and s.type in CONTENT_FRAMES:  # "prohibit all aid", "lift sanctions": no aid, no sanction
            for o in tree.children(i, "dobj") + tree.prep_objects(i, frozenset({"of", "from", "on"})):
                if o.i in matched and tree.is_nominal(o):
                    consumed.add(o.i)
        if s.embed:
            emb = _embedded(tree, i, nominal)
            if emb is not None:
                cand.embedded = emb
                for k in tree.subtree(emb):
                    if k in matched:
                        consumed.add(k)
                inner = _inner_type(emb, matched, m)
                if inner is not None:
                    etype, ctx = inner
                    if s.coop_type and onto.quad(etype) in (1, 2):
                        cand.etype, cand.mode = s.coop_type, None
                    cand.mode = cand.mode or lex.embedded_modes.get(cand.etype, {}).get(etype)
                    cand.context += [c for c in ctx if c not in cand.context]
        cands.append(cand)
    by_trigger = {c.trigger: c for c in cands}
    for c in cands:  # "shelled the town, killing 6 civilians": the participle is the same event's outcome
        t = tree.tok(c.trigger)
        head = by_trigger.get(t.head)
        if (head is not None and head.etype == "PROTEST" and c.etype in PURPOSE_TYPES and t.dep in ("advcl", "xcomp")
                and any(k.lemma.lower() == "to" for k in tree.children(c.trigger, "aux"))):
            consumed.add(c.trigger)  # "went on strike to demand higher wages": the protest's aim
            head.extra += tree.subtree(c.trigger)
            continue
        if (head is not None and head.trigger != c.trigger and head.etype == c.etype and tree.is_nominal(t)
                and t.dep in ("nsubj", "nsubjpass")):
            consumed.add(c.trigger)  # "a bomb blast killed six": one event, the noun gives the mode
            head.mode = head.mode or c.mode
            continue
        if c.etype != "ASSAULT" or head is None or head.etype != "ASSAULT" or head.trigger == c.trigger:
            continue
        outcome = t.lemma.lower() in OUTCOME_VERBS and (
            t.tag == "VBG" and t.dep in ("advcl", "xcomp", "conj")
            or t.dep == "conj" and tree.tok(head.trigger).lemma.lower() in OUTCOME_VERBS)  # "killed 6 and injured 32"
        cause = (t.dep == "advcl" and tree.tok(head.trigger).lemma.lower() in OUTCOME_VERBS
                 and any(k.lemma.lower() in ("when", "as", "after")
                         for k in tree.children(c.trigger, "mark", "advmod")))
        if outcome or cause:  # "were killed when a car bomb exploded"
            inside = tree.subtree(c.trigger)
            consumed.update(k for k in inside if k in by_trigger and by_trigger[k].etype == "ASSAULT")
            head.extra += inside
            head.mode = head.mode or c.mode or next(
                (by_trigger[k].mode for k in inside if k in by_trigger and by_trigger[k].mode), None)
    out = [c for c in cands if c.trigger not in consumed]
    for c in out:
        _future(tree, lex, onto, c)
        if c.etype in ("ASSAULT", "COERCE") and not tree.is_nominal(tree.tok(c.trigger)):
            subj, _ = tree.subject(c.trigger)
            if subj is not None and subj.lemma.lower() in lex.protest_agents:
                c.etype, c.mode = "PROTEST", "riot"  # "rioters burned cars", "demonstrators clashed with police"
            elif any(o.lemma.lower() == "protest" for o in tree.prep_objects(c.trigger, frozenset({"in"}))):
                c.etype, c.mode = "PROTEST", "obstruct"  # "students occupied the building in protest"
    out += _must_requests(tree, sent_range, out, lex)
    return out


MUST_SENSE = Sense(lemma="must", type="REQUEST")
REQUEST_NOUNS = frozenset({"reminder", "warning", "call", "demand", "statement", "message", "ultimatum"})


def _must_requests(tree: Tree, sent_range: range, found: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """"X said (that) Y must ...": a REQUEST, whether or not the demanded act is a trigger."""
    out = []
    for i in sent_range:
        t = tree.tok(i)
        if t.dep not in ("ccomp", "acl") or t.head == i:
            continue
        head = tree.tok(t.head)
        if head.lemma.lower() not in SPEECH | REQUEST_NOUNS | {"insist", "stress", "demand"}:
            continue
        if not any(a.text.lower() == "must" for a in tree.children(i, "aux")):
            continue
        inside = set(tree.subtree(i, frozenset({"advcl", "relcl"})))
        mine = [c for c in found if c.trigger in inside]
        if any(c.etype == "REQUEST" for c in mine):
            continue
        if mine:
            c = min(mine, key=lambda c: abs(c.trigger - i))
            c.mode = lex.embedded_modes.get("REQUEST", {}).get(c.etype)
            c.etype = "REQUEST"
        else:
            out.append(Candidate(i, MUST_SENSE, "REQUEST", None))
    return out


def _object_trigger(tree: Tree, objs: list[int], matched: dict[int, Sense]) -> int | None:
    """The nominal trigger a light verb takes its type from: an object, else one just below it."""
    def ok(k: int) -> bool:
        return k in matched and not matched[k].light and matched[k].type is not None
    for o in objs:
        if ok(o):
            return o
    for o in objs:
        for k in tree.kids[o]:
            if ok(k) and tree.is_nominal(tree.tok(k)):
                return k
    return None


def _embedded(tree: Tree, i: int, nominal: bool) -> int | None:
    for dep in ("xcomp", "ccomp"):
        xs = tree.children(i, dep)
        if xs:
            return xs[0].i
    objs = tree.prep_objects(i, frozenset({"for", "to", "of", "on", "against"}))
    if objs:
        o = objs[0]
        sub = [c for c in tree.children(o.i, "acl", "relcl", "xcomp") if c.pos == "VERB"]
        return sub[0].i if sub else o.i
    dobj = tree.children(i, "dobj")
    if dobj:
        sub = [c for c in tree.children(dobj[0].i, "acl", "xcomp", "relcl") if c.pos == "VERB"]
        return sub[0].i if sub else dobj[0].i
    return None


def _inner_type(emb: int, matched: dict[int, Sense], m: _Matcher) -> tuple[str, tuple[str, ...]] | None:
    s = matched.get(emb)
    if s is not None and s.light:
        noun = next((o for o in m.objects(emb, False) if o in matched and matched[o].type), None)
        s = matched.get(noun) if noun is not None else None
    if s is None or s.type is None:
        return None
    return s.type, s.context


def _future(tree: Tree, lex: Lexicon, onto: Ontology, c: Candidate) -> None:
    """PLOVER: future cooperative material acts are AGREE; announced future hostile acts are THREATEN."""
    t = tree.tok(c.trigger)
    if tree.is_nominal(t):
        return
    head = tree.tok(t.head)
    future = any(a.text.lower() in lex.future_aux for a in tree.children(c.trigger, "aux"))
    if t.dep == "xcomp" and head.lemma.lower() in lex.future_frames | {"be"}:
        future = future or head.lemma.lower() in lex.future_frames
        if head.lemma.lower() in lex.future_frames and head.pos in ("ADJ", "VERB"):
            future = True
    if t.dep == "xcomp" and head.dep == "acomp" and head.lemma.lower() in lex.future_frames:
        future = True
    frame = None
    if future and t.dep == "xcomp":
        frame = head.i if head.pos == "VERB" else (head.head if head.dep == "acomp" else None)
    if t.dep == "ccomp" and head.lemma.lower() in SPEECH | {"insist"} and c.etype != "REQUEST" and any(
        a.text.lower() in ("must", "should") for a in tree.children(c.trigger, "aux")
    ):
        c.mode = lex.embedded_modes.get("REQUEST", {}).get(c.etype)
        c.etype = "REQUEST"  # "X said that Y must return the helicopter"
        return
    # manual: promises to sign are AGREE; CAMEO2PLOVER-2021: 036 "express intent to meet or negotiate" is AGREE
    promise_to_sign = c.etype == "SUPPORT" and t.lemma.lower() in ("sign", "ratify") or c.etype == "CONSULT"
    if not future or c.etype not in COOPERATIVE_MATERIAL | HOSTILE_MATERIAL and not promise_to_sign:
        return
    if c.etype in COOPERATIVE_MATERIAL or promise_to_sign:
        c.context.append(c.etype.lower() if onto.context(c.etype.lower()) else "future")
        c.etype, c.mode = "AGREE", None
        c.anchor = frame
    elif frame is not None and _under_speech(tree, frame):
        c.mode = lex.embedded_modes.get("THREATEN", {}).get(c.etype)
        c.etype, c.anchor = "THREATEN", frame  # "said it stood ready to impose a curfew"
    elif t.dep == "ccomp" and head.lemma.lower() in SPEECH:
        subj, _ = tree.subject(c.trigger)
        hsubj, _ = tree.subject(head.i)
        if subj is not None and (subj.pos == "PRON" or hsubj is not None and subj.lemma == hsubj.lemma):
            c.mode = lex.embedded_modes.get("THREATEN", {}).get(c.etype)
            c.etype = "THREATEN"


def _under_speech(tree: Tree, k: int) -> bool:
    for _ in range(3):
        t = tree.tok(k)
        if t.head == k:
            return False
        k = t.head
        if tree.tok(k).lemma.lower() in SPEECH:
            return True
    return False
