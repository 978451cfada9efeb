"""Issue 5 "done when": two differently worded reports of one event, analysed by the whole pipeline and stored,
give one canonical event with two mentions; a report of another event stays apart."""

from __future__ import annotations

from datetime import date

from polemos.ingest import normalize_text
from polemos.pipeline import Pipeline
from polemos.records import Article
from polemos.store import Store

REPORT_1 = (
    "KHERSON, Ukraine, Nov 3 - Russian artillery shelled a bus station in Kherson on Friday morning, killing "
    "four civilians who were waiting for a bus, regional governor Oleksandr Prokudin said. Eleven people were "
    "wounded in the attack."
)
REPORT_2 = (
    "Four people died and eleven were injured when Russian shells hit the central bus station of the southern "
    "city of Kherson on Friday, Ukrainian officials said on Saturday. Rescuers worked at the site for hours."
)
OTHER = (
    "MYKOLAIV, Ukraine, Nov 3 - Hundreds of residents rallied in central Mykolaiv on Friday to demand that "
    "the city council repair heating networks before winter, local media reported."
)


def _article(text: str, published: str) -> Article:
    clean = normalize_text(text)
    return Article(id=Article.make_id(clean), text=clean, published=date.fromisoformat(published))


def test_two_reports_make_one_canonical_event(pipeline: Pipeline) -> None:
    articles = [_article(REPORT_1, "2023-11-03"), _article(REPORT_2, "2023-11-04"), _article(OTHER, "2023-11-03")]
    analyses = list(pipeline.analyze_many(articles))
    with Store(":memory:") as store:
        store.save(analyses)
        rows = store.conn.execute(
            "SELECT c.id, c.type, c.n_articles, list(DISTINCT m.article_id) FROM canonical_events c "
            "JOIN event_mentions m ON m.canonical_id = c.id GROUP BY ALL").fetchall()
    shared = [r for r in rows if r[2] == 2]
    assert len(shared) == 1, rows
    assert shared[0][1] == "ASSAULT"
    assert set(shared[0][3]) == {articles[0].id, articles[1].id}
    assert all(articles[2].id not in r[3] for r in shared)  # the rally stays apart
