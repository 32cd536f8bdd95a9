-- Indexes in a tablespace other than the database's: the reader merges them into the indexes
-- of indexes.sql by table OID and name. Aliases are fields of revisor::Index, plus "relid".
SELECT i.indrelid AS "relid",
       ic.relname AS "name",
       ts.spcname AS "tablespace"
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = ic.relnamespace
JOIN pg_tablespace ts ON ts.oid = ic.reltablespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
