-- Time on a store-and-forward case (issue 6): the specialist's review time and the referrer's preparation and
-- communication time, captured by heartbeats from the case page, correctable with a reason.

CREATE TABLE case_time_entries (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id),
  user_id uuid NOT NULL REFERENCES users(id),
  side text NOT NULL CHECK (side IN ('referrer', 'specialist')),
  started_at timestamptz NOT NULL,
  last_beat_at timestamptz NOT NULL,
  -- measured active seconds (sum of heartbeat gaps, each capped)
  seconds integer NOT NULL CHECK (seconds >= 0),
  -- a correction replaces the measured figure; the reason and who made it stay with the row (and the audit)
  corrected_seconds integer CHECK (corrected_seconds >= 0),
  correction_reason text,
  corrected_by uuid REFERENCES users(id),
  corrected_at timestamptz,
  CHECK ((corrected_seconds IS NULL) = (correction_reason IS NULL))
);
CREATE INDEX case_time_entries_case ON case_time_entries (case_id, user_id, last_beat_at DESC);
