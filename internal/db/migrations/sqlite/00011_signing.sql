-- +goose Up
-- The agreement's signing (人民调解法 Art. 29: the parties sign, the
-- mediator signs, the organization's seal is applied), the document's
-- digest, the fees paid on commercial cases, the bureau's settings and the
-- training hours that decide, where the bureau so sets, who is assignable.

-- A phone code is for one purpose: logging in (''), or signing one
-- agreement as one party. A code for one purpose never serves another.
ALTER TABLE phone_codes ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
CREATE INDEX phone_codes_purpose ON phone_codes (phone_idx, purpose, created_at);

-- What a party typed and from where, for online confirmations.
ALTER TABLE case_confirmations ADD COLUMN typed_name TEXT NOT NULL DEFAULT '';
ALTER TABLE case_confirmations ADD COLUMN client_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE case_confirmations ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

-- The mediator's signature, the seal applied, and the issued document:
-- once rendered, the PDF is kept and its SM3 digest recorded, so every
-- copy is the same bytes.
ALTER TABLE case_agreements ADD COLUMN mediator_signed_at TIMESTAMP;
ALTER TABLE case_agreements ADD COLUMN mediator_signed_by BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_agreements ADD COLUMN seal_key TEXT NOT NULL DEFAULT '';
ALTER TABLE case_agreements ADD COLUMN sealed_at TIMESTAMP;
ALTER TABLE case_agreements ADD COLUMN pdf_key TEXT NOT NULL DEFAULT '';
ALTER TABLE case_agreements ADD COLUMN pdf_sm3 TEXT NOT NULL DEFAULT '';

-- The organization's seal (印章) image, uploaded by its admin; never public.
ALTER TABLE orgs ADD COLUMN seal_key TEXT NOT NULL DEFAULT '';

-- Fees paid on commercial cases; a refund is a negative amount.
CREATE TABLE case_payments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    amount_fen  BIGINT NOT NULL CHECK (amount_fen <> 0),
    method      TEXT NOT NULL CHECK (method IN ('cash', 'transfer', 'online', 'other')),
    payer       TEXT NOT NULL DEFAULT '',
    receipt_no  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    paid_at     TIMESTAMP NOT NULL,
    recorded_by BIGINT NOT NULL DEFAULT 0,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX case_payments_case ON case_payments (case_id);

-- The bureau's settings, one JSON document per key (tiaojie.Policy under
-- 'policy'), changed by the bureau and audited.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_by BIGINT NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);

-- Training a mediator attended (统一职业培训), in hours. Issue 7's courses
-- and attendance write here too.
CREATE TABLE mediator_training (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    mediator_id BIGINT NOT NULL REFERENCES mediators (id),
    title       TEXT NOT NULL,
    held_on     TEXT NOT NULL,                  -- YYYY-MM-DD, Beijing time
    hours       INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 200),
    recorded_by BIGINT NOT NULL DEFAULT 0,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX mediator_training_mediator ON mediator_training (mediator_id, held_on);

-- +goose Down
DROP TABLE mediator_training;
DROP TABLE settings;
DROP TABLE case_payments;
ALTER TABLE orgs DROP COLUMN seal_key;
ALTER TABLE case_agreements DROP COLUMN pdf_sm3;
ALTER TABLE case_agreements DROP COLUMN pdf_key;
ALTER TABLE case_agreements DROP COLUMN sealed_at;
ALTER TABLE case_agreements DROP COLUMN seal_key;
ALTER TABLE case_agreements DROP COLUMN mediator_signed_by;
ALTER TABLE case_agreements DROP COLUMN mediator_signed_at;
ALTER TABLE case_confirmations DROP COLUMN user_agent;
ALTER TABLE case_confirmations DROP COLUMN client_ip;
ALTER TABLE case_confirmations DROP COLUMN typed_name;
DROP INDEX phone_codes_purpose;
ALTER TABLE phone_codes DROP COLUMN purpose;
