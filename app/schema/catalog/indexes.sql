-- Unordered: the reader orders each table's children by name.
-- Indexes with their full definition (method, keys, opclasses, collations, INCLUDE, predicate),
-- which names the index and its table but no OID. Aliases are the fields of revisor::Index,
-- plus "relid" (the table's OID).
--
-- pg_get_indexdef() opens every table (to name its columns) and is the largest cost of a
-- snapshot of a big schema. Indexes on plain columns, by far the most common, have their
-- definition spelled here, set-based, exactly as pg_get_indexdef() writes it; the others
-- (expressions, predicates, storage or opclass options, unique non-primary indexes, which may
-- be NULLS NOT DISTINCT, indexes of partitioned tables) take pg_get_indexdef() itself.
-- tst_snapshot checks that the two agree.
WITH idx AS (
    SELECT i.indexrelid, i.indrelid, i.indkey, i.indclass, i.indcollation, i.indoption, i.indnkeyatts,
           i.indisunique, i.indisprimary, i.indisvalid, n.nspname, t.relname AS tablename,
           ic.relname AS indexname, am.oid AS amoid, am.amname,
           i.indexprs IS NULL AND i.indpred IS NULL AND ic.reloptions IS NULL AND ic.relkind = 'i'
               AND (NOT i.indisunique OR i.indisprimary) AS plain
    FROM pg_index i
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
    JOIN pg_class t ON t.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
),
cols AS (
    SELECT p.indexrelid, k.pos, k.pos <= p.indnkeyatts AS iskey,
           quote_ident(a.attname)
           || CASE WHEN k.pos > p.indnkeyatts THEN ''
                   ELSE CASE WHEN p.indcollation[k.pos - 1] <> 0 AND p.indcollation[k.pos - 1] <> a.attcollation
                             THEN ' COLLATE ' || CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                                                      ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
                             ELSE '' END
                        || CASE WHEN oc.opcdefault THEN ''
                                WHEN ocn.nspname = 'pg_catalog' THEN ' ' || quote_ident(oc.opcname)
                                ELSE ' ' || quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END
                        || CASE WHEN NOT pg_indexam_has_property(p.amoid, 'can_order') THEN ''
                                WHEN p.indoption[k.pos - 1] & 1 = 1
                                THEN ' DESC' || CASE WHEN p.indoption[k.pos - 1] & 2 = 2 THEN '' ELSE ' NULLS LAST' END
                                WHEN p.indoption[k.pos - 1] & 2 = 2 THEN ' NULLS FIRST'
                                ELSE '' END END
           -- opclass options: NULL voids the spelled text, so pg_get_indexdef() is used
           || CASE WHEN ia.attoptions IS NULL THEN '' END AS text
    FROM idx p
    CROSS JOIN LATERAL unnest(p.indkey::int2[]) WITH ORDINALITY AS k(attnum, pos)
    -- Two index lookups per key column (OFFSET 0 keeps them lookups): hash joins here read
    -- all of pg_attribute twice, which cost more than the rest of the query.
    LEFT JOIN LATERAL (SELECT a.attname, a.attcollation FROM pg_attribute a
                        WHERE a.attrelid = p.indrelid AND a.attnum = k.attnum OFFSET 0) a ON true
    LEFT JOIN LATERAL (SELECT ia.attoptions FROM pg_attribute ia
                        WHERE ia.attrelid = p.indexrelid AND ia.attnum = k.pos OFFSET 0) ia ON true
    LEFT JOIN pg_opclass oc ON oc.oid = p.indclass[k.pos - 1] AND k.pos <= p.indnkeyatts
    LEFT JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace
    LEFT JOIN pg_collation co ON co.oid = p.indcollation[k.pos - 1] AND k.pos <= p.indnkeyatts
    LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
    WHERE p.plain
),
spelled AS (
    SELECT c.indexrelid,
           ' (' || string_agg(c.text, ', ' ORDER BY c.pos) FILTER (WHERE c.iskey) || ')'
           || coalesce(' INCLUDE (' || string_agg(c.text, ', ' ORDER BY c.pos) FILTER (WHERE NOT c.iskey) || ')', '')
           -- string_agg skips NULLs: one column with opclass options voids the whole text
           || CASE WHEN bool_and(c.text IS NOT NULL) THEN '' END AS columns
    FROM cols c
    GROUP BY c.indexrelid
)
SELECT i.indrelid AS "relid",
       i.indexname AS "name",
       coalesce('CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX '
                || quote_ident(i.indexname) || ' ON ' || quote_ident(i.nspname) || '.' || quote_ident(i.tablename)
                || ' USING ' || quote_ident(i.amname) || s.columns,
                pg_get_indexdef(i.indexrelid)) AS "definition",
       i.indisunique AS "unique",
       i.indisprimary AS "primary",
       i.indisvalid AS "valid",
       d.description AS "comment"
FROM idx i
LEFT JOIN spelled s ON s.indexrelid = i.indexrelid
LEFT JOIN pg_description d
       ON d.objoid = i.indexrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0
