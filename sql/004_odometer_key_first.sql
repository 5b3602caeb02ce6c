-- ownercare schema, version 4: odometer_reading declares its key columns first.
--
-- Why: SQLite 3.40 (Debian 12 ships 3.40.1) reports "NULL value in odometer_reading.km" from
-- PRAGMA integrity_check and quick_check on every database holding a reading, although no km
-- is NULL. A WITHOUT ROWID table stores its PRIMARY KEY columns first, in key order, and the
-- other columns after them: version 2 declared (vin, read_on, km, source) with the key (vin,
-- read_on, source), so the record is (vin, read_on, source, km). Before checking a row,
-- integrity_check decodes the record header up to the last *declared* column (source, stored
-- third); km, stored fourth, is not decoded yet, and the NOT NULL check then sees its default,
-- NULL. Later SQLite versions decode up to the last stored column instead. Declaring the key
-- columns first, in key order, makes the declared order the stored order, which every other
-- WITHOUT ROWID table here already does (tests/unit/store_test.cpp checks that they all do).
--
-- The rebuild keeps every reading and the key; the stored records are the same bytes, only the
-- declaration changes. Every statement names its columns, none depends on their positions.
CREATE TABLE odometer_reading_key_first (
  vin     TEXT    NOT NULL,
  read_on TEXT    NOT NULL,
  source  TEXT    NOT NULL,                       -- sales | the order id
  km      INTEGER NOT NULL,
  PRIMARY KEY (vin, read_on, source)
) WITHOUT ROWID;

INSERT INTO odometer_reading_key_first (vin, read_on, source, km)
  SELECT vin, read_on, source, km FROM odometer_reading;

DROP TABLE odometer_reading;
ALTER TABLE odometer_reading_key_first RENAME TO odometer_reading;
