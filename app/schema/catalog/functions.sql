-- Functions, procedures, aggregates and window functions of user schemas, not extension
-- members nor internal to another object (a range type's constructors). pg_get_functiondef
-- refuses aggregates, so theirs is spelled from pg_aggregate.
-- Aliases are the fields of revisor::Function.
SELECT n.nspname AS "schema",
       p.proname AS "name",
       pg_get_function_identity_arguments(p.oid) AS "arguments",
       CASE p.prokind WHEN 'f' THEN 'function' WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate'
                      WHEN 'w' THEN 'window function' END AS "kind",
       pg_get_function_result(p.oid) AS "result",
       l.lanname AS "language",
       CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid)
            ELSE 'CREATE AGGREGATE ' || p.oid::regprocedure::text
                 || ' (SFUNC = ' || ag.aggtransfn::regproc::text
                 || ', STYPE = ' || format_type(ag.aggtranstype, NULL)
                 || coalesce(', FINALFUNC = ' || nullif(ag.aggfinalfn, 0)::regproc::text, '')
                 || coalesce(', COMBINEFUNC = ' || nullif(ag.aggcombinefn, 0)::regproc::text, '')
                 || coalesce(', INITCOND = ' || quote_literal(ag.agginitval), '')
                 || CASE WHEN ag.aggkind <> 'n' THEN ', KIND = ' || ag.aggkind::text ELSE '' END || ')'
       END AS "definition",
       pg_get_userbyid(p.proowner) AS "owner",
       p.proacl::text AS "acl",
       d.description AS "comment"
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid
LEFT JOIN pg_description d
       ON d.objoid = p.oid AND d.classoid = 'pg_proc'::regclass AND d.objsubid = 0
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype IN ('e', 'i'))
ORDER BY n.nspname, p.proname, 3
