-- Store-and-forward consults (issue 4): specialty templates, cases, their history, messages, reports,
-- attachments, resumable uploads and submit idempotency keys. Forward-only; runs on PostgreSQL 15 and PGlite.

-- Specialty templates are data: adding a specialty is inserting a row (docs/cases.md), never a code change.
CREATE TABLE case_templates (
  specialty text PRIMARY KEY,
  definition jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cases (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  site_id uuid NOT NULL REFERENCES sites(id),
  patient_id uuid NOT NULL REFERENCES patients(id),
  referrer_id uuid NOT NULL REFERENCES users(id),
  specialty text NOT NULL REFERENCES case_templates(specialty),
  urgency text NOT NULL CHECK (urgency IN ('routine', 'urgent', 'stat')),
  state text NOT NULL CHECK (state IN ('draft', 'submitted', 'assigned', 'in_review', 'awaiting_information',
                                       'answered', 'acknowledged', 'closed', 'withdrawn', 'returned')),
  question text NOT NULL DEFAULT '',
  history jsonb NOT NULL DEFAULT '{}',
  consent jsonb,
  target_specialist_id uuid REFERENCES users(id),
  assignee_id uuid REFERENCES users(id),
  submitted_at timestamptz,
  due_at timestamptz,
  answered_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
-- the specialist worklist: unclaimed cases of a specialty in an organization, most urgent deadline first
CREATE INDEX cases_queue ON cases (organization_id, specialty, due_at, id) WHERE state = 'submitted';
CREATE INDEX cases_assignee ON cases (assignee_id, state, due_at) WHERE assignee_id IS NOT NULL;
CREATE INDEX cases_site ON cases (site_id, updated_at DESC);
CREATE INDEX cases_patient ON cases (patient_id);

-- Every lifecycle transition, append-only: the case's history and the source of turnaround figures.
CREATE TABLE case_events (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  event text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  actor_id uuid REFERENCES users(id),
  reason text,
  at timestamptz NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE case_messages (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  author_id uuid NOT NULL REFERENCES users(id),
  side text NOT NULL CHECK (side IN ('referrer', 'specialist')),
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX case_messages_case ON case_messages (case_id, created_at);

-- Version 1 is the signed report; each amendment is a new version with its reason. Rows are never updated.
CREATE TABLE case_reports (
  case_id uuid NOT NULL REFERENCES cases(id),
  version integer NOT NULL CHECK (version >= 1),
  outcome text NOT NULL CHECK (outcome IN ('answered_no_visit_needed', 'recommend_visit', 'recommend_urgent_visit',
                                           'retake_requested')),
  time_frame text,
  fields jsonb NOT NULL,
  amendment_reason text,
  signed_by uuid NOT NULL REFERENCES users(id),
  signed_at timestamptz NOT NULL,
  PRIMARY KEY (case_id, version),
  CHECK ((version = 1) = (amendment_reason IS NULL))
);

-- A tus upload in flight. Nothing of it is visible on the case until the pipeline made an attachment.
CREATE TABLE uploads (
  id text PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  organization_id uuid NOT NULL REFERENCES organizations(id),
  created_by uuid NOT NULL REFERENCES users(id),
  declared_size bigint NOT NULL CHECK (declared_size > 0),
  view text,
  state text NOT NULL CHECK (state IN ('receiving', 'ready', 'rejected', 'expired')),
  reject_code text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX uploads_expiry ON uploads (expires_at) WHERE state = 'receiving';

-- What a case holds: a processed upload (image or document, stored encrypted in the blob store) or, through
-- the imaging seam, a DICOM study referenced by its Study Instance UID (DICOM PS3.3 C.7.2.1).
CREATE TABLE case_attachments (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  kind text NOT NULL CHECK (kind IN ('image', 'document', 'dicom_study')),
  view text,
  upload_id text REFERENCES uploads(id),
  content_type text,
  blob_key text,
  thumbnail_blob_key text,
  stored_sha256 char(64),
  stored_size bigint,
  width integer,
  height integer,
  quality jsonb,
  study_instance_uid text,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  CHECK ((kind = 'dicom_study') = (study_instance_uid IS NOT NULL)),
  CHECK (kind = 'dicom_study' OR (blob_key IS NOT NULL AND stored_sha256 IS NOT NULL))
);
CREATE INDEX case_attachments_case ON case_attachments (case_id, created_at);

-- Idempotency-Key of a state-changing request: a retry with the same key returns the first answer.
CREATE TABLE case_idempotency (
  actor_id uuid NOT NULL REFERENCES users(id),
  key text NOT NULL,
  case_id uuid NOT NULL REFERENCES cases(id),
  operation text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (actor_id, key)
);

INSERT INTO case_templates (specialty, definition) VALUES
('dermatology', '{
  "specialty": "dermatology", "title": "Dermatology", "version": 1,
  "historyFields": [
    {"key": "lesion_site", "label": "Lesion site (body map)", "type": "body_site", "required": true},
    {"key": "duration", "label": "Duration", "type": "text", "required": true},
    {"key": "evolution", "label": "Evolution", "type": "select", "required": true, "options": [
      {"value": "stable", "label": "Stable"}, {"value": "growing", "label": "Growing"},
      {"value": "changing", "label": "Changing shape or colour"}, {"value": "new", "label": "New lesion"}]},
    {"key": "symptoms", "label": "Symptoms", "type": "multiselect", "options": [
      {"value": "itch", "label": "Itch"}, {"value": "pain", "label": "Pain"}, {"value": "bleeding", "label": "Bleeding"},
      {"value": "none", "label": "None"}]},
    {"key": "history", "label": "Relevant history", "type": "longtext"}
  ],
  "views": [
    {"key": "far", "label": "Far (regional)", "kind": "image"},
    {"key": "medium", "label": "Medium, with a landmark", "kind": "image"},
    {"key": "close_up", "label": "Close-up", "kind": "image"},
    {"key": "dermoscopy", "label": "Dermoscopy", "kind": "image", "optional": true}
  ],
  "reportFields": [
    {"key": "diagnosis", "label": "Diagnosis", "type": "text", "required": true},
    {"key": "differential", "label": "Differential diagnosis", "type": "longtext"},
    {"key": "management", "label": "Management", "type": "longtext", "required": true},
    {"key": "biopsy_needed", "label": "Biopsy needed", "type": "boolean", "required": true},
    {"key": "in_person_needed", "label": "In-person visit needed", "type": "boolean", "required": true}
  ]}'),
('ophthalmology', '{
  "specialty": "ophthalmology", "title": "Ophthalmology: diabetic-retinopathy screening", "version": 1,
  "historyFields": [
    {"key": "diabetes_type", "label": "Diabetes type", "type": "select", "required": true, "options": [
      {"value": "type1", "label": "Type 1"}, {"value": "type2", "label": "Type 2"}, {"value": "other", "label": "Other"}]},
    {"key": "diabetes_years", "label": "Diabetes duration", "type": "number", "unit": "years", "min": 0, "max": 100, "required": true},
    {"key": "hba1c", "label": "HbA1c", "type": "number", "unit": "%", "min": 3, "max": 20},
    {"key": "last_eye_exam", "label": "Last eye examination", "type": "date"},
    {"key": "visual_symptoms", "label": "Visual symptoms", "type": "longtext"}
  ],
  "views": [
    {"key": "right_macula", "label": "Right eye, macula-centred", "kind": "image"},
    {"key": "right_disc", "label": "Right eye, disc-centred", "kind": "image"},
    {"key": "left_macula", "label": "Left eye, macula-centred", "kind": "image"},
    {"key": "left_disc", "label": "Left eye, disc-centred", "kind": "image"}
  ],
  "reportFields": [
    {"key": "dr_severity", "label": "Diabetic retinopathy (ICDR)", "type": "select", "perEye": true, "required": true, "options": [
      {"value": "none", "label": "No apparent retinopathy"}, {"value": "mild_npdr", "label": "Mild NPDR"},
      {"value": "moderate_npdr", "label": "Moderate NPDR"}, {"value": "severe_npdr", "label": "Severe NPDR"},
      {"value": "pdr", "label": "Proliferative DR"}]},
    {"key": "dme", "label": "Diabetic macular oedema", "type": "select", "perEye": true, "required": true, "options": [
      {"value": "absent", "label": "Absent"}, {"value": "non_central", "label": "Present, not centre-involving"},
      {"value": "central", "label": "Present, centre-involving"}]},
    {"key": "gradable", "label": "Image gradability", "type": "select", "perEye": true, "required": true, "options": [
      {"value": "gradable", "label": "Gradable"}, {"value": "ungradable", "label": "Ungradable"}]},
    {"key": "referral", "label": "Referral recommendation", "type": "longtext", "required": true},
    {"key": "follow_up_months", "label": "Follow-up interval", "type": "number", "unit": "months", "min": 0, "max": 60, "required": true}
  ]}'),
('urology', '{
  "specialty": "urology", "title": "Urology", "version": 1,
  "historyFields": [
    {"key": "symptoms", "label": "Symptoms", "type": "longtext", "required": true},
    {"key": "psa", "label": "PSA", "type": "number", "unit": "ng/mL", "min": 0, "max": 10000},
    {"key": "urinalysis", "label": "Urinalysis", "type": "text"},
    {"key": "prior_imaging", "label": "Prior imaging", "type": "longtext"}
  ],
  "views": [
    {"key": "lesion_photo", "label": "Lesion photo", "kind": "image", "optional": true},
    {"key": "ct", "label": "CT (DICOM study)", "kind": "dicom_study", "optional": true}
  ],
  "reportFields": [
    {"key": "assessment", "label": "Assessment", "type": "longtext", "required": true},
    {"key": "recommendation", "label": "Recommendation", "type": "longtext", "required": true}
  ]}'),
('general', '{
  "specialty": "general", "title": "General eConsult", "version": 1,
  "historyFields": [],
  "views": [],
  "reportFields": [
    {"key": "assessment", "label": "Assessment", "type": "longtext", "required": true},
    {"key": "recommendation", "label": "Recommendation", "type": "longtext", "required": true}
  ]}');
