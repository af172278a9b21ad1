-- Teleradiology (issue 5): DICOM studies received over DIMSE C-STORE or DICOMweb STOW-RS, indexed for QIDO-RS,
-- stored encrypted in the blob store. Forward-only; runs on PostgreSQL 15 and PGlite.

-- Who may send over DIMSE: a calling AE title, optionally bound to a source address, lands in a site's inbox.
CREATE TABLE imaging_ae_titles (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  site_id uuid NOT NULL REFERENCES sites(id),
  ae_title text NOT NULL CHECK (ae_title ~ '^[ -~]{1,16}$' AND ae_title !~ '\\'),
  source_address text,
  created_at timestamptz NOT NULL
);
-- one AE title + address identifies one site across the whole platform (the receiver has one port)
CREATE UNIQUE INDEX imaging_ae_titles_key ON imaging_ae_titles (ae_title, coalesce(source_address, ''));

-- A study the referrer expects, by accession number: arriving studies with it attach to the case.
CREATE TABLE imaging_expected_studies (
  organization_id uuid NOT NULL REFERENCES organizations(id),
  accession_number text NOT NULL,
  case_id uuid NOT NULL REFERENCES cases(id),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (organization_id, accession_number)
);

-- A study of an organization (DICOM PS3.3 C.7.2.1). Without a case it sits in its site's imaging inbox.
CREATE TABLE imaging_studies (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  site_id uuid NOT NULL REFERENCES sites(id),
  study_instance_uid text NOT NULL,
  case_id uuid REFERENCES cases(id),
  state text NOT NULL CHECK (state IN ('receiving', 'complete')),
  patient_id text,
  patient_name text,
  patient_birth_date text,
  patient_sex text,
  study_date text,
  study_time text,
  accession_number text,
  study_description text,
  referring_physician text,
  study_id text,
  source text NOT NULL CHECK (source IN ('dimse', 'stow')),
  received_at timestamptz NOT NULL,
  last_instance_at timestamptz NOT NULL,
  completed_at timestamptz,
  UNIQUE (organization_id, study_instance_uid)
);
CREATE INDEX imaging_studies_uid ON imaging_studies (study_instance_uid);
CREATE INDEX imaging_studies_inbox ON imaging_studies (organization_id, site_id, received_at DESC) WHERE case_id IS NULL;
CREATE INDEX imaging_studies_case ON imaging_studies (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX imaging_studies_receiving ON imaging_studies (last_instance_at) WHERE state = 'receiving';
CREATE INDEX imaging_studies_patient ON imaging_studies (organization_id, patient_id);
CREATE INDEX imaging_studies_date ON imaging_studies (organization_id, study_date);

CREATE TABLE imaging_series (
  id uuid PRIMARY KEY,
  study_id uuid NOT NULL REFERENCES imaging_studies(id),
  series_instance_uid text NOT NULL,
  modality text,
  series_number integer,
  series_description text,
  UNIQUE (study_id, series_instance_uid)
);

-- One stored instance: its bytes (Part 10, preamble zeroed) live encrypted under a random blob key.
CREATE TABLE imaging_instances (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  study_id uuid NOT NULL REFERENCES imaging_studies(id),
  series_id uuid NOT NULL REFERENCES imaging_series(id),
  sop_instance_uid text NOT NULL,
  sop_class_uid text NOT NULL,
  transfer_syntax_uid text NOT NULL,
  instance_number integer,
  rows integer,
  columns integer,
  number_of_frames integer,
  blob_key text NOT NULL,
  sha256 char(64) NOT NULL,
  size bigint NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (organization_id, sop_instance_uid)
);
CREATE INDEX imaging_instances_series ON imaging_instances (series_id, instance_number);
CREATE INDEX imaging_instances_study ON imaging_instances (study_id);
