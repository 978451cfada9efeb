-- polemos store, version 3: the relations stage. One row per relation / commitment per article (article_id first),
-- as in the output document (docs/output.md); `polemos relations` merges edges across articles from these.
CREATE TABLE IF NOT EXISTS relations (
    article_id VARCHAR, id VARCHAR, type VARCHAR, obligation VARCHAR, source VARCHAR, target VARCHAR, place VARCHAR,
    status VARCHAR, attributed_to VARCHAR, negated BOOLEAN, date VARCHAR, date_precision VARCHAR,
    evidence_start INTEGER, evidence_end INTEGER, evidence_text VARCHAR, PRIMARY KEY (article_id, id)
);
CREATE TABLE IF NOT EXISTS commitments (
    article_id VARCHAR, id VARCHAR, kind VARCHAR, committer VARCHAR, beneficiary VARCHAR,
    trigger_type VARCHAR, trigger_source VARCHAR, trigger_target VARCHAR, trigger_place VARCHAR, trigger_event VARCHAR,
    trigger_text VARCHAR, response_type VARCHAR, response_mode VARCHAR, response_text VARCHAR, negated BOOLEAN,
    likelihood VARCHAR, stated_by VARCHAR, evidence_start INTEGER, evidence_end INTEGER, evidence_text VARCHAR,
    PRIMARY KEY (article_id, id)
);
-- articles stored before this version: their relations come from the stored documents
INSERT INTO relations SELECT a.id, r->>'id', r->>'type', r->>'obligation', r->>'source', r->>'target', r->>'place',
    r->>'status', r->>'attributed_to', CAST(r->>'negated' AS BOOLEAN), r->>'date', r->>'date_precision',
    CAST(r->'evidence'->>'start' AS INTEGER), CAST(r->'evidence'->>'end' AS INTEGER), r->'evidence'->>'text'
    FROM articles a, unnest(CAST(coalesce(a.result->'relations', '[]') AS JSON[])) AS t(r);
