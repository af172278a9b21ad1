-- Foundation: organizations, sites, users and roles, sessions, API tokens, patients, care teams, audit trail.
-- Forward-only. Must run on PostgreSQL 15 and on PGlite (PostgreSQL 18): nothing newer than 15.

CREATE TABLE organizations (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE sites (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('clinic', 'hospital', 'emergency_department', 'pharmacy', 'imaging_centre')),
  time_zone text NOT NULL,
  state char(2) NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (organization_id, name)
);

CREATE TABLE patients (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  site_id uuid NOT NULL REFERENCES sites(id),
  mrn text NOT NULL,
  given_name text NOT NULL,
  family_name text NOT NULL,
  birth_date date NOT NULL,
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  email text,
  phone text,
  preferred_language text NOT NULL DEFAULT 'en',
  address_state char(2),
  created_at timestamptz NOT NULL,
  UNIQUE (organization_id, mrn)
);
-- keyset pagination of a site's or an organization's patients
CREATE INDEX patients_org_order ON patients (organization_id, family_name, given_name, id);
CREATE INDEX patients_site_order ON patients (site_id, family_name, given_name, id);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  name text NOT NULL,
  password_hash text NOT NULL,
  totp_secret_sealed text,
  totp_pending_sealed text,
  totp_last_step bigint,
  disabled boolean NOT NULL DEFAULT false,
  patient_id uuid REFERENCES patients(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX users_org ON users (organization_id, name);

CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users(id),
  role text NOT NULL CHECK (role IN ('admin', 'clinician', 'specialist', 'nurse', 'pharmacist',
                                      'pharmacy_technician', 'interpreter', 'billing', 'patient')),
  site_id uuid REFERENCES sites(id),
  specialties text[] NOT NULL DEFAULT '{}',
  languages text[] NOT NULL DEFAULT '{}',
  position smallint NOT NULL,
  PRIMARY KEY (user_id, position)
);

CREATE TABLE care_team (
  patient_id uuid NOT NULL REFERENCES patients(id),
  user_id uuid NOT NULL REFERENCES users(id),
  added_at timestamptz NOT NULL,
  PRIMARY KEY (patient_id, user_id)
);
CREATE INDEX care_team_user ON care_team (user_id);

-- id is the SHA-256 of the cookie secret: a database leak does not leak usable sessions.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  stage text NOT NULL CHECK (stage IN ('mfa_enrol', 'mfa_challenge', 'authenticated')),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Per-account sign-in throttle, keyed by a hash of the normalised email (known or not).
CREATE TABLE login_attempts (
  account_key text PRIMARY KEY,
  failures integer NOT NULL,
  window_start timestamptz NOT NULL,
  blocked_until timestamptz
);

CREATE TABLE setup_tokens (
  token_hash text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);

-- Append-only, hash-chained audit trail (HIPAA 164.312(b); ONC 170.315(d)(2)-(3)).
-- seq is assigned by the writer under an advisory lock, so it has no gaps; hash = SHA-256 over the
-- row's canonical content and prev_hash (see modules/audit/audit-chain.ts).
CREATE TABLE audit_event (
  seq bigint PRIMARY KEY,
  event_time timestamptz NOT NULL,
  user_id uuid,
  role text,
  organization_id uuid,
  patient_id uuid,
  action text NOT NULL,
  resource_type text,
  resource_id text,
  outcome text NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
  source_ip text,
  user_agent text,
  request_id text,
  detail jsonb NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_event_org_time ON audit_event (organization_id, seq);
CREATE INDEX audit_event_patient ON audit_event (patient_id, seq) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_event_user ON audit_event (user_id, seq) WHERE user_id IS NOT NULL;

-- The chain head as last written, so deleting the newest rows is detected too.
CREATE TABLE audit_head (
  id smallint PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);

-- Defence in depth on top of the role grants in docs/audit.md: the trail refuses UPDATE, DELETE
-- and TRUNCATE for every role that does not own the table or disable the trigger.
CREATE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only';
END;
$$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_immutable();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable();
