-- The consult a visit came from (docs/cases.md, "Follow-up after recommend_visit"): a video follow-up scheduled
-- from a case's report carries the case's id, so the visit shows its origin as the case shows its visit
-- (case_follow_ups.visit_id). Forward-only; runs on PostgreSQL 15 and PGlite.
ALTER TABLE visits ADD COLUMN case_id uuid REFERENCES cases(id);
CREATE INDEX visits_case ON visits (case_id) WHERE case_id IS NOT NULL;
