-- ownercare schema, version 2: the dealer network (sold vehicles, service orders) and the
-- car-wash chain (members, whose washes are service orders too).
--
-- As for the fleet, the database holds current state plus the history of changes: a sales
-- snapshot that changes nothing writes nothing. Imports write the tables below; evaluate keeps
-- vehicle_due (dates that depend on the rule files' tables) and reads everything else.

-- The sold vehicles as of the newest sales snapshot, with their current owner.
CREATE TABLE dealer_vehicle (
  vin               TEXT    PRIMARY KEY,          -- 17 characters, check digit verified
  row_hash          INTEGER NOT NULL,             -- digest of the snapshot's facts, finds changes
  gone_on           TEXT,                         -- first sales snapshot it was missing from
  plate             TEXT    NOT NULL DEFAULT '',
  brand             TEXT    NOT NULL DEFAULT '',
  model             TEXT    NOT NULL DEFAULT '',
  category          TEXT    NOT NULL DEFAULT '',  -- passenger | commercial | truck | ...
  dealer_code       TEXT    NOT NULL,
  customer_name     TEXT    NOT NULL DEFAULT '',
  -- Phones, normalised (as written when invalid), each with its kind:
  -- mobile | landline | invalid | empty.
  mobile            TEXT    NOT NULL DEFAULT '',
  mobile_kind       TEXT    NOT NULL DEFAULT 'empty',
  home_phone        TEXT    NOT NULL DEFAULT '',
  home_kind         TEXT    NOT NULL DEFAULT 'empty',
  office_phone      TEXT    NOT NULL DEFAULT '',
  office_kind       TEXT    NOT NULL DEFAULT 'empty',
  -- A mobile corrected by a call (wrong_info with new_phone) replaces the snapshot's: while
  -- later snapshots still show the old number (written here), the correction stands.
  mobile_corrected_from TEXT,
  birthday          TEXT,
  sale_date         TEXT    NOT NULL,
  registration_date TEXT,
  warranty_start    TEXT,                         -- as given; sale_date when absent
  warranty_end      TEXT,                         -- as given; else from rules/warranty.toml
  warranty_km       INTEGER,                      -- as given; else from rules/warranty.toml
  odometer_km       INTEGER,                      -- newest reading, from a snapshot or an order
  odometer_date     TEXT,
  last_visit_on     TEXT    NOT NULL,             -- newest of sale_date and its orders' closed
  owner_since       TEXT    NOT NULL,             -- sale_date, or the snapshot showing a new owner
  first_seen        TEXT    NOT NULL,
  changed_on        TEXT    NOT NULL,             -- newest import that changed it or its orders
  sold_on           TEXT,                         -- the owner said they sold it: care stops
  sold_task         TEXT                          --   until a snapshot shows another owner
) WITHOUT ROWID;
CREATE INDEX dealer_vehicle_sale ON dealer_vehicle(sale_date);
CREATE INDEX dealer_vehicle_last_visit ON dealer_vehicle(last_visit_on);
CREATE INDEX dealer_vehicle_changed ON dealer_vehicle(changed_on);

-- Odometer readings, one per vehicle, date and source; the projection of today's mileage
-- reads them. A snapshot repeating the stored reading adds nothing.
CREATE TABLE odometer_reading (
  vin     TEXT    NOT NULL,
  read_on TEXT    NOT NULL,
  km      INTEGER NOT NULL,
  source  TEXT    NOT NULL,                       -- sales | the order id
  PRIMARY KEY (vin, read_on, source)
) WITHOUT ROWID;

-- What changed about a vehicle or member, beyond its odometer: a new owner, a new phone, a
-- new dealer. Written by imports and by outcomes (a phone corrected on a call).
CREATE TABLE subject_change (
  subject_kind TEXT NOT NULL,                     -- vehicle | member
  subject_id   TEXT NOT NULL,
  changed_on   TEXT NOT NULL,
  what         TEXT NOT NULL,                     -- owner | mobile | home_phone | office_phone
                                                  -- | dealer_code | plate | region | franchise
                                                  -- | expires | card_type
  old_value    TEXT,
  new_value    TEXT,
  source       TEXT NOT NULL                      -- import:<import_id> | task:<task_id>
);
CREATE INDEX subject_change_by_subject ON subject_change(subject_kind, subject_id, changed_on);

-- Service orders (repairs, maintenance, washes). The service file brings new and changed
-- orders; an order missing from a later file is kept, not gone.
CREATE TABLE service_order (
  order_id    TEXT    PRIMARY KEY,
  row_hash    INTEGER NOT NULL,
  vin         TEXT,                               -- a dealer order's vehicle
  member_id   TEXT,                               -- a car-wash order's member
  dealer_code TEXT    NOT NULL DEFAULT '',        -- or the wash franchise that served it
  type        TEXT    NOT NULL,                   -- repair | maintenance | first_maintenance |
                                                  -- warranty | wash | other
  opened      TEXT,
  closed      TEXT    NOT NULL,                   -- the day the vehicle left
  mileage_km  INTEGER,
  advisor     TEXT    NOT NULL DEFAULT '',
  suggestion  TEXT    NOT NULL DEFAULT '',        -- open repair suggestion
  complaint   TEXT    NOT NULL DEFAULT '',
  amount      REAL,
  first_seen  TEXT    NOT NULL,
  changed_on  TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX service_order_closed ON service_order(closed);
CREATE INDEX service_order_by_vin ON service_order(vin, closed) WHERE vin IS NOT NULL;
CREATE INDEX service_order_by_member ON service_order(member_id, closed)
  WHERE member_id IS NOT NULL;

-- Car-wash members as of the newest members snapshot.
CREATE TABLE member (
  member_id          TEXT    PRIMARY KEY,
  row_hash           INTEGER NOT NULL,
  gone_on            TEXT,
  name               TEXT    NOT NULL DEFAULT '',
  mobile             TEXT    NOT NULL DEFAULT '',
  mobile_kind        TEXT    NOT NULL DEFAULT 'empty',
  mobile_corrected_from TEXT,
  region             TEXT    NOT NULL DEFAULT '',
  franchise          TEXT    NOT NULL DEFAULT '',
  card_type          TEXT    NOT NULL DEFAULT '',
  balance            REAL,                        -- yuan
  balance_before     REAL,                        -- the balance before it last changed
  balance_changed_on TEXT,                        -- the snapshot that showed the change
  expires            TEXT,
  joined             TEXT,
  first_seen         TEXT    NOT NULL,
  changed_on         TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX member_expires ON member(expires) WHERE expires IS NOT NULL;
CREATE INDEX member_balance_changed ON member(balance_changed_on)
  WHERE balance_changed_on IS NOT NULL;
CREATE INDEX member_joined ON member(joined) WHERE joined IS NOT NULL;

-- Dates of a vehicle that depend on the rule files' tables (warranty terms, maintenance
-- intervals, the inspection schedule), computed by evaluate for vehicles that changed since,
-- for all when those tables change, and again once a recurring date has passed.
CREATE TABLE vehicle_due (
  vin              TEXT PRIMARY KEY,
  warranty_end_on  TEXT,                          -- the earlier of the time and the km limit
  first_service_on TEXT,                          -- first maintenance due, until it is done
  next_service_on  TEXT,                          -- periodic maintenance due
  inspection_on    TEXT,                          -- next annual inspection
  birthday_on      TEXT,                          -- next birthday (28 Feb for 29 Feb in
                                                  -- common years)
  computed_on      TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX vehicle_due_warranty ON vehicle_due(warranty_end_on) WHERE warranty_end_on IS NOT NULL;
CREATE INDEX vehicle_due_first_service ON vehicle_due(first_service_on)
  WHERE first_service_on IS NOT NULL;
CREATE INDEX vehicle_due_next_service ON vehicle_due(next_service_on)
  WHERE next_service_on IS NOT NULL;
CREATE INDEX vehicle_due_inspection ON vehicle_due(inspection_on) WHERE inspection_on IS NOT NULL;
CREATE INDEX vehicle_due_birthday ON vehicle_due(birthday_on) WHERE birthday_on IS NOT NULL;

-- Which version of the rule files' tables vehicle_due was computed with, and up to which
-- evaluation and import: a change of the tables recomputes every vehicle, a new import the
-- vehicles it changed.
CREATE TABLE vehicle_due_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  digest      TEXT    NOT NULL,
  computed_on TEXT    NOT NULL,
  import_id   INTEGER NOT NULL  -- the newest sales or service import it has seen
);

CREATE VIEW dealer_overview AS
  SELECT v.vin, v.plate, v.brand, v.model, v.category, v.dealer_code, v.customer_name,
         v.mobile, v.home_phone, v.office_phone, v.sale_date, v.odometer_km, v.odometer_date,
         v.last_visit_on, d.warranty_end_on, d.first_service_on, d.next_service_on,
         d.inspection_on, v.sold_on, v.gone_on
    FROM dealer_vehicle v LEFT JOIN vehicle_due d ON d.vin = v.vin;

-- Calls that ended without reaching anyone, for the steps sent after them (an SMS callback when
-- the customer could not be reached or refuses calls).
CREATE INDEX task_calls_unreached ON task(rule, state_on)
  WHERE channel = 'call' AND state IN ('unreached', 'expired', 'suppressed');

-- Outcomes by the day they were recorded, for the reports' periods (the weekly meeting list,
-- appointments per reminder).
CREATE INDEX outcome_by_recorded ON outcome(recorded_on);

-- The few outcomes that are complaints or unsatisfied answers: the call context shows them.
CREATE INDEX outcome_complaints ON outcome(task_id)
  WHERE disposition IN ('complaint', 'unsatisfied');
