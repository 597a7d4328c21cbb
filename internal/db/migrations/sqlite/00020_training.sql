-- +goose Up
-- Unified vocational training (统一职业培训) and mentoring (传帮带), SPEC
-- C11 (internal/training). Courses are organized by the bureau (township
-- '') or a township office; a session holds up to its capacity of
-- enrolments; an attended enrolment credits the course's hours as a row of
-- mediator_training (training_id) and carries a certificate number.

CREATE TABLE training_courses (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT NOT NULL,
    topic       TEXT NOT NULL DEFAULT '',            -- field, e.g. 婚姻家庭纠纷调解
    hours       INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 200),
    township    TEXT NOT NULL DEFAULT '',            -- the organizer: '' the bureau, else that township's office
    description TEXT NOT NULL DEFAULT '',
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE training_sessions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id  BIGINT NOT NULL REFERENCES training_courses (id),
    starts_at  TIMESTAMP NOT NULL,
    ends_at    TIMESTAMP NOT NULL,
    deadline   TIMESTAMP NOT NULL,                   -- the last moment to enrol
    place      TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',             -- online sessions
    capacity   INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    created_by BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX training_sessions_course ON training_sessions (course_id, starts_at);
CREATE INDEX training_sessions_start ON training_sessions (starts_at);

CREATE TABLE training_enrolments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id     BIGINT NOT NULL REFERENCES training_sessions (id),
    mediator_id    BIGINT NOT NULL REFERENCES mediators (id),
    status         TEXT NOT NULL CHECK (status IN ('enrolled', 'withdrawn', 'attended', 'absent')),
    enrolled_by    BIGINT NOT NULL DEFAULT 0,
    enrolled_at    TIMESTAMP NOT NULL,
    marked_by      BIGINT NOT NULL DEFAULT 0,
    marked_at      TIMESTAMP,
    training_id    BIGINT REFERENCES mediator_training (id), -- the hours credited, once
    certificate_no TEXT UNIQUE,
    reminded_at    TIMESTAMP,                         -- the reminder the day before, sent once
    UNIQUE (session_id, mediator_id)
);
CREATE INDEX training_enrolments_mediator ON training_enrolments (mediator_id);

CREATE TABLE mentorships (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    mentor_id     BIGINT NOT NULL REFERENCES mediators (id),
    apprentice_id BIGINT NOT NULL REFERENCES mediators (id),
    starts_on     TEXT NOT NULL,                      -- YYYY-MM-DD
    ends_on       TEXT NOT NULL,
    goals         TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('active', 'completed')),
    closing_note  TEXT NOT NULL DEFAULT '',
    completed_at  TIMESTAMP,
    created_by    BIGINT NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    CHECK (mentor_id <> apprentice_id)
);
CREATE INDEX mentorships_mentor ON mentorships (mentor_id);
CREATE INDEX mentorships_apprentice ON mentorships (apprentice_id);

CREATE TABLE mentorship_notes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    mentorship_id BIGINT NOT NULL REFERENCES mentorships (id),
    body          TEXT NOT NULL,
    written_by    BIGINT NOT NULL DEFAULT 0,
    written_at    TIMESTAMP NOT NULL
);
CREATE INDEX mentorship_notes_pair ON mentorship_notes (mentorship_id, written_at);

-- +goose Down
DROP TABLE mentorship_notes;
DROP TABLE mentorships;
DROP TABLE training_enrolments;
DROP TABLE training_sessions;
DROP TABLE training_courses;
