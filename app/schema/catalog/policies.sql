-- Unordered: the reader orders each table's children by name.
-- Row-level security policies. Aliases are the fields of revisor::Policy, plus "relid" (the
-- table's OID); "roles" is a JSON array of role names (sorted).
SELECT p.polrelid AS "relid",
       p.polname AS "name",
       CASE p.polcmd WHEN '*' THEN 'all' WHEN 'r' THEN 'select' WHEN 'a' THEN 'insert'
                     WHEN 'w' THEN 'update' WHEN 'd' THEN 'delete' END AS "command",
       p.polpermissive AS "permissive",
       (SELECT json_agg(r.name ORDER BY r.name)
          FROM (SELECT CASE WHEN role = 0 THEN 'public' ELSE pg_get_userbyid(role)::text END AS name
                  FROM unnest(p.polroles) AS role) r) AS "roles",
       pg_get_expr(p.polqual, p.polrelid) AS "usingExpr",
       pg_get_expr(p.polwithcheck, p.polrelid) AS "checkExpr",
       d.description AS "comment"
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d
       ON d.objoid = p.oid AND d.classoid = 'pg_policy'::regclass AND d.objsubid = 0
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
