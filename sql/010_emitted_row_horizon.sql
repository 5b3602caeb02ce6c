-- ownercare schema, version 9: the rows kept for re-runs are kept for rerun_days only.
--
-- emitted_row holds every row of every file an evaluation wrote, so that running a night
-- again rewrites the same bytes. Kept for ever, it grew by every night's files (the calls
-- listed again each night included), the one table that grew with nights rather than with
-- changes. Each new night now deletes the rows of the nights more than rerun_days (config,
-- default 35) before it, empties their stored summary and notes here which night did; a re-run
-- of such a night is refused with that date, rather than writing files that differ from the
-- ones sent.
ALTER TABLE evaluation ADD COLUMN rows_pruned_on TEXT;
