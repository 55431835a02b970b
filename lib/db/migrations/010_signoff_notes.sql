-- A sign-off may carry a note and a link (issue #12): what was checked and where the proof is. Both are
-- optional; the API caps them (note 1000 chars, link 2000 chars, http/https only) and the table repeats
-- the caps so no other writer can store more.
ALTER TABLE signoffs
  ADD COLUMN note text NULL CHECK (char_length(note) <= 1000),
  ADD COLUMN link text NULL CHECK (char_length(link) <= 2000);
