-- Meant to restore the body of 2024-01-20; restores a version that never existed.
CREATE OR REPLACE FUNCTION slugify(title text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT replace(lower(title), ' ', '_') $$;
