-- Trellis course file, schema version 9: the source hash of every text a
-- translation covers, kept as the course is written, so that a
-- translation's status (translated, missing, out of date) is read from
-- this table and `translations` without loading the course.
--   unit: the unit's id, `<entity id>.<field path>`, as trellis-translate
--     names it; hash: the first 16 hex digits of its text's SHA-256.
--   part: the row the unit's text is stored in: the course's id for the
--     course's title, description and objectives, or a module's, lesson's
--     or block's id. Writing a part replaces its units.
-- `source_units_walk` holds the version of the walk that made the rows
-- (trellis-translate's WALK_VERSION). The rows are used only when it is
-- the current version; otherwise the next write of the course rebuilds
-- them all. A file upgraded to version 9 has no row until its first write.
CREATE TABLE source_units (
    unit TEXT PRIMARY KEY,
    part TEXT NOT NULL,
    hash TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX source_units_by_part ON source_units (part);
CREATE TABLE source_units_walk (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    version   INTEGER NOT NULL
);
