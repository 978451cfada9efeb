"""Actor resolution: KB matches + sentence context -> Actor records with every mention as a Span."""

from __future__ import annotations

from polemos.actors._groups import bare_groups, demonym, group_acc
from polemos.actors._match import (
    Match,
    is_agentive,
    kb_matches,
    org_candidates,
)
from polemos.actors._persons import describe_person, pronouns, surname_mentions, unknown_persons
from polemos.actors._state import Acc, State
from polemos.actors.kb import ActorKB, KBEntry, normalize
from polemos.nlp import Parse
from polemos.records import Actor, Article, ArticleError

__all__ = ["resolve_actors"]



class _Resolver(State):
    """The resolver's steps, in ``run`` order."""

    # -- stages --------------------------------------------------------------------------------------------
    def run(self) -> tuple[list[Actor], list[ArticleError]]:
        matches = self.matches = kb_matches(self.parse, self.kb)
        country_tokens = self.country_tokens = {
            i for m in matches if self.state_of(m) for i in range(m.start, m.end)
        }
        ethnic = [i for i, t in enumerate(self.toks) if t.text in self.lex.ethnic and i not in country_tokens]
        known = {i for m in matches for i in range(m.start, m.end)}
        orgs = org_candidates(self.parse, self.lex, country_tokens | set(ethnic), known | set(ethnic))
        spans = {(m.start, m.end) for m in matches}
        kept_orgs = [o for o in orgs if (o.start, o.end) not in spans]
        inside = {i for o in kept_orgs for i in range(o.start, o.end)}
        matches = [m for m in matches if not (m.start in inside and m.end - 1 in inside)]
        matches = self.drop_inside_person_names(matches)
        for o in kept_orgs:
            self.unknown_org(o.start, o.end, o.sector)
        person_first = sorted(matches, key=lambda m: (0 if self.pick(m).kind == "person" else 1, m.start))
        for m in person_first:
            self.kb_match(m)
        demonyms = [(m.start, m.end, self.state_of(m)) for m in matches if "demonym" in m.forms]
        demonyms += [(i, i + 1, None) for i in ethnic]
        unknown_persons(self)
        for start, end, state in sorted(demonyms):
            if start not in self.taken:
                demonym(self, start, end, state)
        surname_mentions(self)
        bare_groups(self)
        pronouns(self)
        actors = sorted(
            (a.to_actor() for a in self.acc.values() if a.mentions), key=lambda a: (a.mentions[0].start, a.id)
        )
        return actors, self.errors

    def drop_inside_person_names(self, matches: list[Match]) -> list[Match]:
        """"Jordan" in "Jordan Peterson": a place-like match inside a longer PERSON entity is not the state."""
        persons = [e for e in self.parse.ents if e.label == "PERSON" and e.token_end - e.token_start > 1]
        out = []
        for m in matches:
            kinds = {self.kb.entries[a.key].kind for a in m.aliases}
            inside = any(e.token_start <= m.start and m.end <= e.token_end and (m.end - m.start) < (
                e.token_end - e.token_start) for e in persons)
            if inside and kinds == {"state"} and not ({"demonym"} & m.forms):
                other = [mm for mm in matches if mm is not m and any(
                    e.token_start <= mm.start < e.token_end for e in persons if e.token_start <= m.start < e.token_end)]
                if not other:
                    continue
            out.append(m)
        return out

    def kb_match(self, m: Match) -> None:
        forms = m.forms
        last = self.toks[m.end - 1]
        modifier = last.dep in ("amod", "compound", "nmod") and last.head >= m.end
        if forms == {"demonym"} or ("demonym" in forms and modifier):
            self.demonym_only.update(range(m.start, m.end))
            return
        if forms == {"surname"}:
            m = self.plausible_surname(m)
            if not m.aliases:
                return  # "Gates" in 2005 is not Robert Gates: leave it to the person stage
        entry = self.pick(m)
        if entry.kind == "state" and entry.key.startswith("state:"):
            self.state_name(m, entry)
            return
        if forms <= {"capital", "metonym"}:
            if m.end < len(self.toks) and normalize(self.toks[m.end].text) in self.lex.government_nouns:
                self.mention(self.kb_acc(entry), m.start, m.end + 1)  # "the Khartoum government"
                return
            seat = normalize(self.span_text(m.start, m.end)) in self.lex.seats
            if not seat and not is_agentive(self.parse, m.start, m.end, self.lex):
                return
        if entry.kind == "person" and self.leader_group(m, entry):
            return
        acc = self.kb_acc(entry)
        if entry.kind == "person" and entry.office_near(self.day) is None and acc.office is None:
            info = describe_person(self, m.start, m.end)
            acc.office, acc.country = info.office, acc.country or info.country
        self.mention(acc, m.start, m.end)

    def plausible_surname(self, m: Match) -> Match:
        """A surname alone names a KB person only if the article also has the full name, or the person held
        an office around the article's date (without a date: holds one now)."""
        full = {a.key for mm in self.matches for a in mm.aliases if a.form == "name"}
        keep = []
        for a in m.aliases:
            e = self.kb.entries[a.key]
            in_office = e.office_near(self.day) is not None if self.day else any(o.end is None for o in e.offices)
            if a.key in full or in_office:
                keep.append(a)
        return Match(m.start, m.end, tuple(keep))

    def leader_group(self, m: Match, entry: KBEntry) -> bool:
        """"the Assad regime" -> the government; "Assad's forces" -> that country's military (a group)."""
        toks = self.toks
        nxt = m.end + (1 if m.end < len(toks) and toks[m.end].text in ("'s", "'") else 0)
        if nxt >= len(toks):
            return False
        word = normalize(toks[nxt].text)
        office = entry.office_near(self.day) or entry.office_at(None)
        if office is None or not office.country:
            return False
        if word in self.lex.government_nouns:
            self.mention(self.kb_acc(self.kb.entries[self.kb.government_key(office.country)]), m.start, nxt + 1)
            return True
        sector = self.lex.group_nouns.get(word)
        if sector in ("MIL", "COP", "SPY") and toks[nxt].pos == "NOUN":
            name = f"{self.kb.demonym_of.get('state:' + office.country, office.country)} {toks[nxt].text}"
            self.mention(group_acc(self, name, office.country, sector, toks[nxt].lemma.lower()), m.start, nxt + 1)
            return True
        return False

    def state_name(self, m: Match, entry: KBEntry) -> None:
        toks = self.toks
        iso = entry.country or ""
        # "the government of Armenia" / "Armenia's government" -> the government actor
        if m.start >= 2 and toks[m.start - 1].text.lower() == "of" and normalize(
                toks[m.start - 2].text) in self.lex.government_nouns:
            self.mention(self.kb_acc(self.kb.entries[self.kb.government_key(iso)]), m.start - 2, m.end)
            return
        if m.end + 1 < len(toks) and toks[m.end].text in ("'s", "'") and normalize(
                toks[m.end + 1].text) in self.lex.government_nouns:
            self.mention(self.kb_acc(self.kb.entries[self.kb.government_key(iso)]), m.start, m.end + 2)
            return
        # "Turkey's foreign minister" -> the office holder
        if m.end + 1 < len(toks) and toks[m.end].text in ("'s", "'"):
            person = self.role_holder(iso, m.end + 1)
            if person:
                entry_p, role_end = person
                self.mention(self.kb_acc(entry_p), m.start, role_end)
                self.mention(self.kb_acc(entry), m.start, m.end)
                return
        self.mention(self.kb_acc(entry), m.start, m.end)
        head = self.toks[m.end - 1]
        if head.dep in ("compound", "poss", "nmod") and m.end <= head.head < m.end + 5:
            demonym(self, m.start, m.end, entry.key)  # "Russia troops", "Romania's new government"

    def unknown_org(self, start: int, end: int, sector: str) -> None:
        name = " ".join(self.span_text(start, end).split())
        country = None
        for m in self.matches:
            if start <= m.start < end and self.state_of(m):
                country = self.kb.entries[self.state_of(m) or ""].country
                break
        if country is None and start >= 2 and self.toks[start - 1].text in ("'s", "'"):
            for a in self.kb.lookup(self.toks[start - 2].text):
                if a.key.startswith("state:"):
                    country = self.kb.entries[a.key].country
        key = f"org:{normalize(name)}"
        acc = self.acc.setdefault(key, Acc(key, name, "organization", country, sector))
        self.mention(acc, start, end)



def resolve_actors(article: Article, parse: Parse, kb: ActorKB) -> tuple[list[Actor], list[ArticleError]]:
    """Actors of one article: KB entries, groups, unknown organisations and persons, with every mention."""
    if kb.lexicon is None or not parse.tokens:
        return [], []
    return _Resolver(article, parse, kb).run()

