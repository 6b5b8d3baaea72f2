-- Trellis course file, schema version 7: job-aid marks.
-- The author's choice for each block in the course's job aid: 1 in it,
-- 0 kept out, NULL when not said (the default: procedure steps and
-- summaries are in). A lesson's mark lives in its settings JSON
-- (`job_aid`), and the phone page's address in the course info JSON
-- (`job_aid_url`), which this version adds.
ALTER TABLE blocks ADD COLUMN job_aid INTEGER;
