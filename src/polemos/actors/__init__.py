"""Actor knowledge base and resolution (states, governments, organisations, armed groups, persons, groups).

``load_kb(extra_path)`` compiles the data files of ``polemos/data/actors/`` (plus a validated user YAML file)
into look-up tables once per process; ``resolve_actors(article, parse, kb)`` turns one parsed article into
Actor records, each with every mention as a Span of ``article.text``.
"""

from __future__ import annotations

from polemos.actors.kb import ActorKB, KBEntry, Office, load_kb
from polemos.actors.resolve import resolve_actors

__all__ = ["ActorKB", "KBEntry", "Office", "load_kb", "resolve_actors"]
