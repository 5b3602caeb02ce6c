-- ownercare schema, version 10: the call script is stored once, not in every emitted row.
--
-- A row of calls.csv carries the script the agent reads (its `reason` cell, a rule step's text
-- of a few hundred bytes), and emitted_row kept it in every row of every night, calls listed
-- again included: most of a calls row's bytes, repeated thousands of times. Each distinct text
-- is now kept once in script_text; a calls row keeps its reason cell empty and refers to the
-- text by script_id, and the store puts the text back when it reads the row, so a re-run
-- writes the same bytes as before. Texts are few (one per call step of the rules, and one
-- more for each edit of a step's text) and are never deleted.
CREATE TABLE script_text (
  script_id INTEGER PRIMARY KEY,
  text      TEXT    NOT NULL UNIQUE
);

ALTER TABLE emitted_row ADD COLUMN script_id INTEGER REFERENCES script_text(script_id);

-- The rows already stored: cells are joined by U+001F and the script is calls.csv's twelfth
-- cell (store/task_store.hpp kCallScriptCell). `head` is the first eleven cells with their
-- separators, `rest` the script and what follows it.
CREATE TEMP TABLE call_script_cut AS
  WITH RECURSIVE cut(as_of, file, position, head, rest, n) AS (
    SELECT as_of, file, position, '', cells, 0 FROM emitted_row WHERE file = 'calls'
    UNION ALL
    SELECT as_of, file, position, head || substr(rest, 1, instr(rest, char(31))),
           substr(rest, instr(rest, char(31)) + 1), n + 1
      FROM cut WHERE n < 11 AND instr(rest, char(31)) > 0
  )
  SELECT as_of, file, position, head,
         CASE WHEN instr(rest, char(31)) > 0 THEN substr(rest, 1, instr(rest, char(31)) - 1)
              ELSE rest END AS script,
         CASE WHEN instr(rest, char(31)) > 0 THEN substr(rest, instr(rest, char(31)))
              ELSE '' END AS tail
    FROM cut WHERE n = 11;

INSERT OR IGNORE INTO script_text (text)
  SELECT DISTINCT script FROM call_script_cut WHERE script <> '' ORDER BY script;

UPDATE emitted_row
   SET cells = c.head || c.tail,
       script_id = (SELECT script_id FROM script_text WHERE text = c.script)
  FROM call_script_cut c
 WHERE c.script <> '' AND emitted_row.as_of = c.as_of AND emitted_row.file = c.file
   AND emitted_row.position = c.position;

DROP TABLE call_script_cut;
