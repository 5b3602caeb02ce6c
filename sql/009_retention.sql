-- ownercare schema, version 9: personal data kept no longer than needed (retain_days, issue 12
-- point 5; lib/ownercare/store/retention.hpp).
--
-- How far the nightly erasure has got with the records of the past: every record dated before
-- erased_before has had its names and phones erased, and every task up to task_rowid that is
-- over. Each night then reads only what aged past retain_days since the last one.
CREATE TABLE retention_state (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  erased_before TEXT    NOT NULL,
  task_rowid    INTEGER NOT NULL
);

-- The history rows that hold a name or a phone, by date.
CREATE INDEX subject_change_personal_by_date ON subject_change(changed_on)
  WHERE what IN ('owner', 'phone', 'mobile', 'home_phone', 'office_phone', 'other_phones');

-- Sold vehicles and members that ended (few): gone from their snapshots, or sold away.
CREATE INDEX dealer_vehicle_gone ON dealer_vehicle(gone_on) WHERE gone_on IS NOT NULL;
CREATE INDEX dealer_vehicle_sold ON dealer_vehicle(sold_on) WHERE sold_on IS NOT NULL;
CREATE INDEX member_gone ON member(gone_on) WHERE gone_on IS NOT NULL;
