-- Video visits: platform users invited by account, and co-hosts.
-- Forward-only. Must run on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- Set while a clinician participant is co-host (may admit and remove); cleared when the host takes it back.
ALTER TABLE visit_participants ADD COLUMN cohost_at timestamptz;

-- "Invitations for you": a user's own participant rows across visits.
CREATE INDEX visit_participants_by_user ON visit_participants (user_id) WHERE user_id IS NOT NULL;

-- the timeline records promotions ('cohost', detail {cohost, by})
ALTER TABLE visit_events DROP CONSTRAINT visit_events_kind_check;
ALTER TABLE visit_events ADD CONSTRAINT visit_events_kind_check
  CHECK (kind IN ('state', 'join', 'admit', 'leave', 'reconnect', 'remove', 'modality', 'consent', 'invite', 'revoke', 'cohost'));
