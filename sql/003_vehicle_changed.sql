-- ownercare schema, version 3: the vehicles each dealer import changed, in a log of their own.
--
-- ownercare-evaluate recomputes the due dates (vehicle_due) of the vehicles the sales and
-- service imports changed since it last ran. Version 2 found them through an index on
-- dealer_vehicle(changed_on); every changed vehicle then also rewrote an entry of that index at
-- a random place, which on a night of tens of thousands of changes cost as many pages written
-- as the rows themselves. The imports now append (import_id, vin) here instead, in VIN order
-- (a few pages a night), and ownercare-evaluate deletes what it has recomputed.
-- dealer_vehicle.changed_on stays: it is still the newest import that changed the vehicle.
CREATE TABLE vehicle_changed (
  import_id INTEGER NOT NULL,                     -- the sales or service import
  vin       TEXT    NOT NULL,
  PRIMARY KEY (import_id, vin)
) WITHOUT ROWID;

DROP INDEX dealer_vehicle_changed;

-- A database of version 2 has no log of what changed since its last evaluation: forgetting the
-- state makes the next evaluation recompute every vehicle's dates once.
DELETE FROM vehicle_due_state;
