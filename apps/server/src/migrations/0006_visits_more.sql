-- Video visits: reminder bookkeeping and clinician notes.
-- Forward-only. Must run on PostgreSQL 15 and on PGlite (PostgreSQL 18).

-- Set when the reminder email went out; the reminder poller picks scheduled visits where it is null, so a
-- restart neither loses nor repeats a reminder.
ALTER TABLE visits ADD COLUMN reminder_sent_at timestamptz;
CREATE INDEX visits_reminder_due ON visits (scheduled_start) WHERE reminder_sent_at IS NULL AND status = 'scheduled';

-- The clinician's notes on a visit: append-only, never shown to the patient or other link participants.
CREATE TABLE visit_notes (
  id bigserial PRIMARY KEY,
  visit_id uuid NOT NULL REFERENCES visits(id),
  author_user_id uuid NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000)
);
CREATE INDEX visit_notes_visit ON visit_notes (visit_id, id);

-- the reconnection grace sweep looks only at visits with someone away
CREATE INDEX visits_reconnecting ON visits (id) WHERE status = 'reconnecting';
