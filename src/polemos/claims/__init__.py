"""Claims (who asserts / denies an event), event status, and quotes.

See ``polemos/claims/README.md`` for the rules; the cue lexicons are data in ``polemos/data/claims/``.
"""

from __future__ import annotations

from polemos.claims.lexicon import load_cues
from polemos.claims.quotes import extract
from polemos.claims.speakers import SpeakerIndex
from polemos.nlp import Parse
from polemos.records import Actor, Article, ArticleError, Claim, Event, Quote

__all__ = ["attribute_claims", "extract_quotes"]


def extract_quotes(article: Article, parse: Parse, actors: list[Actor]) -> tuple[list[Quote], list[ArticleError]]:
    """Direct quotes of the article, each with its speaker (actor id and name) and quote span."""
    cues = load_cues()
    return extract(article, parse, SpeakerIndex(article.text, parse, actors), cues), []


def attribute_claims(
    article: Article, parse: Parse, actors: list[Actor], events: list[Event], quotes: list[Quote]
) -> tuple[list[Event], list[Claim], list[ArticleError]]:
    return events, [], []
