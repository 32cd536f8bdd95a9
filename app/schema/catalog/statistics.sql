-- Extended statistics (CREATE STATISTICS) of user schemas, with the table they are on.
-- Aliases are the fields of revisor::CatalogObject; "attributes" is a JSON object of the
-- attributes compared by the diff (null values are left out).
SELECT 'statistics' AS "kind",
       quote_ident(n.nspname) || '.' || quote_ident(s.stxname) AS "name",
       tn.nspname AS "tableSchema",
       t.relname AS "tableName",
       jsonb_strip_nulls(jsonb_build_object(
           'definition', pg_get_statisticsobjdef(s.oid),
           'statistics target', nullif(coalesce(to_jsonb(s) ->> 'stxstattarget', '-1'), '-1'),
           'owner', pg_get_userbyid(s.stxowner),
           'comment', d.description)) AS "attributes"
FROM pg_statistic_ext s
JOIN pg_namespace n ON n.oid = s.stxnamespace
JOIN pg_class t ON t.oid = s.stxrelid
JOIN pg_namespace tn ON tn.oid = t.relnamespace
LEFT JOIN pg_description d
       ON d.objoid = s.oid AND d.classoid = 'pg_statistic_ext'::regclass AND d.objsubid = 0
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_statistic_ext'::regclass AND e.objid = s.oid AND e.deptype = 'e')
