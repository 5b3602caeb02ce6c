-- ownercare schema, version 13: the delisted vehicles read from their index alone.
--
-- Every evaluation reads the ids of all delisted vehicles (none of them gets a message).
-- fleet_vehicle_delisted holds only delisted vehicles, but not delisted_on, which the query
-- must name for SQLite to use a partial index: each entry was followed into the wide vehicle
-- row to test it, one random page per delisted vehicle. They add up over the years (a year of
-- nights at 100,000 vehicles: 21,000 delisted, 0.09 s of every evaluation). With delisted_on in
-- the index the query reads the index only.
DROP INDEX fleet_vehicle_delisted;
CREATE INDEX fleet_vehicle_delisted ON fleet_vehicle(delist_emitted_on, vehicle_id, delisted_on)
  WHERE delisted_on IS NOT NULL;
