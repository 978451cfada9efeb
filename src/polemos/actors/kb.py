"""The actor knowledge base: states, governments, organisations, armed groups and office holders.

Everything is read from the data files in ``polemos/data/actors/`` (see its README for the sources) plus an
optional user YAML file, and compiled once into lookup tables: a dict from normalised surface forms to
aliases, and a set of every prefix of those forms, so that matching an article is a walk over its tokens
with dictionary look-ups (no per-article regular expressions over the KB).
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from polemos.actors.userkb import load_user_entries, plugin_kbs
from polemos.records import content_id
from polemos.words import word_class

__all__ = ["Office", "KBEntry", "Alias", "Lexicon", "ActorKB", "load_kb", "normalize", "DATA_PACKAGE"]

DATA_PACKAGE = "polemos.data.actors"
_PUNCT_MAP = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def normalize(text: str) -> str:
    """The matching form of a surface string: lower case, straight quotes, single spaces."""
    return " ".join(text.translate(_PUNCT_MAP).lower().split())


@dataclass(frozen=True, slots=True)
class Office:
    title: str
    role: str
    start: date | None
    end: date | None
    country: str | None
    sector: str

    def held_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class KBEntry:
    key: str
    name: str
    kind: str  # state | person | organization | armed_group | group
    country: str | None
    sector: str | None
    offices: tuple[Office, ...] = ()

    @property
    def id(self) -> str:
        return content_id("actor", self.key)

    def office_at(self, day: date | None) -> Office | None:
        """The office held on ``day``; without a date, the current (open-ended) or the latest office."""
        if not self.offices:
            return None
        if day is None:
            open_ended = [o for o in self.offices if o.end is None]
            return open_ended[-1] if open_ended else max(self.offices, key=lambda o: o.end or date.max)
        for office in reversed(self.offices):
            if office.held_on(day):
                return office
        return None

    def office_near(self, day: date | None, slack_days: int = 31) -> Office | None:
        """The office held on ``day``, else the one that ended at most ``slack_days`` before it."""
        held = self.office_at(day)
        if held is not None or day is None:
            return held
        ended = [o for o in self.offices if o.end and 0 <= (day - o.end).days <= slack_days]
        return max(ended, key=lambda o: o.end or date.min) if ended else None

    def distance(self, day: date | None) -> int:
        """How far (in days) ``day`` is from this entry's offices: 0 while in office (smaller = likelier)."""
        if day is None or not self.offices:
            return 0 if self.office_at(day) else 1
        best = 10**6
        for o in self.offices:
            if o.held_on(day):
                return 0
            if o.start and day < o.start:
                best = min(best, (o.start - day).days * 2)  # before taking office: weaker than after leaving
            elif o.end and day >= o.end:
                best = min(best, (day - o.end).days + 1)
        return best


@dataclass(frozen=True, slots=True)
class Alias:
    key: str  # the KBEntry key
    surface: str
    form: str  # name | demonym | capital | seat | surname | metonym
    case_sensitive: bool


@dataclass(frozen=True)
class Lexicon:
    """Word lists that decide sector and kind from the sentence (``lexicon.yaml``)."""

    group_nouns: dict[str, str]
    state_nouns: frozenset[str]
    government_nouns: frozenset[str]
    org_heads: dict[str, str]
    role_nouns: dict[str, str]
    titles: dict[str, str]
    pronouns: frozenset[str]
    locative_preps: frozenset[str]
    ethnic: frozenset[str]
    negating_prefixes: frozenset[str]
    seats: frozenset[str]
    object_verbs: frozenset[str]
    place_prefixes: frozenset[str]
    armed_group_prefixes: frozenset[str]
    equipment: frozenset[str]
    agent_nouns: dict[str, str] = field(default_factory=dict)  # agents.tsv (PETRARCH-2): a fallback for group_nouns
    max_group_words: int = 4
    max_role_words: int = 4


@dataclass(frozen=True)
class ActorKB:
    """Entries by key plus the compiled look-up tables."""

    entries: dict[str, KBEntry] = field(default_factory=dict)
    aliases: dict[str, tuple[Alias, ...]] = field(default_factory=dict)
    prefixes: frozenset[str] = frozenset()
    roles: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    surnames: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sectors: frozenset[str] = frozenset()
    lexicon: Lexicon | None = None
    demonym_of: dict[str, str] = field(default_factory=dict)  # state key -> adjective ("Armenian")

    def lookup(self, surface: str) -> tuple[Alias, ...]:
        return self.aliases.get(normalize(surface), ())

    def government_key(self, iso3: str) -> str:
        return f"gov:{iso3}"


def _read_text(name: str) -> str:
    return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def _yaml(name: str) -> Any:
    return yaml.safe_load(_read_text(name))


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _case_sensitive(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(surface.replace(".", "")) <= 6


class _Builder:
    def __init__(self) -> None:
        self.entries: dict[str, KBEntry] = {}
        self.aliases: dict[str, list[Alias]] = {}
        self.roles: dict[tuple[str, str], list[str]] = {}
        self.surnames: dict[str, list[str]] = {}
        self.demonym_of: dict[str, str] = {}

    def add_alias(self, key: str, surface: str, form: str) -> None:
        surface = surface.strip()
        if not surface:
            return
        variants = [surface]
        if surface.lower().startswith("the ") and len(surface) > 4:
            variants.append(surface[4:])
        for s in variants:
            alias = Alias(key, s, form, _case_sensitive(s))
            bucket = self.aliases.setdefault(normalize(s), [])
            if all(a.key != key or a.form != form or a.surface != s for a in bucket):
                bucket.append(alias)

    def add_entry(self, entry: KBEntry, aliases: list[str], surname: str | bool | None = None) -> None:
        self.entries[entry.key] = entry
        self.add_alias(entry.key, entry.name, "name")
        for a in aliases:
            self.add_alias(entry.key, a, "name")
        if entry.kind == "person":
            if surname is None or surname is True:
                surname = entry.name.split()[-1] if len(entry.name.split()) > 1 else None
            if isinstance(surname, str) and surname:
                self.add_alias(entry.key, surname, "surname")
                self.surnames.setdefault(normalize(surname), []).append(entry.key)
            for office in entry.offices:
                if office.country:
                    self.roles.setdefault((office.country, office.role.lower()), []).append(entry.key)

    def states(self) -> None:
        rows = csv.DictReader(_read_text("states.csv").splitlines())
        for row in rows:
            iso = row["iso3"]
            name = row["name"]
            key = f"state:{iso}"
            split = [a for a in row["aliases"].split("|") if a]
            self.add_entry(KBEntry(key, name, "state", iso, None), split)
            demonyms = [d for d in row["demonyms"].split("|") if d]
            if demonyms:
                self.demonym_of[key] = demonyms[0]
            for d in demonyms:
                self.add_alias(key, d, "demonym")
            gov = KBEntry(f"gov:{iso}", f"Government of {name}", "state", iso, "GOV")
            self.entries[gov.key] = gov
            for cap in (c for c in row["capitals"].split("|") if c):
                self.add_alias(gov.key, cap, "capital")

    def orgs(self, name: str, default_kind: str) -> None:
        for item in _yaml(name):
            entry = KBEntry(
                item["key"], item["name"], item.get("kind", default_kind), item.get("country"), item.get("sector")
            )
            self.add_entry(entry, list(item.get("aliases", [])))
            for m in item.get("metonyms", []):
                self.add_alias(entry.key, m, "metonym")

    def person(self, item: dict[str, Any]) -> None:
        country = item.get("country")
        sector = item.get("sector", "GOV")
        offices = tuple(
            Office(
                o["title"], o.get("role") or o["title"].split(" of ")[0].lower(), _date(o.get("start")),
                _date(o.get("end")), o.get("country", country), o.get("sector", sector),
            )
            for o in item.get("offices", [])
        )
        entry = KBEntry(item["key"], item["name"], "person", country, sector, offices)
        self.add_entry(entry, list(item.get("aliases", [])), item.get("surname"))

    def build(self, lexicon: Lexicon, sectors: frozenset[str]) -> ActorKB:
        prefixes: set[str] = set()
        for surface in self.aliases:
            for i in range(1, len(surface) + 1):
                prefixes.add(surface[:i])
        return ActorKB(
            entries=self.entries,
            aliases={k: tuple(v) for k, v in self.aliases.items()},
            prefixes=frozenset(prefixes),
            roles={k: tuple(dict.fromkeys(v)) for k, v in self.roles.items()},
            surnames={k: tuple(v) for k, v in self.surnames.items()},
            sectors=sectors,
            lexicon=lexicon,
            demonym_of=self.demonym_of,
        )


def _flat(table: dict[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for sector, words in table.items():
        for w in words:
            out.setdefault(normalize(str(w)), sector)
    return out


def _agents() -> dict[str, str]:
    """Agent noun -> sector from ``agents.tsv`` (derived from the PETRARCH-2 agents dictionary, MIT)."""
    out: dict[str, str] = {}
    for line in _read_text("agents.tsv").splitlines():
        if line and not line.startswith("#"):
            phrase, sector, _ = line.split("\t")
            out[phrase] = sector
    return out


def load_lexicon() -> Lexicon:
    d = _yaml("lexicon.yaml")
    group = _flat(d["group_nouns"])
    roles = _flat(d["role_nouns"])
    return Lexicon(
        group_nouns=group,
        state_nouns=frozenset(normalize(w) for w in d["state_nouns"]),
        government_nouns=frozenset(normalize(w) for w in d["government_nouns"]),
        org_heads={str(w): s for s, ws in d["org_heads"].items() for w in ws},
        role_nouns=roles,
        titles={str(w): s for s, ws in d["titles"].items() for w in ws},
        pronouns=frozenset(d["person_pronouns"]),
        locative_preps=word_class("locative_prepositions"),
        ethnic=frozenset(d["ethnic"]),
        negating_prefixes=frozenset(d["negating_prefixes"]),
        seats=frozenset(normalize(w) for w in d["seats"]),
        object_verbs=frozenset(d["actor_object_verbs"]),
        place_prefixes=frozenset(d["place_prefixes"]),
        armed_group_prefixes=frozenset(d["armed_group_prefixes"]),
        equipment=frozenset(normalize(w) for w in d["equipment"]),
        agent_nouns=_agents(),
        max_group_words=max(len(k.split()) for k in group),
        max_role_words=max(len(k.split()) for k in roles),
    )


def load_sectors() -> frozenset[str]:
    return frozenset(_yaml("sectors.yaml")["sectors"])


@functools.cache
def _builtin() -> _Builder:
    b = _Builder()
    b.states()
    b.orgs("organizations.yaml", "organization")
    b.orgs("armed_groups.yaml", "armed_group")
    for item in _yaml("persons.yaml"):
        b.person(item)
    return b


def load_kb(extra_path: str | None = None, plugins: bool = True) -> ActorKB:
    """Load the built-in KB (cached per process), then the KBs of installed packages (entry point group
    ``polemos.actor_kbs``, by name) and a user YAML file; each file is validated (PolemosError E2xx) and its entries
    replace built-in ones with the same key."""
    sources = [*(plugin_kbs().values() if plugins else ()), *([Path(extra_path)] if extra_path else [])]
    if not sources:
        return _compiled()
    lexicon = load_lexicon()
    sectors = load_sectors()
    base = _builtin()
    b = _Builder()
    b.entries = dict(base.entries)
    b.aliases = {k: list(v) for k, v in base.aliases.items()}
    b.roles = {k: list(v) for k, v in base.roles.items()}
    b.surnames = {k: list(v) for k, v in base.surnames.items()}
    b.demonym_of = dict(base.demonym_of)
    for item in (i for path in sources for i in load_user_entries(path, sectors)):
        if item["kind"] == "person":
            b.person(item)
        else:
            entry = KBEntry(item["key"], item["name"], item["kind"], item.get("country"), item.get("sector"))
            # a user entry replaces a built-in one with the same key
            for k in list(b.aliases):
                b.aliases[k] = [a for a in b.aliases[k] if a.key != entry.key]
            b.add_entry(entry, list(item.get("aliases", [])))
    return b.build(lexicon, sectors)


@functools.cache
def _compiled() -> ActorKB:
    return _builtin().build(load_lexicon(), load_sectors())
