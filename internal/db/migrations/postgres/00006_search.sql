-- +goose Up
-- The Chinese search index (internal/search). Text is tokenized in Go and
-- stored as tsvector literals built there (no PostgreSQL parser or
-- dictionary involved, so the result does not depend on the locale):
-- column bi holds Han bigrams and Latin/digit words with positions, column
-- uni single Han characters. GIN indexes serve both.

CREATE TABLE org_search (
    id  BIGINT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    bi  TSVECTOR NOT NULL,
    uni TSVECTOR NOT NULL
);
CREATE INDEX org_search_bi ON org_search USING GIN (bi);
CREATE INDEX org_search_uni ON org_search USING GIN (uni);

CREATE TABLE mediator_search (
    id  BIGINT PRIMARY KEY REFERENCES mediators (id) ON DELETE CASCADE,
    bi  TSVECTOR NOT NULL,
    uni TSVECTOR NOT NULL
);
CREATE INDEX mediator_search_bi ON mediator_search USING GIN (bi);
CREATE INDEX mediator_search_uni ON mediator_search USING GIN (uni);

-- +goose Down
DROP TABLE mediator_search;
DROP TABLE org_search;
