-- A lease on a feed, so that several bot processes can share the polling: a feed is taken by
-- one owner until lease_until (unix seconds), then anyone may take it over.

ALTER TABLE feeds ADD COLUMN lease_owner TEXT;
ALTER TABLE feeds ADD COLUMN lease_until REAL;
