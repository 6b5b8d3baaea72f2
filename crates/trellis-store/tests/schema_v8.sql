-- Trellis course file, schema version 8: learner results.
-- The xAPI statements (and LMS interaction rows) read back for this course
-- from a learning record store or an export, one row per statement, keyed
-- by the statement's id so reading the same statement twice stores it once.
-- Like comments and translations, results sit beside the course: no edit
-- writes them and the undo log never holds them.
--   course_version: the statement's `context.revision` (the course's version
--     label when it was published by Trellis), '' when the statement has none.
--   verb: the verb's IRI; activity: the object's id.
--   learner: a key of the actor (mbox, mbox_sha1sum, openid or account),
--     never shown; registration: the attempt, '' when none.
--   success: 1, 0 or NULL; score: result.score.scaled; duration_ms:
--     result.duration in milliseconds; response: result.response.
--   stored: when the record store stored it ('' when unknown).
--   origin: where it came from ('lrs', 'file', 'csv').
--   statement: the statement as read, as JSON.
CREATE TABLE results (
    statement_id   TEXT NOT NULL UNIQUE,
    course_id      TEXT NOT NULL,
    course_version TEXT NOT NULL,
    verb           TEXT NOT NULL,
    activity       TEXT NOT NULL,
    learner        TEXT NOT NULL,
    registration   TEXT NOT NULL,
    success        INTEGER,
    score          REAL,
    duration_ms    INTEGER,
    response       TEXT,
    timestamp      TEXT NOT NULL,
    stored         TEXT NOT NULL,
    origin         TEXT NOT NULL,
    statement      TEXT NOT NULL
) STRICT;

CREATE INDEX results_by_activity ON results (activity);

-- One row per record store this course's results were read from: the
-- newest `stored` time met, where the next pull starts.
CREATE TABLE results_pulls (
    lrs         TEXT PRIMARY KEY NOT NULL,
    last_stored TEXT NOT NULL,
    pulled_at   TEXT NOT NULL
) STRICT;
