-- Radiology reads and critical results (docs/cases.md "Critical results"). Forward-only; runs on PostgreSQL 15
-- and PGlite.

-- The radiology template, as data like every other specialty (a database that already has one keeps it).
INSERT INTO case_templates (specialty, definition) VALUES
('radiology', '{
  "specialty": "radiology", "title": "Radiology read", "version": 1,
  "historyFields": [
    {"key": "clinical_indication", "label": "Clinical indication", "type": "longtext", "required": true},
    {"key": "modality", "label": "Modality", "type": "select", "required": true, "options": [
      {"value": "ct", "label": "CT"}, {"value": "mr", "label": "MRI"}, {"value": "xr", "label": "X-ray"},
      {"value": "us", "label": "Ultrasound"}, {"value": "other", "label": "Other"}]},
    {"key": "body_part", "label": "Body part examined", "type": "text", "required": true},
    {"key": "contrast_given", "label": "Contrast given", "type": "boolean"},
    {"key": "prior_imaging", "label": "Prior imaging available", "type": "longtext"}
  ],
  "views": [
    {"key": "study", "label": "Imaging study (DICOM)", "kind": "dicom_study"},
    {"key": "prior_study", "label": "Prior study for comparison (DICOM)", "kind": "dicom_study", "optional": true}
  ],
  "reportFields": [
    {"key": "technique", "label": "Technique", "type": "longtext", "required": true},
    {"key": "comparison", "label": "Comparison", "type": "text", "required": true},
    {"key": "findings", "label": "Findings", "type": "longtext", "required": true},
    {"key": "impression", "label": "Impression", "type": "longtext", "required": true}
  ]}')
ON CONFLICT (specialty) DO NOTHING;

-- A critical result flagged on a signed report version (the first signature or an amendment). The referrer,
-- or a clinician of the referring site, acknowledges it explicitly; unacknowledged at ack_due_at, the sweeper
-- escalates it once (escalated_at is the "sent" mark, claimed with FOR UPDATE SKIP LOCKED).
CREATE TABLE case_critical_results (
  case_id uuid NOT NULL,
  report_version integer NOT NULL,
  finding text NOT NULL,
  flagged_by uuid NOT NULL REFERENCES users(id),
  flagged_at timestamptz NOT NULL,
  ack_due_at timestamptz NOT NULL,
  acknowledged_by uuid REFERENCES users(id),
  acknowledged_at timestamptz,
  escalated_at timestamptz,
  PRIMARY KEY (case_id, report_version),
  FOREIGN KEY (case_id, report_version) REFERENCES case_reports (case_id, version),
  CHECK ((acknowledged_by IS NULL) = (acknowledged_at IS NULL))
);
CREATE INDEX case_critical_results_due ON case_critical_results (ack_due_at)
  WHERE acknowledged_at IS NULL AND escalated_at IS NULL;
