-- polemos store, schema version 1. One row per record per article; article_id first.
-- Later versions are migrations/NNN_name.sql, applied in order and recorded in schema_version.
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP);

CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY, title VARCHAR, published DATE, url VARCHAR, dateline VARCHAR, source VARCHAR,
    text VARCHAR, analyzed_at TIMESTAMP, result JSON
);
CREATE TABLE IF NOT EXISTS actors (
    article_id VARCHAR, id VARCHAR, name VARCHAR, kind VARCHAR, country VARCHAR, sector VARCHAR, office VARCHAR,
    mentions JSON, PRIMARY KEY (article_id, id)
);
CREATE TABLE IF NOT EXISTS places (
    article_id VARCHAR, id VARCHAR, name VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE, country VARCHAR,
    admin1 VARCHAR, feature VARCHAR, mentions JSON, PRIMARY KEY (article_id, id)
);
CREATE TABLE IF NOT EXISTS events (
    article_id VARCHAR, id VARCHAR, type VARCHAR, mode VARCHAR, context JSON, source VARCHAR, target VARCHAR,
    place VARCHAR, date VARCHAR, date_precision VARCHAR, status VARCHAR, fatalities INTEGER,
    evidence_start INTEGER, evidence_end INTEGER, evidence_text VARCHAR, claims JSON, PRIMARY KEY (article_id, id)
);
CREATE TABLE IF NOT EXISTS claims (
    article_id VARCHAR, id VARCHAR, event VARCHAR, actor VARCHAR, stance VARCHAR,
    evidence_start INTEGER, evidence_end INTEGER, evidence_text VARCHAR, PRIMARY KEY (article_id, id)
);
CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR, id VARCHAR, speaker VARCHAR, speaker_name VARCHAR, text VARCHAR,
    evidence_start INTEGER, evidence_end INTEGER, PRIMARY KEY (article_id, id)
);
CREATE TABLE IF NOT EXISTS article_errors (article_id VARCHAR, stage VARCHAR, message VARCHAR);
CREATE TABLE IF NOT EXISTS failures (source VARCHAR PRIMARY KEY, code VARCHAR, message VARCHAR, failed_at TIMESTAMP);
