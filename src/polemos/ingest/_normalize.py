"""Unicode/whitespace normalisation (done once; all offsets refer to its output) and dateline detection."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

__all__ = ["normalize_text", "Dateline", "find_dateline"]

_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\u200e\u200f\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """NFC, unified newlines, no control characters, single spaces, at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


@dataclass(frozen=True)
class Dateline:
    place: str  # "YEREVAN/BAKU", "KYIV"
    start: int  # offsets of the place text in the article text
    end: int
    date_text: str | None = None  # "March 6" when the dateline carries a date
    date: date | None = None


_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
)
# "KYIV, March 6 (Reuters) -", "YEREVAN/BAKU:", "GAZA CITY (AP) —", "KHARTOUM, Sudan:"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][a-z]+(?: [A-Z][a-z]+)?))?"
    rf"(?:,?\s*(?P<date>{_MONTH}\s+\d{{1,2}}(?:,\s*\d{{4}})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z .]+)\))?"
    r"\s*(?::|-|–|—)\s+"
)
# a photo caption paragraph: ends with a credit "- AFP", "(Reuters)", "Photo: ..."
_CAPTION_CREDIT = re.compile(r"(?:[-–—]\s*(?:AFP|Reuters|AP|EPA|Getty Images)|\((?:Photo|Image)[^)]*\))\s*$")


_LINE = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]\s*$")


def _is_headline(line: str) -> bool:
    """A short line that is not a sentence: a headline, kicker or subtitle above the body (HTML pages, feeds)."""
    return len(line) <= 160 and not _SENTENCE_END.search(line)


def find_dateline(text: str, published: date | None = None) -> Dateline | None:
    """The dateline of the first body paragraph. Photo captions with a credit line and up to two headline lines
    (extracted HTML pages start with the title and put one paragraph per line) are skipped."""
    headlines = 0
    for n, line_match in enumerate(_LINE.finditer(text)):
        if n >= 6:
            return None
        para, offset = line_match.group(), line_match.start()
        m = _DATELINE.match(para)
        is_caption = bool(_CAPTION_CREDIT.search(para)) and len(para) < 400
        if m and not is_caption:
            place = m.group("place").strip()
            if len(place) < 3 or place in {"THE", "BREAKING", "UPDATE", "WATCH", "LIVE"}:
                return None
            date_text = m.group("date")
            return Dateline(place, offset + m.start("place"), offset + m.end("place"), date_text,
                            _dateline_date(date_text, published))
        if is_caption:
            continue
        if headlines < 2 and _is_headline(para):
            headlines += 1
            continue
        return None
    return None


def _dateline_date(date_text: str | None, published: date | None) -> date | None:
    if not date_text:
        return None
    from datetime import datetime

    clean = date_text.replace(".", "").replace("Sept", "Sep")
    for fmt in ("%b %d, %Y", "%B %d, %Y", "%b %d", "%B %d"):
        try:
            parsed = datetime.strptime(clean, fmt)
        except ValueError:
            continue
        if "%Y" not in fmt:
            year = published.year if published else None
            if year is None:
                return None
            parsed = parsed.replace(year=year)
        return parsed.date()
    return None
