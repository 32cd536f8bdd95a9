-- User mappings, named by user and server. Their options hold credentials: an option whose
-- name speaks of a password, secret, key, token or credential is captured by name only, never
-- its value (a snapshot lands in files and reports). pg_user_mappings shows the options only
-- to who may see them; otherwise they are NULL and left out.
-- Aliases are the fields of revisor::CatalogObject; "attributes" is a JSON object of the
-- attributes compared by the diff (null values are left out).
SELECT 'user mapping' AS "kind",
       'FOR ' || quote_ident(um.usename) || ' SERVER ' || quote_ident(um.srvname) AS "name",
       jsonb_strip_nulls(jsonb_build_object(
           'options', (SELECT string_agg(CASE WHEN split_part(o, '=', 1) ~* '(pass|secret|key|token|cred)'
                                              THEN split_part(o, '=', 1) || '=(secret, not captured)'
                                              ELSE o END, ', ' ORDER BY o)
                         FROM unnest(um.umoptions) AS o))) AS "attributes"
FROM pg_user_mappings um
