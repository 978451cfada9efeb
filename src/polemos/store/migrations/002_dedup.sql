-- polemos store, version 2: cross-article event merging (polemos.dedup).
-- canonical_events: one row per real-world event, merged from the event mentions of every stored article.
-- event_mentions: which stored event (article_id, event_id) belongs to which canonical event.
-- event_links: the pairwise "could be the same event" graph (scores >= the link threshold); clusters never
--              cross its connected components, which is what makes incremental updates order-independent.
-- No PRIMARY KEYs: polemos.dedup deletes and re-inserts whole components in one transaction.
CREATE TABLE IF NOT EXISTS canonical_events (
    id VARCHAR, type VARCHAR, mode VARCHAR, context JSON,
    source_name VARCHAR, source_kind VARCHAR, source_country VARCHAR, source_sector VARCHAR,
    target_name VARCHAR, target_kind VARCHAR, target_country VARCHAR, target_sector VARCHAR,
    place_name VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE, country VARCHAR, admin1 VARCHAR, feature VARCHAR,
    date VARCHAR, date_precision VARCHAR, date_start DATE, date_end DATE,
    status VARCHAR, fatalities_low INTEGER, fatalities_best INTEGER, fatalities_high INTEGER, fatalities_sources JSON,
    n_mentions INTEGER, n_articles INTEGER, first_published DATE, last_published DATE,
    summary VARCHAR, rep_article_id VARCHAR, rep_event_id VARCHAR, updated_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS event_mentions (
    canonical_id VARCHAR, article_id VARCHAR, event_id VARCHAR, type VARCHAR, status VARCHAR, fatalities INTEGER,
    evidence_start INTEGER, evidence_end INTEGER, evidence_text VARCHAR, claims JSON, score DOUBLE
);
CREATE TABLE IF NOT EXISTS event_links (
    a_article VARCHAR, a_event VARCHAR, b_article VARCHAR, b_event VARCHAR, score DOUBLE
);
CREATE INDEX IF NOT EXISTS event_mentions_canonical ON event_mentions (canonical_id);
CREATE INDEX IF NOT EXISTS event_mentions_article ON event_mentions (article_id);
CREATE INDEX IF NOT EXISTS event_links_a ON event_links (a_article);
CREATE INDEX IF NOT EXISTS event_links_b ON event_links (b_article);
