-- Sequences (serial and identity ones included: their owner column is "ownedBy"), without
-- their current value, which is data.
-- Aliases are the fields of revisor::Sequence.
SELECT n.nspname AS "schema",
       c.relname AS "name",
       format_type(s.seqtypid, NULL) AS "type",
       s.seqstart::text AS "start",
       s.seqincrement::text AS "increment",
       s.seqmin::text AS "minValue",
       s.seqmax::text AS "maxValue",
       s.seqcache::text AS "cache",
       s.seqcycle AS "cycle",
       (SELECT quote_ident(tn.nspname) || '.' || quote_ident(tc.relname) || '.' || quote_ident(a.attname)
          FROM pg_depend dep
          JOIN pg_class tc ON tc.oid = dep.refobjid
          JOIN pg_namespace tn ON tn.oid = tc.relnamespace
          JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
         WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
           AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
         LIMIT 1) AS "ownedBy",
       pg_get_userbyid(c.relowner) AS "owner",
       c.relacl::text AS "acl",
       d.description AS "comment"
FROM pg_sequence s
JOIN pg_class c ON c.oid = s.seqrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY n.nspname, c.relname
