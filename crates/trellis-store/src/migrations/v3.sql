-- Trellis course file, schema version 3: placeholder marks.
-- The text fields of a block that still hold a blueprint's placeholder text,
-- as a JSON list of field paths (`prompt`, `choices.a.feedback`...); NULL
-- when there are none. The course settings and objectives keep their marks
-- inside their JSON (`placeholders`, `placeholder`), which this version adds.
ALTER TABLE blocks ADD COLUMN placeholders TEXT;
