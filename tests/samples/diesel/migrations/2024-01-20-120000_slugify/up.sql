CREATE FUNCTION slugify(title text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT lower(title) $$;
