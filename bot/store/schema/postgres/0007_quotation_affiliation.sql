-- Whom a speaker speaks for (`Ministry of Transport`), beside the role the quotation already
-- keeps (`Infrastructure Minister`). NULL when the article names no body. Rows stored before this
-- column are re-extracted by the quotation engine's version bump (QUOTES_VERSION 3).

ALTER TABLE quotations ADD COLUMN speaker_affiliation text;
