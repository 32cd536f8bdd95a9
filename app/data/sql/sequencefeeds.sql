-- Every sequence of a user schema with the integer column it feeds: owned by it (serial,
-- identity, OWNED BY: pg_depend 'a' or 'i') or named in its default (nextval('s'): the
-- default depends on the sequence, 'n'). Columns of other types are left out: "the value it
-- would hand out already exists" only means something when values compare as numbers.
WITH feeds AS (
    SELECT d.objid AS seqoid, d.refobjid AS reloid, d.refobjsubid AS attnum
    FROM pg_depend d
    WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
      AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
    UNION
    SELECT d.refobjid, ad.adrelid, ad.adnum
    FROM pg_attrdef ad
    JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass AND d.objid = ad.oid
                    AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'n'
)
SELECT sn.nspname AS sequence_schema, s.relname AS sequence_name,
       tn.nspname AS table_schema, t.relname AS table_name, a.attname AS column_name,
       ps.seqincrement::text AS increment
FROM feeds f
JOIN pg_class s ON s.oid = f.seqoid AND s.relkind = 'S'
JOIN pg_namespace sn ON sn.oid = s.relnamespace
JOIN pg_sequence ps ON ps.seqrelid = s.oid
JOIN pg_class t ON t.oid = f.reloid AND t.relkind IN ('r', 'p')
JOIN pg_namespace tn ON tn.oid = t.relnamespace
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = f.attnum AND NOT a.attisdropped
WHERE a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'numeric'::regtype)
  AND tn.nspname NOT LIKE 'pg\_%' AND tn.nspname <> 'information_schema'
ORDER BY 1, 2, 3, 4, 5
