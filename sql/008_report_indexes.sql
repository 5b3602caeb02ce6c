-- ownercare schema, version 8: what the report's fleet figures (issue 11) read by date.
-- Episodes started in a period, whatever their status and whether still open (the partial
-- index status_episode_open_by_start holds only open ones).
CREATE INDEX status_episode_by_start ON status_episode(started_on);
-- The rules with a holdout group: held tasks stay held, so this index stays small.
CREATE INDEX task_held ON task(rule) WHERE state = 'held';
