-- Verify shop:price_of on pg

BEGIN;

SELECT shop.price_of(0);

ROLLBACK;
