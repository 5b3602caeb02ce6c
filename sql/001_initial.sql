-- ownercare schema, version 1: the car-sharing fleet, tasks, outcomes and the logs.
--
-- The database holds current state plus history of changes, never one row per vehicle per
-- night: a snapshot that changes nothing writes nothing but its line in import_log.
-- Dates are TEXT 'YYYY-MM-DD' (local, the configured zone); they sort and compare as dates.

-- One line per import that changed the database, or was the first of its date: importing the
-- same snapshot again finds nothing to change and adds no line.
CREATE TABLE import_log (
  import_id       INTEGER PRIMARY KEY,
  kind            TEXT    NOT NULL,            -- fleet | sales | service | members
  as_of           TEXT    NOT NULL,            -- the snapshot's date
  file_name       TEXT    NOT NULL,
  file_bytes      INTEGER NOT NULL,
  encoding        TEXT    NOT NULL,
  rows_read       INTEGER NOT NULL,
  rows_rejected   INTEGER NOT NULL,
  added           INTEGER NOT NULL,            -- subjects seen for the first time
  changed         INTEGER NOT NULL,            -- subjects whose stored facts changed
  gone            INTEGER NOT NULL,            -- subjects missing from this snapshot
  returned        INTEGER NOT NULL,            -- subjects back after being missing
  episodes_opened INTEGER NOT NULL,
  episodes_closed INTEGER NOT NULL,
  forced          INTEGER NOT NULL DEFAULT 0   -- --force overrode the disappearance stop
);
CREATE INDEX import_log_by_date ON import_log(kind, as_of);

-- The fleet as of the newest snapshot.
CREATE TABLE fleet_vehicle (
  vehicle_id        TEXT    PRIMARY KEY,
  -- The two columns every import reads for every vehicle come first: SQLite decodes a row's
  -- columns in order, so they are found without decoding the rest.
  row_hash          INTEGER NOT NULL,             -- digest of the snapshot's facts, finds changes
  gone_on           TEXT,                         -- first snapshot it was missing from
  plate             TEXT    NOT NULL,
  owner_name        TEXT    NOT NULL DEFAULT '',
  owner_phone       TEXT    NOT NULL DEFAULT '',  -- normalised; as written when invalid
  phone_kind        TEXT    NOT NULL,             -- mobile | landline | invalid | empty
  city              TEXT    NOT NULL DEFAULT '',
  status            INTEGER NOT NULL,             -- 1 rentable, 0, -1, -2
  status_since      TEXT,                         -- as the snapshot gave it, if it did
  last_login        TEXT,
  reject_rate       REAL,                         -- 0..1
  lost_income       REAL,                         -- yuan
  first_seen        TEXT    NOT NULL,
  episode_id        INTEGER,                      -- its open status episode, if any (a copy of
  episode_started_on TEXT,                        -- status_episode, to read a vehicle in one go)
  mark              TEXT,                         -- 'wait' or 'relist', from a call
  mark_on           TEXT,
  delisted_on       TEXT,                         -- the owner asked never to rent again
  delist_reason     TEXT,
  delist_task       TEXT,
  delist_emitted_on TEXT                          -- the evaluation whose delist.csv listed it
) WITHOUT ROWID;
-- Delisted vehicles (few): those not yet on a delist.csv come first (delist_emitted_on NULL).
CREATE INDEX fleet_vehicle_delisted ON fleet_vehicle(delist_emitted_on, vehicle_id)
  WHERE delisted_on IS NOT NULL;

-- A continuous stretch in one status other than 1 (rentable); day 0 is started_on.
CREATE TABLE status_episode (
  episode_id   INTEGER PRIMARY KEY,
  vehicle_id   TEXT    NOT NULL REFERENCES fleet_vehicle(vehicle_id),
  status       INTEGER NOT NULL,
  started_on   TEXT    NOT NULL,
  start_source TEXT    NOT NULL,                  -- status_since | snapshot
  opened_by    INTEGER NOT NULL REFERENCES import_log(import_id),
  ended_on     TEXT,                              -- first snapshot showing it over
  end_reason   TEXT                               -- rentable | status_change | restarted | gone
);
CREATE UNIQUE INDEX status_episode_open ON status_episode(vehicle_id) WHERE ended_on IS NULL;
-- Candidates of a rule: open episodes of some statuses started in a date range (covering).
CREATE INDEX status_episode_open_by_start ON status_episode(status, started_on, vehicle_id)
  WHERE ended_on IS NULL;
CREATE INDEX status_episode_by_vehicle ON status_episode(vehicle_id, started_on);

-- One step of a rule for one subject and anchor, created once by evaluate.
-- task_id is derived from (rule, step, subject_kind, subject_id, anchor_on). A rowid table: its
-- rows are wide and their ids random, which a WITHOUT ROWID table would keep reshuffling.
CREATE TABLE task (
  task_rowid   INTEGER PRIMARY KEY,
  task_id      TEXT    NOT NULL UNIQUE,
  rule         TEXT    NOT NULL,
  step         TEXT    NOT NULL,
  channel      TEXT    NOT NULL,                  -- sms | call | handoff
  subject_kind TEXT    NOT NULL,                  -- fleet | vehicle | order | member
  subject_id   TEXT    NOT NULL,
  anchor_on    TEXT    NOT NULL,                  -- episode start, holiday, ...
  episode_id   INTEGER REFERENCES status_episode(episode_id),
  due_on       TEXT    NOT NULL,                  -- anchor + the step's day
  created_on   TEXT    NOT NULL,                  -- the evaluation that created it
  priority     INTEGER NOT NULL,
  state        TEXT    NOT NULL,                  -- see store/task_state.hpp
  state_on     TEXT    NOT NULL,
  reason       TEXT,                              -- why skipped, suppressed, cancelled, closed
  phone        TEXT,
  attempt      INTEGER NOT NULL DEFAULT 0,        -- tries listed so far
  misses       INTEGER NOT NULL DEFAULT 0,        -- tries that reached nobody
  max_attempts INTEGER NOT NULL DEFAULT 1,        -- misses before it closes unreached
  window       TEXT,                              -- of the current try (calls)
  next_on      TEXT,                              -- when it is listed next; NULL when final
  listed_since TEXT,                              -- first listing of the current try
  sent_on      TEXT,                              -- first day it was emitted
  last_result  TEXT,
  last_disposition TEXT
);
CREATE INDEX task_by_subject ON task(subject_kind, subject_id);
-- Which steps of a rule already have a task, for every subject of an anchor range at once.
CREATE INDEX task_by_rule_anchor ON task(rule, anchor_on, subject_id, step);
CREATE INDEX task_pending ON task(next_on) WHERE next_on IS NOT NULL;
CREATE INDEX task_sms_by_phone ON task(sent_on, phone) WHERE channel = 'sms' AND sent_on IS NOT NULL;

-- What happened to a try of a task, as fed back by ownercare-record.
CREATE TABLE outcome (
  task_id          TEXT    NOT NULL REFERENCES task(task_id),
  attempt          INTEGER NOT NULL,
  result           TEXT    NOT NULL,
  disposition      TEXT,
  at               TEXT,
  appointment_date TEXT,
  satisfaction     INTEGER,
  new_phone        TEXT,
  note             TEXT,
  recorded_on      TEXT    NOT NULL,
  record_id        INTEGER NOT NULL REFERENCES record_log(record_id),
  line             INTEGER NOT NULL,
  PRIMARY KEY (task_id, attempt)
) WITHOUT ROWID;

CREATE TABLE record_log (
  record_id    INTEGER PRIMARY KEY,
  as_of        TEXT    NOT NULL,
  file_name    TEXT    NOT NULL,
  file_sha256  TEXT    NOT NULL,
  lines_read   INTEGER NOT NULL,
  applied      INTEGER NOT NULL,
  repeated     INTEGER NOT NULL,
  rejected     INTEGER NOT NULL
);
-- Recording the same file for the same night again is a no-op; the same bytes on another night
-- are another night's outcomes (an unanswered call can give identical files two nights running).
CREATE UNIQUE INDEX record_log_identity ON record_log(as_of, file_sha256);

-- Phones that must not be contacted on a channel (call, sms, or all for invalid numbers).
CREATE TABLE suppression (
  phone   TEXT NOT NULL,
  channel TEXT NOT NULL,                          -- call | sms | all
  since   TEXT NOT NULL,
  reason  TEXT NOT NULL,                          -- do_not_call | opt_out | invalid_number
  task_id TEXT,
  PRIMARY KEY (phone, channel)
) WITHOUT ROWID;

-- One line per evaluated date; the summary is kept so a re-run rewrites identical files.
CREATE TABLE evaluation (
  as_of        TEXT PRIMARY KEY,
  rules_digest TEXT NOT NULL,
  summary      TEXT NOT NULL
) WITHOUT ROWID;

-- Every row of every file an evaluation wrote, in file order, as its cells joined by U+001F.
CREATE TABLE emitted_row (
  as_of    TEXT    NOT NULL,
  file     TEXT    NOT NULL,                      -- sms | calls | handoff | delist
  position INTEGER NOT NULL,
  task_id  TEXT,
  cells    TEXT    NOT NULL,
  PRIMARY KEY (as_of, file, position)
) WITHOUT ROWID;

-- Views for operations staff working in the database directly (sqlite3, DB Browser).
CREATE VIEW fleet_overview AS
  SELECT v.vehicle_id, v.plate, v.owner_name, v.owner_phone, v.phone_kind, v.city, v.status,
         v.episode_started_on AS status_started_on, v.last_login, v.reject_rate, v.lost_income,
         v.mark, v.mark_on, v.delisted_on, v.delist_reason, v.gone_on, v.first_seen
    FROM fleet_vehicle v;

CREATE VIEW task_log AS
  SELECT t.task_id, t.subject_kind, t.subject_id, t.rule, t.step, t.channel, t.due_on,
         t.sent_on, t.state, t.state_on, t.reason, t.phone, t.attempt, t.window,
         t.last_result, t.last_disposition
    FROM task t;
