-- User-defined casts: those created after initdb (OIDs from 16384, FirstNormalObjectId), not
-- by an extension. Named by their source and target types.
-- Aliases are the fields of revisor::CatalogObject; "attributes" is a JSON object of the
-- attributes compared by the diff (null values are left out).
SELECT 'cast' AS "kind",
       format_type(c.castsource, NULL) || ' AS ' || format_type(c.casttarget, NULL) AS "name",
       jsonb_strip_nulls(jsonb_build_object(
           'function', CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END,
           'context', CASE c.castcontext WHEN 'e' THEN 'explicit' WHEN 'a' THEN 'assignment' WHEN 'i' THEN 'implicit' END,
           'method', CASE c.castmethod WHEN 'f' THEN 'function' WHEN 'i' THEN 'inout' WHEN 'b' THEN 'binary' END,
           'comment', d.description)) AS "attributes"
FROM pg_cast c
LEFT JOIN pg_description d
       ON d.objoid = c.oid AND d.classoid = 'pg_cast'::regclass AND d.objsubid = 0
WHERE c.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_cast'::regclass AND e.objid = c.oid AND e.deptype = 'e')
