-- Consult routing and clocks (issue 4): turnaround warnings and breach escalation, in-app notifications,
-- per-specialty queue settings (lead, automatic assignment), specialist availability, queues shared with
-- another organization, and the worklist indexes. Forward-only; runs on PostgreSQL 15 and PGlite.

-- The turnaround clock of a case (docs/cases.md "Turnaround clocks"). warn_at is the 75 % point; both it and
-- due_at move later by the time spent awaiting information (paused_ms sums every pause, for the dashboard).
-- warned_at / breached_at record that the notice went out: each is sent once, whichever sweeper runs.
ALTER TABLE cases ADD COLUMN warn_at timestamptz;
ALTER TABLE cases ADD COLUMN warned_at timestamptz;
ALTER TABLE cases ADD COLUMN breached_at timestamptz;
ALTER TABLE cases ADD COLUMN paused_ms bigint NOT NULL DEFAULT 0 CHECK (paused_ms >= 0);
-- Cases submitted before this migration: the warning point is 75 % of the way to their deadline.
UPDATE cases SET warn_at = due_at - (due_at - submitted_at) / 4 WHERE due_at IS NOT NULL AND submitted_at IS NOT NULL;

-- The sweeper's two questions, each a short range scan of cases whose clock is running.
CREATE INDEX cases_clock_warn ON cases (warn_at) WHERE warned_at IS NULL AND state IN ('submitted', 'assigned', 'in_review');
CREATE INDEX cases_clock_breach ON cases (due_at) WHERE breached_at IS NULL AND state IN ('submitted', 'assigned', 'in_review');
-- Worklists (keyset pages): an organization-wide referrer's cases by last change, and the dashboard by specialty.
CREATE INDEX cases_org_updated ON cases (organization_id, updated_at DESC, id);
CREATE INDEX cases_assignee_due ON cases (assignee_id, due_at, id) WHERE assignee_id IS NOT NULL;
CREATE INDEX cases_org_specialty_submitted ON cases (organization_id, specialty, submitted_at) WHERE submitted_at IS NOT NULL;

-- A specialty queue of an organization: its lead (escalations go to the lead, or to the organization's admins
-- when none is named) and whether submitted cases are assigned automatically to the least loaded specialist.
CREATE TABLE case_queues (
  organization_id uuid NOT NULL REFERENCES organizations(id),
  specialty text NOT NULL REFERENCES case_templates(specialty),
  lead_user_id uuid REFERENCES users(id),
  auto_assign boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (organization_id, specialty)
);

-- A specialist's availability for automatic assignment; no row means available.
CREATE TABLE specialist_availability (
  user_id uuid PRIMARY KEY REFERENCES users(id),
  available boolean NOT NULL,
  updated_at timestamptz NOT NULL
);

-- A sharing agreement: the owning organization's queue of `specialty` is open to the specialists of that
-- specialty in `partner_organization_id`. Created and revoked by the owning organization's admins (the data
-- controller of the cases). Revoked rows stay, for the record.
CREATE TABLE case_queue_shares (
  id uuid PRIMARY KEY,
  organization_id uuid NOT NULL REFERENCES organizations(id),
  specialty text NOT NULL REFERENCES case_templates(specialty),
  partner_organization_id uuid NOT NULL REFERENCES organizations(id),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK (partner_organization_id <> organization_id)
);
CREATE UNIQUE INDEX case_queue_shares_active ON case_queue_shares (organization_id, specialty, partner_organization_id)
  WHERE revoked_at IS NULL;
CREATE INDEX case_queue_shares_partner ON case_queue_shares (partner_organization_id, specialty) WHERE revoked_at IS NULL;

-- In-app notifications: one row per recipient. Titles carry no PHI; the link is an opaque case id.
CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  kind text NOT NULL,
  title text NOT NULL,
  case_id uuid REFERENCES cases(id),
  created_at timestamptz NOT NULL,
  read_at timestamptz
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
