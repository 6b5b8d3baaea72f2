-- Trellis course file, schema version 5: comments that came with an edit.
-- An import into an open course adds review comments with its edit, as one
-- undo step: `comments` holds them as a JSON list (NULL for every other
-- edit). Undo takes them out of `comments` and keeps them here as they
-- stood; redo puts them back.
ALTER TABLE edit_log ADD COLUMN comments TEXT;
