-- Trellis course file, schema version 4: translations.
-- The course's target languages (the source language is the course's own,
-- in `course.info`) and the translated text of each unit: one translatable
-- field, named by entity id and field path. `source_hash` is the hash of the
-- source text the translation was made from, so a changed source shows as
-- stale. Like comments, translations sit beside the course: no edit writes
-- them and the undo log never holds them.
CREATE TABLE translation_languages (
    language TEXT PRIMARY KEY NOT NULL
) STRICT;

CREATE TABLE translations (
    language    TEXT NOT NULL REFERENCES translation_languages (language),
    unit        TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    target      TEXT NOT NULL,
    PRIMARY KEY (language, unit)
) STRICT, WITHOUT ROWID;
