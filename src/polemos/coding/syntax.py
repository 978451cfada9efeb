"""Tree helpers over the plain :class:`~polemos.nlp.Parse` (children, subtrees, clauses, roles)."""

from __future__ import annotations

from dataclasses import dataclass

from polemos.nlp import Parse, Token

__all__ = ["Tree", "NOMINAL_DEPS", "CLAUSE_BREAK_DEPS"]

NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "compound", "npadvmod", "oprd"})
# Children that start another clause: left out of a verb's evidence span.
CLAUSE_BREAK_DEPS = frozenset({"ccomp", "advcl", "conj", "cc", "parataxis", "punct", "mark_outer", "dep"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
BACKGROUND_PREPS = frozenset({"after", "before", "following", "since", "during", "amid", "despite", "over"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom", "whose"})


@dataclass
class Tree:
    """Children lists for one parse, built once per article."""

    parse: Parse
    kids: list[list[int]]

    @classmethod
    def of(cls, parse: Parse) -> Tree:
        kids: list[list[int]] = [[] for _ in parse.tokens]
        for t in parse.tokens:
            if t.head != t.i:
                kids[t.head].append(t.i)
        return cls(parse, kids)

    def tok(self, i: int) -> Token:
        return self.parse.tokens[i]

    def children(self, i: int, *deps: str) -> list[Token]:
        toks = [self.parse.tokens[k] for k in self.kids[i]]
        return [t for t in toks if t.dep in deps] if deps else toks

    def subtree(self, i: int, skip: frozenset[str] = frozenset()) -> list[int]:
        """Token indices of the subtree of ``i`` (children whose dep is in ``skip`` are left out)."""
        out = [i]
        stack = [k for k in self.kids[i] if self.parse.tokens[k].dep not in skip]
        while stack:
            k = stack.pop()
            out.append(k)
            stack.extend(self.kids[k])
        return sorted(out)

    def is_nominal(self, t: Token) -> bool:
        if t.pos in ("NOUN", "PROPN"):
            return True
        if t.pos == "VERB" and t.tag == "VBG" and t.dep in NOMINAL_DEPS:
            return True
        return False

    def is_verbal(self, t: Token) -> bool:
        return t.pos == "VERB" and not self.is_nominal(t)

    def clause(self, i: int) -> list[int]:
        """The clause of verb ``i``: its subtree without coordinated, complement and adverbial clauses."""
        toks = self.subtree(i, CLAUSE_BREAK_DEPS)
        return self._trim(toks)

    def _trim(self, toks: list[int]) -> list[int]:
        while len(toks) > 1 and self.tok(toks[-1]).pos in ("PUNCT", "CCONJ", "SPACE"):
            toks = toks[:-1]
        while len(toks) > 1 and self.tok(toks[0]).pos in ("PUNCT", "CCONJ", "SPACE"):
            toks = toks[1:]
        return toks

    def governor(self, i: int) -> int | None:
        """The nearest verb (or AUX root) above token ``i`` in its sentence."""
        seen = {i}
        k = self.tok(i).head
        while k not in seen:
            seen.add(k)
            t = self.tok(k)
            if t.pos in ("VERB", "AUX") and not self.is_nominal(t):
                return k
            if t.head == k:
                return k if t.pos in ("VERB", "AUX") else None
            k = t.head
        return None

    def nominal_span(self, i: int) -> list[int]:
        """The evidence tokens of a nominal trigger: its own subtree if it heads a clause (``fighting flared``),
        else the clause of the verb that governs it."""
        t = self.tok(i)
        if any(c.dep in ("acl", "relcl") and c.pos == "VERB" for c in self.children(i)):
            return self._trim(self.subtree(i))
        head = self.tok(t.head)
        if t.dep == "pobj" and head.lemma.lower() in BACKGROUND_PREPS:  # "after a military drill this summer"
            return self._trim(self.subtree(head.i))
        if t.dep == "pobj" and head.lemma.lower() == "of" and self.tok(head.head).lemma.lower() in ("ahead", "prior"):
            return self._trim(self.subtree(head.head))  # "ahead of the rally"
        if t.dep in ("nsubj", "nsubjpass") and t.head != i:
            return self.clause(t.head)
        gov = self.governor(i)
        return self.clause(gov) if gov is not None else self._trim(self.subtree(i))

    def subject(self, v: int) -> tuple[Token | None, bool]:
        """The subject of verb ``v`` (inherited through xcomp/conj/relcl and participle clauses) and whether the verb
        is passive."""
        k = v
        for _ in range(6):
            subs = self.children(k, *SUBJECT_DEPS)
            passive = any(c.dep == "auxpass" for c in self.children(k))
            if subs:
                s = subs[0]
                if s.text.lower() in RELATIVE_PRONOUNS and self.tok(k).dep == "relcl":
                    return self.tok(self.tok(k).head), passive
                return s, passive or s.dep == "nsubjpass"
            t = self.tok(k)
            if t.dep == "ccomp" and t.head != k:  # "estimated 2,000 mercenaries were fighting" (object-as-subject)
                objs = [c for c in self.children(t.head, "dobj") if c.i < k]
                if objs:
                    return objs[-1], passive
            if t.dep in ("relcl", "acl") and t.head != k:
                return self.tok(t.head), passive or t.tag == "VBN"
            if t.dep in ("xcomp", "conj") and t.head != k:
                k = t.head
                continue
            if t.dep == "advcl" and t.tag == "VBG" and t.head != k:  # "troops fired, killing 17", "..., vowing to"
                k = t.head
                continue
            if t.dep == "pcomp":
                gov = self.governor(k)
                prep = self.tok(t.head)
                if gov is not None and prep.text.lower() in ("of", "for") and prep.head == gov:
                    objs = self.children(gov, "dobj")
                    if objs:  # "accused Y of shelling Z", "blamed Y for attacking": Y does it, not the accuser
                        return objs[0], passive
                if gov is not None and gov != k:
                    k = gov
                    continue
            return None, passive
        return None, False

    def prep_objects(self, i: int, preps: frozenset[str]) -> list[Token]:
        """Objects of prepositions ``preps`` attached to ``i`` (``attack on X``, ``aid to X``)."""
        out = []
        for p in self.children(i, "prep", "agent", "dative"):
            if p.dep == "dative" and p.pos in ("NOUN", "PROPN", "PRON"):
                out.append(p)
                continue
            if p.text.lower() in preps or p.lemma.lower() in preps:
                out.extend(self.children(p.i, "pobj"))
        return out
