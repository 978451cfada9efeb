"""spaCy stays inside this package: later stages get a plain :class:`Parse` with character offsets."""

from polemos.nlp._load import load_nlp
from polemos.nlp._parse import Entity, Parse, Sentence, Token, parse_many, to_parse

__all__ = ["Entity", "Parse", "Sentence", "Token", "load_nlp", "parse_many", "to_parse"]
