-- Trellis course file, schema version 2: review comments.
-- Comments sit beside the course, not in it: no edit writes them, the undo
-- log never holds them, and loading the course does not read them.
CREATE TABLE comments (
    id       TEXT PRIMARY KEY NOT NULL,
    sort_key TEXT NOT NULL,      -- the created time, padded to sort as text
    comment  TEXT NOT NULL       -- JSON Comment
) STRICT;

CREATE INDEX comments_by_time ON comments (sort_key, id);
