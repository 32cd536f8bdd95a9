CREATE OR REPLACE FUNCTION slugify(title text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT replace(lower(title), ' ', '-') $$;
