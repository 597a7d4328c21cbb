-- +goose Up
-- The registry of mediation organizations (internal/registry, SPEC C2):
-- organizations with their lifecycle history, pre-review materials,
-- versioned documents, fee standards and service lists; and the file
-- metadata of internal/files.

CREATE TABLE files (
    key          TEXT PRIMARY KEY,                 -- random storage name; never derived from user input
    owner_type   TEXT NOT NULL,                    -- "org_logo", "org_document", "mediator_photo", "article_cover" …
    owner_id     BIGINT NOT NULL,
    filename     TEXT NOT NULL,                    -- the uploader's name, sanitized, for Content-Disposition
    content_type TEXT NOT NULL,                    -- sniffed from the bytes, never the client's claim
    size         BIGINT NOT NULL,
    sm3          TEXT NOT NULL,                    -- SM3 digest at upload, checked on download
    public       BOOLEAN NOT NULL DEFAULT FALSE,   -- logos and photos of public records
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX files_owner ON files (owner_type, owner_id);

CREATE TABLE orgs (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                   TEXT NOT NULL UNIQUE,
    short_name             TEXT NOT NULL DEFAULT '',
    type                   TEXT NOT NULL CHECK (type IN ('basic', 'professional', 'commercial', 'new')),
    legal_form             TEXT NOT NULL CHECK (legal_form IN ('peoples_committee', 'social_service', 'social_group', 'sole_proprietor', 'partnership', 'company', 'other')),
    level                  TEXT NOT NULL CHECK (level IN ('district', 'township', 'village')),
    township               TEXT NOT NULL,                 -- division code of the township it sits in
    address                TEXT NOT NULL DEFAULT '',
    latitude               DOUBLE PRECISION,
    longitude              DOUBLE PRECISION,
    credit_code            TEXT UNIQUE,                   -- 统一社会信用代码, checked by its check character
    registration_authority TEXT NOT NULL DEFAULT '',
    registration_date      TIMESTAMPTZ,
    legal_rep              TEXT NOT NULL DEFAULT '',      -- 法定代表人/负责人 (public register data)
    contact_name           TEXT NOT NULL DEFAULT '',
    contact_phone          TEXT NOT NULL DEFAULT '',      -- the organization's published service number
    email                  TEXT NOT NULL DEFAULT '',
    website                TEXT NOT NULL DEFAULT '',
    description            TEXT NOT NULL DEFAULT '',
    online                 BOOLEAN NOT NULL DEFAULT FALSE, -- offers online mediation
    charges                BOOLEAN NOT NULL DEFAULT FALSE, -- has a published fee standard (kept by the service)
    status                 TEXT NOT NULL CHECK (status IN ('preparing', 'prereview', 'registered', 'active', 'rectifying', 'suspended', 'dissolved', 'withdrawn')),
    stage                  TEXT NOT NULL DEFAULT '' CHECK (stage IN ('', 'township', 'district')),
    stars                  INTEGER CHECK (stars BETWEEN 1 AND 5), -- set by star rating (C7)
    stars_until            TIMESTAMPTZ,
    featured               BOOLEAN NOT NULL DEFAULT FALSE, -- 选树
    featured_rank          INTEGER NOT NULL DEFAULT 0,
    featured_reason        TEXT NOT NULL DEFAULT '',
    logo_file              TEXT REFERENCES files (key),
    founded_at             TIMESTAMPTZ,
    created_by             BIGINT NOT NULL DEFAULT 0,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL,
    version                INTEGER NOT NULL DEFAULT 1      -- optimistic lock for edits
);
CREATE INDEX orgs_status ON orgs (status, township);
CREATE INDEX orgs_township ON orgs (township, status);
CREATE INDEX orgs_featured ON orgs (featured, featured_rank);

CREATE TABLE org_specialties (
    org_id       BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    dispute_type TEXT NOT NULL,
    PRIMARY KEY (org_id, dispute_type)
);
CREATE INDEX org_specialties_type ON org_specialties (dispute_type, org_id);

CREATE TABLE org_languages (
    org_id   BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    PRIMARY KEY (org_id, language)
);
CREATE INDEX org_languages_language ON org_languages (language, org_id);

-- Every lifecycle step: who, when, why. The audit trail has it too; this
-- is the organization's own history, shown on its pages.
CREATE TABLE org_transitions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    from_stage  TEXT NOT NULL DEFAULT '',
    to_stage    TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',          -- e.g. the township's opinion: "support" or "oppose"
    actor_id    BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT '',
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX org_transitions_org ON org_transitions (org_id, id);

-- Pre-review materials (前置审查): what the founders submit besides the
-- charter, which is a document.
CREATE TABLE org_prereview (
    org_id        BIGINT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    founders      TEXT NOT NULL DEFAULT '',        -- 举办者/发起人
    mediators     TEXT NOT NULL DEFAULT '',        -- planned mediators and their qualifications
    premises      TEXT NOT NULL DEFAULT '',        -- 办公场所
    funding       TEXT NOT NULL DEFAULT '',        -- 活动资金及来源
    submitted_at  TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ NOT NULL
);

-- Charter, internal rules and other documents, versioned: a new upload of
-- a kind is a new version; old versions stay.
CREATE TABLE org_documents (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('charter', 'rules', 'prereview', 'registration', 'disclosure', 'other')),
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    file_key    TEXT NOT NULL REFERENCES files (key),
    public      BOOLEAN NOT NULL DEFAULT FALSE,
    uploaded_by BIGINT NOT NULL,
    uploaded_at TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, kind, version)
);

CREATE TABLE fee_standards (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id         BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    effective_from TIMESTAMPTZ NOT NULL,
    published_at   TIMESTAMPTZ,
    minimum        BIGINT NOT NULL DEFAULT 0,      -- fen
    cap            BIGINT NOT NULL DEFAULT 0,      -- fen; 0 = none
    note           TEXT NOT NULL DEFAULT '',
    created_by     BIGINT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, version)
);

CREATE TABLE fee_tiers (
    standard_id BIGINT NOT NULL REFERENCES fee_standards (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    up_to       BIGINT NOT NULL,                   -- fen; 0 = no upper bound (last tier only)
    fixed       BIGINT NOT NULL DEFAULT 0,         -- fen
    rate_bp     BIGINT NOT NULL DEFAULT 0,         -- basis points of the portion in the band
    PRIMARY KEY (standard_id, position)
);

-- 调解产品服务清单: what an organization offers, free or at a price.
CREATE TABLE services (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price       BIGINT,                            -- fen; NULL = free
    price_note  TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX services_org ON services (org_id, position);

CREATE TABLE service_dispute_types (
    service_id   BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    dispute_type TEXT NOT NULL,
    PRIMARY KEY (service_id, dispute_type)
);

-- +goose Down
DROP TABLE service_dispute_types;
DROP TABLE services;
DROP TABLE fee_tiers;
DROP TABLE fee_standards;
DROP TABLE org_documents;
DROP TABLE org_prereview;
DROP TABLE org_transitions;
DROP TABLE org_languages;
DROP TABLE org_specialties;
DROP TABLE orgs;
DROP TABLE files;
