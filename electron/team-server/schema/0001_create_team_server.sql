-- The team server's store (issue 17): accounts, tokens, projects, members, operations, audit log.
-- Applied once by electron/team-server/migrate.ts, inside a transaction, with schema_version.

CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  name          text NOT NULL UNIQUE,
  -- scrypt$N$r$p$<salt base64>$<hash base64>: per-user random salt (electron/team-server/passwords.ts)
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

-- A client's login. Only the SHA-256 of the token is kept; revoking sets revoked_at.
CREATE TABLE tokens (
  id           bigserial PRIMARY KEY,
  user_id      bigint NOT NULL REFERENCES users(id),
  token_hash   bytea NOT NULL UNIQUE,
  client       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz
);
CREATE INDEX tokens_user ON tokens(user_id) WHERE revoked_at IS NULL;

-- latest_seq is the project's sequence counter: an upload locks this row, numbers its new
-- operations latest_seq+1…, and commits; the next upload waits for the lock, so sequence
-- numbers become visible in order and without gaps.
CREATE TABLE projects (
  id          bigserial PRIMARY KEY,
  guid        text NOT NULL UNIQUE,
  name        text NOT NULL,
  latest_seq  bigint NOT NULL DEFAULT 0,
  created_by  bigint NOT NULL REFERENCES users(id),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE members (
  project_id  bigint NOT NULL REFERENCES projects(id),
  user_id     bigint NOT NULL REFERENCES users(id),
  role        text NOT NULL CHECK (role IN ('owner', 'coder', 'viewer')),
  PRIMARY KEY (project_id, user_id)
);
CREATE INDEX members_user ON members(user_id);

-- Operations as uploaded: the envelope in columns, the body as the client's JSON text (json, not
-- jsonb: kept exactly as sent). Idempotent by (project, op id).
CREATE TABLE ops (
  project_id   bigint NOT NULL REFERENCES projects(id),
  seq          bigint NOT NULL,
  op_id        text NOT NULL,
  hlc          text NOT NULL,
  client_id    text NOT NULL,
  actor        text NOT NULL,
  body         json NOT NULL,
  uploaded_by  bigint NOT NULL REFERENCES users(id),
  received_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, seq),
  CONSTRAINT ops_unique_id UNIQUE (project_id, op_id)
);

-- Who did what when: logins (and failed ones), publishing, member changes, uploads (with their
-- count), token revocations, accounts added or changed.
CREATE TABLE audit_log (
  id            bigserial PRIMARY KEY,
  at            timestamptz NOT NULL DEFAULT now(),
  user_id       bigint REFERENCES users(id),
  -- the name as given (a failed login records the name that was tried)
  user_name     text,
  action        text NOT NULL,
  project_guid  text,
  detail        jsonb NOT NULL DEFAULT '{}'::jsonb,
  address       text
);
CREATE INDEX audit_log_at ON audit_log(at);
-- Failed logins of one name in the last minutes (login throttling reads this).
CREATE INDEX audit_log_failed_logins ON audit_log(user_name, at) WHERE action = 'login-failed';
