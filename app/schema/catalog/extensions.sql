-- Installed extensions with their versions. Aliases are the fields of revisor::Extension.
SELECT e.extname AS "name",
       e.extversion AS "version",
       n.nspname AS "schema"
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
ORDER BY e.extname
