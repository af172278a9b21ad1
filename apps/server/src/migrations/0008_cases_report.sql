-- Outputs of a signed consult report (docs/cases.md): the plain-language summary for the patient, and the
-- follow-up visit scheduled after a `recommend_visit` outcome. Forward-only; runs on PostgreSQL 15 and PGlite.

-- Versions of the patient's summary. The latest version is a draft until the specialist approves it; an
-- approved version never changes (a later edit is a new version). The patient sees the latest approved one.
CREATE TABLE case_patient_summaries (
  case_id uuid NOT NULL REFERENCES cases(id),
  version integer NOT NULL CHECK (version >= 1),
  body text NOT NULL,
  written_by uuid NOT NULL REFERENCES users(id),
  updated_at timestamptz NOT NULL,
  approved_by uuid REFERENCES users(id),
  approved_at timestamptz,
  patient_notified_at timestamptz,
  PRIMARY KEY (case_id, version),
  CHECK ((approved_by IS NULL) = (approved_at IS NULL))
);

-- A follow-up visit recorded on a case: a video visit scheduled through the visits module, or an in-person
-- visit the referring site booked in its own system (time and place only).
CREATE TABLE case_follow_ups (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  kind text NOT NULL CHECK (kind IN ('video', 'in_person')),
  visit_id uuid REFERENCES visits(id),
  scheduled_start timestamptz NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 240),
  location text,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  CHECK ((kind = 'video') = (visit_id IS NOT NULL))
);
CREATE INDEX case_follow_ups_case ON case_follow_ups (case_id, created_at);
