-- ownercare schema, version 11: a subject's tasks found by when they were sent.
--
-- The report's fleet figures (episodes of the last 8 weeks: the step after which a vehicle
-- became rentable, whether it was handed off) look up, for each episode, the tasks of its
-- vehicle sent during the episode. Through task_by_subject (subject_kind, subject_id) every
-- task the vehicle ever had was read for every episode, so the report, and with it the
-- nightly, grew slower with every night of history (a year of nights at 100,000 vehicles:
-- the report's CPU time doubled between night 30 and night 65). With sent_on in the key the
-- lookup reads the episode's own tasks only. The new index serves every lookup by subject
-- that the old one did (its first two columns), so it replaces it.
CREATE INDEX task_by_subject_sent ON task(subject_kind, subject_id, sent_on);
DROP INDEX task_by_subject;
