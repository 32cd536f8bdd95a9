-- Revert shop:price_of from pg

BEGIN;

DROP FUNCTION shop.price_of(integer);

COMMIT;
