-- Deploy shop:price_of to pg
-- requires: discounts

BEGIN;

CREATE OR REPLACE FUNCTION shop.price_of(product integer) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$
        SELECT p.price * (100 - coalesce(d.percent, 0)) / 100
        FROM shop.products p LEFT JOIN shop.discounts d ON d.product = p.id
        WHERE p.id = product
    $$;

COMMIT;
