-- Columns whose storage, statistics target or foreign-data options were set (ALTER TABLE ...
-- ALTER COLUMN ... SET STORAGE / SET STATISTICS / OPTIONS): only those, the reader merges them
-- into the columns of columns.sql by table OID and name. Storage counts as set where it differs
-- from the type's own; a statistics target of -1 (NULL from PostgreSQL 17) is the default.
-- Aliases are fields of revisor::Column, plus "relid" (the table's OID).
SELECT a.attrelid AS "relid",
       a.attname AS "name",
       CASE WHEN a.attstorage <> t.typstorage
            THEN CASE a.attstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external' WHEN 'm' THEN 'main'
                                   WHEN 'x' THEN 'extended' END END AS "storage",
       nullif(coalesce(a.attstattarget::int, -1), -1)::text AS "statisticsTarget",
       array_to_string(a.attfdwoptions, ', ') AS "fdwOptions"
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'm', 'f')
  AND (a.attstorage <> t.typstorage OR coalesce(a.attstattarget::int, -1) <> -1 OR a.attfdwoptions IS NOT NULL)
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
