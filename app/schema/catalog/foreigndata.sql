-- Foreign-data wrappers and foreign servers, not extension members (postgres_fdw's wrapper
-- belongs to the extension, which extensions.sql has).
-- Aliases are the fields of revisor::CatalogObject; "attributes" is a JSON object of the
-- attributes compared by the diff (null values are left out).
SELECT 'foreign data wrapper' AS "kind",
       quote_ident(w.fdwname) AS "name",
       jsonb_strip_nulls(jsonb_build_object(
           'handler', nullif(w.fdwhandler, 0)::regproc::text,
           'validator', nullif(w.fdwvalidator, 0)::regproc::text,
           'options', array_to_string(w.fdwoptions, ', '),
           'owner', pg_get_userbyid(w.fdwowner),
           'acl', w.fdwacl::text,
           'comment', d.description)) AS "attributes"
FROM pg_foreign_data_wrapper w
LEFT JOIN pg_description d
       ON d.objoid = w.oid AND d.classoid = 'pg_foreign_data_wrapper'::regclass AND d.objsubid = 0
WHERE NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_foreign_data_wrapper'::regclass AND e.objid = w.oid AND e.deptype = 'e')
UNION ALL
SELECT 'server',
       quote_ident(s.srvname),
       jsonb_strip_nulls(jsonb_build_object(
           'wrapper', quote_ident(w.fdwname),
           'type', s.srvtype,
           'version', s.srvversion,
           'options', array_to_string(s.srvoptions, ', '),
           'owner', pg_get_userbyid(s.srvowner),
           'acl', s.srvacl::text,
           'comment', d.description))
FROM pg_foreign_server s
JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
LEFT JOIN pg_description d
       ON d.objoid = s.oid AND d.classoid = 'pg_foreign_server'::regclass AND d.objsubid = 0
WHERE NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_foreign_server'::regclass AND e.objid = s.oid AND e.deptype = 'e')
