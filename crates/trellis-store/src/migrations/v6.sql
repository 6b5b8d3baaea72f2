-- Trellis course file, schema version 6: undo labels.
-- What the undo and redo menus call each logged change ("Delete block",
-- "Import photo.jpg"), kept with the change so the names survive closing
-- and reopening the file. NULL for changes logged before this version (the
-- menus then say just "Undo"/"Redo").
ALTER TABLE edit_log ADD COLUMN label TEXT;
