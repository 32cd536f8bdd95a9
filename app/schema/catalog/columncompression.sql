-- Columns with a compression method of their own (ALTER TABLE ... SET COMPRESSION, PostgreSQL
-- 14 and later): the reader merges them into the columns of columns.sql by table OID and name.
-- Aliases are fields of revisor::Column, plus "relid" (the table's OID).
SELECT a.attrelid AS "relid",
       a.attname AS "name",
       CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' ELSE a.attcompression::text END AS "compression"
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped AND a.attcompression <> ''
  AND c.relkind IN ('r', 'p', 'm', 'f')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
