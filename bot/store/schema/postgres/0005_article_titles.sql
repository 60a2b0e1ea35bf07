-- SQLite's 0005 gives article autocomplete a title-only full-text index. PostgreSQL has had
-- one from the start (the GIN index on articles.title_tsv), so there is nothing to do here;
-- the migration exists so that both schemas keep the same numbers.

SELECT 1;
