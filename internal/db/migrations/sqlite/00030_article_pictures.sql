-- +goose Up
-- A gallery of captioned pictures per article (SPEC C13; internal/content
-- pictures.go): news and activity reports with several photos. At most
-- nine per article, in seq order. A picture's file is public exactly while
-- its article is published; a removed picture's row goes, its file stays
-- (private) like a replaced logo or photo.

CREATE TABLE article_pictures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id  BIGINT NOT NULL REFERENCES articles (id),
    file_key    TEXT NOT NULL REFERENCES files (key),
    caption     TEXT NOT NULL DEFAULT '',          -- 0–100 characters
    seq         INTEGER NOT NULL,                  -- display order within the article
    created_by  BIGINT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX article_pictures_seq ON article_pictures (article_id, seq);

-- +goose Down
DROP TABLE article_pictures;
