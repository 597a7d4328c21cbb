CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    contact     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE agency_members (
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    added_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (agency_id, user_id)
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,                   -- first characters, shown so a user can tell tokens apart
    token_hash   TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL,                   -- space-separated permissions
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);

CREATE TABLE article_pictures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id  BIGINT NOT NULL REFERENCES articles (id),
    file_key    TEXT NOT NULL REFERENCES files (key),
    caption     TEXT NOT NULL DEFAULT '',          -- 0–100 characters
    seq         INTEGER NOT NULL,                  -- display order within the article
    created_by  BIGINT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

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
, org_id BIGINT REFERENCES orgs (id), review TEXT NOT NULL DEFAULT '', review_note TEXT NOT NULL DEFAULT '', reviewed_by BIGINT NOT NULL DEFAULT 0, reviewed_at TIMESTAMP);

CREATE TABLE association_measures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id   BIGINT NOT NULL REFERENCES association_members (id),
    kind        TEXT NOT NULL CHECK (kind IN ('talk', 'criticism', 'suspend', 'cancel')),
    reason      TEXT NOT NULL,
    decided_on  TEXT NOT NULL,                                       -- YYYY-MM-DD, Beijing
    recorded_by BIGINT NOT NULL DEFAULT 0,
    recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE association_members (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id         BIGINT NOT NULL UNIQUE REFERENCES orgs (id),
    status         TEXT NOT NULL CHECK (status IN ('applied', 'member', 'declined', 'suspended', 'cancelled')),
    statement      TEXT NOT NULL DEFAULT '',                         -- the application letter
    applied_by     BIGINT NOT NULL DEFAULT 0,
    applied_at     TIMESTAMP NOT NULL,
    decided_by     BIGINT NOT NULL DEFAULT 0,
    decided_at     TIMESTAMP,
    reason         TEXT NOT NULL DEFAULT '',                         -- why declined, suspended or cancelled
    member_since   TEXT NOT NULL DEFAULT '',                         -- YYYY-MM-DD, Beijing
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE audit_head (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    mac TEXT NOT NULL
);

CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    actor_id    BIGINT NOT NULL DEFAULT 0,        -- 0: anonymous or the system
    actor       TEXT NOT NULL,                    -- login, masked phone, or "system"
    role        TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,                    -- e.g. "user.create", "auth.login"
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
    reason      TEXT NOT NULL DEFAULT '',         -- message code of a refusal
    client_ip   TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT '',
    detail      TEXT NOT NULL DEFAULT '',         -- canonical JSON, never personal data in clear
    key_version INTEGER NOT NULL,
    prev_mac    TEXT NOT NULL,
    mac         TEXT NOT NULL
);

CREATE TABLE case_access (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    reason     TEXT NOT NULL,
    opened_at  TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE TABLE case_agreements (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    version      INTEGER NOT NULL,
    oral         BOOLEAN NOT NULL DEFAULT FALSE,
    facts        TEXT NOT NULL,                  -- 纠纷的主要事实
    issues       TEXT NOT NULL,                  -- 争议事项
    duties       TEXT NOT NULL DEFAULT '',       -- 各方当事人的责任
    terms        TEXT NOT NULL,                  -- 协议内容, one term a line
    performance  TEXT NOT NULL,                  -- 履行方式
    perform_by   TIMESTAMP,                      -- 履行期限
    drafted_by   BIGINT NOT NULL DEFAULT 0,
    drafted_at   TIMESTAMP NOT NULL,
    effective_at TIMESTAMP, mediator_signed_at TIMESTAMP, mediator_signed_by BIGINT NOT NULL DEFAULT 0, seal_key TEXT NOT NULL DEFAULT '', sealed_at TIMESTAMP, pdf_key TEXT NOT NULL DEFAULT '', pdf_sm3 TEXT NOT NULL DEFAULT '',
    UNIQUE (case_id, version)
);

CREATE TABLE case_assignments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id       BIGINT NOT NULL REFERENCES cases (id),
    mediator_id   BIGINT NOT NULL REFERENCES mediators (id),
    how           TEXT NOT NULL CHECK (how IN ('org', 'parties')),
    assigned_by   BIGINT NOT NULL DEFAULT 0,
    assigned_at   TIMESTAMP NOT NULL,
    declared_at   TIMESTAMP,                     -- the conflict-of-interest declaration
    conflict_note TEXT NOT NULL DEFAULT '',      -- empty: no conflict declared
    ended_at      TIMESTAMP,
    end_note      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE case_confirmations (
    agreement_id BIGINT NOT NULL REFERENCES case_agreements (id),
    party_id     BIGINT NOT NULL REFERENCES case_parties (id),
    user_id      BIGINT NOT NULL DEFAULT 0,
    method       TEXT NOT NULL CHECK (method IN ('online', 'in_person')),
    confirmed_at TIMESTAMP NOT NULL, typed_name TEXT NOT NULL DEFAULT '', client_ip TEXT NOT NULL DEFAULT '', user_agent TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agreement_id, party_id)
);

CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    action      TEXT NOT NULL,                    -- a tiaojie.CaseAction, or "create", "assign", "evidence" …
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    org_id      BIGINT,                           -- the organization concerned (routing, declines)
    end_reason  TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    actor_id    BIGINT NOT NULL DEFAULT 0,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,                    -- the part the actor played (a tiaojie.CaseActor)
    at          TIMESTAMP NOT NULL
);

CREATE TABLE case_evidence (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    party_id    BIGINT REFERENCES case_parties (id),
    file_key    TEXT NOT NULL REFERENCES files (key),
    title       TEXT NOT NULL,
    uploaded_by BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE case_parties (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         BIGINT NOT NULL REFERENCES cases (id),
    side            TEXT NOT NULL CHECK (side IN ('applicant', 'respondent')),
    kind            TEXT NOT NULL CHECK (kind IN ('person', 'org')),
    agent_for       BIGINT REFERENCES case_parties (id), -- an agent (代理人) of that party
    name            TEXT NOT NULL,
    gender          TEXT NOT NULL DEFAULT '',
    ethnicity       TEXT NOT NULL DEFAULT '',
    birth_year      INTEGER,
    occupation      TEXT NOT NULL DEFAULT '',
    address         TEXT NOT NULL DEFAULT '',
    credit_code     TEXT NOT NULL DEFAULT '',        -- an organization's 统一社会信用代码 (public register data)
    representative  TEXT NOT NULL DEFAULT '',        -- an organization's legal representative
    id_enc          BLOB,
    id_idx          TEXT,
    phone_enc       BLOB,
    phone_idx       TEXT,
    email_enc       BLOB,
    user_id         BIGINT REFERENCES users (id),    -- linked when the party logs in with this phone
    invite_hash     TEXT UNIQUE,                     -- SM3 of the invitation link's token
    invited_at      TIMESTAMP,
    opened_at       TIMESTAMP,
    joined_at       TIMESTAMP,
    declined_at     TIMESTAMP,
    created_at      TIMESTAMP NOT NULL
);

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

CREATE TABLE case_ratings (
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    party_id   BIGINT NOT NULL REFERENCES case_parties (id),
    stars      INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    comment    TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (case_id, party_id)
);

CREATE TABLE case_recusals (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    party_id    BIGINT NOT NULL REFERENCES case_parties (id),
    mediator_id BIGINT NOT NULL REFERENCES mediators (id),
    reason      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'granted', 'refused')),
    decided_by  BIGINT,
    decision    TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    decided_at  TIMESTAMP
);

CREATE TABLE case_serials (
    scope TEXT NOT NULL,                          -- "app" or "file:<org id>"
    year  INTEGER NOT NULL,
    last  BIGINT NOT NULL,
    PRIMARY KEY (scope, year)
);

CREATE TABLE case_visits (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    performed   TEXT NOT NULL CHECK (performed IN ('full', 'partial', 'none')),
    note        TEXT NOT NULL,
    visited_by  BIGINT NOT NULL DEFAULT 0,
    visited_at  TIMESTAMP NOT NULL
);

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    number           TEXT NOT NULL UNIQUE,            -- application number, e.g. TJ2026-000123
    file_no          TEXT UNIQUE,                     -- 卷号 given on acceptance, e.g. （2026）城桥人调字第12号
    status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'awaiting_org', 'awaiting_resp', 'mediating', 'signing', 'agreed', 'confirming', 'performed', 'visited', 'terminated', 'withdrawn', 'rejected', 'archived')),
    source           TEXT NOT NULL CHECK (source IN ('online', 'desk', 'referral', 'court', 'city')),
    external_id      TEXT,                            -- the city platform's or court's id
    dispute_type     TEXT NOT NULL,
    township         TEXT NOT NULL,                   -- where the dispute arose
    title            TEXT NOT NULL,                   -- 纠纷简要情况, one line
    facts            TEXT NOT NULL DEFAULT '',
    claims           TEXT NOT NULL DEFAULT '',        -- 申请事项
    amount_fen       BIGINT,                          -- amount in dispute, in fen
    org_id           BIGINT REFERENCES orgs (id),     -- the organization handling it, once routed
    mediator_id      BIGINT REFERENCES mediators (id),
    route_reason     TEXT NOT NULL DEFAULT '',        -- why this organization (the applicant's choice, or the suggestion's reason)
    consent_at       TIMESTAMP,                       -- the applicant's consent declaration
    owner_id         BIGINT REFERENCES users (id),    -- the public user who applied online
    referrer_id      BIGINT REFERENCES users (id),    -- the partner agency user who referred it
    created_by       BIGINT NOT NULL DEFAULT 0,
    created_at       TIMESTAMP NOT NULL,
    submitted_at     TIMESTAMP,
    routed_at        TIMESTAMP,
    accept_due       TIMESTAMP,
    accepted_at      TIMESTAMP,                       -- the mediation period runs from here
    resp_due         TIMESTAMP,
    mediation_due    TIMESTAMP,
    agreed_at        TIMESTAMP,
    confirm_due      TIMESTAMP,
    confirmed        BOOLEAN,                         -- the court's decision on 司法确认, once known
    visit_due        TIMESTAMP,
    ended_at         TIMESTAMP,
    end_reason       TEXT NOT NULL DEFAULT '',
    fee_fen          BIGINT,                          -- commercial cases: the fee under the standard in force
    activity_at      TIMESTAMP NOT NULL,              -- last thing that happened, for the idle flag
    version          BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE complaint_steps (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    complaint_id BIGINT NOT NULL REFERENCES complaints (id),
    action       TEXT NOT NULL,                                      -- file, acknowledge, investigate, answer, close, reject, withdraw, reassign
    from_status  TEXT NOT NULL DEFAULT '',
    to_status    TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    actor_id     BIGINT NOT NULL DEFAULT 0,                          -- 0: the platform
    at           TIMESTAMP NOT NULL
);

CREATE TABLE complaints (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_org_id        BIGINT NOT NULL REFERENCES orgs (id),      -- complained about, or the mediator's organization
    subject_mediator_id   BIGINT REFERENCES mediators (id),          -- the mediator complained about, if any
    complainant_user_id   BIGINT NOT NULL REFERENCES users (id),     -- the phone-code login that filed it
    complainant_name      TEXT NOT NULL,
    complainant_phone_enc BLOB,                                      -- SM4-GCM, aad complaints.phone:<id>
    title                 TEXT NOT NULL,
    content               TEXT NOT NULL,                             -- what happened
    request               TEXT NOT NULL DEFAULT '',                  -- what the complainant asks for
    handler               TEXT NOT NULL CHECK (handler IN ('township', 'association', 'bureau')),
    handler_township      TEXT NOT NULL DEFAULT '',                  -- the township office's township code
    status                TEXT NOT NULL CHECK (status IN ('filed', 'acknowledged', 'investigating', 'answered', 'closed', 'rejected', 'withdrawn')),
    outcome               TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'upheld', 'partly_upheld', 'not_upheld')),
    answer                TEXT NOT NULL DEFAULT '',                  -- the answer to the complainant
    org_notice            TEXT NOT NULL DEFAULT '',                  -- what the handler forwards to the organization
    reason                TEXT NOT NULL DEFAULT '',                  -- why rejected or withdrawn
    filed_at              TIMESTAMP NOT NULL,
    due_at                TIMESTAMP NOT NULL,                        -- Policy.ComplaintAnswerDays working days after filing
    acknowledged_at       TIMESTAMP,
    answered_at           TIMESTAMP,
    closed_at             TIMESTAMP,                                 -- closed, rejected or withdrawn
    updated_at            TIMESTAMP NOT NULL
);

CREATE TABLE disclosures (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id          BIGINT NOT NULL REFERENCES orgs (id),
    year            INTEGER NOT NULL,                  -- the year disclosed (annual) or of the request (adhoc)
    kind            TEXT NOT NULL CHECK (kind IN ('annual', 'adhoc')),
    status          TEXT NOT NULL CHECK (status IN ('draft', 'filed')),
    chain_id        BIGINT NOT NULL DEFAULT 0,         -- the id of version 1: one annual per org and year, one per ad-hoc request
    version         INTEGER NOT NULL DEFAULT 1,
    subject         TEXT NOT NULL DEFAULT '',          -- adhoc: what the bureau asks to be disclosed
    due_at          TIMESTAMP NOT NULL,                -- the deadline (the end of the due day, Beijing)
    filed_at        TIMESTAMP,
    filed_by        BIGINT NOT NULL DEFAULT 0,
    superseded_at   TIMESTAMP,                         -- a later version was filed
    structure       TEXT NOT NULL DEFAULT '',          -- 组织机构
    persons         TEXT NOT NULL DEFAULT '',          -- 负责人
    income_gov      BIGINT NOT NULL DEFAULT 0,         -- fen: 政府购买服务
    income_donation BIGINT NOT NULL DEFAULT 0,         -- fen: 捐赠
    income_fees     BIGINT NOT NULL DEFAULT 0,         -- fen: 收费
    income_other    BIGINT NOT NULL DEFAULT 0,
    spend_staff     BIGINT NOT NULL DEFAULT 0,         -- fen: 人员
    spend_office    BIGINT NOT NULL DEFAULT 0,         -- fen: 办公
    spend_activity  BIGINT NOT NULL DEFAULT 0,         -- fen: 业务活动
    spend_other     BIGINT NOT NULL DEFAULT 0,
    services        TEXT NOT NULL DEFAULT '',          -- 服务内容
    case_figures    TEXT NOT NULL DEFAULT '',          -- JSON, the platform's figures frozen at filing
    case_note       TEXT NOT NULL DEFAULT '',
    rewards         TEXT NOT NULL DEFAULT '',          -- 奖惩情况, free text
    records         TEXT NOT NULL DEFAULT '',          -- JSON, rewards and sanctions on record frozen at filing
    body            TEXT NOT NULL DEFAULT '',          -- adhoc: the disclosure itself
    requested_by    BIGINT NOT NULL DEFAULT 0,
    created_by      BIGINT NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

CREATE TABLE expert_ties (
    expert_id   BIGINT NOT NULL REFERENCES experts (id),
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    kind        TEXT NOT NULL CHECK (kind IN ('employee', 'adviser', 'founder', 'relative', 'other')),
    note        TEXT NOT NULL DEFAULT '',
    declared_by BIGINT NOT NULL DEFAULT 0,
    declared_at TIMESTAMP NOT NULL,
    PRIMARY KEY (expert_id, org_id)
);

CREATE TABLE experts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     BIGINT UNIQUE REFERENCES users (id),   -- their login, once they have one
    name        TEXT NOT NULL,
    title       TEXT NOT NULL DEFAULT '',              -- 职称 or position, e.g. 律师、高校教授
    employer    TEXT NOT NULL DEFAULT '',
    fields      TEXT NOT NULL DEFAULT '',              -- fields of expertise, one a line
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
, unavailable_until TEXT NOT NULL DEFAULT '', availability_note TEXT NOT NULL DEFAULT '');

CREATE TABLE fee_standards (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id         BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    effective_from TIMESTAMP NOT NULL,
    published_at   TIMESTAMP,
    minimum        BIGINT NOT NULL DEFAULT 0,      -- fen
    cap            BIGINT NOT NULL DEFAULT 0,      -- fen; 0 = none
    note           TEXT NOT NULL DEFAULT '',
    created_by     BIGINT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
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
    created_at   TIMESTAMP NOT NULL
);

CREATE TABLE fundings (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id         BIGINT NOT NULL REFERENCES orgs (id),
    kind           TEXT NOT NULL CHECK (kind IN ('donation', 'grant')),
    source         TEXT NOT NULL,                       -- the donor or grantor
    amount         BIGINT NOT NULL CHECK (amount > 0),
    received_on    TEXT NOT NULL,                       -- YYYY-MM-DD, Beijing
    year           INTEGER NOT NULL,                    -- of received_on, for the disclosure's year
    purpose        TEXT NOT NULL DEFAULT '',
    restrictions   TEXT NOT NULL DEFAULT '',            -- 限定用途 or conditions, '' when none
    application_id BIGINT UNIQUE REFERENCES venture_applications (id),
    recorded_by    BIGINT NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL
);

CREATE TABLE goose_db_version (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		version_id INTEGER NOT NULL,
		is_applied INTEGER NOT NULL,
		tstamp TIMESTAMP DEFAULT (datetime('now'))
	);

CREATE TABLE holidays (
    date       TEXT PRIMARY KEY,                 -- YYYY-MM-DD, Beijing time
    kind       TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name       TEXT NOT NULL DEFAULT '',
    updated_by BIGINT NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE incubation_applications (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id        BIGINT NOT NULL REFERENCES incubation_calls (id),
    site_id        BIGINT NOT NULL REFERENCES incubation_sites (id),
    applicant_id   BIGINT NOT NULL REFERENCES users (id),  -- the member of the public who filed it
    org_name       TEXT NOT NULL,
    org_type       TEXT NOT NULL,
    legal_form     TEXT NOT NULL,
    level          TEXT NOT NULL,
    township       TEXT NOT NULL,                          -- where the organization will work
    plan           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'screening', 'admitted', 'rejected',
                       'withdrawn', 'in_residence', 'graduated', 'exited')),
    decision       TEXT NOT NULL DEFAULT '',               -- the reason given with admit or reject
    decided_by     BIGINT NOT NULL DEFAULT 0,
    screened_at    TIMESTAMP,
    decided_at     TIMESTAMP,
    admitted_at    TIMESTAMP,
    residency_plan TEXT NOT NULL DEFAULT '',
    period_months  INTEGER NOT NULL DEFAULT 0,
    mentor         TEXT NOT NULL DEFAULT '',
    started_on     TEXT NOT NULL DEFAULT '',               -- YYYY-MM-DD, Beijing
    ends_on        TEXT NOT NULL DEFAULT '',
    report_due_on  TEXT NOT NULL DEFAULT '',               -- the next tracking report's day
    report_overdue BOOLEAN NOT NULL DEFAULT FALSE,          -- flagged by the sweep
    org_id         BIGINT REFERENCES orgs (id),            -- the organization it graduated into
    graduated_at   TIMESTAMP,
    exit_reason    TEXT NOT NULL DEFAULT '',
    closed_at      TIMESTAMP,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);

CREATE TABLE incubation_calls (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    site_id      BIGINT NOT NULL REFERENCES incubation_sites (id),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    target_types TEXT NOT NULL DEFAULT '',              -- organization types sought, one a line
    criteria     TEXT NOT NULL,                         -- screening criteria, one a line, each scored 0–10
    opens_on     TEXT NOT NULL,                         -- YYYY-MM-DD, Beijing
    closes_on    TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);

CREATE TABLE incubation_founders (
    application_id BIGINT NOT NULL REFERENCES incubation_applications (id),
    seq            INTEGER NOT NULL,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL DEFAULT '',
    phone_enc      BLOB NOT NULL,
    phone_idx      TEXT,
    PRIMARY KEY (application_id, seq)
);

CREATE TABLE incubation_milestones (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES incubation_applications (id),
    title          TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    done_on        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE incubation_reports (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES incubation_applications (id),
    filed_on       TEXT NOT NULL,
    progress       TEXT NOT NULL,
    problems       TEXT NOT NULL DEFAULT '',
    filed_by       BIGINT NOT NULL DEFAULT 0,
    filed_at       TIMESTAMP NOT NULL
);

CREATE TABLE incubation_reviewers (
    application_id BIGINT NOT NULL REFERENCES incubation_applications (id),
    expert_id      BIGINT NOT NULL REFERENCES experts (id),
    assigned_by    BIGINT NOT NULL DEFAULT 0,
    assigned_at    TIMESTAMP NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    scored_at      TIMESTAMP,
    PRIMARY KEY (application_id, expert_id)
);

CREATE TABLE incubation_scores (
    application_id BIGINT NOT NULL,
    expert_id      BIGINT NOT NULL,
    criterion      INTEGER NOT NULL,                       -- its line in the call's criteria, from 0
    score          INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    PRIMARY KEY (application_id, expert_id, criterion),
    FOREIGN KEY (application_id, expert_id) REFERENCES incubation_reviewers (application_id, expert_id)
);

CREATE TABLE incubation_services (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES incubation_applications (id),
    kind           TEXT NOT NULL CHECK (kind IN ('policy', 'consult', 'registration', 'planning')),
    held_on        TEXT NOT NULL,
    note           TEXT NOT NULL,
    recorded_by    BIGINT NOT NULL DEFAULT 0,
    recorded_at    TIMESTAMP NOT NULL
);

CREATE TABLE incubation_sites (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('base', 'home')),
    township    TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL,
    host        TEXT NOT NULL DEFAULT '',               -- the workstation or unit that hosts it
    address     TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected')),
    note        TEXT NOT NULL DEFAULT '',               -- the bureau's reason when it refuses
    proposed_by BIGINT NOT NULL DEFAULT 0,
    decided_by  BIGINT NOT NULL DEFAULT 0,
    decided_at  TIMESTAMP,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE inspection_checklist (
    position    INTEGER PRIMARY KEY,
    item        TEXT NOT NULL
);

CREATE TABLE inspection_files (
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    file_key      TEXT NOT NULL REFERENCES files (key),
    kind          TEXT NOT NULL CHECK (kind IN ('finding', 'response')),
    at            TIMESTAMP NOT NULL,
    PRIMARY KEY (inspection_id, file_key)
);

CREATE TABLE inspection_findings (
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    position      INTEGER NOT NULL,
    item          TEXT NOT NULL,
    result        TEXT NOT NULL CHECK (result IN ('conforms', 'minor', 'serious')),
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (inspection_id, position)
);

CREATE TABLE inspection_steps (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id BIGINT NOT NULL REFERENCES inspections (id),
    action        TEXT NOT NULL,
    from_status   TEXT NOT NULL,
    to_status     TEXT NOT NULL,
    text          TEXT NOT NULL DEFAULT '',
    actor_id      BIGINT NOT NULL DEFAULT 0,
    actor         TEXT NOT NULL,
    at            TIMESTAMP NOT NULL
);

CREATE TABLE inspections (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        BIGINT NOT NULL REFERENCES orgs (id),
    kind          TEXT NOT NULL CHECK (kind IN ('planned', 'unannounced')),
    inspected_on  TEXT NOT NULL,
    complaint_id  BIGINT,                                  -- the complaint it came from (complaints.id, no key: optional capability)
    summary       TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('open', 'rectifying', 'responded', 'verified', 'closed')),
    order_text    TEXT NOT NULL DEFAULT '',                -- 整改要求
    deadline      TEXT NOT NULL DEFAULT '',                -- last day to rectify
    response      TEXT NOT NULL DEFAULT '',                -- the organization's report
    note          TEXT NOT NULL DEFAULT '',                -- the inspector's last verification note
    overdue_at    TIMESTAMP,                               -- flagged overdue by the sweep
    reminded_at   TIMESTAMP,
    inspector_id  BIGINT NOT NULL DEFAULT 0,
    inspector     TEXT NOT NULL,
    role          TEXT NOT NULL,                           -- the inspector's role: township_office or district_bureau
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    args         TEXT NOT NULL DEFAULT '{}',
    unique_key   TEXT UNIQUE,
    state        TEXT NOT NULL DEFAULT 'available' CHECK (state IN ('available', 'running', 'done', 'failed')),
    run_at       TIMESTAMP NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 5,
    last_error   TEXT NOT NULL DEFAULT '',
    locked_by    TEXT NOT NULL DEFAULT '',
    locked_until TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP
);

CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    at        TIMESTAMP NOT NULL
);

CREATE VIRTUAL TABLE mediator_fts USING fts5(bi, uni, tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE 'mediator_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'mediator_fts_content'(id INTEGER PRIMARY KEY, c0, c1);

CREATE TABLE 'mediator_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'mediator_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

CREATE TABLE 'mediator_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

CREATE TABLE mediator_languages (
    mediator_id BIGINT NOT NULL REFERENCES mediators (id) ON DELETE CASCADE,
    language    TEXT NOT NULL,
    PRIMARY KEY (mediator_id, language)
);

CREATE TABLE mediator_orgs (
    mediator_id BIGINT NOT NULL REFERENCES mediators (id) ON DELETE CASCADE,
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    position    TEXT NOT NULL DEFAULT 'part_time' CHECK (position IN ('chief', 'full_time', 'part_time')),
    joined_at   TIMESTAMP NOT NULL,
    left_at     TIMESTAMP,
    PRIMARY KEY (mediator_id, org_id)
);

CREATE TABLE mediator_specialties (
    mediator_id  BIGINT NOT NULL REFERENCES mediators (id) ON DELETE CASCADE,
    dispute_type TEXT NOT NULL,
    PRIMARY KEY (mediator_id, dispute_type)
);

CREATE TABLE mediator_training (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    mediator_id BIGINT NOT NULL REFERENCES mediators (id),
    title       TEXT NOT NULL,
    held_on     TEXT NOT NULL,                  -- YYYY-MM-DD, Beijing time
    hours       INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 200),
    recorded_by BIGINT NOT NULL DEFAULT 0,
    recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE mediator_transitions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    mediator_id BIGINT NOT NULL REFERENCES mediators (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    decision    TEXT NOT NULL DEFAULT '',
    actor_id    BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    at          TIMESTAMP NOT NULL
);

CREATE TABLE mediators (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    gender          TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female')),
    id_number_enc   BLOB,                          -- aad mediators.id_number:<id>
    id_number_idx   TEXT UNIQUE,                   -- one roster entry per person
    phone_enc       BLOB,                          -- aad mediators.phone:<id>
    phone_idx       TEXT,
    photo_file      TEXT REFERENCES files (key),
    background      TEXT NOT NULL DEFAULT 'other',
    certificates    TEXT NOT NULL DEFAULT '',      -- qualifications and certificates
    practice_since  INTEGER,                       -- year mediation practice began
    grade           INTEGER NOT NULL DEFAULT 0 CHECK (grade BETWEEN 0 AND 4), -- 1 (一级) highest; 0 ungraded
    bio             TEXT NOT NULL DEFAULT '',
    public          BOOLEAN NOT NULL DEFAULT TRUE,  -- shown in the public roster
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'removed')),
    status_reason   TEXT NOT NULL DEFAULT '',
    status_decision TEXT NOT NULL DEFAULT '',      -- the removal decision (除名决定)
    status_at       TIMESTAMP,
    user_id         BIGINT REFERENCES users (id),  -- the mediator's login, if any
    created_by      BIGINT NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE meeting_agencies (
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id),
    agency_id   BIGINT NOT NULL REFERENCES agencies (id),
    PRIMARY KEY (meeting_id, agency_id)
);

CREATE TABLE meeting_decisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id),
    text        TEXT NOT NULL,
    owner_kind  TEXT NOT NULL CHECK (owner_kind IN ('agency', 'org', 'bureau', 'township')),
    owner_id    BIGINT NOT NULL DEFAULT 0,
    township    TEXT NOT NULL DEFAULT '',
    due_on      TEXT NOT NULL,                      -- YYYY-MM-DD, Beijing
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    done_note   TEXT NOT NULL DEFAULT '',
    done_at     TIMESTAMP,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE meeting_orgs (
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id),
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    PRIMARY KEY (meeting_id, org_id)
);

CREATE TABLE meeting_progress (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    decision_id BIGINT NOT NULL REFERENCES meeting_decisions (id),
    note        TEXT NOT NULL,
    by_user     BIGINT NOT NULL DEFAULT 0,
    at          TIMESTAMP NOT NULL
);

CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('symposium', 'joint')),
    title       TEXT NOT NULL,
    held_at     TIMESTAMP NOT NULL,
    place       TEXT NOT NULL DEFAULT '',
    township    TEXT NOT NULL DEFAULT '',           -- the convening township office; '' for the bureau
    agenda      TEXT NOT NULL DEFAULT '',
    people      TEXT NOT NULL DEFAULT '',           -- other participants by name, free text
    minutes     TEXT NOT NULL DEFAULT '',
    minutes_at  TIMESTAMP,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE mentorship_notes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    mentorship_id BIGINT NOT NULL REFERENCES mentorships (id),
    body          TEXT NOT NULL,
    written_by    BIGINT NOT NULL DEFAULT 0,
    written_at    TIMESTAMP NOT NULL
);

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

CREATE TABLE org_documents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('charter', 'rules', 'prereview', 'registration', 'disclosure', 'other')),
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    file_key    TEXT NOT NULL REFERENCES files (key),
    public      BOOLEAN NOT NULL DEFAULT FALSE,
    uploaded_by BIGINT NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    UNIQUE (org_id, kind, version)
);

CREATE TABLE org_evaluations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        BIGINT NOT NULL REFERENCES orgs (id),
    year          INTEGER NOT NULL,
    score         INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    grade         TEXT NOT NULL CHECK (grade IN ('excellent', 'pass', 'basic', 'fail')),
    remarks       TEXT NOT NULL DEFAULT '',
    evaluator_id  BIGINT NOT NULL DEFAULT 0,
    evaluator     TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    UNIQUE (org_id, year)
);

CREATE VIRTUAL TABLE org_fts USING fts5(bi, uni, tokenize = 'unicode61 remove_diacritics 0');

CREATE TABLE 'org_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

CREATE TABLE 'org_fts_content'(id INTEGER PRIMARY KEY, c0, c1);

CREATE TABLE 'org_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

CREATE TABLE 'org_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

CREATE TABLE 'org_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

CREATE TABLE org_languages (
    org_id   BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    language TEXT NOT NULL,
    PRIMARY KEY (org_id, language)
);

CREATE TABLE org_prereview (
    org_id        BIGINT PRIMARY KEY REFERENCES orgs (id) ON DELETE CASCADE,
    founders      TEXT NOT NULL DEFAULT '',        -- 举办者/发起人
    mediators     TEXT NOT NULL DEFAULT '',        -- planned mediators and their qualifications
    premises      TEXT NOT NULL DEFAULT '',        -- 办公场所
    funding       TEXT NOT NULL DEFAULT '',        -- 活动资金及来源
    submitted_at  TIMESTAMP,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE org_sanctions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id        BIGINT NOT NULL REFERENCES orgs (id),
    kind          TEXT NOT NULL CHECK (kind IN ('warning', 'rectify', 'downgrade', 'removal', 'dissolve', 'reward')),
    title         TEXT NOT NULL DEFAULT '',                -- a reward's title (e.g. 先进人民调解委员会)
    granted_by    TEXT NOT NULL DEFAULT '',                -- the deciding or granting body
    decided_on    TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    document      TEXT NOT NULL DEFAULT '',                -- the decision's text, when no file
    file_key      TEXT REFERENCES files (key),             -- the decision document (PDF or scan), public
    levels        INTEGER NOT NULL DEFAULT 0,              -- downgrade: stars taken away
    stars_before  INTEGER,
    stars_after   INTEGER,
    mediator_id   BIGINT REFERENCES mediators (id),        -- removal: the mediator removed
    deadline      TEXT NOT NULL DEFAULT '',                -- rectify: last day
    inspection_id BIGINT REFERENCES inspections (id),      -- rectify: the inspection that ordered it
    recorder_id   BIGINT NOT NULL DEFAULT 0,
    recorder      TEXT NOT NULL,
    role          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE org_specialties (
    org_id       BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    dispute_type TEXT NOT NULL,
    PRIMARY KEY (org_id, dispute_type)
);

CREATE TABLE org_star_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    stars       INTEGER NOT NULL CHECK (stars BETWEEN 0 AND 5),
    stars_until TIMESTAMP,
    source      TEXT NOT NULL CHECK (source IN ('rating', 'sanction')),
    ref_id      BIGINT NOT NULL DEFAULT 0,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT NOT NULL DEFAULT 0,
    recorded_at TIMESTAMP NOT NULL
);

CREATE TABLE org_transitions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
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
    at          TIMESTAMP NOT NULL
);

CREATE TABLE orgs (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
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
    registration_date      TIMESTAMP,
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
    stars_until            TIMESTAMP,
    featured               BOOLEAN NOT NULL DEFAULT FALSE, -- 选树
    featured_rank          INTEGER NOT NULL DEFAULT 0,
    featured_reason        TEXT NOT NULL DEFAULT '',
    logo_file              TEXT REFERENCES files (key),
    founded_at             TIMESTAMP,
    created_by             BIGINT NOT NULL DEFAULT 0,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL,
    version                INTEGER NOT NULL DEFAULT 1      -- optimistic lock for edits
, seal_key TEXT NOT NULL DEFAULT '', abnormal_since TIMESTAMP);

CREATE TABLE password_history (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE phone_codes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    phone_idx  TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    used_at    TIMESTAMP,
    client_ip  TEXT NOT NULL DEFAULT ''
, purpose TEXT NOT NULL DEFAULT '');

CREATE TABLE plan_phases (
    seq        INTEGER PRIMARY KEY,                 -- 1–4; phases 1–3 choose pilot batches 1–3
    name       TEXT NOT NULL,
    starts_on  TEXT NOT NULL,                       -- YYYY-MM-DD, Beijing
    ends_on    TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE plan_pilots (
    township   TEXT PRIMARY KEY,                    -- a township in one batch at most
    batch      INTEGER NOT NULL CHECK (batch BETWEEN 1 AND 3),
    chosen_by  BIGINT NOT NULL DEFAULT 0,
    chosen_at  TIMESTAMP NOT NULL
);

CREATE TABLE plan_tasks (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    phase      INTEGER NOT NULL REFERENCES plan_phases (seq),
    position   INTEGER NOT NULL,                    -- order within the phase
    text       TEXT NOT NULL,
    owner      TEXT NOT NULL,                       -- the unit responsible (责任单位)
    due_on     TEXT NOT NULL,                       -- YYYY-MM-DD
    metric     TEXT NOT NULL DEFAULT '',            -- '' for a manual task
    done       BOOLEAN NOT NULL DEFAULT FALSE,      -- a manual task ticked by the bureau
    done_on    TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',            -- the bureau's note with the tick
    file_key   TEXT REFERENCES files (key),         -- the evidence
    done_by    BIGINT NOT NULL DEFAULT 0,
    done_at    TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE procurement_bids (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id   BIGINT NOT NULL REFERENCES procurement_projects (id),
    org_id       BIGINT NOT NULL REFERENCES orgs (id),
    proposal     TEXT NOT NULL,
    price_fen    BIGINT NOT NULL CHECK (price_fen > 0),
    status       TEXT NOT NULL CHECK (status IN ('submitted', 'withdrawn', 'won', 'lost')),
    total10      INTEGER,                                 -- weighted total, tenths, set on award
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (project_id, org_id)
);

CREATE TABLE procurement_contracts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id       BIGINT NOT NULL REFERENCES procurement_projects (id),
    bid_id           BIGINT NOT NULL UNIQUE REFERENCES procurement_bids (id),
    org_id           BIGINT NOT NULL REFERENCES orgs (id),
    amount_fen       BIGINT NOT NULL CHECK (amount_fen > 0),
    period_from      TEXT NOT NULL,
    period_to        TEXT NOT NULL,
    report_every     TEXT NOT NULL CHECK (report_every IN ('month', 'quarter')),
    min_success_pct  INTEGER NOT NULL DEFAULT 0,
    min_satisfaction INTEGER NOT NULL DEFAULT 0,          -- tenths of a star
    signed_on        TEXT NOT NULL,                       -- YYYY-MM-DD: the year its amount is committed
    final_grade      TEXT NOT NULL DEFAULT '' CHECK (final_grade IN ('', 'excellent', 'pass', 'fail')),
    final_note       TEXT NOT NULL DEFAULT '',
    final_at         TIMESTAMP,
    created_by       BIGINT NOT NULL DEFAULT 0,
    created_at       TIMESTAMP NOT NULL
);

CREATE TABLE procurement_criteria (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id BIGINT NOT NULL REFERENCES procurement_projects (id),
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    weight     INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    UNIQUE (project_id, position)
);

CREATE TABLE procurement_deliverables (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id BIGINT NOT NULL REFERENCES procurement_contracts (id),
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('cases', 'hours', 'other')),
    title       TEXT NOT NULL,
    target      INTEGER NOT NULL CHECK (target > 0),
    actual      INTEGER NOT NULL DEFAULT 0,               -- hours, other: as the buyer verified
    verified_at TIMESTAMP,
    UNIQUE (contract_id, position)
);

CREATE TABLE procurement_experts (
    project_id  BIGINT NOT NULL REFERENCES procurement_projects (id),
    expert_id   BIGINT NOT NULL REFERENCES experts (id),
    assigned_by BIGINT NOT NULL DEFAULT 0,
    assigned_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, expert_id)
);

CREATE TABLE procurement_milestones (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id BIGINT NOT NULL REFERENCES procurement_contracts (id),
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    amount_fen  BIGINT NOT NULL CHECK (amount_fen > 0),
    due_on      TEXT NOT NULL,
    UNIQUE (contract_id, position)
);

CREATE TABLE procurement_payments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id  BIGINT NOT NULL REFERENCES procurement_contracts (id),
    milestone_id BIGINT NOT NULL REFERENCES procurement_milestones (id),
    amount_fen   BIGINT NOT NULL CHECK (amount_fen > 0),
    paid_on      TEXT NOT NULL,                           -- YYYY-MM-DD: the year it is spent
    voucher      TEXT NOT NULL DEFAULT '',                -- 凭证号
    note         TEXT NOT NULL DEFAULT '',
    recorded_by  BIGINT NOT NULL DEFAULT 0,
    recorded_at  TIMESTAMP NOT NULL
);

CREATE TABLE procurement_projects (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id     BIGINT REFERENCES agencies (id),        -- the buying agency; NULL: the bureau
    title         TEXT NOT NULL,
    scope         TEXT NOT NULL,
    category      TEXT NOT NULL CHECK (category IN ('mediation', 'consultation', 'training', 'other')),
    dispute_types TEXT NOT NULL DEFAULT '',               -- codes, comma-separated; '': every type
    township      TEXT NOT NULL DEFAULT '',               -- '': the whole district
    budget_fen    BIGINT NOT NULL CHECK (budget_fen > 0),
    min_stars     INTEGER NOT NULL DEFAULT 0 CHECK (min_stars BETWEEN 0 AND 5),
    org_types     TEXT NOT NULL DEFAULT '',               -- comma-separated; '': any type
    no_sanction   BOOLEAN NOT NULL DEFAULT FALSE,
    window_from   TEXT NOT NULL,                          -- YYYY-MM-DD, Beijing
    window_to     TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'published', 'evaluating', 'awarded', 'contracted', 'cancelled')),
    result_note   TEXT NOT NULL DEFAULT '',               -- the published result's note (公示)
    cancel_reason TEXT NOT NULL DEFAULT '',
    published_at  TIMESTAMP,
    awarded_at    TIMESTAMP,
    created_by    BIGINT NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE procurement_reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contract_id BIGINT NOT NULL REFERENCES procurement_contracts (id),
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    body        TEXT NOT NULL DEFAULT '',
    hours       INTEGER NOT NULL DEFAULT 0,               -- hours of service the organization reports
    filed_at    TIMESTAMP,
    filed_by    BIGINT NOT NULL DEFAULT 0,
    reminded_at TIMESTAMP,                                -- the due reminder, set by the sweep
    overdue_at  TIMESTAMP,                                -- flagged overdue by the sweep
    UNIQUE (contract_id, period_from)
);

CREATE TABLE procurement_scores (
    bid_id       BIGINT NOT NULL REFERENCES procurement_bids (id),
    expert_id    BIGINT NOT NULL REFERENCES experts (id),
    criterion_id BIGINT NOT NULL REFERENCES procurement_criteria (id),
    score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    scored_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (bid_id, expert_id, criterion_id)
);

CREATE TABLE rating_applications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id    BIGINT NOT NULL REFERENCES rating_rounds (id),
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    statement   TEXT NOT NULL DEFAULT '',            -- the organization's summary
    total10     INTEGER,                             -- combined total, tenths, set on publication
    stars       INTEGER,                             -- stars on publication (0: none)
    final10     INTEGER,                             -- total after objections, set on finalization
    final_stars INTEGER,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (round_id, org_id)
);

CREATE TABLE rating_assignments (
    application_id BIGINT NOT NULL REFERENCES rating_applications (id),
    expert_id      BIGINT NOT NULL REFERENCES experts (id),
    assigned_by    BIGINT NOT NULL DEFAULT 0,
    assigned_at    TIMESTAMP NOT NULL,
    submitted_at   TIMESTAMP,                        -- the expert's scores are complete and handed in
    PRIMARY KEY (application_id, expert_id)
);

CREATE TABLE rating_evidence (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES rating_applications (id),
    indicator_id   BIGINT REFERENCES rating_indicators (id),
    title          TEXT NOT NULL,
    file_key       TEXT NOT NULL REFERENCES files (key),
    uploaded_by    BIGINT NOT NULL DEFAULT 0,
    uploaded_at    TIMESTAMP NOT NULL
);

CREATE TABLE rating_indicators (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    set_id    BIGINT NOT NULL REFERENCES rating_sets (id),
    position  INTEGER NOT NULL,
    category  TEXT NOT NULL,                         -- e.g. 组织建设
    name      TEXT NOT NULL,
    max_score INTEGER NOT NULL CHECK (max_score BETWEEN 1 AND 100),
    evidence  TEXT NOT NULL DEFAULT '',              -- the evidence required
    rules     TEXT NOT NULL DEFAULT '',              -- deduction rules, as text
    source    TEXT NOT NULL DEFAULT ''               -- a platform figure shown beside it
);

CREATE TABLE rating_objections (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES rating_applications (id),
    reasons        TEXT NOT NULL,
    filed_by       BIGINT NOT NULL DEFAULT 0,
    filed_at       TIMESTAMP NOT NULL,
    answer         TEXT NOT NULL DEFAULT '',
    new_total10    INTEGER,                          -- the corrected total when the answer changes the result
    answered_by    BIGINT NOT NULL DEFAULT 0,
    answered_at    TIMESTAMP
);

CREATE TABLE rating_rounds (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    title         TEXT NOT NULL,
    set_id        BIGINT NOT NULL REFERENCES rating_sets (id),
    period_from   TEXT NOT NULL,                     -- the period rated, YYYY-MM-DD (Beijing)
    period_to     TEXT NOT NULL,
    apply_until   TEXT NOT NULL,                     -- last day to apply
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'scoring', 'publicized', 'final')),
    published_at  TIMESTAMP,
    objection_due TIMESTAMP,                         -- end of the objection period (公示期)
    finalized_at  TIMESTAMP,
    created_by    BIGINT NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE rating_scores (
    application_id BIGINT NOT NULL REFERENCES rating_applications (id),
    expert_id      BIGINT NOT NULL REFERENCES experts (id),
    indicator_id   BIGINT NOT NULL REFERENCES rating_indicators (id),
    score10        INTEGER NOT NULL,
    comment        TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (application_id, expert_id, indicator_id)
);

CREATE TABLE rating_self (
    application_id BIGINT NOT NULL REFERENCES rating_applications (id),
    indicator_id   BIGINT NOT NULL REFERENCES rating_indicators (id),
    score10        INTEGER NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (application_id, indicator_id)
);

CREATE TABLE rating_sets (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    title        TEXT NOT NULL,
    version      INTEGER,                           -- given on publication: 1, 2, …
    status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);

CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TIMESTAMP
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

CREATE TABLE rooms (
    case_id         BIGINT PRIMARY KEY,
    posts           BIGINT NOT NULL DEFAULT 0,
    last_message_id BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE service_dispute_types (
    service_id   BIGINT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    dispute_type TEXT NOT NULL,
    PRIMARY KEY (service_id, dispute_type)
);

CREATE TABLE services (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      BIGINT NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    price       BIGINT,                            -- fen; NULL = free
    price_note  TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,                -- HMAC-SM3 of the cookie value; the value itself is never stored
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    method       TEXT NOT NULL CHECK (method IN ('password', 'phone')),
    mfa_passed   BOOLEAN NOT NULL DEFAULT FALSE,
    lang         TEXT NOT NULL DEFAULT '',
    client_ip    TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL               -- absolute limit
);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_by BIGINT NOT NULL DEFAULT 0,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE stats_case_rollup (
    basis          TEXT NOT NULL CHECK (basis IN ('filed', 'accepted', 'closed')),
    month          TEXT NOT NULL,                 -- YYYY-MM, Beijing time
    township       TEXT NOT NULL,
    org_id         BIGINT NOT NULL DEFAULT 0,     -- 0: not routed
    dispute_type   TEXT NOT NULL,
    source         TEXT NOT NULL,
    outcome        TEXT NOT NULL,                 -- tiaojie.CaseOutcome
    agreement_form TEXT NOT NULL DEFAULT '',      -- '', 'written' or 'oral'
    days           INTEGER NOT NULL DEFAULT -1,
    cases          BIGINT NOT NULL,
    amount_fen     BIGINT NOT NULL DEFAULT 0,     -- amounts in dispute
    ratings        BIGINT NOT NULL DEFAULT 0,     -- the parties' ratings of these cases
    stars          BIGINT NOT NULL DEFAULT 0,     -- their sum
    PRIMARY KEY (basis, month, township, org_id, dispute_type, source, outcome, agreement_form, days)
);

CREATE TABLE stats_district_lines (
    period        TEXT NOT NULL,
    township      TEXT NOT NULL,
    grp           TEXT NOT NULL CHECK (grp IN ('all', 'type', 'source')),
    item          TEXT NOT NULL,
    filed         BIGINT NOT NULL DEFAULT 0,
    filed_fen     BIGINT NOT NULL DEFAULT 0,
    o_open        BIGINT NOT NULL DEFAULT 0,
    o_agreement   BIGINT NOT NULL DEFAULT 0,
    o_terminated  BIGINT NOT NULL DEFAULT 0,
    o_withdrawn   BIGINT NOT NULL DEFAULT 0,
    o_rejected    BIGINT NOT NULL DEFAULT 0,
    accepted      BIGINT NOT NULL DEFAULT 0,
    closed        BIGINT NOT NULL DEFAULT 0,
    agreed        BIGINT NOT NULL DEFAULT 0,
    agreed_fen    BIGINT NOT NULL DEFAULT 0,
    written       BIGINT NOT NULL DEFAULT 0,
    oral          BIGINT NOT NULL DEFAULT 0,
    ratings       BIGINT NOT NULL DEFAULT 0,
    stars         BIGINT NOT NULL DEFAULT 0,
    days          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (period, township, grp, item)
);

CREATE TABLE stats_org_period (
    period   TEXT NOT NULL,
    township TEXT NOT NULL,
    org_id   BIGINT NOT NULL,
    filed    BIGINT NOT NULL DEFAULT 0,
    accepted BIGINT NOT NULL DEFAULT 0,
    closed   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (period, township, org_id)
);

CREATE TABLE stats_watermarks (
    name TEXT PRIMARY KEY,
    at   TIMESTAMP NOT NULL
);

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
, version INTEGER NOT NULL DEFAULT 0, updated_by BIGINT NOT NULL DEFAULT 0, updated_at TIMESTAMP, cancelled_at TIMESTAMP, cancelled_by BIGINT NOT NULL DEFAULT 0, cancel_reason TEXT NOT NULL DEFAULT '');

CREATE TABLE user_roles (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    township_code TEXT NOT NULL DEFAULT '',       -- scope of a township office role
    org_id        BIGINT NOT NULL DEFAULT 0,      -- scope of an organization role
    granted_by    BIGINT NOT NULL DEFAULT 0,
    granted_at    TIMESTAMP NOT NULL,
    UNIQUE (user_id, role, township_code, org_id)
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    login                TEXT UNIQUE,             -- NFKC + case-folded; NULL for phone-only public users
    display_name         TEXT NOT NULL,
    email                TEXT NOT NULL DEFAULT '',
    phone_enc            BLOB,                    -- SM4-GCM, aad users.phone:<id>
    phone_idx            TEXT UNIQUE,             -- HMAC-SM3 blind index of the normalized phone
    password_hash        TEXT,                    -- PHC string: $argon2id$… or $pbkdf2-sm3$…
    password_changed_at  TIMESTAMP,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    status               TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
    locked_until         TIMESTAMP,
    totp_secret_enc      BLOB,                    -- SM4-GCM, aad users.totp:<id>
    totp_enabled_at      TIMESTAMP,
    totp_last_step       BIGINT NOT NULL DEFAULT 0,  -- last accepted time step; a code is never accepted twice
    last_login_at        TIMESTAMP,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);

CREATE TABLE venture_applications (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id    BIGINT NOT NULL REFERENCES venture_rounds (id),
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    title       TEXT NOT NULL,
    plan        TEXT NOT NULL,
    requested   BIGINT NOT NULL CHECK (requested > 0),
    award       BIGINT NOT NULL DEFAULT 0 CHECK (award >= 0), -- 0: not awarded
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (round_id, org_id)
);

CREATE TABLE venture_experts (
    round_id    BIGINT NOT NULL REFERENCES venture_rounds (id),
    expert_id   BIGINT NOT NULL REFERENCES experts (id),
    assigned_by BIGINT NOT NULL DEFAULT 0,
    assigned_at TIMESTAMP NOT NULL,
    PRIMARY KEY (round_id, expert_id)
);

CREATE TABLE venture_report_reminders (
    application_id BIGINT NOT NULL REFERENCES venture_applications (id),
    kind           TEXT NOT NULL CHECK (kind IN ('progress', 'final')),
    stage          TEXT NOT NULL CHECK (stage IN ('soon', 'late')),
    due_on         TEXT NOT NULL,                       -- YYYY-MM-DD, Beijing, the day it was due
    reminded_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, kind, stage)
);

CREATE TABLE venture_reports (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES venture_applications (id),
    kind           TEXT NOT NULL CHECK (kind IN ('progress', 'final')),
    body           TEXT NOT NULL,
    filed_by       BIGINT NOT NULL DEFAULT 0,
    filed_at       TIMESTAMP NOT NULL
);

CREATE TABLE venture_rounds (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    title        TEXT NOT NULL,
    theme        TEXT NOT NULL DEFAULT '',
    budget       BIGINT NOT NULL CHECK (budget > 0),
    project_cap  BIGINT NOT NULL CHECK (project_cap > 0),
    opens_on     TEXT NOT NULL,                         -- YYYY-MM-DD, Beijing
    closes_on    TEXT NOT NULL,                         -- the last day applications are taken
    criteria     TEXT NOT NULL,                         -- JSON [{name, weight}], weights summing to 100
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'published')),
    published_at TIMESTAMP,
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);

CREATE TABLE venture_scores (
    application_id BIGINT NOT NULL REFERENCES venture_applications (id),
    expert_id      BIGINT NOT NULL REFERENCES experts (id),
    scores         TEXT NOT NULL,                       -- JSON [int], in the order of the round's criteria
    comment        TEXT NOT NULL DEFAULT '',
    scored_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (application_id, expert_id)
);

CREATE INDEX agency_members_user ON agency_members (user_id);

CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE UNIQUE INDEX article_pictures_seq ON article_pictures (article_id, seq);

CREATE INDEX articles_org ON articles (org_id, review);

CREATE INDEX articles_published ON articles (status, kind, published_at);

CREATE INDEX association_measures_member ON association_measures (member_id, decided_on);

CREATE INDEX association_members_status ON association_members (status);

CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);

CREATE INDEX audit_log_at ON audit_log (at);

CREATE INDEX audit_log_object ON audit_log (object_type, object_id, seq);

CREATE INDEX case_access_case_user ON case_access (case_id, user_id, expires_at);

CREATE INDEX case_assignments_case ON case_assignments (case_id);

CREATE UNIQUE INDEX case_assignments_current ON case_assignments (case_id) WHERE ended_at IS NULL;

CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE INDEX case_evidence_case ON case_evidence (case_id);

CREATE INDEX case_parties_case ON case_parties (case_id);

CREATE INDEX case_parties_invited ON case_parties (invited_at);

CREATE INDEX case_parties_phone ON case_parties (phone_idx);

CREATE INDEX case_parties_user ON case_parties (user_id);

CREATE INDEX case_payments_case ON case_payments (case_id);

CREATE INDEX case_ratings_created ON case_ratings (created_at);

CREATE INDEX case_recusals_case ON case_recusals (case_id);

CREATE INDEX case_visits_case ON case_visits (case_id);

CREATE INDEX cases_accepted ON cases (accepted_at);

CREATE INDEX cases_activity ON cases (activity_at);

CREATE INDEX cases_created ON cases (created_at);

CREATE INDEX cases_ended ON cases (ended_at);

CREATE UNIQUE INDEX cases_external ON cases (source, external_id) WHERE external_id IS NOT NULL;

CREATE INDEX cases_mediator_status ON cases (mediator_id, status);

CREATE INDEX cases_open ON cases (status, township, accept_due, resp_due, mediation_due, activity_at, org_id, mediator_id)
    WHERE status IN ('submitted', 'awaiting_org', 'awaiting_resp', 'mediating', 'signing');

CREATE INDEX cases_org_status ON cases (org_id, status);

CREATE INDEX cases_owner ON cases (owner_id);

CREATE INDEX cases_status_created ON cases (status, created_at);

CREATE INDEX cases_township_status ON cases (township, status);

CREATE INDEX complaint_steps_complaint ON complaint_steps (complaint_id, id);

CREATE INDEX complaints_complainant ON complaints (complainant_user_id, filed_at);

CREATE INDEX complaints_due ON complaints (status, due_at);

CREATE INDEX complaints_handler ON complaints (handler, handler_township, status);

CREATE INDEX complaints_org ON complaints (subject_org_id, outcome, answered_at);

CREATE UNIQUE INDEX disclosures_one_draft ON disclosures (chain_id) WHERE status = 'draft' AND chain_id > 0;

CREATE INDEX disclosures_org ON disclosures (org_id, year, kind);

CREATE INDEX disclosures_year ON disclosures (year, kind, status);

CREATE INDEX expert_ties_org ON expert_ties (org_id);

CREATE INDEX files_owner ON files (owner_type, owner_id);

CREATE INDEX fundings_org ON fundings (org_id, year);

CREATE INDEX incubation_applications_applicant ON incubation_applications (applicant_id);

CREATE INDEX incubation_applications_call ON incubation_applications (call_id);

CREATE INDEX incubation_applications_site ON incubation_applications (site_id, status);

CREATE INDEX incubation_calls_site ON incubation_calls (site_id, status);

CREATE INDEX incubation_milestones_app ON incubation_milestones (application_id);

CREATE INDEX incubation_reports_app ON incubation_reports (application_id);

CREATE INDEX incubation_reviewers_expert ON incubation_reviewers (expert_id);

CREATE INDEX incubation_services_app ON incubation_services (application_id);

CREATE UNIQUE INDEX incubation_sites_live ON incubation_sites (township) WHERE status <> 'rejected';

CREATE INDEX inspection_steps_inspection ON inspection_steps (inspection_id, id);

CREATE INDEX inspections_org ON inspections (org_id, id);

CREATE INDEX inspections_status ON inspections (status, deadline);

CREATE INDEX jobs_due ON jobs (state, run_at);

CREATE INDEX login_failures_user ON login_failures (user_id, at);

CREATE INDEX mediator_languages_language ON mediator_languages (language, mediator_id);

CREATE INDEX mediator_orgs_org ON mediator_orgs (org_id, mediator_id);

CREATE INDEX mediator_specialties_type ON mediator_specialties (dispute_type, mediator_id);

CREATE INDEX mediator_training_mediator ON mediator_training (mediator_id, held_on);

CREATE INDEX mediator_transitions_mediator ON mediator_transitions (mediator_id, id);

CREATE INDEX mediators_phone ON mediators (phone_idx);

CREATE INDEX mediators_status ON mediators (status, public);

CREATE INDEX mediators_user ON mediators (user_id);

CREATE INDEX meeting_agencies_agency ON meeting_agencies (agency_id);

CREATE INDEX meeting_decisions_meeting ON meeting_decisions (meeting_id);

CREATE INDEX meeting_decisions_open ON meeting_decisions (status, due_on);

CREATE INDEX meeting_orgs_org ON meeting_orgs (org_id);

CREATE INDEX meeting_progress_decision ON meeting_progress (decision_id, at);

CREATE INDEX meetings_held ON meetings (held_at);

CREATE INDEX mentorship_notes_pair ON mentorship_notes (mentorship_id, written_at);

CREATE INDEX mentorships_apprentice ON mentorships (apprentice_id);

CREATE INDEX mentorships_mentor ON mentorships (mentor_id);

CREATE INDEX org_languages_language ON org_languages (language, org_id);

CREATE INDEX org_sanctions_kind ON org_sanctions (kind, decided_on);

CREATE INDEX org_sanctions_org ON org_sanctions (org_id, decided_on);

CREATE INDEX org_specialties_type ON org_specialties (dispute_type, org_id);

CREATE INDEX org_star_history_org ON org_star_history (org_id, recorded_at);

CREATE INDEX org_transitions_org ON org_transitions (org_id, id);

CREATE INDEX orgs_featured ON orgs (featured, featured_rank);

CREATE INDEX orgs_status ON orgs (status, township);

CREATE INDEX orgs_township ON orgs (township, status);

CREATE INDEX password_history_user ON password_history (user_id, id);

CREATE INDEX phone_codes_phone ON phone_codes (phone_idx, created_at);

CREATE INDEX phone_codes_purpose ON phone_codes (phone_idx, purpose, created_at);

CREATE INDEX plan_tasks_phase ON plan_tasks (phase, position);

CREATE INDEX procurement_contracts_org ON procurement_contracts (org_id);

CREATE INDEX procurement_payments_contract ON procurement_payments (contract_id);

CREATE INDEX procurement_projects_status ON procurement_projects (status, window_to);

CREATE INDEX procurement_reports_due ON procurement_reports (due_on);

CREATE INDEX rating_applications_org ON rating_applications (org_id);

CREATE INDEX rating_assignments_expert ON rating_assignments (expert_id);

CREATE INDEX rating_evidence_application ON rating_evidence (application_id);

CREATE INDEX rating_indicators_set ON rating_indicators (set_id, position);

CREATE INDEX rating_objections_application ON rating_objections (application_id);

CREATE UNIQUE INDEX rating_sets_version ON rating_sets (version) WHERE version IS NOT NULL;

CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

CREATE INDEX room_messages_case ON room_messages (case_id, id);

CREATE INDEX room_messages_channel ON room_messages (case_id, channel, id);

CREATE INDEX room_sessions_case ON room_sessions (case_id, starts_at);

CREATE INDEX services_org ON services (org_id, position);

CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE INDEX sessions_user ON sessions (user_id);

CREATE INDEX stats_case_rollup_org ON stats_case_rollup (org_id, basis, month);

CREATE INDEX training_enrolments_mediator ON training_enrolments (mediator_id);

CREATE INDEX training_sessions_course ON training_sessions (course_id, starts_at);

CREATE INDEX training_sessions_start ON training_sessions (starts_at);

CREATE INDEX user_roles_role ON user_roles (role);

CREATE INDEX venture_applications_org ON venture_applications (org_id);

CREATE INDEX venture_experts_expert ON venture_experts (expert_id);

CREATE INDEX venture_reports_application ON venture_reports (application_id);

CREATE INDEX venture_scores_expert ON venture_scores (expert_id);

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

