-- Billing work queue (issue 6): one billing encounter per completed video visit or answered store-and-forward
-- case, the attestation the platform cannot derive, edited lines, hold/release and export marks.
-- Forward-only; runs on PostgreSQL 15 and PGlite.

CREATE TABLE billing_encounters (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  source_kind text NOT NULL CHECK (source_kind IN ('visit', 'case', 'case_referral')),
  source_id uuid NOT NULL,
  patient_id uuid NOT NULL REFERENCES patients(id),
  site_id uuid NOT NULL REFERENCES sites(id),
  service_date date NOT NULL,
  state text NOT NULL CHECK (state IN ('ready', 'held', 'exported')),
  -- what a clinician or billing staff attested (facts the platform cannot know) and claim details for export
  attestation jsonb NOT NULL DEFAULT '{}',
  claim_details jsonb,
  -- the last derived facts and the engine's result, refreshed while the encounter is open, frozen on export
  facts jsonb NOT NULL,
  sources jsonb NOT NULL DEFAULT '{}',
  result jsonb NOT NULL,
  -- lines as edited by billing staff (null: the proposed lines stand)
  edited_lines jsonb,
  hold_reason text,
  exported_at timestamptz,
  export_format text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- when the facts were last re-derived (the queue re-derives a listed encounter at most every few minutes)
  refreshed_at timestamptz NOT NULL,
  -- one encounter per visit or case: creation is idempotent (ON CONFLICT DO NOTHING)
  UNIQUE (source_kind, source_id)
);
CREATE INDEX billing_encounters_queue ON billing_encounters (organization_id, state, service_date DESC, id);

-- What billing staff did to an encounter: line edits (with their reason), holds, releases, exports.
CREATE TABLE billing_encounter_events (
  id bigserial PRIMARY KEY,
  encounter_id uuid NOT NULL REFERENCES billing_encounters(id),
  event text NOT NULL CHECK (event IN ('edit_lines', 'attest', 'claim_details', 'hold', 'release', 'export')),
  actor_id uuid REFERENCES users(id),
  reason text,
  detail jsonb NOT NULL DEFAULT '{}',
  at timestamptz NOT NULL
);
CREATE INDEX billing_encounter_events_encounter ON billing_encounter_events (encounter_id, id);
