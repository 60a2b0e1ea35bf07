-- A lease on a feed, so that several bot processes can share the polling: a feed is taken by
-- one owner until lease_until (unix seconds), then anyone may take it over.
-- double precision, not PostgreSQL's 4-byte real, which would round unix times to minutes.

ALTER TABLE feeds ADD COLUMN lease_owner text, ADD COLUMN lease_until double precision;
