-- columns
api_tokens.id bigint NOT NULL IDENTITY
api_tokens.user_id bigint NOT NULL
api_tokens.name text NOT NULL
api_tokens.prefix text NOT NULL
api_tokens.token_hash text NOT NULL
api_tokens.scopes text NOT NULL
api_tokens.created_at timestamp with time zone NOT NULL
api_tokens.expires_at timestamp with time zone
api_tokens.last_used_at timestamp with time zone
api_tokens.revoked_at timestamp with time zone
audit_head.id integer NOT NULL
audit_head.seq bigint NOT NULL
audit_head.mac text NOT NULL
audit_log.seq bigint NOT NULL
audit_log.at timestamp with time zone NOT NULL
audit_log.actor_id bigint NOT NULL DEFAULT 0
audit_log.actor text NOT NULL
audit_log.role text NOT NULL DEFAULT ''::text
audit_log.action text NOT NULL
audit_log.object_type text NOT NULL DEFAULT ''::text
audit_log.object_id text NOT NULL DEFAULT ''::text
audit_log.outcome text NOT NULL
audit_log.reason text NOT NULL DEFAULT ''::text
audit_log.client_ip text NOT NULL DEFAULT ''::text
audit_log.request_id text NOT NULL DEFAULT ''::text
audit_log.detail text NOT NULL DEFAULT ''::text
audit_log.key_version integer NOT NULL
audit_log.prev_mac text NOT NULL
audit_log.mac text NOT NULL
goose_db_version.id integer NOT NULL IDENTITY
goose_db_version.version_id bigint NOT NULL
goose_db_version.is_applied boolean NOT NULL
goose_db_version.tstamp timestamp without time zone NOT NULL DEFAULT now()
jobs.id bigint NOT NULL IDENTITY
jobs.kind text NOT NULL
jobs.args text NOT NULL DEFAULT '{}'::text
jobs.unique_key text
jobs.state text NOT NULL DEFAULT 'available'::text
jobs.run_at timestamp with time zone NOT NULL
jobs.attempts integer NOT NULL DEFAULT 0
jobs.max_attempts integer NOT NULL DEFAULT 5
jobs.last_error text NOT NULL DEFAULT ''::text
jobs.locked_by text NOT NULL DEFAULT ''::text
jobs.locked_until timestamp with time zone
jobs.created_at timestamp with time zone NOT NULL
jobs.finished_at timestamp with time zone
login_failures.id bigint NOT NULL IDENTITY
login_failures.user_id bigint NOT NULL
login_failures.at timestamp with time zone NOT NULL
password_history.id bigint NOT NULL IDENTITY
password_history.user_id bigint NOT NULL
password_history.password_hash text NOT NULL
password_history.created_at timestamp with time zone NOT NULL
phone_codes.id bigint NOT NULL IDENTITY
phone_codes.phone_idx text NOT NULL
phone_codes.code_hash text NOT NULL
phone_codes.created_at timestamp with time zone NOT NULL
phone_codes.expires_at timestamp with time zone NOT NULL
phone_codes.attempts integer NOT NULL DEFAULT 0
phone_codes.used_at timestamp with time zone
phone_codes.client_ip text NOT NULL DEFAULT ''::text
recovery_codes.id bigint NOT NULL IDENTITY
recovery_codes.user_id bigint NOT NULL
recovery_codes.code_hash text NOT NULL
recovery_codes.used_at timestamp with time zone
sessions.token_hash text NOT NULL
sessions.user_id bigint NOT NULL
sessions.method text NOT NULL
sessions.mfa_passed boolean NOT NULL DEFAULT false
sessions.lang text NOT NULL DEFAULT ''::text
sessions.client_ip text NOT NULL DEFAULT ''::text
sessions.user_agent text NOT NULL DEFAULT ''::text
sessions.created_at timestamp with time zone NOT NULL
sessions.last_seen_at timestamp with time zone NOT NULL
sessions.expires_at timestamp with time zone NOT NULL
user_roles.id bigint NOT NULL IDENTITY
user_roles.user_id bigint NOT NULL
user_roles.role text NOT NULL
user_roles.township_code text NOT NULL DEFAULT ''::text
user_roles.org_id bigint NOT NULL DEFAULT 0
user_roles.granted_by bigint NOT NULL DEFAULT 0
user_roles.granted_at timestamp with time zone NOT NULL
users.id bigint NOT NULL IDENTITY
users.login text
users.display_name text NOT NULL
users.email text NOT NULL DEFAULT ''::text
users.phone_enc bytea
users.phone_idx text
users.password_hash text
users.password_changed_at timestamp with time zone
users.must_change_password boolean NOT NULL DEFAULT false
users.status text NOT NULL DEFAULT 'active'::text
users.locked_until timestamp with time zone
users.totp_secret_enc bytea
users.totp_enabled_at timestamp with time zone
users.totp_last_step bigint NOT NULL DEFAULT 0
users.last_login_at timestamp with time zone
users.created_at timestamp with time zone NOT NULL
users.updated_at timestamp with time zone NOT NULL

-- constraints
api_tokens FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
api_tokens PRIMARY KEY (id)
api_tokens UNIQUE (token_hash)
audit_head CHECK ((id = 1))
audit_head PRIMARY KEY (id)
audit_log CHECK ((outcome = ANY (ARRAY['ok'::text, 'denied'::text, 'failed'::text])))
audit_log PRIMARY KEY (seq)
goose_db_version PRIMARY KEY (id)
jobs CHECK ((state = ANY (ARRAY['available'::text, 'running'::text, 'done'::text, 'failed'::text])))
jobs PRIMARY KEY (id)
jobs UNIQUE (unique_key)
login_failures FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
login_failures PRIMARY KEY (id)
password_history FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
password_history PRIMARY KEY (id)
phone_codes PRIMARY KEY (id)
recovery_codes FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
recovery_codes PRIMARY KEY (id)
sessions CHECK ((method = ANY (ARRAY['password'::text, 'phone'::text])))
sessions FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
sessions PRIMARY KEY (token_hash)
user_roles FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
user_roles PRIMARY KEY (id)
user_roles UNIQUE (user_id, role, township_code, org_id)
users CHECK ((status = ANY (ARRAY['active'::text, 'disabled'::text])))
users PRIMARY KEY (id)
users UNIQUE (login)
users UNIQUE (phone_idx)

-- indexes
CREATE UNIQUE INDEX api_tokens_pkey ON api_tokens USING btree (id)
CREATE UNIQUE INDEX api_tokens_token_hash_key ON api_tokens USING btree (token_hash)
CREATE INDEX api_tokens_user ON api_tokens USING btree (user_id)
CREATE UNIQUE INDEX audit_head_pkey ON audit_head USING btree (id)
CREATE INDEX audit_log_action ON audit_log USING btree (action, seq)
CREATE INDEX audit_log_actor ON audit_log USING btree (actor_id, seq)
CREATE INDEX audit_log_at ON audit_log USING btree (at)
CREATE INDEX audit_log_object ON audit_log USING btree (object_type, object_id, seq)
CREATE UNIQUE INDEX audit_log_pkey ON audit_log USING btree (seq)
CREATE UNIQUE INDEX goose_db_version_pkey ON goose_db_version USING btree (id)
CREATE INDEX jobs_due ON jobs USING btree (state, run_at)
CREATE UNIQUE INDEX jobs_pkey ON jobs USING btree (id)
CREATE UNIQUE INDEX jobs_unique_key_key ON jobs USING btree (unique_key)
CREATE UNIQUE INDEX login_failures_pkey ON login_failures USING btree (id)
CREATE INDEX login_failures_user ON login_failures USING btree (user_id, at)
CREATE UNIQUE INDEX password_history_pkey ON password_history USING btree (id)
CREATE INDEX password_history_user ON password_history USING btree (user_id, id)
CREATE INDEX phone_codes_phone ON phone_codes USING btree (phone_idx, created_at)
CREATE UNIQUE INDEX phone_codes_pkey ON phone_codes USING btree (id)
CREATE UNIQUE INDEX recovery_codes_pkey ON recovery_codes USING btree (id)
CREATE INDEX recovery_codes_user ON recovery_codes USING btree (user_id)
CREATE INDEX sessions_expires ON sessions USING btree (expires_at)
CREATE UNIQUE INDEX sessions_pkey ON sessions USING btree (token_hash)
CREATE INDEX sessions_user ON sessions USING btree (user_id)
CREATE UNIQUE INDEX user_roles_pkey ON user_roles USING btree (id)
CREATE INDEX user_roles_role ON user_roles USING btree (role)
CREATE UNIQUE INDEX user_roles_user_id_role_township_code_org_id_key ON user_roles USING btree (user_id, role, township_code, org_id)
CREATE UNIQUE INDEX users_login_key ON users USING btree (login)
CREATE UNIQUE INDEX users_phone_idx_key ON users USING btree (phone_idx)
CREATE UNIQUE INDEX users_pkey ON users USING btree (id)

-- triggers
audit_log audit_log_no_change
audit_log audit_log_no_truncate

