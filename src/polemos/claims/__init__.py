"""Claims (who asserts / denies an event), event status, and quotes.

See ``polemos/claims/README.md`` for the rules; the cue lexicons are data in ``polemos/data/claims/``.
"""

from __future__ import annotations

from dataclasses import replace

from polemos.claims.lexicon import load_cues
from polemos.claims.quotes import extract, find_quote_marks
from polemos.claims.speakers import SpeakerIndex
from polemos.claims.status import Context, judge_all
from polemos.coding.dates import fallback_date
from polemos.nlp import Parse
from polemos.records import Actor, Article, ArticleError, Claim, Event, Quote, content_id

__all__ = ["attribute_claims", "extract_quotes"]


def extract_quotes(article: Article, parse: Parse, actors: list[Actor]) -> tuple[list[Quote], list[ArticleError]]:
    """Direct quotes of the article, each with its speaker (actor id and name) and quote span."""
    cues = load_cues()
    return extract(article, parse, SpeakerIndex(article.text, parse, actors, cues.speech_verbs), cues), []


def attribute_claims(
    article: Article, parse: Parse, actors: list[Actor], events: list[Event], quotes: list[Quote]
) -> tuple[list[Event], list[Claim], list[ArticleError]]:
    """Set each event's status and attach one Claim per asserting and per denying source."""
    cues = load_cues()
    ctx = Context(article.text, parse, cues, SpeakerIndex(article.text, parse, actors, cues.speech_verbs), quotes,
                  find_quote_marks(article.text))
    judgements = judge_all(ctx, events)
    out_events: list[Event] = []
    claims: list[Claim] = []
    for event, j in zip(events, judgements, strict=True):
        ids: list[str] = []
        seen: set[tuple[str, str]] = set()
        for src in j.sources:
            if src.speaker is None:  # an unnamed source ("companies accused of ...") sets the status only
                continue
            who = src.speaker.actor or src.speaker.name
            if (who, src.stance) in seen:
                continue
            seen.add((who, src.stance))
            cid = content_id("clm", event.id, src.stance, who, src.evidence.start, src.evidence.end)
            claims.append(Claim(cid, event.id, src.speaker.actor, src.stance, src.evidence))
            ids.append(cid)
        out_events.append(_date_guard(article, replace(event, status=j.status, claims=tuple(ids))))
    return out_events, claims, []


def _date_guard(article: Article, event: Event) -> Event:
    """Hypothetical and planned events keep only a date the text gives them (not the published-month
    fallback); an event that is not planned never keeps a date after the article's."""
    if article.published is None or event.date is None:
        return event
    fallback = fallback_date(article.published)
    if event.status in ("hypothetical", "planned") and fallback == (event.date, event.date_precision):
        return replace(event, date=None, date_precision=None)
    if event.status != "planned" and event.date > article.published.isoformat()[: len(event.date)]:
        return replace(event, date=None, date_precision=None)
    return event
