-- Issue 18: unnamed sources keep a description key. A quote whose speaker is a description
-- ("officials", "a spokeswoman for the bank": speaker_label ANON) stores speaker_key
-- 'anon:<description, lower-cased>' instead of NULL, so "Officials" and "officials" count as one
-- speaker, apart from people and organisations. Older rows get it through reprocess=model.
COMMENT ON COLUMN news.quotes.speaker_key IS 'Entity key of the resolved speaker (joins news.entities); for an unnamed source (speaker_label ANON) its description key anon:<description> (lower-cased, no entity); NULL when there is no speaker.';
