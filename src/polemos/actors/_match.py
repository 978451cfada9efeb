"""Surface matching: KB aliases over the token stream, unknown organisation names, person-name candidates."""

from __future__ import annotations

from dataclasses import dataclass

from polemos.actors.kb import _PUNCT_MAP, ActorKB, Alias, Lexicon, normalize
from polemos.nlp import Parse, Token

__all__ = ["Match", "OrgCandidate", "kb_matches", "org_candidates", "head_of", "is_agentive"]

_MAX_TOKENS = 10
_CONNECTORS = frozenset({"of", "for", "and", "the", "&", "de", "du", "al"})
_NAME_PARTICLES = frozenset({"al", "el", "de", "du", "da", "bin", "ibn", "von", "van", "der", "le", "la", "-"})


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # token index
    end: int  # exclusive
    aliases: tuple[Alias, ...]

    @property
    def forms(self) -> set[str]:
        return {a.form for a in self.aliases}


@dataclass(frozen=True, slots=True)
class OrgCandidate:
    start: int
    end: int
    sector: str


def _case_ok(alias: Alias, surface: str) -> bool:
    s = " ".join(surface.translate(_PUNCT_MAP).split())
    if alias.case_sensitive:
        return s == alias.surface
    a0 = next((c for c in alias.surface if c.isalpha()), "")
    s0 = next((c for c in s if c.isalpha()), "")
    return not (a0.isupper() and not s0.isupper())


def kb_matches(parse: Parse, kb: ActorKB) -> list[Match]:
    """Longest KB alias matches, left to right, non-overlapping, within sentences."""
    toks, text, out = parse.tokens, parse.text, []
    i, n = 0, len(toks)
    while i < n:
        best: tuple[int, tuple[Alias, ...]] | None = None
        start = toks[i].start
        for j in range(i, min(n, i + _MAX_TOKENS)):
            if toks[j].sent != toks[i].sent:
                break
            key = normalize(text[start : toks[j].end])
            if key not in kb.prefixes and not (key.endswith("s") and key[:-1] in kb.aliases):
                break
            cands = kb.aliases.get(key)
            surface = text[start : toks[j].end]
            if not cands and key.endswith("s") and toks[j].text[:1].isupper() and len(toks[j].text) > 3:
                # a possessive without its apostrophe (texts stripped of punctuation): "Syrias", "Assads"
                cands = tuple(a for a in kb.aliases.get(key[:-1], ()) if a.form in ("name", "surname"))
                surface = surface[:-1]
            if cands and not toks[j].text.isspace():
                ok = tuple(a for a in cands if _case_ok(a, surface))
                if ok:
                    best = (j, ok)
        if best:
            out.append(Match(i, best[0] + 1, best[1]))
            i = best[0] + 1
        else:
            i += 1
    return out


def _capitalised(t: Token) -> bool:
    return (bool(t.text) and t.text[0].isupper() and t.pos in ("PROPN", "NOUN", "ADJ", "NUM", "X", "VERB")
            and t.ent_type not in ("DATE", "TIME"))


def org_candidates(
    parse: Parse, lex: Lexicon, demonym_tokens: set[int], known_tokens: set[int]
) -> list[OrgCandidate]:
    """Capitalised names ending in an organisation head word ("... Airlines", "... Foundation of ... Studies").

    A run that is only country words plus a group noun ("Russian Defence Ministry") is left to the group
    rule; ``demonym_tokens`` are the tokens covered by country names and adjectives, ``known_tokens`` those of
    any KB match (a run must have a word of its own: "Houthi forces" stays the Houthis).
    """
    toks = parse.tokens
    heads_lower = {k.lower(): v for k, v in lex.org_heads.items()}
    out: list[OrgCandidate] = []
    for sent in parse.sents:
        i = sent.token_start
        while i < sent.token_end:
            if not _capitalised(toks[i]) or toks[i].text.lower() in ("the", "a", "an"):
                i += 1
                continue
            j = i
            last_cap = i
            while j + 1 < sent.token_end:
                nxt = toks[j + 1]
                if _capitalised(nxt) or nxt.text == "-":
                    j += 1
                    last_cap = j
                elif nxt.text.lower() in _CONNECTORS and nxt.text.lower() != "the":
                    k = j + 2  # "Organization for the Prohibition ...": a connector, maybe "the", then a name
                    if k < sent.token_end and toks[k].text.lower() == "the" and nxt.text.lower() in ("of", "for"):
                        k += 1
                    if k < sent.token_end and _capitalised(toks[k]):
                        j = k - 1
                    else:
                        break
                else:
                    break
            end = last_cap + 1
            # a lower-case organisation head right after the run: "Atlantis European airlines"
            if end < sent.token_end and toks[end].text.lower() in heads_lower and toks[end].text.islower():
                end += 1
            # a name running on past the head word (texts without commas): "... National Council Mustafa Sino"
            last_head = max((k for k in range(i + 1, end) if toks[k].text in lex.org_heads), default=None)
            if last_head is not None and last_head < end - 1 and toks[end - 1].text not in lex.org_heads:
                if not any(toks[k].text.lower() == "of" for k in range(last_head + 1, end)):
                    end = last_head + 1
            run = toks[i:end]
            heads = [t for t in run if t.text in lex.org_heads]
            if run[-1].text.islower() and run[-1].text in heads_lower:
                heads.append(run[-1])
            first_of = next((t.i for t in run if t.text.lower() == "of"), end)
            before_of = [t for t in heads if t.i < first_of]
            if heads and len(run) > 1 and (heads[-1].i == end - 1 or (first_of < end and before_of)):
                head = before_of[-1] if before_of else heads[-1]
                content = [t for t in run if t.i not in known_tokens and t not in heads
                           and t.text.lower() not in _CONNECTORS and t.text[:1].isalpha()]
                if heads[-1].text.islower() and not any(t.pos == "PROPN" for t in content):
                    content = []  # "Regime forces", "Suspected gas": a sentence-initial word, not a name
                words = normalize(" ".join(t.text for t in run if t.i not in demonym_tokens))
                if content and words not in lex.group_nouns:
                    sector = lex.org_heads.get(head.text) or heads_lower[head.text.lower()]
                    out.append(OrgCandidate(i, end, sector))
            i = end if end > i else i + 1
    return out


def head_of(parse: Parse, start: int, end: int) -> Token:
    """The token of [start, end) whose head lies outside the span (the span's syntactic head)."""
    toks = parse.tokens
    for t in toks[start:end]:
        if not (start <= t.head < end) or t.head == t.i:
            return t
    return toks[end - 1]


def is_agentive(parse: Parse, start: int, end: int, lex: Lexicon) -> bool:
    """Whether a name in [start, end) is used as an actor (subject, possessor, agent, addressee)."""
    toks = parse.tokens
    if start > 0 and toks[start - 1].text.lower() in lex.locative_preps:
        return False
    h = head_of(parse, start, end)
    while h.dep == "conj" and h.head != h.i:
        h = toks[h.head]
    if h.dep in ("nsubj", "nsubjpass", "poss", "csubj"):
        return True
    if h.dep == "pobj":
        prep = toks[h.head]
        return prep.text.lower() in ("by", "with", "against")
    if h.dep == "dobj":
        return toks[h.head].lemma.lower() in lex.object_verbs
    if h.dep == "ROOT" and end < len(toks) and toks[end].pos in ("VERB", "AUX"):
        return True
    return False


def is_name_token(t: Token) -> bool:
    return (t.text[:1].isupper() and t.pos in ("PROPN", "NOUN", "ADJ", "X")) or t.text.lower() in _NAME_PARTICLES
