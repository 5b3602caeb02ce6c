-- ownercare schema, version 15: the nights ownercare-nightly began on this database.
--
-- Before a night writes anything, the nightly copies the database into backups/, then notes
-- the night here. A night run again on the same database (a step refused a file, which was
-- mended; or its files are wanted again) finds its note and keeps the copy its first run took:
-- a new copy would hold what that run already stored, under a name that promises the
-- database as it was before the night. A restored copy was taken before its night was noted,
-- so after a restore that night and the ones after it are copied afresh.
CREATE TABLE night_started (
  night TEXT PRIMARY KEY  -- YYYY-MM-DD
) WITHOUT ROWID;
