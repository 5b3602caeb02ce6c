-- ownercare schema, version 14: the report's hand-off check through an index of hand-offs.
--
-- For every fleet episode of its 8-week trend the report asks whether a hand-off task of the
-- vehicle was sent during the episode (store/fleet_report_queries.cpp). Through
-- task_by_subject_sent that meant following every task the vehicle was sent since the episode
-- began into the wide task row, to read its channel: a random page of a table that grows by a
-- year's tasks. Hand-offs are few (4% of the tasks of a year of nights at 100,000 vehicles,
-- where this index is 3.4 MB), so only their rows are read now. The report of that year's
-- last night took 0.69 s of wall time with it and 1.02 s without (medians of 5, same output).
CREATE INDEX task_handoff_by_subject ON task(subject_kind, subject_id, sent_on)
  WHERE channel = 'handoff';
