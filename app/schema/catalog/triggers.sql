-- Unordered: the reader orders each table's children by name.
-- User triggers (internal ones implement foreign keys). Aliases are the fields of
-- revisor::Trigger, plus "relid" (the table's OID).
SELECT tg.tgrelid AS "relid",
       tg.tgname AS "name",
       pg_get_triggerdef(tg.oid) AS "definition",
       CASE tg.tgenabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'
                         WHEN 'A' THEN 'always' END AS "enabled",
       d.description AS "comment"
FROM pg_trigger tg
JOIN pg_class c ON c.oid = tg.tgrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d
       ON d.objoid = tg.oid AND d.classoid = 'pg_trigger'::regclass AND d.objsubid = 0
WHERE NOT tg.tgisinternal
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
