-- Event triggers (database-wide), not those an extension installed.
-- Aliases are the fields of revisor::CatalogObject; "attributes" is a JSON object of the
-- attributes compared by the diff (null values are left out).
SELECT 'event trigger' AS "kind",
       quote_ident(e.evtname) AS "name",
       jsonb_strip_nulls(jsonb_build_object(
           'event', e.evtevent,
           'tags', array_to_string(e.evttags, ', '),
           'function', e.evtfoid::regprocedure::text,
           'enabled', CASE e.evtenabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'
                                        WHEN 'A' THEN 'always' END,
           'owner', pg_get_userbyid(e.evtowner),
           'comment', d.description)) AS "attributes"
FROM pg_event_trigger e
LEFT JOIN pg_description d
       ON d.objoid = e.oid AND d.classoid = 'pg_event_trigger'::regclass AND d.objsubid = 0
WHERE NOT EXISTS (SELECT 1 FROM pg_depend x
                  WHERE x.classid = 'pg_event_trigger'::regclass AND x.objid = e.oid AND x.deptype = 'e')
