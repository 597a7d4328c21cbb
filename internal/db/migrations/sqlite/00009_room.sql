-- +goose Up
-- The online mediation room of a case (internal/room, SPEC C5): messages in
-- the main channel and in the caucus (背对背) channels, each member's read
-- state, and scheduled sessions. case_id is not a foreign key: the room
-- is kept apart from the case tables so the two can evolve separately;
-- the case service decides who is a member (room.Access).

-- rooms holds one row per case that has had a message. Posting updates it
-- first, which locks it until commit: posts to one case commit in the
-- order of their ids, so a reader that has seen id N never misses a
-- message below N that commits later (the live stream relies on it).
CREATE TABLE rooms (
    case_id         BIGINT PRIMARY KEY,
    posts           BIGINT NOT NULL DEFAULT 0,
    last_message_id BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE room_messages (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL,
    channel     TEXT NOT NULL CHECK (channel = 'main' OR channel LIKE 'caucus:_%'),
    author_id   BIGINT NOT NULL,
    author_name TEXT NOT NULL,                     -- the name shown in the case when posted
    author_role TEXT NOT NULL CHECK (author_role IN ('mediator', 'party', 'observer')),
    body        TEXT NOT NULL,                     -- confidential: never logged or audited
    file_key    TEXT NOT NULL DEFAULT '',          -- internal/files key of an attachment, or ''
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX room_messages_case ON room_messages (case_id, id);
CREATE INDEX room_messages_channel ON room_messages (case_id, channel, id);

-- room_reads is each member's read position per channel.
CREATE TABLE room_reads (
    case_id      BIGINT NOT NULL,
    user_id      BIGINT NOT NULL,
    channel      TEXT NOT NULL,
    last_read_id BIGINT NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, user_id, channel)
);

CREATE TABLE room_sessions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         BIGINT NOT NULL,
    starts_at       TIMESTAMP NOT NULL,
    mode            TEXT NOT NULL CHECK (mode IN ('online', 'on_site', 'video')),
    place           TEXT NOT NULL DEFAULT '',      -- on_site: the address
    video_url       TEXT NOT NULL DEFAULT '',      -- video: an https link
    note            TEXT NOT NULL DEFAULT '',
    created_by      BIGINT NOT NULL,
    created_by_name TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    cancelled_at    TIMESTAMP
);
CREATE INDEX room_sessions_case ON room_sessions (case_id, starts_at);

-- +goose Down
DROP TABLE room_sessions;
DROP TABLE room_reads;
DROP TABLE room_messages;
DROP TABLE rooms;
