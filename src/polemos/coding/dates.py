"""Event dates: find date expressions with a cheap regex, resolve them against the published date.

Rules (deterministic, no model; ``dateparser`` is not needed for the forms news text uses):

* Candidates are found by one regular expression per form: ISO dates, ``Nov 5, 2020``, ``5 November 2020``,
  ``Sept 24``, ``November 2020``, ``(since) early October``, ``in 2019``, weekdays (``on Sunday``, ``last
  Friday``), ``yesterday``/``today``/``tomorrow``, ``last/this/next week|month|year|summer...``,
  ``three days ago``. Each distinct expression is resolved once (``functools.lru_cache``).
* The reference is ``article.published`` (the ingest stage already falls back to the dateline's date).
  Without it, only expressions that carry their own year are resolved.
* Weekdays and dates without a year are the most recent such day on or before the reference, unless the
  event's clause is in the future (``will``, ``shall``, ``'ll``, ``is to``, ``plans to``...), then the next.
  A date later than the reference is dropped unless the clause is in the future: no event is dated in the
  future of its article unless it is planned.
* Precision: ``day`` for a day, ``month`` for a month, a week (``last week`` -> that week's month) or
  ``N weeks/months ago``; ``year`` for a year or a season (``this summer`` -> the year).
* An event gets the date expression nearest to its evidence in the same sentence (inside the evidence
  first). With none, it gets the published month (``YYYY-MM``, precision ``month``): the lower confidence of
  an undated event is shown as a coarser precision, never as a made-up day.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from polemos.nlp import Parse, Token
from polemos.numbers import number_words
from polemos.records import Article, ArticleError, Event

__all__ = ["DateMention", "find_dates", "resolve_expression", "resolve_dates", "fallback_date"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_MON = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
        r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)(?![a-z])")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUM_WORDS = {**{w: n for w, n in number_words().items() if n <= 10},
              "a": 1, "an": 1, "several": 3, "a few": 3, "few": 3}
_SEASONS = ("spring", "summer", "autumn", "fall", "winter")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-2]\d|3[01])\b")),
    ("mdy", re.compile(rf"\b(?P<mon>{_MON})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b")),
    ("dmy", re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON}),?\s+(?P<y>(?:19|20)\d\d)\b")),
    ("my", re.compile(rf"\b(?P<mon>{_MON}),?\s+(?P<y>(?:19|20)\d\d)\b")),
    ("md", re.compile(rf"\b(?P<mon>{_MON})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?\d)")),
    ("dm", re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON})\b(?!\s*,?\s*\d)")),
    ("m", re.compile(rf"(?i:\b(?:in|since|until|till|by|from|during|of|through|throughout|last|this|next|"
                     rf"early|mid|late|end|start|beginning)(?:\s+|-))(?:(?i:early|mid|late)(?:\s+|-))?"
                     rf"(?P<mon>{_MON})(?!\s*[-\d])")),
    ("y", re.compile(r"(?i:\b(?:in|since|until|by|from|during|of|early|late|mid)\s+)(?P<y>(?:19|20)\d\d)\b(?!-)")),
    ("wd", re.compile(rf"(?i:\b(?P<rel>last|this|next|on|early|late)\s+)?(?P<wd>{_WD})\b")),
    ("deixis", re.compile(r"(?i)\b(?P<w>yesterday|today|tonight|tomorrow|last night|this (?:morning|afternoon|"
                          r"evening))\b")),
    ("weekend", re.compile(r"(?i)\b(?:over|at|during|on) the weekend\b|\b(?P<rel>last|this|past) weekend\b")),
    ("rel", re.compile(r"(?i)\b(?:(?:earlier|later)\s+)?(?P<rel>last|this|next|past)\s+"
                       r"(?P<unit>week|month|year|spring|summer|autumn|fall|winter)\b")),
    ("ago", re.compile(r"(?i)\b(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|"
                       r"(?:a )?few)\s+(?P<unit>day|week|month|year)s?\s+ago\b")),
)
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_INTENT = frozenset({"plan", "intend", "vow", "threaten", "promise", "pledge", "schedule", "due", "set", "expect",
                     "prepare", "aim", "go"})


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str
    groups: tuple[tuple[str, str], ...]


def find_dates(text: str) -> list[DateMention]:
    """Every date expression of a text, longest first where two overlap, in text order."""
    found: list[DateMention] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            groups = tuple((k, v) for k, v in m.groupdict().items() if v is not None)
            found.append(DateMention(m.start(), m.end(), m.group(0), kind, groups))
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMention] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out


def _month(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")[:3]]


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def resolve_expression(
    kind: str, groups: tuple[tuple[str, str], ...], ref: date | None, forward: bool
) -> tuple[str, str] | None:
    """``(ISO date, precision)`` of one expression relative to ``ref`` (None if it cannot be resolved)."""
    g = dict(groups)
    if kind in ("iso", "mdy", "dmy"):
        mon = int(g["m"]) if kind == "iso" else _month(g["mon"])
        d = _safe(int(g["y"]), mon, int(g["d"]))
        return (d.isoformat(), "day") if d else None
    if kind == "my":
        return f"{int(g['y']):04d}-{_month(g['mon']):02d}", "month"
    if kind == "y":
        return g["y"], "year"
    if ref is None:
        return None
    if kind in ("md", "dm", "m"):
        mon = _month(g["mon"])
        year = ref.year
        if kind == "m":
            if not forward and mon > ref.month:
                year -= 1
            elif forward and mon < ref.month:
                year += 1
            return f"{year:04d}-{mon:02d}", "month"
        d = _safe(year, mon, int(g["d"]))
        if d is None:
            return None
        if not forward and d > ref:
            d = _safe(year - 1, mon, int(g["d"]))
        elif forward and d < ref:
            d = _safe(year + 1, mon, int(g["d"]))
        return (d.isoformat(), "day") if d else None
    if kind == "wd":
        wd = _DAYS.index(g["wd"].lower())
        rel = (g.get("rel") or "").lower()
        if rel == "next" or (forward and rel != "last"):
            delta = (wd - ref.weekday()) % 7 or 7
            return (ref + timedelta(days=delta)).isoformat(), "day"
        delta = (ref.weekday() - wd) % 7
        if rel == "last" and delta == 0:
            delta = 7
        return (ref - timedelta(days=delta)).isoformat(), "day"
    if kind == "weekend":  # the latest Saturday on or before the reference (a two-day span, given as its start)
        back = (ref.weekday() - 5) % 7
        if (g.get("rel") or "").lower() == "last" and back < 2:
            back += 7
        return (ref - timedelta(days=back)).isoformat(), "day"
    if kind == "deixis":
        w = g["w"].lower()
        shift = -1 if w in ("yesterday", "last night") else 1 if w == "tomorrow" else 0
        return (ref + timedelta(days=shift)).isoformat(), "day"
    if kind == "rel":
        rel, unit = g["rel"].lower(), g["unit"].lower()
        step = -1 if rel in ("last", "past") else 1 if rel == "next" else 0
        if unit == "week":
            d = ref + timedelta(days=7 * step)
            return f"{d.year:04d}-{d.month:02d}", "month"
        if unit == "month":
            m0 = ref.year * 12 + ref.month - 1 + step
            return f"{m0 // 12:04d}-{m0 % 12 + 1:02d}", "month"
        return f"{ref.year + step:04d}", "year"  # a year or a season of it
    if kind == "ago":
        n = g["n"].lower()
        count = int(n) if n.isdigit() else _NUM_WORDS.get(n, 1)
        unit = g["unit"].lower()
        if unit == "day":
            return (ref - timedelta(days=count)).isoformat(), "day"
        if unit == "week":
            d = ref - timedelta(days=7 * count)
            return f"{d.year:04d}-{d.month:02d}", "month"
        if unit == "month":
            m0 = ref.year * 12 + ref.month - 1 - count
            return f"{m0 // 12:04d}-{m0 % 12 + 1:02d}", "month"
        return f"{ref.year - count:04d}", "year"
    return None


def _after(iso: str, ref: date) -> bool:
    """True if the (possibly partial) ISO date lies wholly after ``ref``."""
    parts = [int(p) for p in iso.split("-")]
    if len(parts) == 3:
        return date(*parts) > ref
    if len(parts) == 2:
        return (parts[0], parts[1]) > (ref.year, ref.month)
    return parts[0] > ref.year


def resolve_dates(article: Article, parse: Parse, events: list[Event]) -> tuple[list[Event], list[ArticleError]]:
    """Set ``date``/``date_precision`` of every event (see the module docstring for the rules)."""
    text = article.text
    ref = article.published
    mentions = find_dates(text)
    out: list[Event] = []
    for ev in events:
        sent = parse.sentence_of(ev.evidence.start)
        lo, hi = (sent.start, sent.end) if sent is not None else (ev.evidence.start, ev.evidence.end)
        clause = _event_clause(parse, ev.evidence.start, ev.evidence.end)
        cands = [m for m in mentions if lo <= m.start and m.end <= hi and not _in_dateline(text, m)
                 and (not clause or ev.evidence.start <= m.start < ev.evidence.end
                      or _attached(parse, m.start, clause))]
        cands.sort(key=lambda m: (_distance(m, ev.evidence.start, ev.evidence.end), m.start))
        value: tuple[str, str] | None = None
        for m in cands:
            forward = _future_clause(parse, m.start) or m.text.lower().startswith(("next", "tomorrow"))
            value = resolve_expression(m.kind, m.groups, ref, forward)
            if value is not None and ref is not None and not forward and _after(value[0], ref):
                value = None  # no date in the future of the article for an event that is not planned
            if value is not None:
                break
        if value is None:
            value = fallback_date(ref)
        out.append(replace(ev, date=value[0], date_precision=value[1]) if value else ev)
    return out, []


def fallback_date(ref: date | None) -> tuple[str, str] | None:
    """The date of an event with no date expression near it: the published month."""
    return (f"{ref.year:04d}-{ref.month:02d}", "month") if ref is not None else None


def _distance(m: DateMention, start: int, end: int) -> int:
    if m.end <= start:
        return start - m.end
    if m.start >= end:
        return m.start - end
    return 0


def _tokens_in(parse: Parse, start: int, end: int) -> list[Token]:
    toks = parse.tokens
    k = bisect.bisect_right(toks, start, key=lambda t: t.end)
    out = []
    while k < len(toks) and toks[k].start < end:
        out.append(toks[k])
        k += 1
    return out


def _event_clause(parse: Parse, start: int, end: int) -> set[int]:
    """Token ids of the event's evidence and of the governors of its highest token (its clause chain)."""
    toks = [t for t in _tokens_in(parse, start, end) if t.pos != "SPACE"]
    if not toks:
        return set()
    ids = {t.i for t in toks}
    top = next((t for t in toks if t.head not in ids or t.head == t.i), toks[0])
    seen = set(ids)
    while top.head != top.i and top.head not in seen:
        seen.add(top.head)
        top = parse.tokens[top.head]
    return seen


def _attached(parse: Parse, char: int, clause: set[int]) -> bool:
    """True if the date expression at ``char`` hangs (through its heads) off the event's clause chain:
    "Aliyev said on Sunday his forces had taken Shusha" yes; "Ankara denies X but Aliyev has acknowledged
    Y this summer" not for X."""
    tok = next(iter(_tokens_in(parse, char, char + 1)), None)
    seen: set[int] = set()
    while tok is not None and tok.i not in seen:
        if tok.i in clause:
            return True
        seen.add(tok.i)
        if tok.pos in ("VERB", "AUX") and tok.dep in ("conj", "ROOT"):
            return False  # reached another coordinated clause's verb without meeting the event's chain
        if tok.pos in ("VERB", "AUX") and tok.dep in _CLAUSE_DEPS:
            return False  # the date belongs to a subordinate clause ("warned that if ... last month")
        tok = parse.tokens[tok.head] if tok.head != tok.i else None
    return False


_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "pcomp"})
_DATELINE = re.compile(r"[A-Z][A-Z.'/ -]{2,}(?:,\s*[A-Z][\w.' ]*){0,2},?\s*$")


def _in_dateline(text: str, m: DateMention) -> bool:
    """A date in a dateline ("CAIRO, Aug 11 - ...") dates the story, not the event next to it."""
    para_start = text.rfind("\n", 0, m.start) + 1
    if m.start - para_start > 80 or not _DATELINE.fullmatch(text[para_start : m.start]):
        return False
    return bool(re.match(r"\s*(?:\([A-Za-z .]+\)\s*)?[-–—:]", text[m.end : m.end + 20]))


def _future_clause(parse: Parse, char: int) -> bool:
    """True if the verb governing the token at ``char`` is in the future ("will meet on Monday")."""
    tok = next(iter(_tokens_in(parse, char, char + 1)), None)
    seen: set[int] = set()
    while tok is not None and tok.i not in seen:
        seen.add(tok.i)
        if tok.pos in ("VERB", "AUX"):
            kids = parse.children(tok.i)
            if any(c.dep == "aux" and c.text.lower() in _FUTURE_AUX for c in kids):
                return True
            if any(c.dep == "aux" and c.text.lower() == "to" for c in kids):
                head = parse.tokens[tok.head]
                return head.lemma.lower() in _INTENT or any(
                    c.lemma.lower() in _INTENT for c in parse.children(head.i) if c.dep == "acomp")
            return False
        tok = parse.tokens[tok.head] if tok.head != tok.i else None
    return False
