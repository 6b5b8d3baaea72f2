-- Trellis course file, schema version 1.
-- Parents' rows hold the order of their children (JSON lists of ids), so
-- moving an entity rewrites only the rows of the parents involved.
CREATE TABLE course (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    id           TEXT NOT NULL,
    info         TEXT NOT NULL,  -- JSON CourseInfo
    objectives   TEXT NOT NULL,  -- JSON list of Objective, in order
    module_order TEXT NOT NULL   -- JSON list of module ids, in order
) STRICT;

CREATE TABLE modules (
    id           TEXT PRIMARY KEY NOT NULL,
    title        TEXT NOT NULL,
    lesson_order TEXT NOT NULL   -- JSON list of lesson ids, in order
) STRICT;

CREATE TABLE lessons (
    id          TEXT PRIMARY KEY NOT NULL,
    module_id   TEXT NOT NULL,
    settings    TEXT NOT NULL,   -- JSON LessonSettings
    block_order TEXT NOT NULL    -- JSON list of block ids, in order
) STRICT;

CREATE TABLE blocks (
    id        TEXT PRIMARY KEY NOT NULL,
    lesson_id TEXT NOT NULL,
    slot      TEXT,
    content   TEXT NOT NULL      -- JSON BlockContent
) STRICT;

-- Content-addressed asset bytes, stored once per SHA-256.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY NOT NULL,
    bytes  BLOB NOT NULL
) STRICT;

-- Asset names and their metadata; `sha256` names a row of `blobs`.
CREATE TABLE assets (
    name   TEXT PRIMARY KEY NOT NULL,
    sha256 TEXT NOT NULL,
    info   TEXT NOT NULL         -- JSON AssetInfo
) STRICT;

-- Undo history. Entries with undone = 1 always form the tail (the redo stack).
CREATE TABLE edit_log (
    seq     INTEGER PRIMARY KEY,
    undone  INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),  -- first: cheap to read
    edit    TEXT NOT NULL,       -- JSON Edit
    inverse TEXT NOT NULL        -- JSON Edit that undoes it
) STRICT;
