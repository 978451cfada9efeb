"""spaCy stays inside this package: later stages get a plain :class:`Parse` with character offsets."""

from polemos.nlp._budget import PARSER_MAX_CHARS, check_parse_input, parse_budget
from polemos.nlp._load import load_nlp
from polemos.nlp._parse import Entity, Parse, Sentence, Token, chunk_text, parse_many, to_parse

__all__ = ["PARSER_MAX_CHARS", "Entity", "Parse", "Sentence", "Token", "check_parse_input", "chunk_text", "load_nlp",
           "parse_budget", "parse_many", "to_parse"]
