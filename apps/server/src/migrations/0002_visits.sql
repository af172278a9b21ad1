-- Video visits: visits, their participants (with join tokens), the visit timeline, and in-call chat.
-- Forward-only. Must run on PostgreSQL 15 and on PGlite (PostgreSQL 18).

CREATE TABLE visits (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  site_id uuid NOT NULL REFERENCES sites(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  host_user_id uuid NOT NULL REFERENCES users(id),
  scheduled_start timestamptz,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 240),
  reason text NOT NULL,
  modality text NOT NULL CHECK (modality IN ('video', 'audio_only')),
  status text NOT NULL CHECK (status IN ('scheduled', 'waiting', 'in_progress', 'reconnecting', 'ended', 'cancelled', 'no_show')),
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  ended_at timestamptz
);
-- a site's day
CREATE INDEX visits_site_start ON visits (site_id, scheduled_start);
CREATE INDEX visits_patient ON visits (patient_id);

CREATE TABLE visit_participants (
  id uuid PRIMARY KEY,
  visit_id uuid NOT NULL REFERENCES visits(id),
  kind text NOT NULL CHECK (kind IN ('host', 'clinician', 'patient', 'interpreter', 'guest')),
  user_id uuid REFERENCES users(id),
  display_name text NOT NULL,
  email text,
  -- SHA-256 of the join token; the token itself is never stored
  token_hash text UNIQUE,
  invited_at timestamptz NOT NULL,
  admitted_at timestamptz,
  consent_version text,
  consent_at timestamptz,
  revoked_at timestamptz,
  removed_at timestamptz
);
CREATE INDEX visit_participants_visit ON visit_participants (visit_id);
-- one participant row per platform user in a visit
CREATE UNIQUE INDEX visit_participants_user ON visit_participants (visit_id, user_id) WHERE user_id IS NOT NULL;

CREATE TABLE visit_events (
  id bigserial PRIMARY KEY,
  visit_id uuid NOT NULL REFERENCES visits(id),
  at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('state', 'join', 'admit', 'leave', 'reconnect', 'remove', 'modality', 'consent', 'invite', 'revoke')),
  participant_id uuid REFERENCES visit_participants(id),
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX visit_events_visit ON visit_events (visit_id, id);

CREATE TABLE visit_chat (
  id bigserial PRIMARY KEY,
  visit_id uuid NOT NULL REFERENCES visits(id),
  participant_id uuid NOT NULL REFERENCES visit_participants(id),
  at timestamptz NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 2000)
);
CREATE INDEX visit_chat_visit ON visit_chat (visit_id, id);
