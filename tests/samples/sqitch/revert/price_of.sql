-- Revert shop:price_of from pg

BEGIN;

-- XXX Add DDLs here.

COMMIT;
