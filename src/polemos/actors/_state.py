"""The state shared by the actor resolver and its helper modules (``_groups``, ``_persons``): no import cycle."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from polemos.actors._match import Match, is_name_token
from polemos.actors.kb import ActorKB, KBEntry, Lexicon, normalize
from polemos.nlp import Parse
from polemos.records import Actor, Article, ArticleError, Span, content_id

__all__ = ["Acc", "State"]


@dataclass
class Acc:
    """An actor being assembled."""

    key: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    office: str | None = None
    stable: bool = False  # KB actor: id from the KB key
    mentions: dict[tuple[int, int], Span] = field(default_factory=dict)

    def add(self, text: str, start: int, end: int) -> None:
        self.mentions.setdefault((start, end), Span.of(text, start, end))

    def to_actor(self) -> Actor:
        aid = (
            content_id("actor", self.key)
            if self.stable
            else content_id("actor", self.name, self.country, self.sector, self.kind)
        )
        spans = tuple(sorted(self.mentions.values(), key=lambda s: (s.start, s.end)))
        return Actor(aid, self.name, self.kind, self.country, self.sector, self.office, spans)


class State:
    """One article's tokens, the KB and the actors assembled so far, with the helpers every resolver step uses."""

    def __init__(self, article: Article, parse: Parse, kb: ActorKB) -> None:
        assert kb.lexicon is not None
        self.text = parse.text
        self.parse = parse
        self.toks = parse.tokens
        self.kb = kb
        self.lex: Lexicon = kb.lexicon
        self.day: date | None = article.published
        self.acc: dict[str, Acc] = {}
        self.taken: set[int] = set()  # tokens already part of an actor mention or consumed
        self.person_mentions: list[tuple[int, int, str]] = []  # (start tok, end tok, acc key)
        self.errors: list[ArticleError] = []
        self.demonym_only: set[int] = set()
        self.matches: list[Match] = []
        self.country_tokens: set[int] = set()

    # -- helpers -------------------------------------------------------------------------------------------
    def negated(self, start: int) -> bool:
        """"pro-Russian": the country word at ``start`` follows a negating prefix."""
        toks = self.toks
        return start >= 2 and toks[start - 1].text == "-" and toks[start - 2].text.lower() in self.lex.negating_prefixes

    def person_tokens(self) -> set[int]:
        return {i for s, e, _ in self.person_mentions for i in range(s, e)}

    def span_text(self, start: int, end: int) -> str:
        return self.text[self.toks[start].start : self.toks[end - 1].end]

    def mention(self, acc: Acc, start: int, end: int, take: tuple[int, int] | None = None) -> None:
        acc.add(self.text, self.toks[start].start, self.toks[end - 1].end)
        self.taken.update(range(*(take or (start, end))))
        if acc.kind == "person":
            self.person_mentions.append((start, end, acc.key))

    def kb_acc(self, entry: KBEntry) -> Acc:
        acc = self.acc.get(entry.key)
        if acc is None:
            office = entry.office_near(self.day) if entry.kind == "person" else None
            country = office.country if office else entry.country
            sector = office.sector if office else entry.sector
            acc = Acc(entry.key, entry.name, entry.kind, country, sector, office.title if office else None, True)
            self.acc[entry.key] = acc
        return acc

    def pick(self, m: Match) -> KBEntry:
        """The entry of an ambiguous alias: names before surnames, then closeness of office to the date."""
        entries = [self.kb.entries[a.key] for a in m.aliases]
        return min(entries, key=lambda e: (e.distance(self.day), e.key))

    def state_of(self, m: Match) -> str | None:
        for a in m.aliases:
            if a.form in ("demonym", "name") and a.key.startswith("state:"):
                return a.key
        return None

    def role_holder(self, iso: str, start: int) -> tuple[KBEntry, int] | None:
        """A role noun phrase at ``start`` ("foreign minister", "president") held by a KB person."""
        toks = self.toks
        for n in range(min(4, len(toks) - start), 0, -1):
            words = toks[start : start + n]
            if any(t.pos not in ("NOUN", "PROPN", "ADJ") for t in words):
                continue
            after = start + n
            if after < len(toks) and is_name_token(toks[after]) and toks[after].pos == "PROPN":
                return None  # "Turkish President Tayyip Erdogan": the name decides
            role = normalize(" ".join(t.text for t in words))
            keys = self.kb.roles.get((iso, role)) or self.kb.roles.get((iso, role.replace("defense", "defence")))
            if keys:
                held = [self.kb.entries[k] for k in keys]
                best = min(held, key=lambda e: (e.distance(self.day), e.key))
                if best.distance(self.day) == 0:
                    return best, after
        return None
