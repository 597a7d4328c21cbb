-- +goose Up
-- The Chinese search index (internal/search). Text is tokenized in Go:
-- column bi holds Han bigrams and Latin/digit words, column uni single Han
-- characters. Two-or-more-character queries are phrase queries over bi,
-- one-character queries match uni; both use the index. The rowid is the
-- record's id, so an update is a delete and an insert in the record's
-- own transaction.

CREATE VIRTUAL TABLE org_fts USING fts5(bi, uni, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE mediator_fts USING fts5(bi, uni, tokenize = 'unicode61 remove_diacritics 0');

-- +goose Down
DROP TABLE mediator_fts;
DROP TABLE org_fts;
