-- ownercare schema, version 5: episodes that outlive a gap in the snapshots, and episodes
-- started by a first install.
--
-- A vehicle missing from a snapshot no longer ends its status episode at once: the episode is
-- paused (the vehicle has gone_on set and keeps its open episode), nothing of it is sent while
-- the vehicle is missing, and when the vehicle comes back within resume_days in the same
-- status the episode simply continues: a missed export never restarts a cadence, so no step is
-- sent twice. resumed_on is the snapshot it came back in; ownercare-evaluate plans such an
-- episode whole that night, so the steps that fell due during the gap follow the missed-night
-- rules (sent within grace, recorded as skipped past it).
ALTER TABLE status_episode ADD COLUMN resumed_on TEXT;
CREATE INDEX status_episode_resumed ON status_episode(resumed_on) WHERE resumed_on IS NOT NULL;

-- Vehicles missing from the newest snapshot (few): the import closes the episodes of those
-- missing longer than resume_days, and the engine holds back the rest.
CREATE INDEX fleet_vehicle_gone ON fleet_vehicle(gone_on) WHERE gone_on IS NOT NULL;

-- Episodes opened by `ownercare-import --baseline` (start_source 'baseline'): the vehicle was
-- already in that status when ownercare was installed, since a day nobody knows, so none of
-- its cadence is sent (each step is recorded as skipped when it falls due).
CREATE INDEX status_episode_baseline ON status_episode(episode_id)
  WHERE start_source = 'baseline' AND ended_on IS NULL;
