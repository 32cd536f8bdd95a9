-- Revert shop:discounts from pg

BEGIN;

DROP TABLE shop.discounts;

COMMIT;
