-- ownercare schema, version 6: do-not-contact lists (ownercare-import --kind optouts).
--
-- An opt-out list is a list, not a snapshot: a phone missing from a later file keeps its
-- opt-out. Each row of a list is kept as an event: from `on_date`, `phone` must not get
-- `channel` (action 'add') or may again (action 'lift'). A phone is opted out of a channel on
-- a night when its latest event on or before the night, by on_date and then by the order the
-- events were recorded (seq), is an 'add'. A list's channel "all" is stored as one event for
-- sms and one for call. Importing the same row again adds nothing (the unique index), so an
-- old list imported again cannot undo a later lift.
CREATE TABLE optout (
  seq       INTEGER PRIMARY KEY,                   -- the order events were recorded in
  phone     TEXT    NOT NULL,                      -- normalised (core/phone.hpp)
  channel   TEXT    NOT NULL,                      -- sms | call
  on_date   TEXT    NOT NULL,                      -- effective from this night on
  action    TEXT    NOT NULL,                      -- add | lift
  reason    TEXT    NOT NULL DEFAULT '',           -- as the list gave it (退订, 客户要求, ...)
  import_id INTEGER NOT NULL REFERENCES import_log(import_id),
  line      INTEGER NOT NULL                       -- the row's line in the imported file
);
CREATE UNIQUE INDEX optout_identity ON optout(phone, channel, on_date, action);
