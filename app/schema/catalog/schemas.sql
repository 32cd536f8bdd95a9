-- User schemas (pg_* and information_schema are the system's), not created by an extension.
-- Column aliases are the field names of revisor::SchemaInfo.
SELECT n.nspname AS "name",
       pg_get_userbyid(n.nspowner) AS "owner",
       n.nspacl::text AS "acl",
       d.description AS "comment"
FROM pg_namespace n
LEFT JOIN pg_description d
       ON d.objoid = n.oid AND d.classoid = 'pg_namespace'::regclass AND d.objsubid = 0
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
ORDER BY n.nspname
