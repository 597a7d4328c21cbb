-- +goose Up
-- Alliance content the bureau publishes (internal/content, SPEC C1/C13):
-- the introduction, news and events, with a cover picture and a video link.

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL CHECK (kind IN ('intro', 'news', 'event')),
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',          -- plain text; paragraphs separated by blank lines
    cover_file   TEXT REFERENCES files (key),
    video_url    TEXT NOT NULL DEFAULT '',
    event_at     TIMESTAMP,                         -- for events
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    published_at TIMESTAMP,
    author_id    BIGINT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX articles_published ON articles (status, kind, published_at);

-- +goose Down
DROP TABLE articles;
