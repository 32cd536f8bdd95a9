-- migrate:up
ALTER TABLE items ADD CONSTRAINT items_price_positive CHECK (price > 0);

-- migrate:down
ALTER TABLE items DROP CONSTRAINT items_price_positive;
