-- `/quote speaker:` lists a speaker's quotations newest article first. With an index on
-- (guild, speaker) alone, every quotation of the speaker was read and sorted before the first
-- 25 came out. In this order the index hands over the first 25 and stops. It replaces the old
-- index, of which it is an extension.

CREATE INDEX quotations_guild_speaker_newest
    ON quotations (guild_id, lower(speaker), article_id DESC, start_offset, id);
DROP INDEX quotations_guild_speaker;
